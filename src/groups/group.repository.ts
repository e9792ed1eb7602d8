import type { Kysely, Updateable } from 'kysely'
import type { Database } from '../db/database.js'
import type { GroupRow, GroupTable } from './group.table.js'

/** The group on first sight, or its refreshed topic and owner. */
export async function upsertGroup(db: Kysely<Database>, group: { roomId: string; topic: string; ownerContactId: string | null }): Promise<GroupRow> {
  return db
    .insertInto('groups')
    .values({ room_id: group.roomId, topic: group.topic, owner_contact_id: group.ownerContactId })
    .onConflict((oc) =>
      oc.column('room_id').doUpdateSet((eb) => ({
        topic: eb.ref('excluded.topic'),
        owner_contact_id: eb.fn.coalesce('excluded.owner_contact_id', 'groups.owner_contact_id'),
        updated_at: new Date(),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function findGroup(db: Kysely<Database>, roomId: string): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where('room_id', '=', roomId).executeTakeFirst()
}

type Settings = Pick<Updateable<GroupTable>, 'rebate_enabled' | 'rebate_set_by_owner' | 'relay_enabled' | 'push_schedules' | 'push_categories' | 'push_paused'>

export async function updateGroupSettings(db: Kysely<Database>, roomId: string, settings: Settings): Promise<GroupRow> {
  return db
    .updateTable('groups')
    .set({ ...settings, updated_at: new Date() })
    .where('room_id', '=', roomId)
    .returningAll()
    .executeTakeFirstOrThrow()
}
