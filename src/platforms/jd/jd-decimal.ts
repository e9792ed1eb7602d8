import { z } from 'zod'
import { yuanToFen } from '../../money/fen.js'

/**
 * A non-negative decimal as JD sends it (a number, or a plain decimal string)
 * → integer hundredths: yuan → fen, and percent → basis points alike. Rounded
 * half-up at the hundredth; exponent notation in a string ("1e2") is refused.
 */
export const jdHundredths = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const out = yuanToFen(value)
  if (out === null || out < 0) {
    ctx.addIssue({ code: 'custom', message: `not a non-negative decimal: ${JSON.stringify(value)}` })
    return z.NEVER
  }
  return out
})
