import { invalidArgument, type TopErrorSpec } from './taobao-envelope.js'

/** A row's place in a time-ordered result: the queried time (ms), ties broken by row id. */
export interface PageKey {
  readonly at: number
  readonly id: string
}

export interface PageRequest {
  readonly pageNo: number
  readonly pageSize: number
  /** Present when paging by position: the previous page's first and last keys, and which way to go. */
  readonly position?: { readonly first: PageKey; readonly last: PageKey; readonly jump: 1 | -1 } | undefined
  readonly positionIndex?: string | undefined
}

export interface Page<T> {
  readonly rows: readonly T[]
  readonly hasNext: boolean
  readonly hasPre: boolean
  readonly positionIndex: string
}

const DEFAULT_PAGE_SIZE = 20
const MAX_PAGE_SIZE = 100
const MAX_PAGE_NO = 100
const POSITION = /^(\d{1,15})_(\w{1,40})\.(\d{1,15})_(\w{1,40})$/

type RawPaging = Readonly<Record<'page_no' | 'page_size' | 'position_index' | 'jump_type', unknown>>

/**
 * Paging params as TOP's order APIs take them: `page_no`/`page_size`, and
 * after the first page `position_index` (echoed back) with `jump_type`
 * 1 (next) or -1 (previous). Position paging is keyset paging, so rows
 * that change while a caller pages are neither skipped nor shifted.
 */
export function readPageRequest(raw: RawPaging): PageRequest | TopErrorSpec {
  const pageNo = integerIn(raw.page_no, 1, 1, MAX_PAGE_NO)
  if (pageNo === undefined) return invalidArgument('page_no')
  const pageSize = integerIn(raw.page_size, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
  if (pageSize === undefined) return invalidArgument('page_size')
  const positionIndex = text(raw.position_index)
  if (positionIndex === undefined) return { pageNo, pageSize }
  const match = POSITION.exec(positionIndex)
  if (!match) return invalidArgument('position_index')
  const jump = text(raw.jump_type)
  if (jump !== '1' && jump !== '-1') return invalidArgument('jump_type')
  const [, firstAt, firstId, lastAt, lastId] = match
  return {
    pageNo,
    pageSize,
    positionIndex,
    position: {
      first: { at: Number(firstAt), id: firstId ?? '' },
      last: { at: Number(lastAt), id: lastId ?? '' },
      jump: jump === '1' ? 1 : -1,
    },
  }
}

export function compareKeys(a: PageKey, b: PageKey): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** One page of rows already sorted by `compareKeys` of their keys. */
export function pageOf<T>(sorted: readonly T[], keyOf: (row: T) => PageKey, request: PageRequest): Page<T> {
  const { pageSize, position } = request
  let from: number
  let to: number
  if (position?.jump === 1) {
    from = indexOrLength(sorted.findIndex((row) => compareKeys(keyOf(row), position.last) > 0), sorted)
    to = from + pageSize
  } else if (position?.jump === -1) {
    to = indexOrLength(sorted.findIndex((row) => compareKeys(keyOf(row), position.first) >= 0), sorted)
    from = Math.max(0, to - pageSize)
  } else {
    from = (request.pageNo - 1) * pageSize
    to = from + pageSize
  }
  const rows = sorted.slice(from, to)
  const first = rows[0]
  const last = rows.at(-1)
  return {
    rows,
    hasPre: from > 0 && sorted.length > 0,
    hasNext: to < sorted.length,
    positionIndex: first !== undefined && last !== undefined ? positionOf(keyOf(first), keyOf(last)) : (request.positionIndex ?? ''),
  }
}

function positionOf(first: PageKey, last: PageKey): string {
  return `${first.at}_${first.id}.${last.at}_${last.id}`
}

function indexOrLength(index: number, rows: readonly unknown[]): number {
  return index === -1 ? rows.length : index
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  return String(value)
}

function integerIn(value: unknown, fallback: number, min: number, max: number): number | undefined {
  const raw = text(value)
  if (raw === undefined) return fallback
  if (!/^\d{1,4}$/.test(raw)) return undefined
  const n = Number(raw)
  return n >= min && n <= max ? n : undefined
}

/** The paging fields both order APIs answer with, beside their rows. */
export function pageFields(page: Page<unknown>, paging: PageRequest) {
  return {
    has_next: page.hasNext,
    has_pre: page.hasPre,
    page_no: paging.pageNo,
    page_size: paging.pageSize,
    position_index: page.positionIndex,
  }
}
