import { createHash } from 'node:crypto'

/** 32 deterministic bytes for a seed; the simulator's only source of "randomness". */
export function seedBytes(seed: string): Buffer {
  return createHash('sha256').update(seed, 'utf8').digest()
}

/** A deterministic integer in [0, n) for a seed and a slot (0..7). */
export function pick(seed: string, n: number, slot = 0): number {
  return seedBytes(seed).readUInt32BE((slot % 8) * 4) % n
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A deterministic base62 token of `length` characters. */
export function token(seed: string, length: number): string {
  let out = ''
  for (let round = 0; out.length < length; round++) {
    for (const byte of seedBytes(`${seed}#${round}`)) {
      if (out.length === length) break
      out += BASE62[byte % 62]
    }
  }
  return out
}

/** A deterministic decimal string of `length` digits with no leading zero. */
export function digits(seed: string, length: number): string {
  let out = String(1 + pick(seed, 9))
  for (let round = 0; out.length < length; round++) {
    for (const byte of seedBytes(`${seed}#d${round}`)) {
      if (out.length === length) break
      out += String(byte % 10)
    }
  }
  return out
}
