import { execFile } from 'node:child_process'
import { existsSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * PGlite runs PostgreSQL with its own defaults (128 MB shared_buffers) inside
 * the process's memory; the embedded database is one small bot's, so a 16 MB
 * buffer pool holds its working set and keeps the all-in-one process small
 * (measured: an opened data directory takes ~165 MB RSS instead of ~300).
 */
export const PGLITE_SETTINGS: readonly string[] = ['shared_buffers=16MB', 'work_mem=2MB', 'temp_buffers=2MB']

/** What creating the embedded database's files cost, for the log. */
export interface PgliteInit {
  readonly seconds: number
  /** Peak resident memory of the short-lived process that ran initdb. */
  readonly peakMb: number
}

// Runs in a plain `node -e` child: no loader, no app code, only PGlite's CommonJS build.
const INIT_SCRIPT = `
const { PGlite } = require(process.argv[1])
PGlite.create(process.argv[2])
  .then((db) => db.close())
  .then(() => process.stdout.write(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })))
  .catch((error) => { process.stderr.write(String((error && error.stack) || error)); process.exit(1) })
`

/**
 * Creates the embedded database's files in `dir` unless they exist.
 * initdb inside PGlite peaks at ~700 MB and a process keeps most of it after
 * it finishes, so it runs once, in a short-lived child process; the bot then
 * opens the finished directory at a fraction of that. The files are made
 * beside `dir` and renamed into place, so an interrupted first start leaves
 * no half-made database behind.
 * @returns undefined when the database already existed
 */
export async function ensurePgliteFiles(dir: string): Promise<PgliteInit | undefined> {
  if (existsSync(join(dir, 'PG_VERSION'))) return undefined
  const building = `${dir}.init-${process.pid}`
  rmSync(building, { recursive: true, force: true })
  const started = performance.now()
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite')
  try {
    const { stdout } = await run(process.execPath, ['-e', INIT_SCRIPT, entry, building], { maxBuffer: 1 << 20 })
    const { maxRssKb } = JSON.parse(stdout) as { maxRssKb: number }
    rmSync(dir, { recursive: true, force: true })
    renameSync(building, dir)
    return { seconds: (performance.now() - started) / 1000, peakMb: Math.round(maxRssKb / 1024) }
  } catch (error) {
    rmSync(building, { recursive: true, force: true })
    throw error
  }
}
