import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql, type Kysely } from 'kysely'
import { insertConversion } from '../src/conversions/conversion.repository.js'
import type { Database } from '../src/db/database.js'
import { newShortCode } from '../src/landing/short-code.js'
import { upsertPushShortLink } from '../src/landing/short-link.repository.js'
import type { BenchRow } from './bench-row.js'
import { closedLoop, openLoop, quantile, type LoadResult } from './http-load.js'

const ROOT = new URL('..', import.meta.url).pathname
/** A push to 10,000 groups: one link per group; the burst spreads over them. */
const GROUPS = 10_000
const BURST = 20_000
const RATE = 1000
const CONCURRENCY = 32
/** Requests each server gets before anything is measured: JIT, connection pools and the day's visitor key warm up alike. */
const WARM_UP = 2000
const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN'

/** A spawned server that prints (stdout) or logs (stderr) its URL; resolves with the URL that `pattern` captures. */
function startServer(args: readonly string[], env: Record<string, string>, pattern: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL from ${args.join(' ')} in 60 s:\n${output.slice(-2000)}`)), 60_000)
    const read = (chunk: Buffer): void => {
      output += chunk.toString('utf8')
      const url = pattern.exec(output)?.[1]
      if (url) {
        clearTimeout(timer)
        resolve({ child, url })
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${args.join(' ')} exited (${code}):\n${output.slice(-2000)}`))
    })
  })
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((done) => child.once('exit', done))
  child.kill('SIGTERM')
  await exited
}

/** GROUPS push links (one per group, one conversion behind them all), as a push slot would leave them. */
async function seedPushLinks(db: Kysely<Database>): Promise<string[]> {
  const user = await db
    .insertInto('users')
    .values({ contact_id: `bench-landing-owner-${Date.now()}`, display_name: '团长', attribution_id: `bl${Date.now() % 1e9}` })
    .returningAll()
    .executeTakeFirstOrThrow()
  const conversion = await insertConversion(db, {
    user_id: user.id,
    room_id: null,
    platform: 'taobao',
    item_id: '700000000001',
    material: 'bench',
    attribution_id: user.attribution_id,
    promo_url: 'https://s.click.taobao.com/t?e=bench',
    tpwd: '￥AbCd1234EfG￥/ CZ0001',
    title: '压测商品 不锈钢保温杯 500ml 大容量',
    price_fen: 12_900,
    coupon_fen: 3_000,
    price_after_coupon_fen: 9_900,
    commission_rate_bp: 2000,
    commission_fen: 1_980,
    rebate_fen: 1_188,
    purpose: 'push',
  })
  const codes: string[] = []
  for (let i = 0; i < GROUPS; i++) {
    codes.push(
      await upsertPushShortLink(db, {
        code: newShortCode(),
        platform: 'taobao',
        itemId: conversion.item_id,
        conversionId: conversion.id,
        imageUrl: 'https://img.example.com/cup.jpg',
        couponEndAt: null,
        ownerId: user.id,
        roomId: `bench-landing-${i}@chatroom`,
        slot: 'bench-slot',
      }),
    )
  }
  return codes
}

const rate = (r: LoadResult, count: number): number => Math.round(count / r.seconds)
const ms = (n: number): number => Math.round(n * 100) / 100

/**
 * The landing page under a push's burst: the compiled web role (`start
 * --role web`, PostgreSQL, clicks recorded in batches) and, side by side, a
 * bare Fastify route answering a page of the same size from memory. 20,000
 * requests at 1,000/s over 10,000 groups' links (open loop: latency from when
 * each request was due), then 20,000 as fast as 32 clients go, on each
 * server, after 2,000 warm-up requests each; finally every click (warm-up
 * included) must be in the table.
 */
