import type { Kysely } from 'kysely'
import type { ClickInput, ClickSink } from '../../../src/clicks/click-sink.js'
import { insertConversion } from '../../../src/conversions/conversion.repository.js'
import type { Database } from '../../../src/db/database.js'
import { newShortCode } from '../../../src/landing/short-code.js'
import { upsertPushShortLink, upsertReplyShortLink } from '../../../src/landing/short-link.repository.js'
import type { Platform } from '../../../src/links/parsed-link.js'
import { newUser } from '../../support/order-factory.js'

/** Our own ClickSink port, in memory: what the landing routes recorded. */
export class RecordedClicks implements ClickSink {
  readonly clicks: ClickInput[] = []
  record(click: ClickInput): void {
    this.clicks.push(click)
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

export const PROMO_URLS: Readonly<Record<Platform, string>> = {
  taobao: 'https://s.click.taobao.com/Tb0123abcd',
  jd: 'https://u.jd.com/Jd0123abcd',
  pdd: 'https://p.pinduoduo.com/Pd0123abcd',
}

export interface SeedOptions {
  readonly platform?: Platform
  readonly title?: string
  readonly kind?: 'reply' | 'push'
  readonly couponEndAt?: Date | null
  readonly imageUrl?: string | null
  readonly promoUrl?: string
  readonly tpwd?: string | null
}

/** A conversion with its short link, as a reply or push would leave them; returns the code. */
export async function seedLanding(db: Kysely<Database>, options: SeedOptions = {}): Promise<string> {
  const platform = options.platform ?? 'jd'
  const user = await newUser(db, 'shopper')
  const conversion = await insertConversion(db, {
    user_id: user.id,
    room_id: options.kind === 'push' ? 'room@chatroom' : null,
    platform,
    item_id: `item-${Math.random().toString(36).slice(2)}`,
    material: 'test',
    attribution_id: user.attribution_id,
    promo_url: options.promoUrl ?? PROMO_URLS[platform],
    tpwd: options.tpwd !== undefined ? options.tpwd : platform === 'taobao' ? '￥AbCd1234EfG￥/ CZ0001' : null,
    title: options.title ?? '测试商品 保温杯 500ml',
    price_fen: 12_900,
    coupon_fen: 3_000,
    price_after_coupon_fen: 9_900,
    commission_rate_bp: 2000,
    commission_fen: 1_980,
    rebate_fen: 1_188,
    purpose: options.kind ?? 'reply',
  })
  const target = {
    code: newShortCode(),
    platform,
    itemId: conversion.item_id,
    conversionId: conversion.id,
    imageUrl: options.imageUrl !== undefined ? options.imageUrl : 'https://img.example.com/cup.jpg',
    couponEndAt: options.couponEndAt ?? null,
  }
  return options.kind === 'push'
    ? upsertPushShortLink(db, { ...target, ownerId: user.id, roomId: 'room@chatroom', slot: `slot-${Math.random()}` })
    : upsertReplyShortLink(db, { ...target, userId: user.id })
}
