import { gunzipSync } from 'node:zlib'
import type { Platform } from '../links/parsed-link.js'
import { parseJsonLossless } from './parse-json.js'
import {
  PlatformRateLimitedError,
  PlatformResponseError,
  PlatformUnavailableError,
} from './platform-errors.js'

export interface PostFormOptions {
  readonly url: string
  readonly timeoutMs: number
}

/**
 * POSTs a form to a gateway and returns the parsed JSON body. Transport
 * failures become typed, retryable platform errors; reading the platform's
 * envelope is the adapter's job.
 */
export async function postForm(
  platform: Platform,
  options: PostFormOptions,
  form: Readonly<Record<string, string>>,
): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(options.timeoutMs),
    })
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    throw new PlatformUnavailableError(
      platform,
      timedOut ? `gateway timed out after ${options.timeoutMs} ms` : `gateway unreachable: ${describe(error)}`,
    )
  }
  const bytes = new Uint8Array(await readBody(platform, response))
  if (response.status === 429) throw new PlatformRateLimitedError(platform, 'gateway answered 429', { code: 429 })
  if (response.status >= 500) {
    throw new PlatformUnavailableError(platform, `gateway answered HTTP ${response.status}`, { code: response.status })
  }
  // Some TOP gateways gzip the body without saying so in the headers.
  const text = Buffer.from(bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8')
  try {
    return parseJsonLossless(text)
  } catch {
    throw new PlatformResponseError(platform, `gateway answered HTTP ${response.status} with a body that is not JSON`, {
      code: response.status,
    })
  }
}

async function readBody(platform: Platform, response: Response): Promise<ArrayBuffer> {
  try {
    return await response.arrayBuffer()
  } catch (error) {
    throw new PlatformUnavailableError(platform, `gateway connection broke: ${describe(error)}`)
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message
  }
  return String(error)
}
