/*
 * The application, booted in a child process (forked by run.js, IPC) on the
 * database of its environment, through the TypeScript loader as `node ace`
 * does (no build: build/ is shared with bench/pos). It runs the engine's
 * own code on demand and times it in-process, so the figures carry no boot:
 *
 *   setup   the loyalty programme (demo rules) and every customer's account,
 *           the birthday and dormant animations from their presets (as the
 *           demo seeds them), a campaign-like animation for sending
 *           (scheduled_reminder, e-mail, no reward), sending at any hour
 *   pass    runDailyPasses(at) with only the given kinds active, marks cleared
 *   fire    fireOccurrences() of the sending animation for `count` consenting
 *           customers after `afterId`, by batches of 1000 (deliveries + jobs)
 *   campaign a real one-off campaign (saveCampaign, scheduled now) to a segment
 *           of every e-mail-consenting customer, fanned out by runCampaigns()
 *           ticks until sent (deliveries + jobs, nothing sent: the messages
 *           queue is paused by run.js); RSS sampled after each tick
 */
import { bootConsoleApp } from '../boot_app.js'

const app = await bootConsoleApp()

const { default: db } = await import('@adonisjs/lucid/services/db')
const { PRESETS } = await import('#animations/presets')
const { saveAnimation } = await import('#animations/save_animation')
const { sourceOf } = await import('#animations/active_animations')
const { fireOccurrences } = await import('#animations/fire')
const { runDailyPasses } = await import('#animations/triggers/daily_pass')
const { demoRules } = await import('#loyalty/program_rules')
const { DEFAULT_SETTINGS, saveMessagingSettings } = await import('#messaging/messaging_settings')
const { closeQueues } = await import('#shared/queue')
const { saveCampaign } = await import('#animations/campaigns/save_campaign')
const { runCampaigns } = await import('#animations/campaigns/fan_out')

const SEND_KIND = 'scheduled_reminder'

