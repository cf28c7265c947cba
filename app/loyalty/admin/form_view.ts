import type { I18n } from '@adonisjs/i18n'
import { fieldLabel, type FormKind } from '#loyalty/admin/field_labels'
import type { FieldErrors } from '#loyalty/admin/messages'

/**
 * What the views need to draw one input from a field path
 * ("tiers.levels.3.name"): its name as the body parser nests it
 * (`tiers[levels][3][name]`), an id, the value typed, its errors and the
 * aria-describedby that ties hint and error to it.
 */
export class FormView {
  constructor(
    protected values: object,
    readonly errors: FieldErrors,
    /** An error as the summary says it, naming its field. */
    protected summarize: (path: string, message: string) => string = (_path, message) => message
  ) {}

  name(path: string) {
    return path
      .split('.')
      .map((segment, index) => (index === 0 ? segment : `[${segment}]`))
      .join('')
  }

  id(path: string) {
    return `f-${path.replace(/[^a-zA-Z0-9_]+/g, '-')}`
  }

  value(path: string): string {
    const value = this.at(path)
    return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
  }

  checked(path: string) {
    const value = this.at(path)
    return value === true || value === '1' || value === 'on' || value === 'true'
  }

  messages(path: string) {
    return this.errors[path] ?? []
  }

  hasError(path: string) {
    return this.messages(path).length > 0
  }

  describedBy(path: string, hasHint = false) {
    return [hasHint ? `${this.id(path)}-hint` : null, this.hasError(path) ? `${this.id(path)}-error` : null].filter(Boolean).join(' ')
  }

  /** Every error with its field's id, for the summary at the top of a form (errors of the whole form point at its first field). */
  summary() {
    return Object.entries(this.errors).flatMap(([path, messages]) => messages.map((message) => ({ href: `#${this.id(path === '_form' ? 'name' : path)}`, message: this.summarize(path, message) })))
  }

  /** The errors of the fields under a prefix (a table's rows), each with the id its input points at. */
  errorsUnder(prefix: string) {
    return Object.keys(this.errors)
      .filter((path) => path.startsWith(`${prefix}.`))
      .map((path) => ({ id: `${this.id(path)}-error`, text: this.summarize(path, this.messages(path).join(' ')) }))
  }

  protected at(path: string): unknown {
    let value: unknown = this.values
    for (const key of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
    return value
  }
}

/** A FormView whose error summary names each field in the reader's language. */
export function formViewOf(values: object, errors: FieldErrors, kind: FormKind, i18n: I18n) {
  return new FormView(values, errors, (path, message) => {
    const label = fieldLabel(path, kind, i18n)
    return label ? i18n.t('programs.form.error_with_label', { label, message }) : message
  })
}
