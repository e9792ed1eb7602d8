import { describe, expect, it } from 'vitest'
import { buildJdForm, formatJdTimestamp } from '../../../src/platforms/jd/jd-form.js'

describe(formatJdTimestamp.name, () => {
  it.each([
    ['2024-01-01T04:00:00Z', '2024-01-01 12:00:00'],
    ['2023-12-31T16:00:00Z', '2024-01-01 00:00:00'],
    ['2024-02-29T15:59:59.999Z', '2024-02-29 23:59:59'],
  ])('%s is %s in Beijing', (iso, expected) => {
    expect(formatJdTimestamp(new Date(iso))).toBe(expected)
  })
})

describe(buildJdForm.name, () => {
  it('signs the reference vector (cps-platforms.md §3.1)', () => {
    const form = buildJdForm({
      method: 'jd.union.open.order.row.query',
      appKey: 'abc',
      secret: 'jd-secret',
      now: new Date('2024-01-01T04:00:00Z'),
      businessParams: {
        orderReq: { pageIndex: 1, pageSize: 20, type: 3, startTime: '2024-01-01 11:00:00', endTime: '2024-01-01 12:00:00' },
      },
    })
    expect(form).toEqual({
      method: 'jd.union.open.order.row.query',
      app_key: 'abc',
      timestamp: '2024-01-01 12:00:00',
      format: 'json',
      v: '1.0',
      sign_method: 'md5',
      '360buy_param_json':
        '{"orderReq":{"pageIndex":1,"pageSize":20,"type":3,"startTime":"2024-01-01 11:00:00","endTime":"2024-01-01 12:00:00"}}',
      sign: 'B6EC56C4424D33D5541A9DF9B5C29B8B',
    })
  })

  it('leaves undefined business fields out of the JSON it signs', () => {
    const form = buildJdForm({
      method: 'm',
      appKey: 'k',
      secret: 's',
      now: new Date(0),
      businessParams: { promotionCodeReq: { materialId: 'https://item.jd.com/1.html', couponUrl: undefined } },
    })
    expect(form['360buy_param_json']).toBe('{"promotionCodeReq":{"materialId":"https://item.jd.com/1.html"}}')
  })
})
