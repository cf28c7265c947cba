import { isBlank, parseEuros, parseHundredths, parseWhole, parseWholePercent } from '#loyalty/admin/form_values'

/** A field the owner must fix: where it is on the form, a message code (programs.validation.*) and its figures. */
export interface FormProblem {
  field: string
  code: string
  params?: Record<string, string | number>
}

/**
 * Reads typed fields into figures, noting a problem for each field that
 * is blank when required or not of its kind. A field in error reads as
 * null: the caller looks at `problems` before using what it built.
 */
export class FormReader {
  problems: FormProblem[] = []

  problem(field: string, code: string, params?: FormProblem['params']) {
    this.problems.push({ field, code, ...(params ? { params } : {}) })
    return null
  }

  whole(field: string, text: string, required = true) {
    return this.parsed(field, parseWhole(text), 'whole', required)
  }

  euros(field: string, text: string, required = true) {
    return this.parsed(field, parseEuros(text), 'euros', required)
  }

  /** Percentages with decimals, as basis points ("2,5 %" → 250). */
  rate(field: string, text: string, required = true) {
    return this.parsed(field, parseHundredths(text), 'rate', required)
  }

  /** Multipliers as hundredths ("1,25" → 125). */
  factor(field: string, text: string, required = true) {
    return this.parsed(field, parseHundredths(text), 'factor', required)
  }

  percent(field: string, text: string, required = true) {
    return this.parsed(field, parseWholePercent(text), 'percent', required)
  }

  /** Trimmed text, required unless said otherwise; blank optional text is undefined. */
  label(field: string, text: string, required = true) {
    const value = text.trim()
    if (value !== '') return value
    return required ? this.problem(field, 'required') : undefined
  }

  choice<T extends string>(field: string, text: string, allowed: readonly T[]): T | null {
    if ((allowed as readonly string[]).includes(text)) return text as T
    return this.problem(field, isBlank(text) ? 'required' : 'choice')
  }

  protected parsed(field: string, value: number | null | undefined, kind: string, required: boolean) {
    if (value === undefined) return this.problem(field, kind)
    if (value === null && required) return this.problem(field, 'required')
    return value
  }
}
