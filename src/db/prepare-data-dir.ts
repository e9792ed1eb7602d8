import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { StartupError } from '../shared/startup-error.js'

/**
 * Makes sure the data directory is a writable directory before anything
 * puts state in it (embedded database, WeChat login, private Redis), so a
 * wrong REBATE_BOT_DATA_DIR is one clear line instead of a failure deep
 * inside whichever of them touches it first.
 * @throws StartupError naming REBATE_BOT_DATA_DIR
 */
export function prepareDataDir(dir: string): void {
  if (dir === 'memory') return
  const path = resolve(dir)
  const problem = (what: string): StartupError => new StartupError(`REBATE_BOT_DATA_DIR: ${path} ${what}`)
  try {
    if (!statSync(path).isDirectory()) throw problem('is a file, not a directory')
  } catch (error) {
    if (error instanceof StartupError) throw error
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw problem(`cannot be read (${codeOf(error)})`)
  }
  try {
    makeDirs(path)
  } catch (error) {
    throw problem(`cannot be created (${codeOf(error)}${codeOf(error) === 'ENOTDIR' ? ': a part of the path is a file' : ''})`)
  }
  const probe = join(path, `.write-test-${process.pid}`)
  try {
    writeFileSync(probe, '')
    rmSync(probe, { force: true })
  } catch (error) {
    throw problem(`is not writable (${codeOf(error)})`)
  }
}

/**
 * mkdir -p one level at a time: Node's recursive mkdir spins forever on
 * paths it cannot create under /proc (seen on Node 20), which would hang the
 * start with no word.
 */
function makeDirs(path: string): void {
  const missing: string[] = []
  let at = path
  while (!exists(at)) {
    missing.unshift(at)
    const parent = dirname(at)
    if (parent === at) break
    at = parent
  }
  for (const dir of missing) mkdirSync(dir)
}

function exists(path: string): boolean {
  try {
    statSync(path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error))
}
