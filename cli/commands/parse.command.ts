import { readFileSync } from 'node:fs'
import { parseLinks } from '../../src/links/parse-links.js'

/** `rebate-bot parse "<text>"` (or the text on stdin): one JSON array of what was found. */
export async function runParse(args: string[]): Promise<number> {
  const text = args.length > 0 ? args.join(' ') : readFileSync(0, 'utf8')
  process.stdout.write(JSON.stringify(parseLinks(text)) + '\n')
  return 0
}
