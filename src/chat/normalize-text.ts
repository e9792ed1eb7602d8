/**
 * Characters that carry nothing a person meant and break what follows:
 * zero-width spaces and non-joiners, the word joiner, the byte-order mark, bidi
 * controls (pasted from apps, they split a link or a command), and C0/C1
 * control characters other than tab and newline (PostgreSQL refuses NUL).
 */
const INVISIBLE = /[\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g

/**
 * The zero-width joiner, except where it joins two emoji (👨‍👩‍👧 is one
 * picture made of three): elsewhere it only splits words and links.
 */
const STRAY_JOINER = /(?<!\p{Extended_Pictographic}\p{Emoji_Modifier}?\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu

/**
 * A surrogate without its partner: JS strings allow it, UTF-8 cannot encode
 * it, so a reply echoing it (a sender's name in a group @-mention) would be
 * mangled or refused by a real transport, and PostgreSQL stores it as U+FFFD.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * What a chat message means, as typed on any keyboard: Unicode NFKC (full-
 * width digits and letters, full-width colons and spaces become their plain
 * forms: `提现 １０`, `绑定：ＧＮＲ７Ｄ６`), CR LF as LF, the invisible
 * characters above removed and lone surrogates replaced by U+FFFD (after the
 * removal, so an emoji split by a zero-width space is whole again).
 * Applied once, where a message enters.
 */
export function normalizeChatText(text: string): string {
  return cleanChatText(text).normalize('NFKC')
}

/**
 * The message as written, only without what breaks it: CR LF as LF, the
 * invisible characters removed, lone surrogates replaced — no NFKC, which
 * would turn a copy's full-width ，！（） into ASCII. For 转链, which hands the
 * sender's copy back as they wrote it.
 */
export function cleanChatText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(STRAY_JOINER, '').replace(LONE_SURROGATE, '\uFFFD')
}
