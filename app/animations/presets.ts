import type { Preset } from '#animations/presets/preset'
import { ENROLMENT_PRESETS } from '#animations/presets/enrolment'
import { VISIT_PRESETS } from '#animations/presets/visit'
import { WAKEUP_PRESETS } from '#animations/presets/wakeup'
import { BIRTHDAY_PRESETS } from '#animations/presets/birthday'
import { BEHAVIOUR_PRESETS } from '#animations/presets/behaviour'

export type { Family, Preset, Texts } from '#animations/presets/preset'

/**
 * The presets of the one engine (DESIGN.md, "Animations"), one file per
 * family: what triggers each, its own parameters with their defaults, and
 * the texts a new animation starts from. A pass or an event handler per
 * trigger (app/animations/triggers/*) finds the customers concerned.
 */
export const PRESETS: Record<string, Preset> = { ...ENROLMENT_PRESETS, ...VISIT_PRESETS, ...WAKEUP_PRESETS, ...BIRTHDAY_PRESETS, ...BEHAVIOUR_PRESETS }

export function presetOf(kind: string): Preset {
  const preset = PRESETS[kind]
  if (!preset) throw new Error(`Unknown animation kind ${kind}`)
  return preset
}
