import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { findGroup, updateGroupSettings, upsertGroup } from '../groups/group.repository.js'
import type { GroupContext } from '../groups/group-settings.service.js'
import { parseRelayFilter, type RelayFilter, type RelayFilterParse } from './relay-filter.js'
import type { RelayCommandName } from './relay-command.js'
import {
  addSource,
  contactsNamed,
  filterOf,
  groupsNamed,
  relayCounts,
  relayOrderCounts,
  removeSource,
  saveFilter,
  sourcesOf,
} from './relay.repository.js'
import type { RelaySourceRow } from './relay.table.js'
import type { ChatInput } from '../chat/chat-input.js'
import { createLogger } from '../shared/log.js'
import { promotedByAllowanceMs } from '../orders/promoted-by.js'

export type RelayCommandOutcome =
  | { readonly kind: 'not-owner' }
  | { readonly kind: 'sources'; readonly sources: readonly RelaySourceRow[] }
  | { readonly kind: 'source-added'; readonly name: string; readonly sourceKind: 'group' | 'contact'; readonly sources: readonly RelaySourceRow[] }
  | { readonly kind: 'source-exists'; readonly name: string }
  | { readonly kind: 'source-unknown'; readonly name: string }
  | { readonly kind: 'source-ambiguous'; readonly name: string; readonly count: number }
  | { readonly kind: 'source-is-target'; readonly name: string }
  | { readonly kind: 'source-removed'; readonly name: string; readonly sources: readonly RelaySourceRow[] }
  | { readonly kind: 'bad-number'; readonly given: string; readonly count: number }
  | { readonly kind: 'relay-switched'; readonly on: boolean; readonly sourceCount: number }
  | { readonly kind: 'filter'; readonly filter: RelayFilter; readonly changed: boolean }
  | { readonly kind: 'bad-filter'; readonly problem: Extract<RelayFilterParse, { ok: false }> }
  | {
      readonly kind: 'report'
      readonly rows: readonly { readonly name: string; readonly relayed: number; readonly filtered: number; readonly duplicate: number; readonly dropped: number; readonly orders: number }[]
    }

/** Where the command was said, and the transport's look-up of groups by name (ChatInput.roomsNamed). */
export interface RelayCommandContext extends GroupContext {
  readonly roomsNamed?: ChatInput['roomsNamed']
}

export interface RelayCommandDeps {
  readonly db: Kysely<Database>
  /** ATTRIBUTION_CLOCK_SKEW_SECONDS: how far after a relay an order's payment time may be and still follow it. */
  readonly clockSkewMs?: number | undefined
}

const log = createLogger('relay')

/**
 * 线报转发 settings of the group's owner (only theirs: sources and filters
 * belong to the owner, the switch to this group). Bad input changes nothing.
 */
