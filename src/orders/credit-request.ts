/** A row to (re)credit: the job id is derived from the row's last platform update, so replays dedupe. */
export interface CreditRequest {
  readonly orderRowId: string
  readonly version: number
}
