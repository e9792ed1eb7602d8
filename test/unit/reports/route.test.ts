import { describe, expect, it } from 'vitest'
import { routeText } from '../../../src/chat/route-text.js'

describe('数据 and 发单报表 route to the funnel reports', () => {
  it.each([
    ['数据', 'funnel'],
    ['/数据', 'funnel'],
    [' 数据 ', 'funnel'],
    ['发单报表', 'push-report'],
  ])('%j → %s', (text, name) => {
    expect(routeText(text)).toMatchObject({ kind: 'command', name })
  })

  it('a link that mentions 数据 is a link', () => {
    expect(routeText('数据线 https://item.jd.com/100038004359.html').kind).toBe('links')
  })
})
