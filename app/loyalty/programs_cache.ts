import { parseRules, type ProgramRules } from '#loyalty/program_rules'
import { sql, type SqlProgram } from '#shared/sql_program'

export interface ActiveProgram {
  id: number
  publicId: string
  name: string
  version: number
  rules: ProgramRules
}

/**
 * Parsed programmes by id, kept while their `rules_version` is the one the
 * database shows (every save of a programme bumps it), so the purchase path
 * parses rules once per change, in every process.
 */
const programs = new Map<number, ActiveProgram>()

export function* programRulesOf(id: number, version: number): SqlProgram<ActiveProgram> {
  const cached = programs.get(id)
  if (cached && cached.version === version) return cached
  const [row] = yield sql('SELECT id, public_id, name, rules, rules_version FROM loyalty_programs WHERE id = ?', [id])
  const program = { id, publicId: String(row.public_id), name: String(row.name), version: Number(row.rules_version), rules: parseRules(String(row.rules)) }
  programs.set(id, program)
  return program
}
