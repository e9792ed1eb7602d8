import type { SimPlatform } from '../sim-platform.js'

// Placeholder until the taobao gateway simulator lands.
export const taobaoSim: SimPlatform = {
  platform: 'taobao',
  path: '/router/rest',
  handle: () => ({ status: 501, body: { error: 'not implemented' } }),
  faultResponse: () => ({ status: 503, body: { error: 'unavailable' } }),
}