const ops = {
  async setup({ reward }) {
    const pg = db.connection().dialect.name === 'postgres'
    await db.rawQuery(
      `INSERT INTO loyalty_programs (public_id, name, store_id, enrolment, status, rules, rules_version, position, created_at, updated_at)
       VALUES ('01BENCHP000000000000000000', 'Bench', NULL, 'auto', 'active', ?, 1, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
      [JSON.stringify(demoRules())]
    )
    // Every customer is already a member (no account opened during a pass), at the entry tier.
    await db.rawQuery(`INSERT INTO loyalty_accounts (customer_id, program_id, points, stamps, cashback_cents, tier, created_at, updated_at)
      SELECT c.id, p.id, 0, 0, 0, 'bronze', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM customers c CROSS JOIN loyalty_programs p`)
    for (const { name, kind, status } of [
      { name: 'Joyeux anniversaire', kind: 'birthday', status: 'paused' },
      { name: 'Vous nous manquez', kind: 'dormant', status: 'paused' },
      { name: 'Campagne (bench)', kind: SEND_KIND, status: 'paused' },
    ]) {
      const preset = PRESETS[kind]
      const withReward = kind !== SEND_KIND && reward === 'preset'
      await saveAnimation({ name, kind, storeId: null, status, config: { channels: ['email'], reward: withReward ? preset.reward : null, holdout_percent: 0, params: { ...preset.defaults } }, texts: withReward ? preset.texts : textsWithoutVoucher(preset.texts) }, null)
    }
    // Sending measured at any hour of the run (quiet hours would hold every message at night).
    await saveMessagingSettings({ ...DEFAULT_SETTINGS, quiet_hours: null })
    if (pg) await db.rawQuery('VACUUM ANALYZE loyalty_accounts')
    return {}
  },

  async pass({ at, kinds }) {
    await db.from('animations').update({ status: 'paused' })
    await db.from('animations').whereIn('kind', kinds).update({ status: 'active' })
    // No mark: a pass does the day of `at` only (with an old mark it would catch up three days).
    await db.from('scheduler_marks').where('name', 'like', 'animation:%').delete()
    const started = performance.now()
    const reports = await runDailyPasses(new Date(at))
    const ms = performance.now() - started
    await db.from('animations').update({ status: 'paused' })
    return { ms, reports, rss: process.memoryUsage().rss }
  },

  async fire({ afterId, count, key }) {
    await db.from('animations').update({ status: 'paused' })
    await db.from('animations').where('kind', SEND_KIND).update({ status: 'active' })
    const row = await db.from('animations').where('kind', SEND_KIND).first()
    const source = sourceOf({ id: Number(row.id), publicId: row.public_id, name: row.name, kind: row.kind, storeId: row.store_id, config: row.config })
    const result = { fired: 0, deliveries: 0, alreadyFired: 0 }
    let after = afterId
    const started = performance.now()
    while (result.fired + result.alreadyFired < count) {
      const customers = await db
        .from('customers')
        .where('id', '>', after)
        .where('email_marketing', true)
        .whereNotNull('email')
        .orderBy('id')
        .limit(Math.min(1000, count - result.fired - result.alreadyFired))
        .select('id', 'store_id')
      if (customers.length === 0) break
      const dueAt = new Date()
      const fired = await fireOccurrences(source, customers.map((customer) => ({ customerId: Number(customer.id), customerStoreId: Number(customer.store_id), key, dueAt })))
      result.fired += fired.fired
      result.alreadyFired += fired.alreadyFired
      result.deliveries += fired.deliveries
      after = Number(customers[customers.length - 1].id)
    }
    return { ms: performance.now() - started, ...result, lastId: after, rss: process.memoryUsage().rss }
  },

  async campaign({ marks }) {
    await db.from('animations').update({ status: 'paused' })
    const [segmentId] = await db
      .table('segments')
      .insert({ public_id: '01BENCHSEGMENT000000000000', name: 'Bench: e-mail consent', filters: JSON.stringify({ consent: 'email' }), created_at: new Date(), updated_at: new Date() })
      .returning('id')
    void segmentId
    const preset = PRESETS[SEND_KIND]
    const campaign = await saveCampaign(
      { name: 'Bench campaign', segmentId: '01BENCHSEGMENT000000000000', scheduledAt: null, config: { channels: ['email'], reward: null, holdout_percent: 0 }, texts: textsWithoutVoucher(preset.texts) },
      null,
      undefined,
      'scheduled'
    )
    const samples = []
    const started = performance.now()
    for (;;) {
      const [report] = await runCampaigns(new Date(), { budgetMs: 5_000 })
      const fannedOut = report?.fannedOut ?? 0
      samples.push({ fannedOut, ms: performance.now() - started, rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed })
      if (!report || report.finished) break
    }
    const ms = performance.now() - started
    const at = (count) => samples.find((sample) => sample.fannedOut >= count) ?? samples[samples.length - 1]
    const last = samples[samples.length - 1]
    return { ms, campaignId: campaign.id, fannedOut: last.fannedOut, marks: [...marks.filter((count) => count < last.fannedOut).map((count) => ({ count, ...at(count) })), { count: last.fannedOut, ...last }], peakRss: Math.max(...samples.map((sample) => sample.rss)) }
  },
}

/** The preset's texts for an animation without reward: the voucher sentences out. */
function textsWithoutVoucher(texts) {
  const strip = (body) =>
    body
      .split('\n')
      .filter((line) => !/\{\{\s*voucher\./.test(line))
      .join('\n')
  const out = {}
  for (const [channel, locales] of Object.entries(texts)) {
    out[channel] = {}
    for (const [locale, text] of Object.entries(locales)) out[channel][locale] = { subject: text.subject, body: strip(text.body) }
  }
  return out
}

process.on('message', async ({ id, op, args }) => {
  if (op === 'exit') {
    await closeQueues()
    await app.terminate()
    process.exit(0)
  }
  try {
    process.send({ id, ok: true, value: await ops[op](args) })
  } catch (error) {
    process.send({ id, ok: false, error: `${error.message}\n${error.stack}${error.problems ? `\n${JSON.stringify(error.problems)}` : ''}` })
  }
})
process.send({ ready: true })
