import { z } from 'zod'
import { PLATFORMS, type Platform } from '../../src/links/parsed-link.js'

/** Row ids in URLs and forms: what a bigint column holds, nothing else reaches the database. */
export const RowId = z.string().regex(/^\d{1,18}$/, '编号格式不对，应为数字')

/** Bot account names, as the chat's 暂停账号 accepts them. */
export const AccountName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '账号名格式不对')

export const PlatformParam = z.enum(PLATFORMS as [Platform, ...Platform[]], { error: '没有这个平台（淘宝 taobao、京东 jd、拼多多 pdd）' })

const REASON_MAX = 100

/** A reason, trimmed, at most 100 characters (counted as characters, not UTF-16 units); empty → undefined. */
export const OptionalReason = z
  .string({ error: '原因格式不对' })
  .optional()
  .transform((text) => text?.trim() ?? '')
  .refine((text) => Array.from(text).length <= REASON_MAX, `原因最多 ${REASON_MAX} 个字`)
  .transform((text) => (text === '' ? undefined : text))

/** A reason that must be given (rejecting, assigning, pausing). */
export const RequiredReason = OptionalReason.refine((text) => text !== undefined, '请填写原因').transform((text) => text ?? '')

/** One or more checkbox values (a form repeats the name per checked box). */
export const RowIds = z
  .union([z.string(), z.array(z.string())], { error: '请先勾选要处理的申请' })
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .pipe(z.array(RowId).min(1, '请先勾选要处理的申请').max(100, '一次最多处理 100 笔'))

/** The first problem of a failed parse, as one line for the operator. */
export function firstProblem(error: z.ZodError): string {
  return error.issues[0]?.message ?? '输入不正确'
}

/** A form body as an object (a missing or non-form body reads as empty, so the schema names what is missing). */
export function formBody(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {}
}
