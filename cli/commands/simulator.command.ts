import type { Config } from '../../src/config.js'
import { PLATFORMS } from '../../src/links/parsed-link.js'
import { SimState } from '../../src/simulator/sim-state.js'
import { startSimulator } from '../../src/simulator/simulator-server.js'

/** The platform simulator on its own, e.g. to point another instance's *_GATEWAY at it. */
export async function runSimulator(config: Config, args: string[]): Promise<number> {
  const portFlag = args.indexOf('--port')
  const port = portFlag >= 0 ? Number(args[portFlag + 1]) : config.simulator.port || 8787
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write('--port must be a port number\n')
    return 2
  }
  // The SIMULATOR_* settings (JD tier, PDD authorization, big sale, latency) apply here as in an embedded simulator.
  const settings = config.simulator.settings
  const sim = await startSimulator({ port, state: new SimState({ settings: { ...settings, latencyMs: { ...settings.latencyMs } } }) })
  for (const platform of PLATFORMS) process.stdout.write(`${platform.padEnd(7)} ${sim.gatewayUrl(platform)}\n`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  await sim.close()
  return 0
}
