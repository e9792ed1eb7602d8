import { randomInt } from 'node:crypto'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
/** 12 base62 characters: 71 bits, so a code can be neither guessed nor enumerated. */
export const SHORT_CODE_LENGTH = 12
/** What a code may look like (older or hand-made codes may be shorter, never under 10). */
export const SHORT_CODE_PATTERN = /^[0-9A-Za-z]{10,32}$/

/** A fresh random code; `randomInt` draws each character without modulo bias. */
export function newShortCode(): string {
  let code = ''
  for (let i = 0; i < SHORT_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)]
  return code
}

/** Whether `code` can be a short code at all: anything else is answered 404 without a database query. */
export function isShortCode(code: string): boolean {
  return SHORT_CODE_PATTERN.test(code)
}

/** The link a chat message carries: PUBLIC_BASE_URL (no trailing slash) + /s/CODE. */
export function landingUrl(baseUrl: string, code: string): string {
  return `${baseUrl}/s/${code}`
}

/** The authorization page's link: PUBLIC_BASE_URL + /a/CODE. */
export function authorizationPageUrl(baseUrl: string, code: string): string {
  return `${baseUrl}/a/${code}`
}
