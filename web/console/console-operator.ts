/** The operator a console request runs as: set by the console's session guard before any console route runs. */
export interface ConsoleOperator {
  readonly userId: string
  readonly contactId: string
  readonly displayName: string
  /** The session's CSRF token: every form carries it as `_csrf`, every API write as the `x-csrf-token` header. */
  readonly csrfToken: string
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on every console route by the session guard; undefined outside the console. */
    operator?: ConsoleOperator
  }
}

/** The operator of a console request; the guard guarantees one, so a missing one is a wiring bug. */
export function operatorOf(request: { readonly operator?: ConsoleOperator | undefined }): ConsoleOperator {
  if (!request.operator) throw new Error('console route reached without the session guard')
  return request.operator
}
