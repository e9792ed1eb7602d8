import type { Migration } from 'kysely'
import * as m20261123_000001 from './2026_11_23_000001_users_and_conversions.js'
import * as m20261123_000002 from './2026_11_23_000002_orders_and_ledger.js'
import * as m20261123_000003 from './2026_11_23_000003_referrals_and_withdrawals.js'
import * as m20261123_000004 from './2026_11_23_000004_groups.js'
import * as m20261123_000005 from './2026_11_23_000005_lean_ledger_postings.js'
import * as m20261123_000006 from './2026_11_23_000006_notice_outbox.js'
import * as m20261201_000007 from './2026_12_01_000007_order_refunds.js'
import * as m20261201_000008 from './2026_12_01_000008_push_drops.js'
import * as m20261206_000009 from './2026_12_06_000009_two_phase_payouts.js'
import * as m20261206_000010 from './2026_12_06_000010_notice_handover.js'
import * as m20261206_000011 from './2026_12_06_000011_bot_accounts.js'
import * as m20261206_000012 from './2026_12_06_000012_web_edge.js'
import * as m20261206_000013 from './2026_12_06_000013_group_member_count.js'
import * as m20261206_000014 from './2026_12_06_000014_operator_console.js'
import * as m20261206_000015 from './2026_12_06_000015_authorization_links.js'
import * as m20261206_000016 from './2026_12_06_000016_operator_attribution.js'
import * as m20261206_000017 from './2026_12_06_000017_relay.js'
import * as m20261206_000018 from './2026_12_06_000018_pictures.js'
import * as m20261206_000020 from './2026_12_06_000020_relay_orders.js'
import * as m20261206_000021 from './2026_12_06_000021_relay_log_slot.js'

/**
 * Every migration, by name (names sort in the order they run). Listed
 * statically so the same code runs under tsx, vitest and compiled JS.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_23_000001_users_and_conversions': m20261123_000001,
  '2026_11_23_000002_orders_and_ledger': m20261123_000002,
  '2026_11_23_000003_referrals_and_withdrawals': m20261123_000003,
  '2026_11_23_000004_groups': m20261123_000004,
  '2026_11_23_000005_lean_ledger_postings': m20261123_000005,
  '2026_11_23_000006_notice_outbox': m20261123_000006,
  '2026_12_01_000007_order_refunds': m20261201_000007,
  '2026_12_01_000008_push_drops': m20261201_000008,
  '2026_12_06_000009_two_phase_payouts': m20261206_000009,
  '2026_12_06_000010_notice_handover': m20261206_000010,
  '2026_12_06_000011_bot_accounts': m20261206_000011,
  '2026_12_06_000012_web_edge': m20261206_000012,
  '2026_12_06_000013_group_member_count': m20261206_000013,
  '2026_12_06_000014_operator_console': m20261206_000014,
  '2026_12_06_000015_authorization_links': m20261206_000015,
  '2026_12_06_000016_operator_attribution': m20261206_000016,
  '2026_12_06_000017_relay': m20261206_000017,
  '2026_12_06_000018_pictures': m20261206_000018,
  '2026_12_06_000020_relay_orders': m20261206_000020,
  '2026_12_06_000021_relay_log_slot': m20261206_000021,
}
