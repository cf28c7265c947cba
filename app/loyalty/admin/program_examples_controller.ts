import type { HttpContext } from '@adonisjs/core/http'
import { checkRules, exampleOf } from '#loyalty/admin/program_check'
import { formViewOf } from '#loyalty/admin/form_view'
import { fieldErrorsOf } from '#loyalty/admin/messages'
import { readProgramForm } from '#loyalty/admin/program_form'

/**
 * `POST /admin/loyalty/programs/example`: the live example of the form
 * being typed (public/js/program_form.js), as JSON with the panel's HTML.
 * Reads the rules and the basket only; stores nothing.
 */
export default class ProgramExamplesController {
  async store({ request, response, view, i18n }: HttpContext) {
    const form = readProgramForm(request.body())
    const { rules, problems } = await checkRules(form, i18n.locale)
    const example = exampleOf(form, rules, i18n)
    const errors = fieldErrorsOf([...problems, ...example.problems], i18n)
    const html = await view.render('loyalty/programs/_example', { example: example.example, f: formViewOf(form, errors, 'program', i18n) })
    return response.status(example.example ? 200 : 422).json({ html, errors: Object.entries(errors).map(([field, messages]) => ({ field, message: messages.join(' ') })) })
  }
}
