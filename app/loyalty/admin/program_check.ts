import type { I18n } from '@adonisjs/i18n'
import { errors as vineErrors } from '@vinejs/vine'
import LoyaltyProgram from '#loyalty/models/loyalty_program'
import type { ProgramRules } from '#loyalty/program_rules'
import { saveProgram, validRules, type ProgramInput } from '#loyalty/save_program'
import Store from '#stores/models/store'
import { basketLinesOf, linesTotal } from '#loyalty/admin/basket_form'
import { FormReader, type FormProblem } from '#loyalty/admin/form_reader'
import type { ProgramForm } from '#loyalty/admin/program_form'
import { programExample, type ProgramExample } from '#loyalty/admin/program_example'
import { problemsOfRuleErrors, type RuleError } from '#loyalty/admin/rule_errors'
import { rulesOfForm } from '#loyalty/admin/rules_of_form'

export interface ProgramCheck {
  /** What stops the programme from being saved. */
  problems: FormProblem[]
  /** The sample basket's: they never stop a save, the basket is not stored. */
  exampleProblems: FormProblem[]
  input: ProgramInput | null
  example: ProgramExample | null
}

/** Everything the form says, judged: the programme's own fields, its rules (by validRules), the example. */
export async function checkProgramForm(form: ProgramForm, i18n: I18n, existing: LoyaltyProgram | null): Promise<ProgramCheck> {
  const facts = await factsOf(form, existing)
  const rules = await checkRules(form, i18n.locale)
  const example = exampleOf(form, rules.rules, i18n)
  const input = facts.input && rules.rules ? { ...facts.input, rules: rules.rules } : null
  return { problems: [...facts.problems, ...rules.problems], exampleProblems: example.problems, input, example: example.example }
}

export async function checkRules(form: ProgramForm, locale: string): Promise<{ rules: ProgramRules | null; problems: FormProblem[] }> {
  const conversion = rulesOfForm(form)
  if (conversion.problems.length > 0) return { rules: null, problems: conversion.problems }
  try {
    return { rules: await validRules(conversion.rules), problems: [] }
  } catch (error) {
    if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
    return { rules: null, problems: problemsOfRuleErrors(error.messages as RuleError[], conversion, form, locale) }
  }
}

export function exampleOf(form: ProgramForm, rules: ProgramRules | null, i18n: I18n) {
  const reader = new FormReader()
  const lines = basketLinesOf(form.example.lines, 'example.lines', reader)
  if (!rules || reader.problems.length > 0) return { example: null, problems: reader.problems }
  return { example: programExample(rules, { totalCents: linesTotal(lines), lines }, form.example.tier, i18n), problems: [] }
}

/**
 * Saves through saveProgram() (which validates again, bumps the version
 * and audits); should its validation still refuse, the errors land on the form.
 */
export async function saveCheckedProgram(input: ProgramInput, form: ProgramForm, staffMemberId: number, existing: LoyaltyProgram | null, locale: string) {
  try {
    return { program: await saveProgram(input, staffMemberId, existing ?? undefined), problems: [] }
  } catch (error) {
    if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
    return { program: null, problems: problemsOfRuleErrors(error.messages as RuleError[], rulesOfForm(form), form, locale) }
  }
}

async function factsOf(form: ProgramForm, existing: LoyaltyProgram | null) {
  const reader = new FormReader()
  const name = reader.label('name', form.name)
  if (name && name.length > 80) reader.problem('name', 'max_length', { max: 80 })
  else if (name && (await nameTaken(name, existing))) reader.problem('name', 'program_name_taken')
  const enrolment = reader.choice('enrolment', form.enrolment, ['auto', 'manual'] as const)
  const status = reader.choice('status', form.status, ['active', 'paused'] as const)
  const storeId = await storeIdOf(form.store_id, reader)
  if (reader.problems.length > 0) return { input: null, problems: reader.problems }
  return { input: { name: name!, enrolment: enrolment!, status: status!, storeId: storeId ?? null }, problems: [] }
}

/** Two programmes of one name would be told apart by nobody, at the till or on a receipt. */
async function nameTaken(name: string, existing: LoyaltyProgram | null) {
  // A business has a handful of programmes; SQLite's LOWER() would miss accented capitals.
  const others = await LoyaltyProgram.query().select('id', 'name').whereNot('id', existing?.id ?? 0)
  return others.some((other) => other.name.toLocaleLowerCase('fr') === name.toLocaleLowerCase('fr'))
}

/** Blank: every store; else a store of the business. */
async function storeIdOf(publicId: string, reader: FormReader) {
  if (publicId.trim() === '') return null
  const store = /^[0-9A-HJKMNP-TV-Z]{26}$/.test(publicId) ? await Store.findBy('publicId', publicId) : null
  return store ? store.id : reader.problem('store_id', 'store_unknown')
}
