import tseslint from 'typescript-eslint'

const IO_LIBRARIES = ['kysely', 'pg', 'bullmq', 'ioredis', 'wechaty', 'wechaty-puppet-mock', 'node-cron', '@electric-sql/pglite']
const EDGES = ['wechaty', 'wechaty-puppet-mock', 'node-cron', 'fastify', '**/bots/**', '**/jobs/**', '**/web/**', '**/cli/**']
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [...new Set(patterns)].map((group) => ({ group: [group], message })) }],
})
// Pure code may name the types of other layers (erased at run time) but import no value from them.
const restrictValues = (patterns, message) => ({
  'no-restricted-imports': 'off',
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: [...new Set(patterns)].map((group) => ({ group: [group], message, allowTypeImports: true })) },
  ],
})

export default tseslint.config(
  // bench/_* are local scratch scripts (git-ignored).
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', 'bin/**', 'bench/_*'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  // The dependency rule of docs/architecture.md, enforced. Later blocks override earlier ones
  // for the same files, so every src/ block repeats the edges src/ must never reach.
  { files: ['src/**'], rules: restrict(EDGES, 'src/ never reaches the edges') },
  {
    files: ['src/**/*.text.ts', 'src/accounts/account-health.ts', 'src/links/**', 'src/money/**', 'src/deals/select-deal.ts', 'src/deals/deal-card.ts', 'src/groups/push-schedule.ts', 'src/groups/local-time.ts', 'src/groups/group-command.ts', 'src/referrals/referral-rules.ts', 'src/withdrawals/withdrawal-rules.ts', 'src/orders/order-status.ts', 'src/orders/merge-report.ts', 'src/ledger/rebate-position.ts', 'src/outbox/pacing.ts', 'src/chat/route-text.ts', 'src/chat/help-text.ts', 'src/conversions/promotion-reply.ts'],
    rules: restrictValues([...EDGES, ...IO_LIBRARIES, 'node:*', '**/config.js', '**/*.repository.js', '**/*.service.js'], 'pure code imports no I/O'),
  },
  {
    // Use-cases own their transaction and call repositories; the SQL itself lives in *.repository.ts.
    files: ['src/**/*.service.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', allowTypeImports: true, message: 'services take Kysely types only: SQL lives in *.repository.ts' },
            ...['pg', 'bullmq', 'ioredis', '@electric-sql/pglite'].map((name) => ({ name, message: 'services reach I/O through repositories and injected ports' })),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(selectFrom|selectNoFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)$/]',
          message: 'SQL lives in *.repository.ts',
        },
      ],
    },
  },
  {
    files: ['src/**/*.repository.ts', 'src/db/**'],
    rules: restrict([...EDGES, '**/*.service.js', 'bullmq', 'wechaty', '**/platforms/**', '**/queue/**'], 'repositories reach only the database'),
  },
  {
    files: ['src/platforms/**'],
    rules: restrict([...EDGES, 'kysely', 'pg', 'bullmq', '**/simulator/**', '**/*.repository.js'], 'adapters speak HTTP only'),
  },
  {
    files: ['bots/**'],
    rules: restrict(['**/jobs/**', '**/*.repository.js', 'kysely', 'pg'], 'bots/ goes through services'),
  },
  {
    files: ['web/**'],
    rules: restrict(['**/bots/**', '**/jobs/**', 'wechaty', 'wechaty-puppet-mock', '**/*.repository.js', 'kysely', 'pg'], 'web/ goes through services'),
  },
  {
    files: ['jobs/**'],
    rules: restrict(['**/bots/**', 'wechaty', 'wechaty-puppet-mock', '**/*.repository.js'], 'jobs/ never talks to chat directly and reaches the database through services'),
  },
  {
    files: ['migrations/**'],
    rules: restrict(['**/src/**', '../src/*'], 'migrations are frozen in time'),
  },
)
