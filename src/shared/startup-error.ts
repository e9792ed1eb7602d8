/**
 * A start-up failure the operator fixes in their settings: its message is
 * one line naming the variable, printed without a stack trace.
 */
export class StartupError extends Error {}
