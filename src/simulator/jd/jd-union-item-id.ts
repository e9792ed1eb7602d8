import { token } from '../sim-hash.js'

/**
 * The simulator's 联盟商品ID for a catalog item. JD's are opaque strings of
 * letters, digits and `_` (e.g. `VgDXlT9hVVVmDDiCbofTFhV7_VIfTFhV7VVyGGPNs`
 * in mimicode/tksdk jdopensdk/client_test.go); ours end in the catalog key
 * so the simulator can look the item up again.
 */
export function jdUnionItemId(itemKey: string): string {
  return `${token(`jd-item-id:${itemKey}`, 16)}_${itemKey}`
}

/** The catalog key of an itemId this simulator issued; undefined for any other string. */
export function itemKeyFromUnionItemId(itemId: string): string | undefined {
  const key = /^[0-9A-Za-z]{16}_(\d{5,20})$/.exec(itemId)?.[1]
  return key !== undefined && jdUnionItemId(key) === itemId ? key : undefined
}
