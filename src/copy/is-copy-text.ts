import { findCopySpans } from '../links/find-copy-spans.js'
import { MAX_COPY_CHARS } from './copy-rewrite-outcome.js'
import { SCENE_CODE } from '../links/find-share-codes.js'

/**
 * The words a shopping app puts around the one link of its share text (Taobao, JD, Pinduoduo, in their plain and
 * obfuscated spellings, as in test/fixtures/link-cases.ts): none of them is the sender's own wording.
 */
const SHARE_BOILERPLATE =
  /点击链接|直接打开|或者|或|淘宝搜索|搜索|复制|復制|復·制|文案|整段话|本条消息|本条信息|这段描述|打开|咑閞|再选择浏览器|手机淘宝|淘宝|天猫|京东|拼多多|淘|寳|后|到|即可查看|抢购|tao/g
/** The share code beside a link in a share text (`CZ0001`, JD's `CA1565`). */
const SHARE_SCENE_CODE = /(?<![A-Za-z0-9])[A-Z]{2}[0-9]{4}(?![A-Za-z0-9])/g

/**
 * Whether 推送's text is a copy (words around its links, or a 口令 inside a
 * sentence) rather than bare links: a copy is pushed as written, bare links
 * become deal cards. Digits, punctuation and the scene codes of share texts
 * (`CZ3457`) are not words, and neither is a shopping app's share text of one
 * item (its `【淘宝】` and `「title」` and its "点击链接直接打开"): the owner
 * shared an item from the app, and its deal card (price after coupon, picture)
 * says more than the app's boilerplate. Text without any link is not a copy
 * (推送's usage answers it). A text past the copy limit is a copy without
 * looking (the copy path answers it is too long), so 1 MB is not scanned.
 */
export function isCopyText(text: string): boolean {
  if (text.length > MAX_COPY_CHARS) return true
  const spans = findCopySpans(text)
  if (spans.length === 0) return false
  let rest = ''
  let at = 0
  for (const span of spans) {
    rest += `${text.slice(at, span.start)} `
    at = span.end
  }
  rest += text.slice(at)
  const words = rest.replace(SCENE_CODE, ' ')
  if (!hasLetters(words)) return false
  const items = new Set(spans.map((span) => (span.kind === 'link' ? JSON.stringify(span.link) : `foreign:${span.start}`)))
  return !(items.size === 1 && isShareBoilerplate(words))
}

/** What is left of a one-item text once the app's brackets, title, share code and stock phrases are gone: nothing. */
function isShareBoilerplate(words: string): boolean {
  const left = words
    .replace(/【[^】]{0,20}】/g, ' ')
    .replace(/「[^」]*」/g, ' ')
    .replace(SHARE_SCENE_CODE, ' ')
    .replace(SHARE_BOILERPLATE, ' ')
  return !hasLetters(left)
}

function hasLetters(text: string): boolean {
  return /\p{L}/u.test(text)
}
