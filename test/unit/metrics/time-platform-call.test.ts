import { describe, expect, it } from 'vitest'
import { metricsRegistry, timePlatformCall } from '../../../src/metrics/metrics.js'
import { PlatformRequestError } from '../../../src/platforms/platform-errors.js'
import { parsePrometheusText } from '../../support/prometheus-text.js'

const scrape = async () => parsePrometheusText(await metricsRegistry.metrics())

describe('timePlatformCall', () => {
  it('observes each attempt and counts a failure by the platform code', async () => {
    const method = `test.method.${Math.random().toString(36).slice(2, 8)}`
    const labels = { platform: 'pdd', method }
    expect(await timePlatformCall('pdd', method, async () => 'ok')).toBe('ok')
    await expect(
      timePlatformCall('pdd', method, async () => {
        throw new PlatformRequestError('pdd', 'refused', { code: 20031 })
      }),
    ).rejects.toThrow('refused')
    const after = await scrape()
    expect(after.value('rebate_bot_platform_request_duration_seconds_count', labels)).toBe(2)
    expect(after.value('rebate_bot_platform_request_errors_total', { ...labels, code: '20031' })).toBe(1)
    expect(after.types.get('rebate_bot_platform_request_duration_seconds')).toBe('histogram')
  })
})
