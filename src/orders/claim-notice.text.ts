const short = (title: string): string => (title.length > 24 ? `${title.slice(0, 24)}…` : title)

/** Told to the other users crediting asked about an order, once a claim settled it. */
export function claimSettledNotice(title: string): string {
  return `之前请你认领的「${short(title)}」订单已由另一位用户认领，无需再认领。如果确实是你买的，请联系客服。`
}
