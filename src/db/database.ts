import type { ConversionTable } from '../conversions/conversion.table.js'
import type { UserTable } from '../users/user.table.js'

export interface Database {
  users: UserTable
  conversions: ConversionTable
}
