import { pino, type Logger as PinoLogger } from 'pino'
import { prettyFactory } from 'pino-pretty'
import { REDACTED, redactPaths, secretCensor } from './log-redaction.js'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'
/** `json`: one JSON object a line, for log collectors. `pretty`: one readable line an event, for a person at a terminal. */
export type LogFormat = 'json' | 'pretty'

export interface LogSetup {
  readonly level: LogLevel
  readonly format: LogFormat
  /** Configured secret values: censored wherever they appear in a line. */
  readonly secrets?: readonly string[]
  /** ANSI colours in the pretty format (a terminal, not a file or a pipe). */
  readonly colors?: boolean
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/*
 * Until the composition root calls setupLogging (tests, benchmarks, scripts):
 * readable lines at info, no configured secrets (field names and credential
 * URL parameters are still censored).
 */
let setup: Required<LogSetup> = { level: 'info', format: 'pretty', secrets: [], colors: false }
let sink: (line: string) => void = (line) => process.stderr.write(line + '\n')
let root: PinoLogger | undefined
const children = new Map<string, PinoLogger>()

/** Set once by the composition root from config. */
export function setupLogging(next: LogSetup): void {
  setup = { secrets: [], colors: false, ...next }
  rebuild()
}

export function setLogLevel(level: LogLevel): void {
  setup = { ...setup, level }
  rebuild()
}

/** Tests capture lines here instead of writing to stderr; a line is one event (a pretty one may span lines for a stack). */
export function setLogSink(next: (line: string) => void): void {
  sink = next
}

/** Censors the configured secrets in text written without the logger (the last words of a failed start). */
export function censorSecrets(text: string): string {
  return secretCensor(setup.secrets)(text)
}

/** A module-tagged logger writing one event a line to stderr (stdout belongs to the chat). */
export function createLogger(module: string): Logger {
  const write = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>): void => {
    const logger = child(module)
    if (!logger.isLevelEnabled(level)) return
    logger[level](fields ? withErrorsSerialized(fields) : {}, message)
  }
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  }
}

/**
 * The pino logger behind `createLogger(module)`, for libraries that take one
 * (Fastify's `loggerInstance`): same level, format, redaction and censoring.
 */
export function pinoLogger(module: string): PinoLogger {
  return child(module)
}

function child(module: string): PinoLogger {
  let logger = children.get(module)
  if (!logger) {
    root ??= createRoot()
    logger = root.child({ module })
    children.set(module, logger)
  }
  return logger
}

function rebuild(): void {
  root = undefined
  children.clear()
}

function createRoot(): PinoLogger {
  const censor = secretCensor(setup.secrets)
  const prettify =
    setup.format === 'pretty'
      ? prettyFactory({
          colorize: setup.colors,
          translateTime: 'SYS:HH:MM:ss',
          // Time and level from pino-pretty, the rest from prettyMessage: a field named `pid` or `name` stays a field.
          include: 'level,time',
          messageFormat: prettyMessage(setup.level === 'debug'),
        })
      : undefined
  // Every line is censored as serialized text, after pino's own redaction, so no path through a field escapes it.
  const destination = {
    write: (chunk: string): void => {
      const line = censor(chunk)
      sink((prettify ? prettify(line) : line).trimEnd())
    },
  }
  return pino(
    {
      level: setup.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths(), censor: REDACTED },
      // Errors are serialized by withErrorsSerialized whatever their field's name; pino's `err` serializer would see them twice.
      serializers: { err: (value: unknown) => value },
    },
    destination,
  )
}

/**
 * `[module] message {fields}` on the event's line. Each error is one phrase
 * there ("TypeError: fetch failed ← Error: socket hang up"), so an outage is
 * a line in the terminal chat, not a screen of stack frames; at debug level
 * the stacks follow, indented. JSON lines always carry the stacks.
 */
function prettyMessage(showStacks: boolean): (log: Record<string, unknown>, messageKey: string) => string {
  return (log, messageKey) => {
    const fields: Record<string, unknown> = {}
    const stacks: string[] = []
    for (const [key, value] of Object.entries(log)) {
      if (key === 'level' || key === 'time' || key === 'module' || key === messageKey) continue
      fields[key] = isSerializedError(value) ? errorPhrase(value) : value
      if (showStacks && isSerializedError(value)) stacks.push(...errorStacks(value))
    }
    const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : ''
    const below = stacks.map((stack) => `\n    ${stack.replace(/\n/g, '\n    ')}`).join('')
    return `[${String(log.module)}] ${String(log[messageKey])}${rest}${below}`
  }
}

function errorPhrase(error: Record<string, unknown>): string {
  const own = `${typeof error.type === 'string' ? `${error.type}: ` : ''}${String(error.message)}`
  return isSerializedError(error.cause) ? `${own} ← ${errorPhrase(error.cause)}` : own
}

function errorStacks(error: Record<string, unknown>): string[] {
  const own = String(error.stack)
  return isSerializedError(error.cause) ? [own, ...errorStacks(error.cause).map((stack) => `caused by ${stack}`)] : [own]
}

function isSerializedError(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' && typeof (value as { stack?: unknown }).stack === 'string'
}

/**
 * Any field holding an Error becomes its type, message, stack and own properties, with its `cause` alike (pino's errWithCause).
 * Exported for loggers that are pino itself (Fastify's request.log), which would write an Error as `{}`.
 */
export function withErrorsSerialized(fields: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined
  for (const [key, value] of Object.entries(fields)) {
    if (!(value instanceof Error)) continue
    out ??= { ...fields }
    out[key] = pino.stdSerializers.errWithCause(value)
  }
  return out ?? fields
}
