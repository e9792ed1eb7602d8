import { signParams } from '../sign.js'

/** The params the JOS gateway expects besides the method's own. */
export const JD_API_VERSION = '1.0'

const BEIJING_OFFSET_MS = 8 * 3_600_000

/** `yyyy-MM-dd HH:mm:ss` in Beijing time, whatever the host's time zone. */
export function formatJdTimestamp(date: Date): string {
  const iso = new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`
}

export interface JdFormInput {
  readonly method: string
  readonly appKey: string
  readonly secret: string
  readonly now: Date
  /** `{ <reqObjName>: {...} }`, sent as the JSON string `360buy_param_json`. */
  readonly businessParams: Readonly<Record<string, unknown>>
}

/**
 * The signed form for one JOS call. The JSON string is signed exactly as it
 * is sent, so it is serialised once here and never re-encoded.
 */
export function buildJdForm(input: JdFormInput): Record<string, string> {
  const form: Record<string, string> = {
    method: input.method,
    app_key: input.appKey,
    timestamp: formatJdTimestamp(input.now),
    format: 'json',
    v: JD_API_VERSION,
    sign_method: 'md5',
    '360buy_param_json': JSON.stringify(input.businessParams),
  }
  form.sign = signParams(form, input.secret, 'md5')
  return form
}
