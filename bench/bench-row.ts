/** One line of `bench/results.json`. */
export interface BenchRow {
  readonly name: string
  readonly value: number
  readonly unit: string
  readonly target: number | null
  readonly better: 'higher' | 'lower'
}
