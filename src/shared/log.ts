export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

let threshold: number = ORDER.info
let sink: (line: string) => void = (line) => process.stderr.write(line + '\n')

/** Set once by the composition root from config. */
export function setLogLevel(level: LogLevel): void {
  threshold = ORDER[level]
}

/** Tests capture lines here instead of writing to stderr. */
export function setLogSink(next: (line: string) => void): void {
  sink = next
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/** A module-tagged logger writing one line per event to stderr (stdout belongs to the chat). */
export function createLogger(module: string): Logger {
  const write = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>): void => {
    if (ORDER[level] < threshold) return
    const extra = fields && Object.keys(fields).length > 0 ? ' ' + JSON.stringify(fields, errorReplacer) : ''
    sink(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${module}] ${message}${extra}`)
  }
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  }
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message }
  return value
}
