import type { HttpContext } from '@adonisjs/core/http'
import type LoyaltyProgram from '#loyalty/models/loyalty_program'
import { checkProgramForm, checkRules, exampleOf, saveCheckedProgram } from '#loyalty/admin/program_check'
import { readProgramForm, type ProgramForm } from '#loyalty/admin/program_form'
import { notFound, programOf } from '#loyalty/admin/lookups'
import { renderProgramForm, storedForm } from '#loyalty/admin/program_page'
import { programList } from '#loyalty/admin/program_list'

/**
 * The owner's programmes. A form with errors, or sent with "Voir
 * l'exemple", comes back as typed (422 with errors) and stores nothing.
 */
export default class ProgramsController {
  async index({ view, i18n }: HttpContext) {
    return view.render('loyalty/programs/index', { programs: await programList(i18n) })
  }

  async create(ctx: HttpContext) {
    return this.showForm(ctx, null)
  }

  async edit(ctx: HttpContext) {
    const program = await programOf(ctx.params.publicId)
    if (!program) return notFound(ctx)
    return this.showForm(ctx, program)
  }

  async store(ctx: HttpContext) {
    return this.submit(ctx, readProgramForm(ctx.request.body()), null)
  }

  async update(ctx: HttpContext) {
    const program = await programOf(ctx.params.publicId)
    if (!program) return notFound(ctx)
    return this.submit(ctx, readProgramForm(ctx.request.body()), program)
  }

  protected async showForm(ctx: HttpContext, program: LoyaltyProgram | null) {
    const form = await storedForm(program, ctx.i18n.locale)
    const { rules } = await checkRules(form, ctx.i18n.locale)
    const { example, problems } = exampleOf(form, rules, ctx.i18n)
    return renderProgramForm(ctx, { form, program, problems: [], example, exampleProblems: problems })
  }

  protected async submit(ctx: HttpContext, form: ProgramForm, program: LoyaltyProgram | null) {
    const check = await checkProgramForm(form, ctx.i18n, program)
    if (ctx.request.input('intent') === 'example' || !check.input) return renderProgramForm(ctx, { form, program, ...check })
    const saved = await saveCheckedProgram(check.input, form, ctx.auth.use('web').user!.id, program, ctx.i18n.locale)
    if (!saved.program) return renderProgramForm(ctx, { form, program, ...check, problems: saved.problems })
    ctx.session.flash('success', ctx.i18n.t(program ? 'programs.flash.updated' : 'programs.flash.created', { name: saved.program.name }))
    return ctx.response.redirect('/admin/loyalty')
  }
}
