import { fundForTest } from './order-factory.js'
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { MockBot } from '../../bots/mock-bot.js'
import { ensureUser } from '../../src/users/user.service.js'
import { requestWithdrawal, type WithdrawalDeps } from '../../src/withdrawals/withdrawal.service.js'
import { routeText } from '../../src/chat/route-text.js'
import { normalizeChatText } from '../../src/chat/normalize-text.js'
import { parseGroupCommand } from '../../src/groups/group-command.js'
import { fuzzMessage, type FuzzCategory, type FuzzMessage } from './fuzz-messages.js'

/** The contact id the fuzz runs name in OPERATOR_IDS, so operator commands (通过/拒绝/待审核) are fuzzed too. */
export const FUZZ_OPERATOR_ID = 'fuzz-operator'

/** The reply the bot edge sends when handling threw (bots/rebate-plugin.ts) or a conversion failed internally. */
const SORRY = '出了点小问题'

/** Markers a reply must never show unless the user typed them: a stack trace, or a value printed raw. */
const LEAKS: readonly (readonly [string, RegExp])[] = [
  ['stack frame', /^ {4}at /m],
  ['Error:', /Error:/],
  ['TypeError', /TypeError/],
  ['node:internal', /node:internal/],
  ['undefined', /\bundefined\b/],
  ['NaN', /\bNaN\b/],
  ['[object Object]', /\[object Object\]/],
  ['null', /\bnull\b/],
]

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Display names as hostile as the messages (a reply in a group @-mentions the sender by name). */
const NAMES = ['', 'Alice', '\u0000NUL', '\uD800lone', '\u202Eevil', '👨‍👩‍👧‍👦', '张三\u200B', 'x'.repeat(300), "O'Brien; DROP", '%s%n']

/** Slots at the end of each window that share one new contact (direct) or one group. */
const BURST = 4

export interface FuzzFailure {
  readonly seed: number
  readonly index: number
  readonly category: FuzzCategory
  readonly where: 'direct' | 'group'
  readonly reason: string
  /** The start of the message and reply (they can be a megabyte). */
  readonly text: string
  readonly reply?: string
}

export interface FuzzResult {
  readonly messages: number
  readonly seconds: number
  readonly failures: readonly FuzzFailure[]
}

export interface FuzzRunOptions {
  readonly seed: number
  readonly count: number
  /** Messages in flight at once, each in its own conversation, so every reply maps back to its message. */
  readonly window?: number
  readonly only?: FuzzCategory
  /** Only messages the bot should ignore (chatter and empty ones), for the "writes nothing" check. */
  readonly chatterOnly?: boolean
  /** Operator log lines captured while the run goes: an ERROR line, or an unreadable message, is a failure. */
  readonly logs?: string[]
  /** Called once with the contact ids that will talk, before the first message (to give them money, say). */
  readonly prepare?: (contactIds: readonly string[]) => Promise<void>
}

/**
 * A `prepare` for runFuzz: money on every talking contact and pending
 * withdrawals 1…8 of other users, so 提现 and the operator's 通过/拒绝 reach
 * real rows instead of stopping at "no balance" and "no such request".
 */
export function fuzzMoney(deps: WithdrawalDeps): (contactIds: readonly string[]) => Promise<void> {
  return async (contactIds) => {
    for (const contactId of contactIds) await fundForTest(deps.db, await ensureUser(deps.db, { contactId, displayName: 'fuzz' }), 100_000)
    for (let i = 0; i < 8; i++) {
      const user = await ensureUser(deps.db, { contactId: `fuzz-withdrawer-${randomUUID()}`, displayName: `提现者${i}` })
      await fundForTest(deps.db, user, 10_000)
      await requestWithdrawal(deps, { contactId: user.contact_id, displayName: user.display_name }, 1_000)
    }
  }
}


type ContactMock = ReturnType<MockBot['contact']>
const operators = new WeakMap<MockBot, ContactMock>()

/** The one operator contact of a bot (a mock contact id can be created once). */
function operatorOf(bot: MockBot): ContactMock {
  const known = operators.get(bot) ?? bot.mocker.createContact({ id: FUZZ_OPERATOR_ID, name: '运营' })
  operators.set(bot, known)
  return known
}

/** Whether the bot is meant to stay out of it: chatter or empty, in a group not a group command either. */
export function isChatter(text: string): boolean {
  const normalized = normalizeChatText(text)
  const kind = routeText(normalized).kind
  return (kind === 'chatter' || kind === 'empty') && parseGroupCommand(normalized) === undefined
}

/**
 * Drives `count` generated messages through the bot, alternating direct
 * chat and groups, and checks every reply. Within a window each message
 * has its own conversation (a contact, or a room), so the bot handles the
 * window concurrently and a reply is still traced to the message it answers.
 */
