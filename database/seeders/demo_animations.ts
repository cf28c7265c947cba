import { PRESETS } from '#animations/presets'
import { saveAnimation } from '#animations/save_animation'

/**
 * The demo's animations, active by e-mail with the presets' French (and
 * English) texts: welcome, birthday with a hot drink offered, and the
 * wake-up after 60 days away with 3 € off. Newcomers see them fire on the
 * outbox page (/admin/outbox) as the scheduler runs.
 */
export async function seedDemoAnimations() {
  const demo = [
    { name: 'Bienvenue', kind: 'welcome' },
    { name: 'Joyeux anniversaire', kind: 'birthday' },
    { name: 'Vous nous manquez', kind: 'dormant' },
  ]
  for (const { name, kind } of demo) {
    const preset = PRESETS[kind]
    await saveAnimation(
      { name, kind, storeId: null, status: 'active', config: { channels: ['email'], reward: preset.reward, holdout_percent: 0, params: { ...preset.defaults } }, texts: preset.texts },
      null
    )
  }
}
