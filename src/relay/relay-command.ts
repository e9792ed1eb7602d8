export type RelayCommandName = 'add-source' | 'remove-source' | 'relay-on' | 'relay-off' | 'filter' | 'report'

const WORDS: ReadonlyMap<string, RelayCommandName> = new Map([
  ['转发来源', 'add-source'],
  ['删除来源', 'remove-source'],
  ['开启转发', 'relay-on'],
  ['关闭转发', 'relay-off'],
  ['转发过滤', 'filter'],
  ['转发报表', 'report'],
])

/** An owner's 线报转发 command in a group (`转发来源 好价线报群`), or undefined for anything else. */
export function parseRelayCommand(text: string): { name: RelayCommandName; args: string } | undefined {
  const trimmed = text.trim()
  if (trimmed.length > 300) return undefined
  const match = /^[/／]?(\S{4})\s*[:：]?\s*([\s\S]*)$/.exec(trimmed)
  const name = match ? WORDS.get(match[1] ?? '') : undefined
  return name ? { name, args: (match?.[2] ?? '').trim() } : undefined
}
