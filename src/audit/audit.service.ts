import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { auditActorNames, listAudit, type AuditRow } from './audit.repository.js'

export interface AuditDeps {
  readonly db: Kysely<Database>
}

export interface AuditPageRow extends AuditRow {
  /** The operator's display name when their user row is known. */
  readonly actorName: string | undefined
}

export interface AuditPage {
  readonly rows: readonly AuditPageRow[]
  /** The id to page back from (`before=`), when older rows exist. */
  readonly olderBefore: string | undefined
}

/** One page of the audit log, newest first, from `beforeId` back. */
export async function auditPage({ db }: AuditDeps, options: { readonly limit: number; readonly beforeId?: string | undefined }): Promise<AuditPage> {
  // One row more than shown says whether an older page exists.
  const rows = await listAudit(db, { limit: options.limit + 1, ...(options.beforeId === undefined ? {} : { beforeId: options.beforeId }) })
  const shown = rows.slice(0, options.limit)
  const names = await auditActorNames(
    db,
    shown.flatMap((row) => (row.actorUserId === null ? [] : [row.actorUserId])),
  )
  return {
    rows: shown.map((row) => ({ ...row, actorName: row.actorUserId === null ? undefined : names.get(row.actorUserId) })),
    olderBefore: rows.length > options.limit ? shown.at(-1)?.id : undefined,
  }
}
