import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { PicturePostRow, PostTarget } from './picture.table.js'

/** Who sent a copy or picture: the conversation it was said in and the person who said it. */
export interface PictureSender {
  readonly conversationId: string
  readonly talkerId: string
}

export async function insertPicture(
  db: Kysely<Database>,
  picture: PictureSender & { receivedAt: Date; name: string; mediaType: string; bytes: Buffer },
): Promise<string> {
  const row = await db
    .insertInto('pictures')
    .values({
      conversation_id: picture.conversationId,
      talker_id: picture.talkerId,
      received_at: picture.receivedAt,
      name: picture.name,
      media_type: picture.mediaType,
      bytes: picture.bytes,
      size: picture.bytes.length,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The sender's pictures received since `since` that went with no copy yet. */
export async function waitingPictures(db: Kysely<Database>, sender: PictureSender, since: Date): Promise<{ id: string; received_at: Date }[]> {
  return db
    .selectFrom('pictures')
    .select(['id', 'received_at'])
    .where('conversation_id', '=', sender.conversationId)
    .where('talker_id', '=', sender.talkerId)
    .where('received_at', '>=', since)
    .where('post_id', 'is', null)
    .orderBy('received_at')
    .orderBy('id')
    .execute()
}

export async function latestPost(db: Kysely<Database>, sender: PictureSender): Promise<PicturePostRow | undefined> {
  return db
    .selectFrom('picture_posts')
    .selectAll()
    .where('conversation_id', '=', sender.conversationId)
    .where('talker_id', '=', sender.talkerId)
    .orderBy('posted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** Records a post and ties the pictures that went before it to it. */
export async function insertPost(
  db: Kysely<Database>,
  post: PictureSender & { postedAt: Date; pictureIds: readonly string[]; targets: readonly PostTarget[] },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('picture_posts')
      .values({
        conversation_id: post.conversationId,
        talker_id: post.talkerId,
        posted_at: post.postedAt,
        pictures_before: post.pictureIds.length,
        targets: JSON.stringify(post.targets),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (post.pictureIds.length > 0) {
      await trx
        .updateTable('pictures')
        .set({ post_id: row.id, placement: 'before' })
        .where(sql<boolean>`id = any(${sql.val([...post.pictureIds])}::bigint[])`)
        .execute()
    }
    return row.id
  })
}

/**
 * Ties a picture to a post as the next one after it, while the post has
 * fewer than `max` after it; resolves to its number (1, 2, …) or undefined
 * when the post is full. One statement, so two pictures at once get two numbers.
 */
export async function attachAfter(db: Kysely<Database>, postId: string, pictureId: string, max: number): Promise<number | undefined> {
  return db.transaction().execute(async (trx) => {
    const post = await trx
      .updateTable('picture_posts')
      .set({ pictures_after: sql<number>`pictures_after + 1` })
      .where('id', '=', postId)
      .where('pictures_after', '<', max)
      .returning('pictures_after')
      .executeTakeFirst()
    if (!post) return undefined
    await trx.updateTable('pictures').set({ post_id: postId, placement: 'after' }).where('id', '=', pictureId).execute()
    return post.pictures_after
  })
}

export async function pictureById(db: Kysely<Database>, id: string): Promise<{ name: string; media_type: string; bytes: Buffer } | undefined> {
  return db.selectFrom('pictures').select(['name', 'media_type', 'bytes']).where('id', '=', id).executeTakeFirst()
}

/** Forgets pictures and posts older than `before`; resolves to how many pictures went. */
export async function deletePicturesBefore(db: Kysely<Database>, before: Date): Promise<number> {
  const pictures = await db.deleteFrom('pictures').where('received_at', '<', before).executeTakeFirst()
  await db.deleteFrom('picture_posts').where('posted_at', '<', before).execute()
  return Number(pictures.numDeletedRows)
}
