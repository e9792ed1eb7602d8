import { spawn, type ChildProcess } from 'node:child_process'

const CLI = new URL('../../cli/main.ts', import.meta.url).pathname

/** One `cli/main.ts start …` process with its output collected. */
export interface RoleProcess {
  readonly child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves when stderr (the log) or stdout contains `text`; rejects after `ms` or when the process ends first. */
  shows(text: string, ms?: number): Promise<void>
  /** Writes lines to its stdin (the terminal chat's input). */
  type(...lines: string[]): void
  exited(): Promise<number | null>
}

/** Starts `node --import tsx cli/main.ts start ...args` with only PATH, HOME and `env` (plus json debug logging, and the web role on any free port). */
export function startRoleProcess(args: readonly string[], env: Record<string, string>): RoleProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'start', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'debug', LOG_FORMAT: 'json', WEB_PORT: '0', METRICS_PORT: '0', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    shows: async (text, ms = 60_000) => {
      const deadline = Date.now() + ms
      while (!stdout.includes(text) && !stderr.includes(text)) {
        if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`no "${text}"; stdout:\n${stdout.slice(-3000)}\nstderr:\n${stderr.slice(-3000)}`)
        }
        await new Promise((done) => setTimeout(done, 50))
      }
    },
    type: (...lines) => void child.stdin?.write(lines.map((line) => `${line}\n`).join('')),
    exited: () => exit,
  }
}
