import type { ParsedLink } from '../links/parsed-link.js'
import { parseLinks } from '../links/parse-links.js'

export type CommandName = 'help'

export type Intent =
  | { readonly kind: 'links'; readonly links: readonly ParsedLink[] }
  | { readonly kind: 'command'; readonly name: CommandName; readonly args: string }
  | { readonly kind: 'chatter' }
  | { readonly kind: 'empty' }

const COMMANDS: ReadonlyMap<string, CommandName> = new Map([
  ['帮助', 'help'],
  ['菜单', 'help'],
  ['命令', 'help'],
  ['help', 'help'],
  ['?', 'help'],
  ['？', 'help'],
])

/** Commands are short; anything longer is chatter or a pasted link. */
const MAX_COMMAND_CHARS = 64

/** What a chat message asks for. Links win over commands: a pasted share text may contain any word. */
export function routeText(text: string): Intent {
  const trimmed = text.trim()
  if (trimmed === '') return { kind: 'empty' }
  const links = parseLinks(trimmed)
  if (links.length > 0) return { kind: 'links', links }
  if (trimmed.length <= MAX_COMMAND_CHARS) {
    const [head = '', ...rest] = trimmed.replace(/^[/／]/, '').split(/\s+/)
    const name = COMMANDS.get(head.toLowerCase())
    if (name) return { kind: 'command', name, args: rest.join(' ') }
  }
  return { kind: 'chatter' }
}
