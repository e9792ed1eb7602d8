export type GroupCommandName = 'rebate-on' | 'rebate-off' | 'schedule' | 'categories' | 'pause' | 'resume' | 'settings'

const WORDS: ReadonlyMap<string, GroupCommandName> = new Map([
  ['开启返利', 'rebate-on'],
  ['关闭返利', 'rebate-off'],
  ['定时发单', 'schedule'],
  ['发单类目', 'categories'],
  ['暂停发单', 'pause'],
  ['恢复发单', 'resume'],
  ['发单设置', 'settings'],
])

/** A group owner's command (`定时发单 09:00,20:00`), or undefined for anything else. */
export function parseGroupCommand(text: string): { name: GroupCommandName; args: string } | undefined {
  const trimmed = text.trim()
  if (trimmed.length > 200) return undefined
  const match = /^(\S{4})\s*([\s\S]*)$/.exec(trimmed)
  const name = match ? WORDS.get(match[1] ?? '') : undefined
  return name ? { name, args: (match?.[2] ?? '').trim() } : undefined
}
