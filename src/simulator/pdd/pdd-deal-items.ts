import type { SimItem } from '../catalog.js'
import { SIM_DEAL_PAGES, simDealItems, type SimDealQuery } from '../sim-deal-items.js'

export const PDD_DEAL_PAGES = SIM_DEAL_PAGES

/** A goods.search page: the keyword seeds the list (undefined or empty: the general selection). */
export type PddDealQuery = Omit<SimDealQuery, 'list'>

export const pddDealItems = (query: PddDealQuery): readonly SimItem[] => simDealItems('pdd', { ...query, list: query.keyword ?? '' })
