// No 0/1/i/l/o: the id may be read aloud or typed by support staff.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

/**
 * A fresh per-user attribution id: "rb" + 10 characters (~49 bits). It fits
 * every platform's limits (JD subUnionId [A-Za-z0-9_-]{1,80}, PDD uid inside
 * 64 bytes of custom_parameters).
 */
export function newAttributionId(random: () => number = Math.random): string {
  let id = 'rb'
  for (let i = 0; i < 10; i++) id += ALPHABET[Math.floor(random() * ALPHABET.length)] ?? 'a'
  return id
}
