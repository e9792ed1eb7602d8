import { z } from 'zod'
import { optionalCount, optionalText } from './taobao-fields.js'
import { topList } from './taobao-list.js'

export const ORDER_DETAILS_METHOD = 'taobao.tbk.order.details.get'
export const ORDER_REFUND_METHOD = 'taobao.tbk.order.refund.get'

const flag = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value === '' || value === null ? undefined : value),
  z.boolean().optional(),
)

/** Rows stay unknown here: each is validated on its own, so one bad row does not sink the page. */
const rows = topList(z.unknown())

const pagingFields = {
  has_next: flag,
  position_index: optionalText,
  page_no: optionalCount,
}

/** `tbk_order_details_get_response`: `data{ has_next, position_index, results{ publisher_order_dto[] } }`. */
export const OrderDetailsRoot = z.object({
  data: z.object({ ...pagingFields, results: rows }).optional(),
  request_id: z.string().optional(),
})

const RefundPageData = z.object({ ...pagingFields, result: rows, results: rows })

/**
 * `tbk_order_refund_get_response`. The SDK metadata puts the page in `data`
 * and its rows in `result{ publisher_refund_order_dto[] }`; another SDK reads
 * the page from `result` with a bare `result` array. Both are accepted.
 */
export const OrderRefundRoot = z.object({
  data: RefundPageData.optional(),
  result: RefundPageData.optional(),
  request_id: z.string().optional(),
})

/** One page of either API, before its rows are validated. */
export interface RawOrderPage {
  readonly rows: readonly unknown[]
  readonly hasNext: boolean
  readonly positionIndex: string | undefined
}

export function detailsPage(root: z.output<typeof OrderDetailsRoot>): RawOrderPage {
  const data = root.data
  return { rows: data?.results ?? [], hasNext: data?.has_next ?? false, positionIndex: data?.position_index }
}

export function refundPage(root: z.output<typeof OrderRefundRoot>): RawOrderPage {
  const data = root.data ?? root.result
  const list = data?.result.length ? data.result : (data?.results ?? [])
  return { rows: list, hasNext: data?.has_next ?? false, positionIndex: data?.position_index }
}
