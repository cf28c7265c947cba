import { quietHoursSuggestion, type QuietHoursSuggestion } from '#analytics/suggestions/quiet_hours'
import { aboutToGoDormantSuggestion, type AboutToGoDormantSuggestion } from '#analytics/suggestions/about_to_go_dormant'
import { unredeemedRewardsSuggestion, type UnredeemedRewardsSuggestion } from '#analytics/suggestions/unredeemed_rewards'

export type Suggestion = QuietHoursSuggestion | AboutToGoDormantSuggestion | UnredeemedRewardsSuggestion

export interface SuggestionQuestion {
  /** null: every store. */
  storeId: number | null
  /** The local day (YYYY-MM-DD) the suggestions are for. */
  today: string
  timezone: string
}

/**
 * What the data suggests doing, for the dashboard: quiet hours worth a
 * happy hour, members about to go dormant, rewards nobody redeems. Counts
 * and reward names only: nobody is named. Each suggestion reads a bounded
 * range of an index (see each module), so the page stays fast.
 */
export async function dashboardSuggestions({ storeId, today, timezone }: SuggestionQuestion): Promise<Suggestion[]> {
  const found = await Promise.all([quietHoursSuggestion(storeId, today), aboutToGoDormantSuggestion(storeId, today), unredeemedRewardsSuggestion(storeId, today, timezone)])
  return found.filter((suggestion) => suggestion !== null)
}

/** The dashboard's store (its own calendar) or every store (the business's), as of today. */
export function suggestionQuestion(asked: { period: { storeId: number | null; today: string }; store: { timezone: string } | null; timezone: string }): SuggestionQuestion {
  return { storeId: asked.period.storeId, today: asked.period.today, timezone: asked.store?.timezone ?? asked.timezone }
}
