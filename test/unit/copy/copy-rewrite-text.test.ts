import { describe, expect, it } from 'vitest'
import type { CopyRewriteOutcome } from '../../../src/copy/copy-rewrite-outcome.js'
import { copyRewriteText, COPY_NO_LINKS_TEXT, COPY_USAGE_TEXT } from '../../../src/copy/copy-rewrite.text.js'

describe(copyRewriteText.name, () => {
  it.each<[string, CopyRewriteOutcome, string]>([
    ['empty', { kind: 'empty' }, COPY_USAGE_TEXT],
    ['no links', { kind: 'no-links' }, COPY_NO_LINKS_TEXT],
    ['too long', { kind: 'too-long', maxChars: 5000 }, '文案太长了（超过5000字），这次没有转换。请分成几段，每段不超过5000字再发。'],
    ['all converted: the copy alone', { kind: 'rewritten', text: '好价 https://u.jd.com/X', problems: [], notConverted: 0, maxLinks: 20, converted: [] }, '好价 https://u.jd.com/X'],
    [
      'failures of each kind, listed by place, with the platform’s reason',
      {
        kind: 'rewritten',
        text: 'A [此链接无法转换]\nB [此链接无法转换]\nC [此链接无法转换]',
        problems: [
          { kind: 'failed', position: 1, platform: 'taobao', form: 'code', failure: 'link-unresolvable' },
          { kind: 'failed', position: 2, platform: 'pdd', form: 'url', failure: 'needs-authorization', authorizationUrl: 'https://r.example/a/K7' },
          { kind: 'foreign', position: 3 },
        ],
        notConverted: 0,
        maxLinks: 20,
        converted: [],
      },
      [
        'A [此链接无法转换]\nB [此链接无法转换]\nC [此链接无法转换]',
        '',
        '————————',
        '以下3处无法转换，已换成[此链接无法转换]，转发前请删掉或换成别的商品：',
        '第1处（淘口令）：这个淘宝链接或口令已失效或无法识别，请在App里重新复制分享后再发给我。',
        '第2处（拼多多链接）：拼多多要求先授权一次才能领券返利：请打开 https://r.example/a/K7 完成授权，授权后再发一次链接。',
        '第3处（其他网址）：不是淘宝/京东/拼多多的商品链接，无法换成你的链接。',
      ].join('\n'),
    ],
    [
      'too many links',
      { kind: 'rewritten', text: 'x [链接太多未转换]', problems: [{ kind: 'failed', position: 1, platform: 'jd', form: 'url', failure: 'platform-busy' }], notConverted: 3, maxLinks: 20, converted: [] },
      [
        'x [链接太多未转换]',
        '',
        '————————',
        '以下1处无法转换，已换成[此链接无法转换]，转发前请删掉或换成别的商品：',
        '第1处（京东链接）：京东接口繁忙，请稍后再试。',
        '一次最多转换20个链接，另外3个已标为[链接太多未转换]，请把后面的部分分开再发。',
      ].join('\n'),
    ],
  ])('%s', (_name, outcome, text) => {
    expect(copyRewriteText(outcome)).toBe(text)
  })
})
