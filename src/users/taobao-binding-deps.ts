import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { Database } from '../db/database.js'
import { PublicBaseUrl, type LandingLinks } from '../landing/landing-links.js'
import { TAOBAO_OAUTH_URL } from '../platforms/taobao/taobao-binding.js'
import type { TaobaoBinder, TaobaoBindingDeps } from './taobao-binding.service.js'

/** The authorize page path of the built-in simulator (src/simulator/taobao/taobao-authorize-page.ts). */
const SIMULATOR_AUTHORIZE_PATH = '/oauth/authorize'

/**
 * The binding's dependencies from configuration plus the live parts. With
 * Taobao simulated, the shopper authorizes on the simulator's page and the
 * simulator's operator session stands in for TAOBAO_SESSION; TAOBAO_OAUTH_URL
 * overrides the authorize page either way.
 */
export function taobaoBindingDeps(
  config: Config,
  live: {
    readonly db: Kysely<Database>
    readonly taobao: TaobaoBinder
    /** The running simulator when Taobao is simulated. */
    readonly simulator?: { readonly url: string; readonly state: { readonly taobaoOperatorSession: string } }
    /** The process's public base URL (the web role moves it to its bound address when PUBLIC_BASE_URL is unset); default PUBLIC_BASE_URL. */
    readonly publicUrl?: LandingLinks
  },
): TaobaoBindingDeps {
  const simulated = config.taobao.simulated && live.simulator !== undefined
  return {
    db: live.db,
    taobao: live.taobao,
    publicUrl: live.publicUrl ?? new PublicBaseUrl(config.web.publicBaseUrl),
    authorizeBaseUrl: config.taobao.oauthUrl ?? (simulated ? `${live.simulator?.url}${SIMULATOR_AUTHORIZE_PATH}` : TAOBAO_OAUTH_URL),
    operatorSession: simulated ? live.simulator?.state.taobaoOperatorSession : config.taobao.session,
  }
}
