import { readFileSync } from 'node:fs'
import { parseEnv } from 'node:util'
import { z } from 'zod'

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional()

const percent = (fallback: number) =>
  z.coerce.number({ error: 'must be a number from 0 to 100' }).min(0, 'must be 0 to 100').max(100, 'must be 0 to 100').default(fallback)
const wholeIn = (min: number, max: number) =>
  z.coerce
    .number<string | undefined>({ error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`)
const intIn = (min: number, max: number, fallback: number) => wholeIn(min, max).default(fallback)
/** Unset (or blank) stays undefined: the default depends on where the value is used. */
const optionalIntIn = (min: number, max: number) => optionalText.pipe(wholeIn(min, max).optional())
const url = optionalText.pipe(z.url().optional())

const EnvSchema = z
  .object({
    NODE_ENV: optionalText,
    /** Where `start` looks for redis-server when REDIS_URL does not answer. */
    PATH: z.string().default(''),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    /** Unset: the command decides (readable at a terminal and in the terminal chat, JSON lines otherwise). */
    LOG_FORMAT: optionalText.pipe(z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional()),
    REBATE_BOT_DATA_DIR: z.string().trim().min(1).default('./data'),
    DATABASE_URL: optionalText.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
    REDIS_URL: z.string().trim().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
    WECHATY_PUPPET: optionalText,
    WECHATY_PUPPET_SERVICE_TOKEN: optionalText,
    WECHATY_NAME: z.string().trim().min(1).default('rebate-bot'),
    REBATE_USER_SHARE_PERCENT: percent(60),
    REFERRAL_L1_PERCENT: percent(10),
    REFERRAL_L2_PERCENT: percent(5),
    GROUP_OWNER_SHARE_PERCENT: percent(60),
    PLATFORM_TIMEOUT_MS: intIn(100, 60_000, 3000),
    PLATFORM_MAX_ATTEMPTS: intIn(1, 10, 3),
    PLATFORM_RETRY_BASE_MS: intIn(1, 60_000, 200),
    QUEUE_PREFIX: z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ or - (at most 32)').default('rebate-bot'),
    BOT_ACCOUNT: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or - (at most 64)').default('main'),
    /** Unset: a WeChat account's pace (1500 + up to 1500 ms), or the terminal chat's quick one (TERMINAL_PACE). */
    OUTBOX_MIN_GAP_MS: optionalIntIn(0, 600_000),
    OUTBOX_JITTER_MS: optionalIntIn(0, 600_000),
    OUTBOX_ROOM_GAP_MS: intIn(0, 3_600_000, 0),
    OUTBOX_DAILY_PUSH_CAP: optionalText.pipe(z.string().regex(/^\d{1,6}$/, 'must be a whole number').transform(Number).optional()),
    QUIET_HOURS: optionalText.pipe(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'must look like 23:00-08:00').optional()),
    QUIET_MODE: z.enum(['defer', 'drop']).default('defer'),
    ACCOUNT_FAILURE_LIMIT: intIn(1, 1000, 5),
    ACCOUNT_WARMUP_START: intIn(0, 1_000_000, 50),
    ACCOUNT_WARMUP_GROWTH: intIn(0, 1_000_000, 50),
    ACCOUNT_HEARTBEAT_SECONDS: intIn(1, 300, 5),
    NOTICE_REHAND_SECONDS: intIn(1, 86_400, 60),
    PUSH_SPREAD_SECONDS: intIn(0, 3600, 300),
    PUSH_DEDUPE_DAYS: intIn(0, 365, 7),
    /** 线报转发: the same item is relayed to a group at most once in this many hours. */
    RELAY_DEDUPE_HOURS: intIn(0, 24 * 365, 24),
    /** Pictures the sender of a relayed or pushed copy sends this many seconds before or after it go with it; 0: never. */
    PICTURE_WINDOW_SECONDS: intIn(0, 600, 30),
    PUSH_ALLOW_WITHOUT_COUPON: z.enum(['true', 'false']).default('false'),
    ORDER_SYNC_INTERVAL_SECONDS: intIn(1, 3600, 60),
    /** How long SIGTERM waits for jobs in flight before it closes anyway (they are retried elsewhere). */
    SHUTDOWN_TIMEOUT_MS: intIn(0, 600_000, 10_000),
    ORDER_SYNC_OVERLAP_MINUTES: intIn(0, 1440, 10),
    ORDER_SYNC_LOOKBACK_HOURS: intIn(1, 24 * 90, 24),
    ATTRIBUTION_WINDOW_MINUTES: intIn(1, 7 * 24 * 60, 60),
    ATTRIBUTION_CLOCK_SKEW_SECONDS: intIn(0, 600, 30),
    CLAIM_WINDOW_DAYS: intIn(1, 90, 15),
    WITHDRAW_MIN_YUAN: z.coerce.number().min(0.01).max(100_000).default(1),
    WITHDRAW_DAILY_LIMIT: intIn(1, 100, 3),
    REFERRAL_BIND_BEFORE_FIRST_ORDER: z.enum(['true', 'false']).default('true'),
    OPERATOR_IDS: z.string().trim().default(''),
    /** A console session ends after this many minutes without a request. */
    CONSOLE_IDLE_MINUTES: intIn(1, 24 * 60, 30),
    TIME_ZONE: z
      .string()
      .trim()
      .default('Asia/Shanghai')
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: zone })
          return true
        } catch {
          return false
        }
      }, 'must be an IANA time zone such as Asia/Shanghai'),
    SIMULATOR: z.enum(['auto', 'on', 'off']).default('auto'),
    SIMULATOR_PORT: intIn(0, 65_535, 0),
    SIMULATOR_LATENCY_MS: z
      .string()
      .trim()
      .regex(/^\d{1,5}(-\d{1,5})?$/, 'must be milliseconds like 200 or a range like 150-250')
      .refine((v) => {
        const [min = 0, max = min] = v.split('-').map(Number)
        return min <= max
      }, 'a range must not end below its start')
      .default('0'),
    SIMULATOR_JD_TIER: z.enum(['basic', 'advanced']).default('basic'),
    SIMULATOR_PDD_PID_REGISTERED: z.enum(['true', 'false']).default('true'),
    SIMULATOR_PDD_USER_AUTHORIZATION: z.enum(['required', 'off']).default('required'),
    SIMULATOR_TAOBAO_BIG_SALE: z.enum(['true', 'false']).default('false'),
    TAOBAO_APP_KEY: optionalText,
    TAOBAO_APP_SECRET: optionalText,
    TAOBAO_ADZONE_ID: optionalText.pipe(z.string().regex(/^\d+$/, 'must be the numeric adzone id (3rd part of mm_a_b_c)').optional()),
    TAOBAO_SITE_ID: optionalText.pipe(z.string().regex(/^\d+$/, 'must be numeric').optional()),
    TAOBAO_SIGN_METHOD: z.enum(['md5', 'hmac', 'hmac-sha256']).default('md5'),
    TAOBAO_GATEWAY: url,
    JD_APP_KEY: optionalText,
    JD_APP_SECRET: optionalText,
    JD_SITE_ID: optionalText,
    JD_POSITION_ID: optionalText,
    JD_GATEWAY: url,
    PDD_CLIENT_ID: optionalText,
    PDD_CLIENT_SECRET: optionalText,
    PDD_PID: optionalText.pipe(z.string().regex(/^\d+_\d+$/, 'must look like 1949211_49329093').optional()),
    PDD_GATEWAY: url,
    /** The web role's listener (landing pages, OAuth callbacks). */
    WEB_HOST: z.string().trim().min(1).default('127.0.0.1'),
    WEB_PORT: intIn(0, 65_535, 8080),
    /** Where shoppers reach the web role; links in chat start with it. Default: http://WEB_HOST:WEB_PORT. */
    PUBLIC_BASE_URL: url,
    /** on: replies and pushes carry PUBLIC_BASE_URL/s/CODE landing-page links instead of the raw promo link. */
    LANDING_PAGES: z.enum(['on', 'off']).default('on'),
    /** Every role process serves /metrics, /healthz and /readyz here (0: any free port). */
    METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
    METRICS_PORT: intIn(0, 65_535, 9464),
    /** Taobao's OAuth authorization page (the simulator's when Taobao is simulated). */
    TAOBAO_OAUTH_URL: url,
    /** The operator's own Taobao session (OAuth access token): taobao.tbk.sc.invitecode.get needs it. */
    TAOBAO_SESSION: optionalText,
  })

/** Keys that only work together: setting one of a group without the others is a mistake. */
const KEY_GROUPS = [
  ['TAOBAO_APP_KEY', 'TAOBAO_APP_SECRET', 'TAOBAO_ADZONE_ID'],
  ['JD_APP_KEY', 'JD_APP_SECRET'],
  ['PDD_CLIENT_ID', 'PDD_CLIENT_SECRET', 'PDD_PID'],
] as const

/** Checks across variables, run on the raw environment so they report alongside field errors. */
function crossCheck(raw: Readonly<Record<string, string | undefined>>, env: Env | undefined): string[] {
  const problems: string[] = []
  const isSet = (name: string): boolean => (raw[name] ?? '').trim() !== ''
  for (const group of KEY_GROUPS) {
    const set = group.filter(isSet)
    if (set.length === 0 || set.length === group.length) continue
    for (const name of group.filter((n) => !isSet(n))) problems.push(`${name}: required when ${set.join(', ')} is set`)
  }
  const quiet = (raw.QUIET_HOURS ?? '').trim()
  if (quiet !== '' && quiet.slice(0, 5) === quiet.slice(6)) problems.push('QUIET_HOURS: start and end must differ')
  if (env) {
    const shares = env.REBATE_USER_SHARE_PERCENT + env.REFERRAL_L1_PERCENT + env.REFERRAL_L2_PERCENT
    if (shares > 100) {
      problems.push(`REBATE_USER_SHARE_PERCENT: user + referral shares add up to ${shares}%, more than the commission`)
    }
    const ownerShares = env.GROUP_OWNER_SHARE_PERCENT + env.REFERRAL_L1_PERCENT + env.REFERRAL_L2_PERCENT
    if (ownerShares > 100) {
      problems.push(`GROUP_OWNER_SHARE_PERCENT: group-owner + referral shares add up to ${ownerShares}%, more than the commission`)
    }
  }
  return problems
}

type Env = z.infer<typeof EnvSchema>

export interface PlatformKeys {
  readonly appKey: string
  readonly secret: string
  /** Undefined: the official gateway, or the simulator's when `simulated`. */
  readonly gateway: string | undefined
  /** True when no keys are set and the built-in simulator stands in. */
  readonly simulated: boolean
}

export const OFFICIAL_GATEWAYS = {
  taobao: 'https://eco.taobao.com/router/rest',
  jd: 'https://api.jd.com/routerjson',
  pdd: 'https://gw-api.pinduoduo.com/api/router',
} as const

function latencyRange(text: string): { min: number; max: number } {
  const [min = 0, max = min] = text.split('-').map(Number)
  return { min, max }
}

/** The password part of a connection URL, as written (percent-encoded) in it. */
function urlPassword(text: string | undefined): string | undefined {
  if (!text) return undefined
  try {
    return new URL(text).password || undefined
  } catch {
    return undefined
  }
}

/** Every configured value that must never reach a log line (the logger censors each wherever it appears). */
function secretValues(env: Env): string[] {
  return [
    env.TAOBAO_APP_SECRET,
    env.JD_APP_SECRET,
    env.PDD_CLIENT_SECRET,
    env.WECHATY_PUPPET_SERVICE_TOKEN,
    env.TAOBAO_SESSION,
    urlPassword(env.DATABASE_URL),
    urlPassword(env.REDIS_URL),
  ].filter((value): value is string => value !== undefined && value !== '')
}

function buildConfig(env: Env) {
  const simulated = (hasKeys: boolean): boolean =>
    env.SIMULATOR === 'on' || (env.SIMULATOR === 'auto' && !hasKeys)
  const keys = (appKey: string | undefined, secret: string | undefined, gateway: string | undefined): PlatformKeys => ({
    appKey: appKey ?? '',
    secret: secret ?? '',
    gateway,
    simulated: simulated(appKey !== undefined),
  })
  return {
    log: { level: env.LOG_LEVEL, format: env.LOG_FORMAT, secrets: secretValues(env) },
    dataDir: env.REBATE_BOT_DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    searchPath: env.PATH,
    wechaty: { puppet: env.WECHATY_PUPPET, token: env.WECHATY_PUPPET_SERVICE_TOKEN, name: env.WECHATY_NAME },
    /** Shares of the platform commission, in basis points. */
    rates: {
      userShareBp: Math.round(env.REBATE_USER_SHARE_PERCENT * 100),
      referralL1Bp: Math.round(env.REFERRAL_L1_PERCENT * 100),
      referralL2Bp: Math.round(env.REFERRAL_L2_PERCENT * 100),
      groupOwnerShareBp: Math.round(env.GROUP_OWNER_SHARE_PERCENT * 100),
    },
    http: {
      timeoutMs: env.PLATFORM_TIMEOUT_MS,
      retry: { maxAttempts: env.PLATFORM_MAX_ATTEMPTS, baseDelayMs: env.PLATFORM_RETRY_BASE_MS, maxDelayMs: env.PLATFORM_RETRY_BASE_MS * 20 },
    },
    simulator: {
      mode: env.SIMULATOR,
      port: env.SIMULATOR_PORT,
      /** How the simulated platforms behave (see SimSettings). */
      settings: {
        latencyMs: latencyRange(env.SIMULATOR_LATENCY_MS),
        jdTier: env.SIMULATOR_JD_TIER,
        pddPidRegistered: env.SIMULATOR_PDD_PID_REGISTERED === 'true',
        pddUserAuthorization: env.SIMULATOR_PDD_USER_AUTHORIZATION === 'required',
        taobaoBigSale: env.SIMULATOR_TAOBAO_BIG_SALE === 'true',
      },
    },
    queue: { prefix: env.QUEUE_PREFIX, account: env.BOT_ACCOUNT },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    withdrawals: { minimumFen: Math.round(env.WITHDRAW_MIN_YUAN * 100), dailyLimit: env.WITHDRAW_DAILY_LIMIT },
    referrals: { onlyBeforeFirstOrder: env.REFERRAL_BIND_BEFORE_FIRST_ORDER === 'true' },
    /** Chat contact ids allowed to run operator commands (待审核, 通过, 拒绝). */
    operators: env.OPERATOR_IDS.split(',').map((id) => id.trim()).filter((id) => id !== ''),
    /** The operator console (web role): how long a session may sit unused. */
    console: { idleMs: env.CONSOLE_IDLE_MINUTES * 60_000 },
    pushes: {
      spreadMs: env.PUSH_SPREAD_SECONDS * 1000,
      dedupeWindowMs: env.PUSH_DEDUPE_DAYS * 86_400_000,
      allowWithoutCoupon: env.PUSH_ALLOW_WITHOUT_COUPON === 'true',
    },
    relay: { dedupeWindowMs: env.RELAY_DEDUPE_HOURS * 3_600_000, pictureWindowMs: env.PICTURE_WINDOW_SECONDS * 1000 },
    /** The time zone of push schedules (定时发单) and of what "today" means in reports. */
    timeZone: env.TIME_ZONE,
    outbox: {
      minGapMs: env.OUTBOX_MIN_GAP_MS ?? 1500,
      jitterMs: env.OUTBOX_JITTER_MS ?? 1500,
      minRoomGapMs: env.OUTBOX_ROOM_GAP_MS,
      dailyCap: env.OUTBOX_DAILY_PUSH_CAP,
      quietHours: env.QUIET_HOURS ? { start: env.QUIET_HOURS.slice(0, 5), end: env.QUIET_HOURS.slice(6) } : undefined,
      quietMode: env.QUIET_MODE,
    },
    /**
     * The terminal chat's outbox pace where OUTBOX_MIN_GAP_MS / OUTBOX_JITTER_MS are unset: the mock puppet has no
     * WeChat account to protect, so a reply or a relay shows at once, yet a fan-out still arrives one message at a
     * time, and a piped session is reproducible (no jitter). Set the variables to watch a real account's pace.
     */
    terminal: { outbox: { minGapMs: env.OUTBOX_MIN_GAP_MS ?? 300, jitterMs: env.OUTBOX_JITTER_MS ?? 0 } },
    /** One WeChat account's health (src/accounts/): when its pushes pause by themselves, and a new account's warm-up. */
    accounts: {
      /** Failed sends in a row (none matching WeChat's rate-limit or account warnings) that pause the account's pushes. */
      failureLimit: env.ACCOUNT_FAILURE_LIMIT,
      /** A new account's daily push cap on its first day, and how much it grows each day, up to OUTBOX_DAILY_PUSH_CAP. */
      warmup: { start: env.ACCOUNT_WARMUP_START, growthPerDay: env.ACCOUNT_WARMUP_GROWTH },
      /** How often the bot writes its account's state row. */
      heartbeatMs: env.ACCOUNT_HEARTBEAT_SECONDS * 1000,
    },
    notices: {
      /** A notice handed to the chat outbox this long ago and not confirmed sent is handed over again (Redis may have lost it). */
      rehandAfterMs: env.NOTICE_REHAND_SECONDS * 1000,
    },
    web: {
      host: env.WEB_HOST,
      port: env.WEB_PORT,
      /** Without a trailing slash. */
      publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://${env.WEB_HOST}:${env.WEB_PORT}`).replace(/\/+$/, ''),
      /** Whether PUBLIC_BASE_URL was set (else the web role may replace the default with the port it really bound). */
      publicBaseUrlSet: env.PUBLIC_BASE_URL !== undefined,
      landingPages: env.LANDING_PAGES === 'on',
    },
    metrics: { host: env.METRICS_HOST, port: env.METRICS_PORT },
    orders: {
      syncIntervalSeconds: env.ORDER_SYNC_INTERVAL_SECONDS,
      overlapMs: env.ORDER_SYNC_OVERLAP_MINUTES * 60_000,
      initialLookbackMs: env.ORDER_SYNC_LOOKBACK_HOURS * 3_600_000,
      attributionWindowMs: env.ATTRIBUTION_WINDOW_MINUTES * 60_000,
      /** How far our clock may run ahead of a platform's when a link's time is compared with a payment's. */
      clockSkewMs: env.ATTRIBUTION_CLOCK_SKEW_SECONDS * 1000,
      claimWindowMs: env.CLAIM_WINDOW_DAYS * 86_400_000,
    },
    taobao: {
      ...keys(env.TAOBAO_APP_KEY, env.TAOBAO_APP_SECRET, env.TAOBAO_GATEWAY),
      adzoneId: env.TAOBAO_ADZONE_ID ?? '100000001',
      siteId: env.TAOBAO_SITE_ID,
      signMethod: env.TAOBAO_SIGN_METHOD,
      oauthUrl: env.TAOBAO_OAUTH_URL,
      session: env.TAOBAO_SESSION,
    },
    jd: { ...keys(env.JD_APP_KEY, env.JD_APP_SECRET, env.JD_GATEWAY), siteId: env.JD_SITE_ID, positionId: env.JD_POSITION_ID },
    pdd: { ...keys(env.PDD_CLIENT_ID, env.PDD_CLIENT_SECRET, env.PDD_GATEWAY), pid: env.PDD_PID ?? '1000001_2000001' },
  }
}

export type Config = Readonly<ReturnType<typeof buildConfig>>

export class ConfigError extends Error {}

/**
 * Validates the environment once. Every bad variable is named in one error,
 * so an operator fixes them all in one go.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const result = EnvSchema.safeParse(env)
  const problems = [
    ...(result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`)),
    ...crossCheck(env, result.data),
  ]
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(`Invalid configuration:\n${[...new Set(problems)].map((p) => `  ${p}`).join('\n')}`)
  }
  return deepFreeze(buildConfig(result.data))
}

/** The process environment over an optional `.env` file (real variables win). */
export function readEnvironment(envFile = '.env'): Record<string, string | undefined> {
  let fromFile: Record<string, string> = {}
  try {
    fromFile = parseEnv(readFileSync(envFile, 'utf8')) as Record<string, string>
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  return { ...fromFile, ...process.env }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}
