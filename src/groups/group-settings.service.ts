import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { CATEGORIES } from './categories.js'
import type { GroupCommandName } from './group-command.js'
import { findGroup, updateGroupSettings, upsertGroup } from './group.repository.js'
import type { GroupRow } from './group.table.js'
import { parseScheduleInput } from './push-schedule.js'

export interface GroupDeps {
  readonly db: Kysely<Database>
  readonly operators: readonly string[]
  /** node-cron's validator, injected (services do not import schedulers). */
  readonly validateCron: (expression: string) => boolean
}

export interface GroupContext {
  readonly roomId: string
  readonly topic: string
  /** The room's owner as the chat transport reports it. */
  readonly ownerContactId: string | undefined
  readonly senderContactId: string
}

export type GroupCommandOutcome =
  | { readonly kind: 'not-allowed' }
  | { readonly kind: 'problem'; readonly problem: string }
  /** 发单类目 with no category or with names that are not categories. */
  | { readonly kind: 'unknown-categories'; readonly unknown: readonly string[] }
  | { readonly kind: 'updated' | 'settings'; readonly command: GroupCommandName; readonly group: GroupRow }

/**
 * A group setting changed by the group's owner or a configured operator;
 * anyone else gets no effect. Invalid input changes nothing.
 */
export async function runGroupCommand(deps: GroupDeps, ctx: GroupContext, command: GroupCommandName, args: string): Promise<GroupCommandOutcome> {
  const known = await findGroup(deps.db, ctx.roomId)
  const owner = ctx.ownerContactId ?? known?.owner_contact_id ?? undefined
  if (ctx.senderContactId !== owner && !deps.operators.includes(ctx.senderContactId)) return { kind: 'not-allowed' }
  const group = await upsertGroup(deps.db, { roomId: ctx.roomId, topic: ctx.topic, ownerContactId: ctx.ownerContactId ?? null })
  const update = (settings: Parameters<typeof updateGroupSettings>[2]) => updateGroupSettings(deps.db, ctx.roomId, settings)
  switch (command) {
    case 'settings':
      return { kind: 'settings', command, group }
    case 'rebate-on':
    case 'rebate-off':
      return { kind: 'updated', command, group: await update({ rebate_enabled: command === 'rebate-on', rebate_set_by_owner: true }) }
    case 'pause':
    case 'resume':
      return { kind: 'updated', command, group: await update({ push_paused: command === 'pause' }) }
    case 'schedule': {
      const parsed = parseScheduleInput(args, deps.validateCron)
      if (!parsed.ok) return { kind: 'problem', problem: parsed.problem }
      return { kind: 'updated', command, group: await update({ push_schedules: [...parsed.expressions] }) }
    }
    case 'categories': {
      const wanted = [...new Set(args.split(/[\s,，、]+/).filter((c) => c !== ''))]
      const unknown = wanted.filter((c) => !(CATEGORIES as readonly string[]).includes(c))
      if (wanted.length === 0 || unknown.length > 0) {
        return { kind: 'unknown-categories', unknown }
      }
      return { kind: 'updated', command, group: await update({ push_categories: wanted }) }
    }
  }
}
