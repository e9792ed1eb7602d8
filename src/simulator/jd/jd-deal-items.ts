import type { SimItem } from '../catalog.js'
import { SIM_DEAL_PAGES, simDealItems, type SimDealQuery } from '../sim-deal-items.js'

export const JD_DEAL_PAGES = SIM_DEAL_PAGES

/** `list` is the search keyword, or a jingfen selection such as `elite1`. */
export type JdDealQuery = SimDealQuery

export const jdDealItems = (query: JdDealQuery): readonly SimItem[] => simDealItems('jd', query)
