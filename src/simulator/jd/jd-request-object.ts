import type { z } from 'zod'

/**
 * The method's request object out of `360buy_param_json`
 * (`{"goodsReqDTO":{...}}` → `{...}`), or a reason it is unusable.
 */
export function jdRequestObject(paramJson: string | undefined, name: string | null): { value: unknown } | { problem: string } {
  if (paramJson === undefined) return { problem: '缺少360buy_param_json' }
  let parsed: unknown
  try {
    parsed = JSON.parse(paramJson)
  } catch {
    return { problem: '360buy_param_json不是合法的JSON' }
  }
  const object = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined
  const value = name === null ? object : object?.[name]
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: `缺少${name ?? '请求参数'}` }
  return { value }
}

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '请求'} ${issue.message}`).join('; ')
}
