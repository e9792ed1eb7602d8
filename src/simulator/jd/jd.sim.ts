import type { SimPlatform } from '../sim-platform.js'

// Placeholder until the jd gateway simulator lands.
export const jdSim: SimPlatform = {
  platform: 'jd',
  path: '/routerjson',
  handle: () => ({ status: 501, body: { error: 'not implemented' } }),
  faultResponse: () => ({ status: 503, body: { error: 'unavailable' } }),
}
