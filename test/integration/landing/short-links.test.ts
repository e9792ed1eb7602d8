import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config.js'
import { convertLinks, type ConversionDeps } from '../../../src/conversions/conversion.service.js'
import { renderOutcomes } from '../../../src/conversions/promotion.text.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { pushToGroup, type GroupPushDeps } from '../../../src/deals/group-push.service.js'
import { pushHandPicked } from '../../../src/deals/owner-commands.service.js'
import { updateGroupSettings, upsertGroup } from '../../../src/groups/group.repository.js'
import { PublicBaseUrl } from '../../../src/landing/landing-links.js'
import { pushLandingUrl } from '../../../src/landing/short-links.service.js'
import { parseLinks } from '../../../src/links/parse-links.js'
import { createPlatforms } from '../../../src/platforms/create-platforms.js'
import { setLogSink } from '../../../src/shared/log.js'
import { simItem } from '../../../src/simulator/catalog.js'
import { startSimulator, type RunningSimulator } from '../../../src/simulator/simulator-server.js'
import { newUser } from '../../support/order-factory.js'
import { openTestDatabase, preferredBackend } from '../../support/test-databases.js'

const BASE = 'https://go.example.com'
const LANDING_LINK = new RegExp(`${BASE.replace(/\./g, '\\.')}/s/([0-9A-Za-z]+)`)

function itemWithCoupon(platform: 'jd' | 'pdd'): string {
  for (let n = 300_000_000_000; ; n++) {
    const item = simItem(platform, String(n))
    if (item.inProgram && item.coupon && item.priceFen >= item.coupon.thresholdFen) return String(n)
  }
}

