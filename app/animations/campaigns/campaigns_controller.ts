import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import Campaign from '#animations/models/campaign'
import { AnimationInvalid, templateRows, type FieldProblem } from '#animations/save_animation'
import { saveCampaign } from '#animations/campaigns/save_campaign'
import { campaignFormOf, campaignInputOf, campaignZone, readCampaignForm, type CampaignForm } from '#animations/campaigns/campaign_form'
import { CAMPAIGN_TEXTS } from '#animations/campaigns/campaign_texts'
import { campaignResults } from '#animations/campaigns/campaign_results'
import { cancelCampaign } from '#animations/campaigns/fan_out'
import { errorsOf, mergeFieldsFor } from '#animations/admin/animation_page'
import { FormView } from '#loyalty/admin/form_view'
import { audit } from '#shared/audit'
import { dbTimestamp } from '#shared/db_time'

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/
/** A new campaign keeps 10 % of its segment out (nothing sent, no reward), so its results have a control group. */
const DEFAULT_HOLDOUT_PERCENT = 10

function campaignOf(publicId: string) {
  return ULID.test(publicId) ? Campaign.findBy('publicId', publicId) : Promise.resolve(null)
}

/**
 * One-off campaigns: the list, a new draft (ready-made texts), the edit
 * form (segment, date and time, channels, reward, texts), scheduling and
 * cancelling (audited), and the page that shows progress while sending
 * and results after (its figures also as JSON, for the live bar).
 */
export default class CampaignsController {
  async index({ view }: HttpContext) {
    const campaigns = await Campaign.query().orderBy('id', 'desc').limit(200)
    const rows = []
    for (const campaign of campaigns) rows.push({ campaign, results: await campaignResults(campaign) })
    return view.render('campaigns/index', { rows, zone: await campaignZone() })
  }

  async store({ response, auth, session, i18n }: HttpContext) {
    const campaign = await Campaign.create({
      name: i18n.t('campaigns.default_name'),
      status: 'draft',
      segmentId: null,
      config: JSON.stringify({ channels: ['email'], reward: null, holdout_percent: DEFAULT_HOLDOUT_PERCENT }),
      targeted: 0,
      fannedOut: 0,
      cursorCustomerId: 0,
      createdById: auth.use('web').user!.id,
    })
    await db.table('message_templates').multiInsert(templateRows({ type: 'campaign', id: campaign.id }, ['email'], CAMPAIGN_TEXTS, dbTimestamp(campaign.createdAt)))
    session.flash('success', i18n.t('campaigns.flash.created'))
    return response.redirect(`/admin/campaigns/${campaign.publicId}/edit`)
  }

  async edit(ctx: HttpContext) {
    const campaign = await campaignOf(ctx.params.publicId)
    if (!campaign) return ctx.response.notFound()
    if (!campaign.editable) return ctx.response.redirect(`/admin/campaigns/${campaign.publicId}`)
    return render(ctx, campaign, await campaignFormOf(campaign), [])
  }

  /** Save as a draft, or schedule (`intent=schedule`): a scheduled campaign saved again stays scheduled. */
  async update(ctx: HttpContext) {
    const campaign = await campaignOf(ctx.params.publicId)
    if (!campaign) return ctx.response.notFound()
    const form = readCampaignForm(ctx.request.body())
    const status = ctx.request.input('intent') === 'schedule' || campaign.status === 'scheduled' ? 'scheduled' : 'draft'
    try {
      await saveCampaign(await campaignInputOf(form), null, campaign, status)
    } catch (error) {
      if (!(error instanceof AnimationInvalid)) throw error
      return render(ctx, campaign, form, error.problems)
    }
    if (status === 'scheduled') await audit({ staffMemberId: ctx.auth.use('web').user!.id, action: 'campaigns.scheduled', subjectType: 'campaign', subjectId: campaign.publicId, details: { at: campaign.scheduledAt?.toISO() ?? null }, ip: ctx.request.ip() })
    ctx.session.flash('success', ctx.i18n.t(`campaigns.flash.${status}`, { name: campaign.name }))
    return ctx.response.redirect(status === 'scheduled' ? `/admin/campaigns/${campaign.publicId}` : `/admin/campaigns/${campaign.publicId}/edit`)
  }

  async cancel({ params, response, session, i18n, auth, request }: HttpContext) {
    const campaign = await campaignOf(params.publicId)
    if (!campaign) return response.notFound()
    if (campaign.status === 'sent' || campaign.status === 'cancelled') {
      session.flash('error', i18n.t('campaigns.flash.not_cancellable'))
      return response.redirect(`/admin/campaigns/${campaign.publicId}`)
    }
    await cancelCampaign(campaign)
    await audit({ staffMemberId: auth.use('web').user!.id, action: 'campaigns.cancelled', subjectType: 'campaign', subjectId: campaign.publicId, details: { fanned_out: campaign.fannedOut }, ip: request.ip() })
    session.flash('success', i18n.t('campaigns.flash.cancelled', { name: campaign.name }))
    return response.redirect(`/admin/campaigns/${campaign.publicId}`)
  }

  async show({ params, response, view, request }: HttpContext) {
    const campaign = await campaignOf(params.publicId)
    if (!campaign) return response.notFound()
    const results = await campaignResults(campaign)
    if (request.accepts(['html', 'json']) === 'json') return response.send(results)
    const segment = campaign.segmentId ? await db.from('segments').where('id', campaign.segmentId).select('name').first() : null
    return view.render('campaigns/show', { campaign, results, segmentName: segment?.name ?? null, zone: await campaignZone() })
  }
}

async function render(ctx: HttpContext, campaign: Campaign, form: CampaignForm, problems: FieldProblem[]) {
  const errors = errorsOf(ctx.i18n, problems, 'campaigns')
  if (problems.length > 0) ctx.response.status(422)
  const segments = await db.from('segments').orderBy('name').select('public_id', 'name')
  return ctx.view.render('campaigns/form', { campaign, form, f: new FormView(form, errors), segments, zone: await campaignZone(), mergeFieldsText: mergeFieldsFor({}) })
}