export async function benchLanding(db: Kysely<Database>, databaseUrl: string, redisUrl: string): Promise<BenchRow[]> {
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`)
  const codes = await seedPushLinks(db)
  const clicksBefore = await clickCount(db, codes)
  const children: ChildProcess[] = []
  try {
    const web = await startServer(
      [join(ROOT, 'dist/cli/main.js'), 'start', '--role', 'web'],
      {
        DATABASE_URL: databaseUrl,
        WEB_PORT: '0',
        METRICS_PORT: '0',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        REBATE_BOT_DATA_DIR: mkdtempSync(join(tmpdir(), 'rebate-bench-landing-')),
        REDIS_URL: redisUrl,
      },
      /"url":"(http:\/\/[^"]+)"[^\n]*web role listening/,
    )
    children.push(web.child)
    const page = await fetch(`${web.url}/s/${codes[0]}`, { headers: { 'user-agent': WECHAT_UA } })
    const size = (await page.text()).length
    if (page.status !== 200) throw new Error(`the landing page answered ${page.status}`)
    const bare = await startServer(['--import', 'tsx', join(ROOT, 'bench/bare-fastify-server.ts'), String(Math.round(size / 2))], {}, /^(http:\/\/\S+)$/m)
    children.push(bare.child)
    const landingUrls = codes.map((code) => `${web.url}/s/${code}`)
    const bareUrls = codes.map((code) => `${bare.url}/s/${code}`)
    const headers = { 'user-agent': WECHAT_UA }

    await closedLoop({ urls: landingUrls, concurrency: CONCURRENCY, count: WARM_UP, headers })
    await closedLoop({ urls: bareUrls, concurrency: CONCURRENCY, count: WARM_UP, headers })
    const landingPaced = await openLoop({ urls: landingUrls, rate: RATE, count: BURST, headers })
    const landingFast = await closedLoop({ urls: landingUrls, concurrency: CONCURRENCY, count: BURST, headers })
    const barePaced = await openLoop({ urls: bareUrls, rate: RATE, count: BURST, headers })
    const bareFast = await closedLoop({ urls: bareUrls, concurrency: CONCURRENCY, count: BURST, headers })

    // SIGTERM: the web role writes its buffered clicks before it exits.
    await stop(web.child)
    const recorded = (await clickCount(db, codes)) - clicksBefore
    const made = 1 + WARM_UP + BURST * 2
    return [
      { name: 'landing page: p50 at 1,000 req/s (20k requests, 10k links)', value: ms(quantile(landingPaced.latenciesMs, 0.5)), unit: 'ms', target: null, better: 'lower' },
      { name: 'landing page: p99 at 1,000 req/s', value: ms(quantile(landingPaced.latenciesMs, 0.99)), unit: 'ms', target: 20, better: 'lower' },
      { name: 'bare Fastify route: p99 at 1,000 req/s (same run)', value: ms(quantile(barePaced.latenciesMs, 0.99)), unit: 'ms', target: null, better: 'lower' },
      { name: 'landing page: req/s as fast as it goes (32 clients)', value: rate(landingFast, BURST), unit: 'req/s', target: null, better: 'higher' },
      { name: 'bare Fastify route: req/s as fast as it goes (32 clients)', value: rate(bareFast, BURST), unit: 'req/s', target: null, better: 'higher' },
      { name: 'landing page / bare Fastify throughput ratio', value: ms(bareFast.seconds / landingFast.seconds), unit: 'ratio', target: 0.3, better: 'higher' },
      { name: 'landing page: failed requests', value: landingPaced.errors + landingFast.errors, unit: 'requests', target: 0, better: 'lower' },
      { name: 'landing page: clicks recorded − requests made', value: recorded - made, unit: 'clicks', target: 0, better: 'lower' },
    ]
  } finally {
    for (const child of children) await stop(child)
  }
}

async function clickCount(db: Kysely<Database>, codes: readonly string[]): Promise<number> {
  const row = await sql<{ n: string }>`select count(*) as n from clicks where code = any(${sql.val([...codes])}::text[])`.execute(db)
  return Number(row.rows[0]?.n ?? 0)
}
