import type { SimPlatform } from './sim-platform.js'
import { jdSim } from './jd/jd.sim.js'
import { pddSim } from './pdd/pdd.sim.js'
import { taobaoSim } from './taobao/taobao.sim.js'

export const SIM_PLATFORMS: readonly SimPlatform[] = [taobaoSim, jdSim, pddSim]
