import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config.js'
import { censorSecrets, createLogger, setLogSink, setupLogging } from '../../../src/shared/log.js'

/** Every secret variable of src/config.ts, each with a value found nowhere else. */
const SECRET_ENV = {
  TAOBAO_APP_KEY: '12345678',
  TAOBAO_APP_SECRET: 'tbSecretQ7x9Kz',
  TAOBAO_ADZONE_ID: '111',
  JD_APP_KEY: 'jdkey',
  JD_APP_SECRET: 'jdSecretW3v8Pm',
  PDD_CLIENT_ID: 'pddid',
  PDD_CLIENT_SECRET: 'pddSecretR5t2Ln',
  PDD_PID: '1_2',
  WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_token_Zr4Yq1',
  DATABASE_URL: 'postgres://rebate:dbPass%2FHk6Vs@db.example:5432/rebate',
  REDIS_URL: 'redis://default:redisPassJ2Fw@cache.example:6379',
}
const SECRET_VALUES = ['tbSecretQ7x9Kz', 'jdSecretW3v8Pm', 'pddSecretR5t2Ln', 'puppet_token_Zr4Yq1', 'dbPass%2FHk6Vs', 'dbPass/Hk6Vs', 'redisPassJ2Fw']
/** Runtime credentials that are not configuration (a user's session, an access token): censored by name. */
const RUNTIME_VALUES = ['userSessionAb12', 'accessTokCd34', 'plainTokEf56', 'queryTokGh78', 'refreshIj90', 'oauthCodeKl12', 'oauthStateMn34', 'consoleCookieOp56', 'csrfTokQr78', 'setCookieSt90']

let lines: string[]

beforeEach(() => {
  lines = []
  setLogSink((line) => lines.push(line))
})

afterEach(() => {
  setupLogging({ level: 'info', format: 'pretty' })
  setLogSink((line) => process.stderr.write(line + '\n'))
})

function configured(format: 'json' | 'pretty'): void {
  const config = loadConfig({ ...SECRET_ENV, LOG_LEVEL: 'debug', LOG_FORMAT: format })
  setupLogging({ level: config.log.level, format: config.log.format ?? 'json', secrets: config.log.secrets })
}

/** Logs the ways a secret reaches a logger in this code base. */
function logEverythingRisky(): void {
  const log = createLogger('secrets-test')
  const signed = `https://gw-api.pinduoduo.com/api/router?type=pdd.ddk.goods.search&client_id=pddid&client_secret=pddSecretR5t2Ln&sign=ABC`
  // An adapter error whose message quotes the signed request, under a field named innocently.
  log.error('link conversion failed', { platform: 'pdd', request: signed, error: new Error(`gateway refused ${signed}`) })
  // A start-up failure quoting DATABASE_URL and REDIS_URL with their passwords.
  log.error('database unreachable', {
    error: new Error(`connect ECONNREFUSED ${SECRET_ENV.DATABASE_URL}`, { cause: new Error(`while reaching ${SECRET_ENV.REDIS_URL}`) }),
  })
  // Secrets in the message itself and in a free-text field.
  log.warn(`taobao said: invalid app_secret tbSecretQ7x9Kz for key 12345678`, { detail: 'jd secret was jdSecretW3v8Pm' })
  // Fields named like credentials, at the top level and nested, holding values nobody configured.
  log.info('binding', {
    token: 'plainTokEf56',
    accessToken: 'accessTokCd34',
    session: 'userSessionAb12',
    platform: { auth: { refresh_token: 'refreshIj90' } },
    callback: 'https://example.test/cb?code=1&access_token=queryTokGh78',
  })
  // A web request's parts: Taobao's OAuth callback, the console's session cookie and CSRF token, a response's cookie.
  log.warn('console request', {
    url: '/taobao/callback?code=oauthCodeKl12&state=oauthStateMn34',
    headers: { cookie: 'rb_console=consoleCookieOp56', 'x-csrf-token': 'csrfTokQr78' },
    response: { headers: { 'set-cookie': 'rb_console=setCookieSt90; HttpOnly' } },
  })
  log.debug('puppet', { puppetToken: 'puppet_token_Zr4Yq1' })
  // JSON-escaped in the serialized line: a quote beside the secret must not split it from the censor.
  log.info('quoted', { note: `"tbSecretQ7x9Kz"` })
}

