import { itemKeyFromApiId } from '../catalog.js'

/** What one `material_list` entry points at, before the simulator looks it up. */
export type MaterialRef =
  | { readonly kind: 'item'; readonly itemKey: string }
  | { readonly kind: 'short'; readonly reference: string }
  | { readonly kind: 'code'; readonly code: string }

const SHORT_HOSTS = new Set(['s.click.taobao.com', 'uland.taobao.com', 'm.tb.cn', 'e.tb.cn', 'c.tb.cn'])
const URL_PATTERN = /(?:https?:\/\/)?(?:[a-z0-9-]+\.)+(?:taobao\.com|tmall\.com|tmall\.hk|tb\.cn)(?:\/[^\s，。、」】]*)?/gi
const CODE_PATTERNS = [/[￥¥€$¢₳₴₤¤]([A-Za-z0-9]{8,14})[￥¥€$¢₳₴₤¤]/g, /\(([A-Za-z0-9]{10,14})\)/g]
const BARE_CODE = /^(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{8,14}$/

/**
 * The first link or 淘口令 in a material entry (URL, share text or bare code),
 * the way 万能转链 reads pasted text. Undefined when nothing recognizable is in it.
 */
export function findMaterialRef(text: string): MaterialRef | undefined {
  const trimmed = text.trim()
  if (BARE_CODE.test(trimmed)) return { kind: 'code', code: trimmed }
  const hits: Array<{ index: number; ref: MaterialRef | undefined }> = []
  for (const match of trimmed.matchAll(URL_PATTERN)) hits.push({ index: match.index, ref: urlRef(match[0]) })
  for (const pattern of CODE_PATTERNS) {
    for (const match of trimmed.matchAll(pattern)) hits.push({ index: match.index, ref: { kind: 'code', code: match[1] ?? '' } })
  }
  hits.sort((a, b) => a.index - b.index)
  return hits[0]?.ref
}

function urlRef(text: string): MaterialRef | undefined {
  let url: URL
  try {
    url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`)
  } catch {
    return undefined
  }
  if (SHORT_HOSTS.has(url.hostname)) {
    // Union long links carry their code in `e`, app share links their 口令 in `tk`; short links the last path segment.
    const reference =
      url.searchParams.get('e') ?? url.searchParams.get('tk') ?? url.pathname.split('/').filter(Boolean).pop()
    return reference ? { kind: 'short', reference } : undefined
  }
  const itemKey =
    url.searchParams.get('id') ?? url.searchParams.get('itemId') ?? /\/(?:i|item\/)(\d+)\.htm/.exec(url.pathname)?.[1]
  if (itemKey && /^\d{5,20}$/.test(itemKey)) return { kind: 'item', itemKey }
  // Item pages also carry the new encrypted ids (what material search hands out).
  const decrypted = itemKey ? itemKeyFromApiId('taobao', itemKey) : undefined
  return decrypted ? { kind: 'item', itemKey: decrypted } : undefined
}
