import type { Config } from '../config.js'
import { OFFICIAL_GATEWAYS } from '../config.js'
import type { Platform } from '../links/parsed-link.js'
import { JdPlatform } from './jd/jd.platform.js'
import { PddPlatform } from './pdd/pdd.platform.js'
import type { DealSource } from './deal-source.js'
import type { OrderFeed } from './order-feed.js'
import type { AffiliatePlatform } from './platform.js'
import { TaobaoPlatform } from './taobao/taobao.platform.js'

/** Where and as whom a simulated platform is reached: the simulator's gateway and its built-in keys. */
export interface SimulatedGateway {
  gatewayUrl(platform: Platform): string
  readonly state: { readonly credentials: Readonly<Record<Platform, { appKey: string; secret: string }>> }
}

/**
 * The 网站ID the JD adapter sends the simulator when JD_SITE_ID is unset:
 * promotion.common.get requires one, and the simulator takes any number.
 */
const SIMULATED_JD_SITE_ID = '4000000001'

/**
 * One adapter per platform, each pointed at its real gateway with the
 * operator's keys, or at the simulator with the simulator's keys.
 */
export function createPlatforms(
  config: Config,
  simulator?: SimulatedGateway,
): Record<Platform, AffiliatePlatform & OrderFeed & DealSource> & { readonly taobao: TaobaoPlatform } {
  const target = (platform: Platform): { appKey: string; secret: string; gateway: string } => {
    const keys = config[platform]
    if (keys.simulated && simulator) {
      return { ...simulator.state.credentials[platform], gateway: simulator.gatewayUrl(platform) }
    }
    return { appKey: keys.appKey, secret: keys.secret, gateway: keys.gateway ?? OFFICIAL_GATEWAYS[platform] }
  }
  const http = { timeoutMs: config.http.timeoutMs, retry: config.http.retry }
  return {
    taobao: new TaobaoPlatform({
      ...target('taobao'),
      ...http,
      adzoneId: config.taobao.adzoneId,
      siteId: config.taobao.siteId,
      signMethod: config.taobao.signMethod,
    }),
    jd: new JdPlatform({
      ...target('jd'),
      ...http,
      positionId: config.jd.positionId,
      siteId: config.jd.siteId ?? (config.jd.simulated && simulator ? SIMULATED_JD_SITE_ID : undefined),
    }),
    pdd: new PddPlatform({ ...target('pdd'), ...http, pid: config.pdd.pid }),
  }
}
