import { auditActorFor } from '../audit/audit-actor.service.js'
import { runAccountCommand } from '../accounts/account-command.service.js'
import { consoleLoginLink } from '../console/console-session.service.js'
import { consoleLoginLinkText } from '../console/console-login.text.js'
import { pushCopy } from '../copy/copy-push.service.js'
import { copyPushText } from '../copy/copy-push.text.js'
import { rewriteCopy } from '../copy/copy-rewrite.service.js'
import { isCopyText } from '../copy/is-copy-text.js'
import { copyRewriteText } from '../copy/copy-rewrite.text.js'
import { pushHandPicked } from '../deals/owner-commands.service.js'
import { handPickedPushText, REPORT_NOT_OWNER_TEXT } from '../deals/owner-commands.text.js'
import { balancesFor } from '../ledger/balance.service.js'
import { claimOrder } from '../orders/claim-order.service.js'
import { recentOrdersFor } from '../orders/my-orders.service.js'
import { normalizeOrderNumber } from '../orders/order-number.js'
import { resumeSync } from '../orders/resume-sync.service.js'
import { parseResumeTarget, RESUME_SYNC_USAGE, resumeSyncText } from '../orders/resume-sync.text.js'
import { inviteCodeIn } from '../referrals/referral-rules.js'
import { bindInviter, inviteInfo } from '../referrals/referral.service.js'
import { operatorFunnelReport, ownerFunnelReport } from '../reports/funnel.service.js'
import { operatorFunnelText, ownerFunnelText } from '../reports/funnel.text.js'
import { startBinding } from '../users/taobao-binding.service.js'
import { TAOBAO_ALREADY_BOUND_TEXT, taobaoBindLinkText } from '../users/taobao-binding.text.js'
import { parseYuanAmount } from '../withdrawals/withdrawal-rules.js'
import { decideWithdrawal, pendingWithdrawals, recentWithdrawals, requestWithdrawal } from '../withdrawals/withdrawal.service.js'
import { balanceText } from '../ledger/balance.text.js'
import { claimText } from '../orders/claim.text.js'
import { ordersText } from '../orders/my-orders.text.js'
import type { ChatInput } from './chat-input.js'
import type { ChatDeps } from './chat-deps.js'
import { helpText } from './help.text.js'
import { bindText, inviteText } from '../referrals/referral.text.js'
import { copyRewriteArgs, pushArgs, type CommandName } from './route-text.js'
import { DECISION_USAGE, decisionText, pendingText, requestText, WITHDRAW_USAGE, withdrawalsText } from '../withdrawals/withdrawal.text.js'

const OPERATOR_ONLY: ReadonlySet<CommandName> = new Set(['pending-withdrawals', 'approve', 'reject', 'resume-sync', 'funnel', 'accounts', 'pause-account', 'resume-account', 'console-login'])

/**
 * Runs a direct-chat command. Undefined means "not a command for you": an
 * operator command from anyone else gets exactly the answer unknown text
 * gets, so it does not reveal that operator commands exist.
 */
export async function runCommand(deps: ChatDeps, input: ChatInput, name: CommandName, args: string): Promise<string | undefined> {
  if (OPERATOR_ONLY.has(name) && !deps.operators.includes(input.contactId)) return undefined
  switch (name) {
    case 'help':
      return helpText()
    case 'balance':
      return balanceText(await balancesFor(deps.db, input.contactId))
    case 'orders':
      return ordersText(await recentOrdersFor(deps.db, input.contactId))
    case 'claim': {
      const number = normalizeOrderNumber(args)
      if (!number) return claimText('invalid-number')
      return claimText(await claimOrder(deps, input, number))
    }
    case 'invite':
      return inviteText(await inviteInfo(deps.db, input), deps)
    case 'bind':
      // 「绑定 K7M2QX 谢谢」: the code is the code-shaped word; without one the whole text is judged (and refused clearly).
      return bindText(await bindInviter(deps.db, input, inviteCodeIn(args) ?? args, deps.referrals))
    case 'taobao-bind': {
      const outcome = await startBinding(deps, input)
      return outcome.kind === 'link' ? taobaoBindLinkText(outcome.url, outcome.validMinutes) : TAOBAO_ALREADY_BOUND_TEXT
    }
    case 'withdraw': {
      const amount = args === '' ? 'all' : parseYuanAmount(args)
      if (amount === undefined) return WITHDRAW_USAGE
      return requestText(await requestWithdrawal({ db: deps.db, ...deps.withdrawals }, input, amount), deps.withdrawals.dailyLimit)
    }
    case 'withdrawals':
      return withdrawalsText(await recentWithdrawals(deps.db, input.contactId, 10))
    case 'pending-withdrawals':
      return pendingText(await pendingWithdrawals(deps.db, 20), deps.timeZone)
    case 'push': {
      // Words around the links: the copy itself is pushed (as written, full-width punctuation kept); bare links become deal cards.
      if (isCopyText(args)) return copyPushText(await pushCopy(deps, input, (input.verbatimText === undefined ? undefined : pushArgs(input.verbatimText)) ?? args))
      return handPickedPushText(await pushHandPicked(deps, input, args))
    }
    case 'copy-rewrite': {
      // The copy as the sender wrote it (full-width punctuation kept), when the transport gave it.
      const copy = (input.verbatimText === undefined ? undefined : copyRewriteArgs(input.verbatimText)) ?? args
      return copyRewriteText(await rewriteCopy(deps, { ...input, copy }))
    }
    case 'push-report': {
      const report = await ownerFunnelReport(deps, input.contactId, new Date())
      return report ? ownerFunnelText(report) : REPORT_NOT_OWNER_TEXT
    }
    case 'funnel':
      return operatorFunnelText(await operatorFunnelReport(deps, new Date()))
    case 'resume-sync': {
      const target = parseResumeTarget(args)
      if (!target) return RESUME_SYNC_USAGE
      return resumeSyncText(await resumeSync(deps.db, input.contactId, target, { actor: await auditActorFor(deps.db, input.contactId) }))
    }
    case 'console-login': {
      const link = await consoleLoginLink(deps, input)
      return consoleLoginLinkText(link.url, link.validMinutes)
    }
    case 'accounts':
    case 'pause-account':
    case 'resume-account':
      // Operators only: the check is inside, so anyone else gets what unknown text gets.
      return runAccountCommand(deps, input.contactId, name, args)
    case 'approve':
    case 'reject': {
      const [id = '', ...reasonWords] = args.split(/\s+/)
      const reason = reasonWords.join(' ').trim()
      if (!/^\d{1,18}$/.test(id)) return DECISION_USAGE[name]
      if (name === 'reject' && reason === '') return DECISION_USAGE['reject-without-reason']
      const decision = name === 'approve' ? ({ approve: true } as const) : ({ approve: false, reason: reason.slice(0, 100) } as const)
      return decisionText(await decideWithdrawal(deps, input.contactId, id, decision, await auditActorFor(deps.db, input.contactId)))
    }
  }
}
