import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'

/** Who did it: the operator's user (none when the operator never became one) and chat contact id. */
export interface AuditActor {
  readonly userId: string | null
  readonly contactId: string
}

/** What an operator did, to what, and what it changed. */
export interface AuditEntry {
  readonly actor: AuditActor
  /** login, logout, approve-withdrawal, reject-withdrawal, assign-order, pause-account, resume-account, resume-sync… */
  readonly action: string
  readonly target: { readonly kind: string; readonly id: string }
  readonly before?: unknown
  readonly after?: unknown
  readonly reason?: string | undefined
}

export interface AuditRow {
  readonly id: string
  readonly at: Date
  readonly actorUserId: string | null
  readonly actorContactId: string
  readonly action: string
  readonly targetKind: string
  readonly targetId: string
  readonly before: unknown
  readonly after: unknown
  readonly reason: string | null
}

/** Appends one audit row; call it on the action's own transaction, so the action and its record commit together. */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: entry.actor.userId,
      actor_contact_id: entry.actor.contactId,
      action: entry.action,
      target_kind: entry.target.kind,
      target_id: entry.target.id,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      reason: entry.reason ?? null,
    })
    .execute()
}

/** The newest audit rows first, optionally for one target; `beforeId` pages back. */
export async function listAudit(
  db: Kysely<Database>,
  options: { readonly limit: number; readonly beforeId?: string; readonly target?: { readonly kind: string; readonly id: string } },
): Promise<AuditRow[]> {
  let query = db
    .selectFrom('audit_log')
    .select([
      'id',
      'at',
      'actor_user_id as actorUserId',
      'actor_contact_id as actorContactId',
      'action',
      'target_kind as targetKind',
      'target_id as targetId',
      'before',
      'after',
      'reason',
    ])
    .orderBy('id', 'desc')
    .limit(options.limit)
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId)
  if (options.target) query = query.where('target_kind', '=', options.target.kind).where('target_id', '=', options.target.id)
  return query.execute()
}

/** The display names of the operators behind audit rows (users that no longer exist are simply absent). */
export async function auditActorNames(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map()
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [...new Set(userIds)]).execute()
  return new Map(rows.map((row) => [row.id, row.display_name]))
}
