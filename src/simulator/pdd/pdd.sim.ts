import type { SimPlatform } from '../sim-platform.js'

// Placeholder until the pdd gateway simulator lands.
export const pddSim: SimPlatform = {
  platform: 'pdd',
  path: '/api/router',
  handle: () => ({ status: 501, body: { error: 'not implemented' } }),
  faultResponse: () => ({ status: 503, body: { error: 'unavailable' } }),
}