export async function runFuzz(bot: MockBot, options: FuzzRunOptions): Promise<FuzzResult> {
  const window = options.window ?? 16
  const contacts = Array.from({ length: window }, (_, i) =>
    i === 0 ? operatorOf(bot) : bot.contact(NAMES[i % NAMES.length] ?? ''),
  )
  const rooms = Array.from({ length: window }, (_, i) => {
    const owner = bot.contact(`群主${i}`)
    const member = bot.contact(NAMES[(i + 3) % NAMES.length] ?? '')
    return { owner, member, room: bot.room(i % 5 === 0 ? `\u202E群${i}\u0000` : `fuzz群${i}`, owner, [member]) }
  })
  await options.prepare?.([...contacts, ...rooms.map((r) => r.owner)].map((c) => c.id))
  const failures: FuzzFailure[] = []
  const unhandled = (error: unknown): void => {
    failures.push({ seed: options.seed, index: -1, category: 'unicode', where: 'direct', reason: `unhandled rejection: ${String(error)}`, text: '' })
  }
  process.on('unhandledRejection', unhandled)
  const logsSeen = options.logs?.length ?? 0
  let logCursor = logsSeen
  const started = performance.now()
  let sent = 0
  try {
    let index = 0
    let windows = 0
    while (sent < options.count) {
      const batch: { message: FuzzMessage; where: 'direct' | 'group'; conversationId: string }[] = []
      const saying: Promise<unknown>[] = []
      const before = bot.sent.length
      // The last slots of a window are a burst: a brand-new contact sending several messages at once, and
      // several members of one group talking at once (concurrent first messages are where races live).
      const newcomer = bot.contact(NAMES[windows % NAMES.length] ?? '')
      const busy = rooms[window - 1]
      windows++
      for (let slot = 0; slot < window && sent < options.count; index++) {
        const where = index % 2 === 0 ? 'direct' : 'group'
        const burst = slot >= window - BURST
        // Group owners talk to the bot directly too: 推送 and 发单报表 only do something for them.
        const byOwner = where === 'direct' && !burst && slot !== 0 && index % 3 === 0
        const role = slot === 0 && where === 'direct' ? 'operator' : byOwner && index % 12 === 0 ? 'owner' : undefined
        const message = fuzzMessage(options.seed, index, options.only ?? (options.chatterOnly ? undefined : role))
        if (options.chatterOnly && !isChatter(message.text)) continue
        const r = burst ? busy : rooms[slot]
        const contact = contacts[slot]
        if (!r || !contact) throw new Error('slot out of range')
        if (where === 'direct') {
          // The owner of the next room: odd slots talk in groups, so that owner's group is known to the bot.
          const from = burst ? newcomer : byOwner ? (rooms[slot + 1] ?? r).owner : contact
          saying.push(bot.say(from, message.text))
          batch.push({ message, where, conversationId: from.id })
        } else {
          // Owners send some of it: group commands only run for them.
          saying.push(bot.say(index % 3 === 0 ? r.owner : burst ? (bot.contact(NAMES[slot % NAMES.length] ?? '')) : r.member, message.text, r.room))
          batch.push({ message, where, conversationId: r.room.id })
        }
        slot++
        sent++
      }
      await Promise.all(saying)
      const replies = bot.sent.slice(before)
      for (const conversationId of new Set(batch.map((b) => b.conversationId))) {
        const items = batch.filter((b) => b.conversationId === conversationId)
        const first = items[0]
        if (!first) continue
        const answers = replies.filter((r) => r.conversationId === conversationId).map((r) => r.text)
        for (const reason of judge(items.map((i) => i.message.text), first.where, answers)) {
          failures.push({
            seed: options.seed,
            index: first.message.index,
            category: first.message.category,
            where: first.where,
            reason: items.length > 1 ? `${reason} (burst of messages ${items.map((i) => i.message.index).join(',')})` : reason,
            text: items.map((i) => i.message.text.slice(0, 300)).join('\n---\n'),
            reply: answers.join('\n---\n').slice(0, 500),
          })
        }
      }
      if (options.logs) {
        for (; logCursor < options.logs.length; logCursor++) {
          const line = options.logs[logCursor] ?? ''
          if (/ ERROR /.test(line) || line.includes('could not read message')) {
            const suspects = batch.map((b) => b.message.index).join(',')
            failures.push({ seed: options.seed, index: batch[0]?.message.index ?? -1, category: batch[0]?.message.category ?? 'unicode', where: 'direct', reason: `operator log (one of messages ${suspects}): ${line.slice(0, 400)}`, text: '' })
          }
        }
      }
    }
  } finally {
    process.off('unhandledRejection', unhandled)
  }
  return { messages: sent, seconds: (performance.now() - started) / 1000, failures }
}

/** What is wrong with the replies to the messages one conversation got in a window (empty when nothing is). */
export function judge(texts: readonly string[], where: 'direct' | 'group', replies: readonly string[]): string[] {
  const problems: string[] = []
  const said = texts.join('\n')
  if (where === 'direct' && replies.length !== texts.length) problems.push(`${texts.length} direct message(s) got ${replies.length} replies`)
  if (where === 'group' && texts.every(isChatter) && replies.length > 0) problems.push('group chatter got a reply')
  for (const reply of replies) problems.push(...judgeOutgoing(reply, said))
  return problems
}

/**
 * What is wrong with one outgoing chat text (a reply, or a notice the bot
 * queued). `said` is what the user typed: a marker they typed themselves
 * may come back quoted.
 */
export function judgeOutgoing(text: string, said: string): string[] {
  const problems: string[] = []
  if (text.includes(SORRY)) problems.push('generic internal-error reply')
  for (const [name, pattern] of LEAKS) if (pattern.test(text) && !pattern.test(said)) problems.push(`reply shows ${name}`)
  if (text.trim() === '') problems.push('empty reply')
  // A lone surrogate cannot be encoded as UTF-8: a real transport mangles it or refuses the message.
  if (LONE_SURROGATE.test(text)) problems.push('reply is not well-formed Unicode')
  return problems
}
