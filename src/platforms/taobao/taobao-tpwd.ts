import { z } from 'zod'
import { optionalText } from './taobao-fields.js'

export const TPWD_CREATE_METHOD = 'taobao.tbk.tpwd.create'

export const TpwdCreateRoot = z.object({
  data: z
    .object({ model: optionalText, password_simple: optionalText })
    .refine((data) => data.model !== undefined || data.password_simple !== undefined, 'neither model nor password_simple'),
  request_id: z.string().optional(),
})

export interface TaobaoTpwd {
  /** The bare 口令 such as `￥AbCdEfGhIjK￥`: what older clients and most chats need. */
  readonly tpwd: string
  /** The full share text for iOS 14+ (digit + symbols + url); send unedited. */
  readonly model: string | undefined
}

export function toTpwd(root: z.output<typeof TpwdCreateRoot>): TaobaoTpwd {
  const { model, password_simple: simple } = root.data
  return { tpwd: simple ?? model ?? '', model }
}
