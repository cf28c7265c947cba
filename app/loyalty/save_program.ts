import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import LoyaltyProgram from '#loyalty/models/loyalty_program'
import { programRulesValidator, ruleProblems, type ProgramRules } from '#loyalty/program_rules'
import { audit } from '#shared/audit'
import { fieldError } from '#customers/validation'

export interface ProgramInput {
  name: string
  enrolment: 'auto' | 'manual'
  status: 'active' | 'paused'
  storeId: number | null
  rules: unknown
}

/** Validates rules (shape, then what vine cannot say); the first problem is a field error. */
export async function validRules(rules: unknown): Promise<ProgramRules> {
  const valid = await programRulesValidator.validate(rules)
  const [problem] = ruleProblems(valid)
  if (problem) throw fieldError(`rules.${problem.field}`, problem.message, 'rules')
  return valid
}

/**
 * Creates or changes a programme. Every save bumps `rules_version`: the
 * purchase path re-reads the rules, and entries record the version they
 * were earned under. Lots already earned keep their expiry and vouchers
 * their terms (R34): nothing here touches the ledger.
 */
export async function saveProgram(input: ProgramInput, staffMemberId: number | null, existing?: LoyaltyProgram, outer?: TransactionClientContract) {
  const rules = await validRules(input.rules)
  const run = async (trx: TransactionClientContract) => {
    const program = existing ? existing.useTransaction(trx) : new LoyaltyProgram().useTransaction(trx)
    const before = existing ? { name: existing.name, status: existing.status, enrolment: existing.enrolment, rules: JSON.parse(existing.rules) } : null
    program.merge({ name: input.name, enrolment: input.enrolment, status: input.status, storeId: input.storeId, rules: JSON.stringify(rules) })
    program.rulesVersion = existing ? existing.rulesVersion + 1 : 1
    await program.save()
    await audit(
      {
        staffMemberId,
        action: existing ? 'loyalty.program_changed' : 'loyalty.program_created',
        subjectType: 'loyalty_program',
        subjectId: program.publicId,
        details: { before, after: { name: program.name, status: program.status, enrolment: program.enrolment, rules } },
      },
      trx
    )
    return program
  }
  return outer ? run(outer) : db.transaction(run)
}
