import type { I18n } from '@adonisjs/i18n'
import LoyaltyProgram from '#loyalty/models/loyalty_program'
import Store from '#stores/models/store'
import { programSummary } from '#loyalty/admin/program_summary'

export interface ProgramListItem {
  publicId: string
  name: string
  summary: string
  /** null: every store. */
  storeName: string | null
  enrolment: 'auto' | 'manual'
  status: 'active' | 'paused'
  rulesVersion: number
}

/** The programmes of the business, each in plain words, in the order the till shows them. */
export async function programList(i18n: I18n): Promise<ProgramListItem[]> {
  const programs = await LoyaltyProgram.query().orderBy('position').orderBy('id')
  const storeIds = [...new Set(programs.map((program) => program.storeId).filter((id): id is number => id !== null))]
  const stores = new Map((storeIds.length > 0 ? await Store.query().whereIn('id', storeIds) : []).map((store) => [store.id, store.name]))
  return programs.map((program) => ({
    publicId: program.publicId,
    name: program.name,
    summary: programSummary(program.parsedRules, i18n),
    storeName: program.storeId ? (stores.get(program.storeId) ?? null) : null,
    enrolment: program.enrolment,
    status: program.status,
    rulesVersion: program.rulesVersion,
  }))
}
