import { tuneEarly } from './bot-process-flags.js'

// Imported first by cli/main.ts, so it runs before any other module of the CLI is evaluated.
tuneEarly(process.argv.slice(2))
