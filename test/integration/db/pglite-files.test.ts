import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { createDatabase } from '../../../src/db/create-db.js'
import { ensurePgliteFiles } from '../../../src/db/pglite-files.js'

describe('the embedded database’s files', () => {
  const root = mkdtempSync(join(tmpdir(), 'pglite-files-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('are made once, in a child process, and replace a half-made directory left by an interrupted start', async () => {
    const dir = join(root, 'pglite')
    // What an interrupted first start of the old code could leave: a directory without PG_VERSION.
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'stray'), 'x')
    const made = await ensurePgliteFiles(dir)
    expect(made?.peakMb).toBeGreaterThan(0)
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true)
    expect(existsSync(join(dir, 'stray'))).toBe(false)
    expect(readdirSync(root)).toEqual(['pglite'])
    expect(await ensurePgliteFiles(dir)).toBeUndefined()
  })

  it('open with the small buffer pool, and keep what was written across a reopen', async () => {
    const dataDir = join(root, 'data')
    const first = await createDatabase({ dataDir })
    await sql`create table kept (n integer); insert into kept values (7)`.execute(first.db)
    await first.close()
    const second = await createDatabase({ dataDir })
    try {
      const { rows } = await sql<{ n: number; shared_buffers: string }>`
        select n, current_setting('shared_buffers') as shared_buffers from kept`.execute(second.db)
      expect(rows).toEqual([{ n: 7, shared_buffers: '16MB' }])
    } finally {
      await second.close()
    }
  })
})
