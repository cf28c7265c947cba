/**
 * Who records a loyalty write, as the rows keep it: a POS through its API
 * token, or a staff member at the built-in till.
 */
export type LoyaltyActor = { source: 'api'; tokenId: number } | { source: 'till'; staffMemberId: number }

/** The columns (source, pos_token_id, staff_member_id) of a redemption or refund row. */
export function actorColumns(actor: LoyaltyActor): [string, number | null, number | null] {
  return actor.source === 'api' ? ['api', actor.tokenId, null] : ['till', null, actor.staffMemberId]
}
