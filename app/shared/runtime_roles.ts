export type RuntimeRole = 'web' | 'worker' | 'scheduler'

const ALL_ROLES: RuntimeRole[] = ['web', 'worker', 'scheduler']

/**
 * COMPTOIR_ROLES is a comma-separated subset of web, worker, scheduler.
 * Empty means all three (the embedded, one-process default).
 */
export function parseRoles(value: string | undefined): Set<RuntimeRole> {
  const names = (value ?? '').split(',').map((name) => name.trim()).filter(Boolean)
  if (names.length === 0) return new Set(ALL_ROLES)
  const unknown = names.filter((name) => !ALL_ROLES.includes(name as RuntimeRole))
  if (unknown.length > 0) {
    throw new Error(`COMPTOIR_ROLES: unknown role(s) ${unknown.join(', ')}; use ${ALL_ROLES.join(', ')}`)
  }
  return new Set(names as RuntimeRole[])
}
