#!/usr/bin/env node
// Runs the compiled CLI (`npm run build` → dist/) when it is at least as new as
// every source file: plain JavaScript keeps a role process ~90 MB smaller than
// tsx's loader does. A checkout without a current build runs the TypeScript
// through tsx, so an edit is never masked by a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const built = join(root, 'dist', 'cli', 'main.js')

function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (entry.name.endsWith('.ts') || entry.name.endsWith('.tsx')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

const sources = ['cli', 'src', 'bots', 'jobs', 'web', 'migrations'].map((dir) => join(root, dir)).filter(existsSync)
if (existsSync(built) && Math.max(...sources.map(newestSource)) <= statSync(built).mtimeMs) {
  await import(built)
} else {
  const { register } = await import('tsx/esm/api')
  // The project's tsconfig whatever the working directory (a data directory, say): without it tsx compiles
  // the web pages' JSX for React, and every page fails with "React is not defined".
  register({ tsconfig: join(root, 'tsconfig.json') })
  await import(join(root, 'cli', 'main.ts'))
}
