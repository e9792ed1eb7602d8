/**
 * The copy without @mentions: WeChat ends a mention with U+2005 (or a plain
 * space when typed by hand); a mention at the end of a line has no separator.
 * Relayed to another group, `@某人` would name a stranger.
 */
export function stripMentions(text: string): string {
  return text
    .replace(/(?<![^\s\u2005])@[^\s\u2005@]{1,40}(?:\u2005|[ \t]+|(?=\n)|$)/gu, '')
    .replace(/[ \t\u2005]+$/gmu, '')
    .trim()
}