describe('short links', () => {
  let handle: DatabaseHandle
  let sim: RunningSimulator
  let deps: ConversionDeps & { landing: PublicBaseUrl }
  let offDeps: ConversionDeps

  beforeAll(async () => {
    setLogSink(() => undefined)
    handle = await openTestDatabase(preferredBackend())
    sim = await startSimulator({ port: 0 })
    // Pinduoduo's per-user 授权备案 is another test's subject; here links convert at once.
    sim.state.settings.pddUserAuthorization = false
    const config = loadConfig({ LOG_LEVEL: 'silent', PLATFORM_RETRY_BASE_MS: '1' })
    offDeps = { db: handle.db, platforms: createPlatforms(config, sim), userShareBp: 6000 }
    deps = { ...offDeps, landing: new PublicBaseUrl(`${BASE}/`) }
  })
  afterAll(async () => {
    await sim.close()
    await handle.close()
  })

  const shortLink = (code: string) => handle.db.selectFrom('short_links').selectAll().where('code', '=', code).executeTakeFirstOrThrow()

  async function convert(d: ConversionDeps, contactId: string, text: string, roomId?: string) {
    return convertLinks(d, { contactId, displayName: 'x', text, links: parseLinks(text), ...(roomId ? { roomId } : {}) })
  }

  it('gives one code per user × item, moved to the newest conversion, and a different code to another user', async () => {
    const jd = itemWithCoupon('jd')
    const text = `https://item.jd.com/${jd}.html`
    const alice = `wx-${randomUUID()}`
    const [first] = await convert(deps, alice, text)
    const [second] = await convert(deps, alice, text)
    const [other] = await convert(deps, `wx-${randomUUID()}`, text)
    if (!first?.ok || !second?.ok || !other?.ok) throw new Error('conversion failed')
    const code = LANDING_LINK.exec(first.landingUrl ?? '')?.[1]
    expect(code).toMatch(/^[0-9A-Za-z]{10,}$/)
    expect(second.landingUrl).toBe(first.landingUrl)
    expect(other.landingUrl).not.toBe(first.landingUrl)
    expect(second.conversionId).not.toBe(first.conversionId)
    const row = await shortLink(code ?? '')
    expect(row).toMatchObject({ kind: 'reply', user_id: second.userId, platform: 'jd', item_id: jd, conversion_id: second.conversionId, room_id: null, slot: null })
    // A JD ordinary account's API gives a picture but no coupon facts: no end time.
    expect(row.image_url).toMatch(/^https:\/\//)
    expect(row.coupon_end_at).toBeNull()
    expect(row.updated_at.getTime()).toBeGreaterThanOrEqual(row.created_at.getTime())
  })

  it('keeps the coupon end time where the platform gives one (Pinduoduo)', async () => {
    const pdd = itemWithCoupon('pdd')
    const [outcome] = await convert(deps, `wx-${randomUUID()}`, `https://mobile.yangkeduo.com/goods.html?goods_id=${pdd}`)
    if (!outcome?.ok) throw new Error(`conversion failed: ${JSON.stringify(outcome)}`)
    const row = await shortLink(LANDING_LINK.exec(outcome.landingUrl ?? '')?.[1] ?? '')
    expect(row.coupon_end_at).toEqual(simItem('pdd', pdd).coupon?.endsAt)
    expect(row.image_url).toBe(outcome.promotion.imageUrl)
  })

  it('codes are random base62 of at least 10 characters, all different', async () => {
    const codes = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const [outcome] = await convert(deps, `wx-${randomUUID()}`, `https://item.jd.com/${itemWithCoupon('jd')}.html`)
      if (!outcome?.ok) throw new Error('conversion failed')
      const code = LANDING_LINK.exec(outcome.landingUrl ?? '')?.[1] ?? ''
      expect(code).toMatch(/^[0-9A-Za-z]{10,}$/)
      codes.add(code)
    }
    expect(codes.size).toBe(20)
  })

  it('the reply carries the landing link instead of the promo link and the 淘口令; LANDING_PAGES=off keeps both and makes no short link', async () => {
    const text = 'https://item.taobao.com/item.htm?id=6543210987'
    const on = await convert(deps, `wx-${randomUUID()}`, text)
    const [outcome] = on
    if (!outcome?.ok) throw new Error('conversion failed')
    expect(outcome.promotion.tpwd).toBeTruthy()
    const reply = renderOutcomes(on)
    expect(reply).toContain(outcome.landingUrl)
    expect(reply).not.toContain(outcome.promotion.promoUrl)
    expect(reply).not.toContain(outcome.promotion.tpwd)
    expect(reply).toMatch(new RegExp(`(领券购买|购买链接)：${BASE.replace(/\./g, '\\.')}/s/[0-9A-Za-z]+（打开后一键复制淘口令）`))

    const user = `wx-${randomUUID()}`
    const off = await convert(offDeps, user, text)
    const [plain] = off
    if (!plain?.ok) throw new Error('conversion failed')
    expect(plain.landingUrl).toBeUndefined()
    expect(renderOutcomes(off)).toContain(`：${plain.promotion.promoUrl}`)
    expect(renderOutcomes(off)).toContain(`淘口令：${plain.promotion.tpwd}`)
    const rows = await handle.db.selectFrom('short_links').select('code').where('user_id', '=', plain.userId ?? '').execute()
    expect(rows).toEqual([])
  })

  it('a push link is one per group × slot × item, to the push conversion', async () => {
    const owner = await newUser(handle.db, 'owner')
    const [outcome] = await convert(deps, owner.contact_id, `https://item.jd.com/${itemWithCoupon('jd')}.html`)
    if (!outcome?.ok || !outcome.conversionId) throw new Error('conversion failed')
    const facts = { ownerId: owner.id, conversionId: outcome.conversionId, promotion: outcome.promotion }
    const a = await pushLandingUrl(handle.db, deps.landing, { ...facts, roomId: 'room-a@chatroom', slot: '2026-11-24T09:00' })
    const again = await pushLandingUrl(handle.db, deps.landing, { ...facts, roomId: 'room-a@chatroom', slot: '2026-11-24T09:00' })
    const otherSlot = await pushLandingUrl(handle.db, deps.landing, { ...facts, roomId: 'room-a@chatroom', slot: '2026-11-24T12:00' })
    const otherRoom = await pushLandingUrl(handle.db, deps.landing, { ...facts, roomId: 'room-b@chatroom', slot: '2026-11-24T09:00' })
    expect(again).toBe(a)
    expect(new Set([a, otherSlot, otherRoom]).size).toBe(3)
    const row = await shortLink(LANDING_LINK.exec(a)?.[1] ?? '')
    expect(row).toMatchObject({ kind: 'push', user_id: owner.id, room_id: 'room-a@chatroom', slot: '2026-11-24T09:00', conversion_id: outcome.conversionId })
    // The owner's own reply link for the same item is a separate row (a reply link is not a push link).
    expect(outcome.landingUrl).not.toBe(a)
  })

  it('a hand-picked push (推送) gives each group its own landing link to the one push conversion', async () => {
    const owner = `owner-${randomUUID()}`
    const rooms = [`${randomUUID()}@chatroom`, `${randomUUID()}@chatroom`]
    for (const [i, roomId] of rooms.entries()) await upsertGroup(handle.db, { roomId, topic: `群${i}`, ownerContactId: owner })
    const pushed: { roomId: string; text: string }[] = []
    const text = `推送 https://item.jd.com/${itemWithCoupon('jd')}.html`
    const outcome = await pushHandPicked({ ...deps, push: async (roomId, card) => void pushed.push({ roomId, text: card }) }, { contactId: owner, displayName: '群主', text }, text)
    expect(outcome.kind).toBe('queued')
    expect(pushed.map((p) => p.roomId).sort()).toEqual([...rooms].sort())
    const codes = pushed.map((p) => LANDING_LINK.exec(p.text)?.[1] ?? '')
    expect(new Set(codes).size).toBe(2)
    const links = await Promise.all(codes.map(shortLink))
    expect(links.map((l) => l.kind)).toEqual(['push', 'push'])
    expect(links.map((l) => l.room_id)).toEqual(pushed.map((p) => p.roomId))
    expect(links[0]?.conversion_id).toBe(links[1]?.conversion_id)
    // The owner's 推送 made no reply link of its own.
    const replies = await handle.db.selectFrom('short_links').select('code').where('user_id', '=', links[0]?.user_id ?? '').where('kind', '=', 'reply').execute()
    expect(replies).toEqual([])
  })

  it('a scheduled push sends the card with its landing link, committed with the push conversion', async () => {
    const roomId = `${randomUUID()}@chatroom`
    await upsertGroup(handle.db, { roomId, topic: '省钱群', ownerContactId: `owner-${randomUUID()}` })
    await updateGroupSettings(handle.db, roomId, { push_schedules: ['0 9 * * *'] })
    const sent: string[] = []
    const pushDeps: GroupPushDeps = {
      db: handle.db,
      platforms: deps.platforms as GroupPushDeps['platforms'],
      dedupeWindowMs: 86_400_000,
      allowWithoutCoupon: true,
      userShareBp: 6000,
      send: async (_room, text) => void sent.push(text),
      tellOwner: async () => undefined,
      landing: deps.landing,
    }
    expect(await pushToGroup(pushDeps, roomId, '2026-11-24T09:00')).toBe('pushed')
    const code = LANDING_LINK.exec(sent[0] ?? '')?.[1]
    expect(code).toBeDefined()
    const row = await shortLink(code ?? '')
    const conversion = await handle.db.selectFrom('conversions').selectAll().where('id', '=', row.conversion_id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ kind: 'push', room_id: roomId, slot: '2026-11-24T09:00', item_id: conversion.item_id })
    expect(conversion).toMatchObject({ purpose: 'push', room_id: roomId })
    expect(sent[0]).not.toContain(conversion.promo_url)
  })
})
