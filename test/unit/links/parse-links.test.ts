import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { extractShareTitle, MAX_LINKS_PER_MESSAGE, parseLinks } from '../../../src/links/parse-links.js'
import { LINK_CASES, SHARE_TITLE_CASES } from '../../fixtures/link-cases.js'

const REPO_ROOT = new URL('../../../', import.meta.url)
// The shared reference's samples, kept with the tests so a clone elsewhere runs them too.
const SAMPLES_FILE = new URL('../../fixtures/link-samples.jsonl', import.meta.url)

const SampleSchema = z.object({ text: z.string(), expect: z.array(z.record(z.string(), z.string())) })

function loadSamples(): z.infer<typeof SampleSchema>[] {
  return readFileSync(SAMPLES_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => SampleSchema.parse(JSON.parse(line)))
}

/** Exact JSON, key order included: it is what `rebate-bot parse` prints. */
const asJson = (value: unknown): string => JSON.stringify(value)

describe(parseLinks.name, () => {
  it('has a table of at least 150 cases', () => {
    expect(LINK_CASES.length).toBeGreaterThanOrEqual(150)
    expect(new Set(LINK_CASES.map((c) => c.name)).size).toBe(LINK_CASES.length)
  })

  it.each(LINK_CASES)('$name', ({ text, expect: expected }) => {
    expect(asJson(parseLinks(text))).toBe(asJson(expected))
  })

  it('never returns more than MAX_LINKS_PER_MESSAGE links', () => {
    const text = Array.from({ length: 40 }, (_, n) => `https://item.jd.com/${100038004300 + n}.html`).join('\n')
    expect(MAX_LINKS_PER_MESSAGE).toBe(5)
    expect(parseLinks(text)).toHaveLength(MAX_LINKS_PER_MESSAGE)
  })
})

describe('JD 联盟商品ID pages (jingfen.jd.com/detail/{itemId}.html)', () => {
  it.each([
    ['https://jingfen.jd.com/detail/VgDXlT9hVVVmDDiCbofTFhV7_VIfTFhV7VVyGGPNs.html', [{ platform: 'jd', itemId: 'VgDXlT9hVVVmDDiCbofTFhV7_VIfTFhV7VVyGGPNs' }]],
    ['看看 jingfen.jd.com/detail/Q9Z2ZdyM.html 这个', [{ platform: 'jd', itemId: 'Q9Z2ZdyM' }]],
    ['https://jingfen.jd.com/item?xyz', []],
    ['https://jingfen.jd.com/detail/a.b.html', []],
  ])('%s', (text, expected) => {
    expect(asJson(parseLinks(text))).toBe(asJson(expected))
  })
})

describe('link-samples.jsonl', () => {
  it.each(loadSamples().map((sample) => ({ ...sample, name: sample.text.slice(0, 50) })))('$name', ({ text, expect: expected }) => {
    expect(asJson(parseLinks(text))).toBe(asJson(expected))
  })
})

describe(extractShareTitle.name, () => {
  it.each(SHARE_TITLE_CASES)('$name', ({ text, expect: expected }) => {
    expect(extractShareTitle(text)).toBe(expected)
  })
})

describe('huge inputs', () => {
  const MB = 1 << 20
  const pseudoRandomChars = (): string => {
    let state = 7
    return Array.from({ length: MB }, () => {
      state = (state * 48271) % 2_147_483_647
      return String.fromCharCode(state % 65_536)
    }).join('')
  }
  const inputs: [string, () => string][] = [
    ['1 MB of chatter', () => '你好，在吗 hello (world) $5 ¥39.9 16:06. '.repeat(MB / 32)],
    ['1 MB of binary garbage', pseudoRandomChars],
    ['1 MB of aaaa…', () => 'a'.repeat(MB)],
    ['1 MB of ((((…', () => '('.repeat(MB)],
    ['1 MB of item.jd.com/ repeated', () => 'item.jd.com/'.repeat(MB / 12)],
    ['1 MB of item.jd.com/ with spaces', () => 'item.jd.com/ '.repeat(MB / 13)],
    ['1 MB of one URL repeated', () => 'https://item.jd.com/100038004359.html'.repeat(MB / 37)],
    ['1 MB of codes', () => '(Smh4X47XhR9)'.repeat(MB / 13)],
    ['1 MB of scene codes', () => 'CZ1234 '.repeat(MB / 7)],
    ['1 MB host', () => `${'a'.repeat(MB)}.jd.com/100038004359.html`],
  ]

  // Loose bound, not a benchmark: a pathological regex would take seconds.
  it.each(inputs)('%s parses in well under 200 ms', (_, build) => {
    const text = build()
    const started = performance.now()
    const links = parseLinks(text)
    expect(performance.now() - started).toBeLessThan(200)
    expect(links.length).toBeLessThanOrEqual(MAX_LINKS_PER_MESSAGE)
  })

  it('finds links at the start of a huge message', () => {
    const text = `https://u.jd.com/x9YzAbC ${'x'.repeat(MB)}`
    expect(parseLinks(text)).toEqual([{ platform: 'jd', kind: 'short', url: 'https://u.jd.com/x9YzAbC' }])
  })
})

describe('src/links is pure', () => {
  const dir = new URL('src/links/', REPO_ROOT)
  it.each(readdirSync(dir).filter((file) => file.endsWith('.ts')))('%s imports only sibling files', (file) => {
    const source = readFileSync(new URL(file, dir), 'utf8')
    const specifiers = [...source.matchAll(/^(?:import|export)\b[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1])
    for (const specifier of specifiers) expect(specifier).toMatch(/^\.\/[\w-]+\.js$/)
  })
})
