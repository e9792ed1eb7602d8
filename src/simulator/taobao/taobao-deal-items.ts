import type { SimItem } from '../catalog.js'
import { SIM_DEAL_PAGES, simDealItems, type SimDealQuery } from '../sim-deal-items.js'

export const TAOBAO_DEAL_PAGES = SIM_DEAL_PAGES

/** `list` is the keyword `q`, or `material:<id>` for a selection without one. */
export type TaobaoDealQuery = SimDealQuery

export const taobaoDealItems = (query: TaobaoDealQuery): readonly SimItem[] => simDealItems('taobao', query)
