import type { AuditLogTable } from '../audit/audit.table.js'
import type { ConsoleSessionTable } from '../console/console-session.table.js'
import type { AccountContactTable, BotAccountTable } from '../accounts/account.table.js'
import type { ClickTable, VisitorKeyTable } from '../clicks/click.table.js'
import type { ConversionTable } from '../conversions/conversion.table.js'
import type { GroupTable, PushHistoryTable } from '../groups/group.table.js'
import type { LedgerPostingTable, LedgerTransactionTable } from '../ledger/ledger.table.js'
import type { NoticeOutboxTable } from '../orders/notice-outbox.table.js'
import type { OrderRefundTable } from '../orders/order-refund.table.js'
import type { OrderSyncCursorTable, OrderTable } from '../orders/order.table.js'
import type { AuthorizationLinkTable } from '../landing/authorization-link.table.js'
import type { ShortLinkTable } from '../landing/short-link.table.js'
import type { AppSecretTable, SignedStateTable } from '../security/signed-state.table.js'
import type { PicturePostTable, PictureTable } from '../pictures/picture.table.js'
import type { RelayFilterTable, RelayLogTable, RelaySourceTable } from '../relay/relay.table.js'
import type { UserTable } from '../users/user.table.js'
import type { ManualPayoutTable } from '../withdrawals/manual-payout.table.js'
import type { WithdrawalTable } from '../withdrawals/withdrawal.table.js'

export interface Database {
  users: UserTable
  conversions: ConversionTable
  orders: OrderTable
  order_sync_cursors: OrderSyncCursorTable
  order_refunds: OrderRefundTable
  ledger_transactions: LedgerTransactionTable
  ledger_postings: LedgerPostingTable
  notice_outbox: NoticeOutboxTable
  withdrawals: WithdrawalTable
  manual_payouts: ManualPayoutTable
  groups: GroupTable
  push_history: PushHistoryTable
  bot_accounts: BotAccountTable
  account_contacts: AccountContactTable
  short_links: ShortLinkTable
  clicks: ClickTable
  visitor_keys: VisitorKeyTable
  signed_states: SignedStateTable
  app_secrets: AppSecretTable
  console_sessions: ConsoleSessionTable
  audit_log: AuditLogTable
  authorization_links: AuthorizationLinkTable
  relay_sources: RelaySourceTable
  relay_filters: RelayFilterTable
  relay_log: RelayLogTable
  pictures: PictureTable
  picture_posts: PicturePostTable
}