describe('logging', () => {
  it.each(['json', 'pretty'] as const)('no configured secret or named credential reaches a %s line', (format) => {
    configured(format)
    logEverythingRisky()
    const output = lines.join('\n')
    expect(lines).toHaveLength(7)
    for (const secret of [...SECRET_VALUES, ...RUNTIME_VALUES]) expect(output).not.toContain(secret)
    expect(output).toContain('[REDACTED]')
    // What is not secret stays readable.
    expect(output).toContain('db.example:5432')
    expect(output).toContain('client_id=pddid')
  })

  it('writes JSON lines with level, time, module, message, and errors with their stack and cause', () => {
    configured('json')
    const cause = new Error('socket hang up')
    createLogger('jobs').warn('sync run failed', { platform: 'jd', attempt: 2, error: new TypeError('fetch failed', { cause }) })
    expect(lines).toHaveLength(1)
    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>
    expect(entry).toMatchObject({ level: 'warn', module: 'jobs', msg: 'sync run failed', platform: 'jd', attempt: 2 })
    expect(new Date(String(entry.time)).toString()).not.toBe('Invalid Date')
    expect(entry.error).toMatchObject({
      type: 'TypeError',
      message: 'fetch failed',
      stack: expect.stringMatching(/^TypeError: fetch failed\n\s+at /),
      cause: { type: 'Error', message: 'socket hang up', stack: expect.stringMatching(/^Error: socket hang up\n\s+at /) },
    })
  })

  it('serializes an Error under any field name, not only `error`', () => {
    configured('json')
    createLogger('x').warn('lost the lock', { reason: new RangeError('gone') })
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ reason: { type: 'RangeError', message: 'gone', stack: expect.stringContaining('at ') } })
  })

  it('writes one readable line an event in the pretty format, an error as its message and cause', () => {
    setupLogging({ level: 'info', format: 'pretty' })
    createLogger('outbox').info('outbox sent', { conversationId: 'wxid_a' })
    createLogger('outbox').error('outbox send failed', { error: new TypeError('fetch failed', { cause: new Error('socket hang up') }) })
    expect(lines).toEqual([
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] INFO: \[outbox\] outbox sent \{"conversationId":"wxid_a"\}$/),
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] ERROR: \[outbox\] outbox send failed \{"error":"TypeError: fetch failed ← Error: socket hang up"\}$/),
    ])
  })

  it('shows the stacks in the pretty format at debug level', () => {
    setupLogging({ level: 'debug', format: 'pretty' })
    createLogger('outbox').error('outbox send failed', { error: new Error('boom', { cause: new Error('deeper') }) })
    expect(lines[0]).toMatch(/ERROR: \[outbox\] outbox send failed/)
    expect(lines[0]).toMatch(/Error: boom\n\s+at /)
    expect(lines[0]).toMatch(/Error: deeper\n\s+at /)
  })

  it('drops events below the level', () => {
    setupLogging({ level: 'warn', format: 'json' })
    const log = createLogger('x')
    log.debug('d')
    log.info('i')
    log.warn('w')
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['w'])
  })

  it('censors the configured secrets in text printed without the logger (a failed start)', () => {
    configured('json')
    expect(censorSecrets(`DATABASE_URL: cannot use ${SECRET_ENV.DATABASE_URL}`)).toBe('DATABASE_URL: cannot use postgres://rebate:[REDACTED]@db.example:5432/rebate')
  })
})
