import { performance } from 'node:perf_hooks'
import { createDatabase } from '../src/db/create-db.js'
import { funnelByPush, operatorFunnelReport, ownerFunnelReport } from '../src/reports/funnel.service.js'
const h = await createDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/scratch_funnel', dataDir: 'memory' })
const deps = { db: h.db, timeZone: 'Asia/Shanghai' }
const now = new Date()
for (let i = 0; i < 3; i++) {
  let t = performance.now(); await operatorFunnelReport(deps, now); const a = performance.now() - t
  t = performance.now(); await ownerFunnelReport(deps, 'owner-1', now); const b = performance.now() - t
  console.log('operator', a.toFixed(0), 'owner', b.toFixed(0))
}
await h.close()
