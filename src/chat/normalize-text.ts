/**
 * Characters that carry nothing a person meant and break what follows:
 * zero-width spaces and joiners, the word joiner, the byte-order mark, bidi
 * controls (pasted from apps, they split a link or a command), and C0/C1
 * control characters other than tab and newline (PostgreSQL refuses NUL).
 */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g

/**
 * What a chat message means, as typed on any keyboard: Unicode NFKC (full-
 * width digits and letters, full-width colons and spaces become their plain
 * forms: `提现 １０`, `绑定：ＧＮＲ７Ｄ６`), CR LF as LF, and the invisible
 * characters above removed. Applied once, where a message enters.
 */
export function normalizeChatText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').normalize('NFKC')
}