export async function runRelayCommand(deps: RelayCommandDeps, ctx: RelayCommandContext, command: RelayCommandName, args: string): Promise<RelayCommandOutcome> {
  const { db } = deps
  const known = await findGroup(db, ctx.roomId)
  const owner = ctx.ownerContactId ?? known?.owner_contact_id ?? undefined
  if (owner === undefined || ctx.senderContactId !== owner) return { kind: 'not-owner' }
  await upsertGroup(db, { roomId: ctx.roomId, topic: ctx.topic, ownerContactId: owner })
  switch (command) {
    case 'add-source':
      return args === '' ? { kind: 'sources', sources: await sourcesOf(db, owner) } : addNamedSource(db, owner, args, ctx.roomsNamed)
    case 'remove-source': {
      const sources = await sourcesOf(db, owner)
      const n = /^\d{1,4}$/.test(args) ? Number(args) : 0
      const source = sources[n - 1]
      if (!source) return { kind: 'bad-number', given: args, count: sources.length }
      await removeSource(db, source.id)
      return { kind: 'source-removed', name: source.name, sources: await sourcesOf(db, owner) }
    }
    case 'relay-on':
    case 'relay-off': {
      await updateGroupSettings(db, ctx.roomId, { relay_enabled: command === 'relay-on' })
      return { kind: 'relay-switched', on: command === 'relay-on', sourceCount: (await sourcesOf(db, owner)).length }
    }
    case 'filter': {
      const current = await filterOf(db, owner)
      const parsed = parseRelayFilter(args, current)
      if (parsed.ok === 'show') return { kind: 'filter', filter: current, changed: false }
      if (!parsed.ok) return { kind: 'bad-filter', problem: parsed }
      await saveFilter(db, owner, parsed.filter)
      return { kind: 'filter', filter: parsed.filter, changed: true }
    }
    case 'report': {
      const [sources, counts, orders] = await Promise.all([
        sourcesOf(db, owner),
        relayCounts(db, owner),
        relayOrderCounts(db, owner, promotedByAllowanceMs(deps.clockSkewMs)),
      ])
      const count = (sourceId: string, outcome: string) => counts.find((c) => c.source_id === sourceId && c.outcome === outcome)?.count ?? 0
      return {
        kind: 'report',
        rows: sources.map((s) => ({
          name: s.name, relayed: count(s.source_id, 'relayed'), filtered: count(s.source_id, 'filtered'), duplicate: count(s.source_id, 'duplicate'),
          dropped: count(s.source_id, 'dropped'),
          orders: orders.get(s.source_id) ?? 0,
        })),
      }
    }
  }
}

/** A group the bot is in wins over a contact of the same name; two of either is ambiguous rather than a guess. */
async function addNamedSource(db: Kysely<Database>, owner: string, name: string, roomsNamed: RelayCommandContext['roomsNamed']): Promise<RelayCommandOutcome> {
  const groups = await groupsNamedAnywhere(db, name, roomsNamed)
  if (groups.length > 1) return { kind: 'source-ambiguous', name, count: groups.length }
  const group = groups[0]
  if (group) {
    // The owner's own groups receive relays: a source among them would be a loop.
    if (group.owner_contact_id === owner) return { kind: 'source-is-target', name }
    return added(db, owner, { sourceId: group.room_id, name: group.topic, kind: 'group' })
  }
  const contacts = await contactsNamed(db, name)
  if (contacts.length > 1) return { kind: 'source-ambiguous', name, count: contacts.length }
  const contact = contacts[0]
  if (!contact) return { kind: 'source-unknown', name }
  return added(db, owner, { sourceId: contact.contact_id, name: contact.display_name, kind: 'contact' })
}

async function added(db: Kysely<Database>, owner: string, source: { sourceId: string; name: string; kind: 'group' | 'contact' }): Promise<RelayCommandOutcome> {
  if (!(await addSource(db, { ownerContactId: owner, ...source }))) return { kind: 'source-exists', name: source.name }
  return { kind: 'source-added', name: source.name, sourceKind: source.kind, sources: await sourcesOf(db, owner) }
}

/**
 * Groups by this exact name: those recorded (the bot has seen a message there), else those the chat transport
 * lists for this account — a source group where nobody has spoken since the bot joined. A listed group is recorded
 * by name only (no owner), as a group's first message records it.
 */
async function groupsNamedAnywhere(db: Kysely<Database>, name: string, roomsNamed: RelayCommandContext['roomsNamed']): Promise<Awaited<ReturnType<typeof groupsNamed>>> {
  const known = await groupsNamed(db, name)
  if (known.length > 0 || roomsNamed === undefined) return known
  const listed = await roomsNamed(name).catch((error: unknown) => {
    log.warn('could not list the rooms by name', { name, error })
    return []
  })
  for (const room of listed) await upsertGroup(db, { roomId: room.roomId, topic: room.topic, ownerContactId: null })
  return listed.length === 0 ? [] : groupsNamed(db, name)
}
