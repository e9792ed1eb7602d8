/**
 * Reads Prometheus text exposition (0.0.4) into `name{label="value",…}` →
 * value, labels sorted by name, so a test can look a series up whatever
 * order the registry wrote them in. Comment lines (# HELP, # TYPE) are kept
 * apart: `types` maps a metric name to its declared type.
 */
export interface Scrape {
  readonly values: ReadonlyMap<string, number>
  readonly types: ReadonlyMap<string, string>
  /** The series' value, 0 when absent (a counter never incremented is not written with those labels). */
  value(name: string, labels?: Readonly<Record<string, string>>): number
  has(name: string, labels?: Readonly<Record<string, string>>): boolean
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g

export function seriesKey(name: string, labels: Readonly<Record<string, string>> = {}): string {
  const parts = Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}="${value}"`)
  return parts.length > 0 ? `${name}{${parts.join(',')}}` : name
}

export function parsePrometheusText(text: string): Scrape {
  const values = new Map<string, number>()
  const types = new Map<string, string>()
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ')
      if (name && type) types.set(name, type)
      continue
    }
    if (line.startsWith('#')) continue
    const match = LINE.exec(line)
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`)
    const [, name = '', labelText = '', raw = ''] = match
    const labels: Record<string, string> = {}
    for (const [, key = '', value = ''] of labelText.matchAll(LABEL)) labels[key] = value.replace(/\\"/g, '"').replace(/\\n/g, '\n').replace(/\\\\/g, '\\')
    values.set(seriesKey(name, labels), raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw))
  }
  return {
    values,
    types,
    value: (name, labels) => values.get(seriesKey(name, labels)) ?? 0,
    has: (name, labels) => values.has(seriesKey(name, labels)),
  }
}
