import { listConversionsByUser } from '../conversions/conversion.repository.js'
import type { ConversionRow } from '../conversions/conversion.table.js'
import { balancesFor } from '../ledger/balance.service.js'
import type { Balances } from '../ledger/ledger.repository.js'
import { findUserById } from '../users/user.repository.js'
import type { UserRow } from '../users/user.table.js'
import { listUserWithdrawals } from '../withdrawals/withdrawal.repository.js'
import type { WithdrawalRow } from '../withdrawals/withdrawal.table.js'
import type { ConsoleReadDeps } from './console-read-deps.js'
import { userOrders, type OrderListRow } from './order-browse.repository.js'
import { inviteeCounts, invitees, searchUsers, userLedgerEntries, type InviteeRow, type UserLedgerEntry, type UserListRow } from './user-lookup.repository.js'
export type { InviteeRow, UserLedgerEntry, UserListRow } from './user-lookup.repository.js'

/** At most this many users answer one search. */
export const USER_SEARCH_LIMIT = 50
/** Ledger entries per page of a user's page. */
export const LEDGER_PAGE_SIZE = 50
const LIST_LIMIT = 20
const INVITEE_LIMIT = 100

/** Users matching a search text (name contains it; contact id, invite code or an order number of theirs is it). */
export async function findUsers(deps: ConsoleReadDeps, text: string): Promise<UserListRow[]> {
  return searchUsers(deps.db, text, USER_SEARCH_LIMIT)
}

export interface UserDetail {
  readonly user: UserRow
  readonly inviter: UserRow | undefined
  /** From the ledger's own balance service. */
  readonly balances: Balances
  readonly ledger: readonly UserLedgerEntry[]
  /** The id to ask for the next (older) page with; undefined on the last page. */
  readonly ledgerNextBefore: string | undefined
  readonly orders: readonly OrderListRow[]
  readonly conversions: readonly ConversionRow[]
  readonly invitees: readonly InviteeRow[]
  readonly inviteeCounts: { readonly level1: number; readonly level2: number }
  readonly withdrawals: readonly WithdrawalRow[]
}

/** Everything the user page shows; undefined for an unknown user. `ledgerBefore` pages the ledger back. */
export async function userDetail(deps: ConsoleReadDeps, userId: string, ledgerBefore?: string): Promise<UserDetail | undefined> {
  const user = await findUserById(deps.db, userId)
  if (!user) return undefined
  const entries = await userLedgerEntries(deps.db, user.id, { before: ledgerBefore, limit: LEDGER_PAGE_SIZE + 1 })
  const ledger = entries.slice(0, LEDGER_PAGE_SIZE)
  return {
    user,
    inviter: user.inviter_id ? await findUserById(deps.db, user.inviter_id) : undefined,
    balances: await balancesFor(deps.db, user.contact_id),
    ledger,
    ledgerNextBefore: entries.length > LEDGER_PAGE_SIZE ? ledger[ledger.length - 1]?.id : undefined,
    orders: await userOrders(deps.db, user.id, LIST_LIMIT),
    conversions: await listConversionsByUser(deps.db, user.id, LIST_LIMIT),
    invitees: await invitees(deps.db, user.id, INVITEE_LIMIT),
    inviteeCounts: await inviteeCounts(deps.db, user.id),
    withdrawals: await listUserWithdrawals(deps.db, user.id, LIST_LIMIT),
  }
}
