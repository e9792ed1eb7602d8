/** The roles `start` can run. */
export const ROLES = ['bot', 'worker', 'scheduler', 'web'] as const
export type Role = (typeof ROLES)[number]

export class RoleFlagError extends Error {}

/**
 * `--role bot,worker` (or `--role=bot,worker`) → the roles asked for;
 * no flag → all of them.
 * @throws RoleFlagError with one line an operator can act on
 */
export function parseRoleFlag(args: readonly string[]): { roles: ReadonlySet<Role>; subset: boolean } {
  const at = args.findIndex((a) => a === '--role' || a.startsWith('--role='))
  if (at < 0) {
    const stray = args.find((a) => a.startsWith('-'))
    if (stray) throw new RoleFlagError(`start: unknown option "${stray}" (usage: start [--role ${ROLES.join(',')}])`)
    return { roles: new Set(ROLES), subset: false }
  }
  const flag = args[at] ?? ''
  const value = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : args[at + 1]
  if (value === undefined || value.trim() === '' || value.startsWith('-')) {
    throw new RoleFlagError(`--role needs a list of roles, e.g. --role ${ROLES.join(',')}`)
  }
  const names = value.split(',').map((n) => n.trim().toLowerCase())
  for (const name of names) {
    if (!(ROLES as readonly string[]).includes(name)) {
      throw new RoleFlagError(`--role: unknown role "${name}"; choose from ${ROLES.join(', ')}`)
    }
  }
  const roles = new Set(names as Role[])
  return { roles, subset: roles.size < ROLES.length }
}
