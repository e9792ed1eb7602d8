/**
 * What never reaches a log line. Three nets, because one is not enough:
 * field names (a `token` field is censored whatever it holds), query
 * parameters named like credentials inside any string (a signed request URL
 * logged under an innocent name), and the configured secret values
 * themselves, wherever they appear (an error message quoting a connection
 * string, a stack, a `cause`).
 */

export const REDACTED = '[REDACTED]'

/** Field names whose value is a credential, in the spellings our code and the platforms use. */
export const SECRET_FIELD_NAMES = [
  'secret',
  'appSecret',
  'app_secret',
  'clientSecret',
  'client_secret',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'session',
  'sessionKey',
  'session_key',
  'password',
  'authorization',
  'cookie',
  'cookies',
  'set-cookie',
  'setCookie',
  'sessionId',
  'session_id',
  'csrf',
  'csrfToken',
  'csrf_token',
  '_csrf',
  'x-csrf-token',
] as const

/**
 * pino `redact` paths for those names at the top level and three levels down
 * (`{ request: { query: { access_token } } }`); deeper values are still caught
 * by the value nets below when they are configured secrets or URL parameters.
 */
export function redactPaths(): string[] {
  // Header names have hyphens: a path step in brackets.
  const step = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `["${name}"]`)
  return SECRET_FIELD_NAMES.flatMap((name) => {
    const last = step(name)
    const top = last.startsWith('.') ? last.slice(1) : last
    return [top, `*${last}`, `*.*${last}`, `*.*.*${last}`]
  })
}

// OAuth's `code` and `state` are one-time credentials too (Taobao's callback, the console's login link).
const PARAM_NAMES = ['app_?secret', 'client_?secret', 'secret', 'access_?token', 'refresh_?token', 'token', 'session(?:_?(?:key|id))?', 'password', 'code', 'state', '_?csrf']
/**
 * `name=value` after `?`, `&`, `;`, a quote or a space: URL queries and form bodies. The value ends where a
 * URL parameter or a JSON string would (`\` starts a JSON escape, so an escaped quote ends it too).
 */
const PARAM_PATTERN = new RegExp(`([?&;"\\s](?:${PARAM_NAMES.join('|')})=)[^&#;\\s"\\\\]+`, 'gi')

/** The spellings a secret may take in a serialized log line: as is, JSON-escaped, URL-encoded both ways. */
function spellings(secret: string): string[] {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])
  try {
    forms.add(decodeURIComponent(secret))
  } catch {
    // Not percent-encoded text: the other spellings stand.
  }
  for (const form of [...forms]) forms.add(JSON.stringify(form).slice(1, -1))
  return [...forms].filter((form) => form !== '')
}

/**
 * A function that censors the secrets and credential parameters in a text
 * (a serialized JSON line, or a message printed without the logger). Longer
 * spellings go first so that a secret containing another is censored whole.
 */
export function secretCensor(secrets: readonly string[]): (text: string) => string {
  const forms = [...new Set(secrets.filter((s) => s !== '').flatMap(spellings))].sort((a, b) => b.length - a.length)
  return (text) => {
    let out = text.replace(PARAM_PATTERN, `$1${REDACTED}`)
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED)
    return out
  }
}
