/**
 * Fuzz: generated hostile messages (test/support/fuzz-messages.ts) through
 * the real Wechaty pipeline on the mock puppet, direct and in groups, with
 * every reply checked (test/support/fuzz-run.ts): no generic internal-error
 * reply, no stack trace or raw `undefined`/`NaN`/`null`/`[object Object]`,
 * no malformed Unicode, one answer per direct message, silence on group
 * chatter, no ERROR in the operator log, no unhandled rejection; and chatter
 * writes no row anywhere.
 *
 * Size: the issue asks for 100,000 messages, and `npm test` runs them.
 * Measured on the 2-core machine (PostgreSQL, 16 messages in flight, no wait
 * per message) the pipeline runs ~1,250–1,600 messages/s alone (100,000 in
 * 60–80 s) and 200–500/s while other suites share the cores (200–425 s), so
 * the test's timeout is generous rather than tight. `npm run bench -- fuzz`
 * runs the same 100,000 and reports messages/s and failures. FUZZ_MESSAGES
 * and FUZZ_SEED (test-only knobs) resize or reseed a run; a failure prints
 * its seed and index, and `fuzzMessage(seed, index)` gives back that exact
 * message.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBotFixture, type BotFixture } from '../support/bot-fixture.js'
import { FUZZ_OPERATOR_ID, fuzzMoney, judge, judgeOutgoing, runFuzz, type FuzzFailure } from '../support/fuzz-run.js'

const COUNT = Number(process.env.FUZZ_MESSAGES ?? 100_000)
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123)

let f: BotFixture
beforeAll(async () => {
  f = await startBotFixture({ OPERATOR_IDS: FUZZ_OPERATOR_ID }, { privateDatabase: true })
})
afterAll(async () => {
  await f?.close()
})

function report(failures: readonly FuzzFailure[]): string {
  return failures
    .slice(0, 20)
    .map((x) => `seed ${x.seed} index ${x.index} (${x.category}, ${x.where}): ${x.reason}\n  text: ${JSON.stringify(x.text)}\n  reply: ${JSON.stringify(x.reply ?? '')}`)
    .join('\n')
}

/** Rows in every table of the fixture's own database. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(f.database.db)
  const counts: Record<string, number> = {}
  for (const { table_name: name } of tables.rows) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(f.database.db)
    counts[name] = Number(rows[0]?.n ?? -1)
  }
  return counts
}

describe('fuzz', () => {
  // First, on the still-empty database: whatever the router calls chatter must leave no trace.
  it('chatter and empty messages write nothing and get no reply in a group', { timeout: 120_000 }, async () => {
    const before = await rowCounts()
    const queued = f.queued.length
    const result = await runFuzz(f.bot, { seed: SEED, count: 3000, chatterOnly: true, logs: f.logs })
    expect(result.failures, report(result.failures)).toEqual([])
    // The one trace allowed: a group the bot sees for the first time is known by its name (转发来源 finds sources by
    // name, docs/relay.md) — with no owner and default settings, so nothing is pushed or answered differently there.
    const { groups: _groupsAfter, ...after } = await rowCounts()
    const { groups: _groupsBefore, ...rest } = before
    expect(after).toEqual(rest)
    const seen = await f.database.db.selectFrom('groups').selectAll().execute()
    expect(seen.filter((g) => g.owner_contact_id !== null || g.push_schedules.length > 0 || g.push_paused || g.rebate_enabled === false)).toEqual([])
    expect(f.queued.length).toBe(queued)
  })

  it(`${COUNT} generated messages, direct and in groups`, { timeout: 1_200_000 }, async () => {
    const queuedBefore = f.queued.length
    const prepare = fuzzMoney({ db: f.database.db, ...f.chat.withdrawals })
    const result = await runFuzz(f.bot, { seed: SEED, count: COUNT, logs: f.logs, prepare })
    process.stdout.write(
      `fuzz: ${result.messages} messages in ${result.seconds.toFixed(1)} s = ${Math.round(result.messages / result.seconds)}/s, ${result.failures.length} failures\n`,
    )
    expect(result.failures, report(result.failures)).toEqual([])
    // Notices and pushes the commands queued are chat messages too. What users typed can be quoted back
    // (a rejection reason), so only what no input explains is checked: the generic error, stack traces, broken Unicode.
    // Decisions' notices wait in the notice outbox (the relay is not running here): they are checked there.
    const notices = await f.database.db.selectFrom('notice_outbox').select('text').execute()
    const queued = [...f.queued.slice(queuedBefore).map((q) => q.text), ...notices.map((n) => n.text)]
    const bad = queued.flatMap((text) => judgeOutgoing(text, 'undefined NaN null [object Object]').map((problem) => `${problem}: ${JSON.stringify(text.slice(0, 300))}`))
    expect(bad).toEqual([])
  })
})

describe('the fuzz judge', () => {
  it.each([
    ['a stack trace', ['余额'], 'TypeError: x is not a function\n    at handle (file.ts:1:1)', ['reply shows stack frame', 'reply shows Error:', 'reply shows TypeError']],
    ['the generic error', ['余额'], '出了点小问题，请稍后再试。', ['generic internal-error reply']],
    ['a raw undefined', ['余额'], '余额：¥undefined', ['reply shows undefined']],
    ['null the user typed, quoted back', ['绑定 null'], '邀请码 null 不存在', []],
    ['a lone surrogate', ['余额'], '@\uD800 你好', ['reply is not well-formed Unicode']],
  ])('flags %s', (_what, said, reply, problems) => {
    expect(judge(said, 'direct', [reply])).toEqual(problems)
  })

  it('flags a missing direct answer and a reply to group chatter', () => {
    expect(judge(['你好'], 'direct', [])).toEqual(['1 direct message(s) got 0 replies'])
    expect(judge(['大家好'], 'group', ['发淘宝链接给我'])).toEqual(['group chatter got a reply'])
  })
})

/** Inputs the fuzzer once broke the bot with, kept as fixed cases. */
describe('fuzz regressions', () => {
  it.each([
    // A lone surrogate in a sender's name came back in the group reply's @-mention (fixed in src/chat/normalize-text.ts).
    { name: 'lone surrogate in a group member’s name', sender: '\uD800lone', text: 'https://item.jd.com/100038004359.html', inGroup: true },
    { name: 'lone low surrogate in a direct message', sender: 'Dora', text: '绑定 \uDC00K7M2QX', inGroup: false },
  ])('$name', async ({ sender, text, inGroup }) => {
    const who = f.bot.contact(sender)
    const room = inGroup ? f.bot.room('回归群', f.bot.contact('群主'), [who]) : undefined
    const replies = await f.bot.say(who, text, room)
    expect(replies.length).toBeGreaterThan(0)
    expect(judge([text], inGroup ? 'group' : 'direct', replies.map((r) => r.text))).toEqual([])
  })
})
