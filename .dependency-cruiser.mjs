// Import boundaries between the parts of the product (ARCHITECTURE.md "Between contexts"), checked by
// `npm run lint:deps` (part of `npm run lint`). What dependency-cruiser cannot see — SQL naming the event
// store's `events` table outside libs/event-store — is checked by scripts/check-events-table.mjs.

/** The bounded contexts: each is seen from outside only through libs/<name>/src/index.ts (`#libs/<name>`). */
const CONTEXTS = '(approval|ladder|identity|audit|deadlines|policy)';
/** A context's public entries: the module (`#libs/<name>`) and its test helpers (`#testing/<name>`). */
const PUBLIC_ENTRY = 'src/(index|testing/index)\\.ts$';

export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles, type-only ones included: a cycle makes load order matter and hides which module ' +
        'depends on which. Move the shared part into a module both import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'context-through-public-entry',
      severity: 'error',
      comment:
        'A context is imported by other libraries only through its public entry (#libs/<name>, i.e. ' +
        'libs/<name>/src/index.ts), never by a deep path into its files (ARCHITECTURE.md "Between contexts").',
      from: { path: '^libs/([^/]+)/' },
      to: {
        path: `^libs/${CONTEXTS}/`,
        pathNot: [`^libs/$1/`, `^libs/${CONTEXTS}/${PUBLIC_ENTRY}`],
      },
    },
    {
      name: 'apps-and-tests-through-public-entry',
      severity: 'error',
      comment:
        'apps/, test/ and bench/ compose the contexts through their public entries (#libs/<name>), ' +
        'never through a deep path (ARCHITECTURE.md "Between contexts"). test/mutation/slim/ is the one ' +
        'exception: under mutation testing its files stand in for the contexts’ public entries (a slim ' +
        'index without NestJS and pg), so they list the deciders’ files themselves.',
      from: { pathNot: ['^libs/', '^test/mutation/slim/'] },
      to: {
        path: `^libs/${CONTEXTS}/`,
        pathNot: `^libs/${CONTEXTS}/${PUBLIC_ENTRY}`,
      },
    },
    {
      name: 'platform-not-into-adapters',
      severity: 'error',
      comment:
        'libs/platform uses the event store through its public entry (#libs/event-store): never the ' +
        'adapters’ files (postgres/, kurrentdb/) nor the KurrentDB client behind them.',
      from: { path: '^libs/platform/' },
      to: {
        path: ['^libs/event-store/', '^node_modules/@kurrent/'],
        pathNot: `^libs/event-store/${PUBLIC_ENTRY}`,
      },
    },
    {
      name: 'api-not-worker',
      severity: 'error',
      comment:
        'The api and the worker are separate processes, each scaled on its own (ARCHITECTURE.md "Between ' +
        'contexts"): both compose the contexts’ modules from libs/, and the api imports nothing of the ' +
        'worker. apps/server composes the two for the one-process default (npm start).',
      from: { path: '^apps/api/' },
      to: { path: '^apps/worker/' },
    },
    {
      name: 'web-not-server',
      severity: 'error',
      comment:
        'The browser app talks to the server over HTTP only: it imports nothing from the server apps, the ' +
        'libraries, the tests, nor server-side packages.',
      from: { path: '^apps/web/' },
      to: {
        path: [
          '^apps/(api|worker|server)/',
          '^libs/',
          '^test/',
          '^bench/',
          '^node_modules/(pg|pg-[^/]+|@nestjs/[^/]+|@electric-sql/[^/]+|@kurrent/[^/]+|bullmq|ioredis|nodemailer)/',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },

    // `#libs/*` and `#testing/*` resolve through package.json "imports" to the TypeScript sources.
    enhancedResolveOptions: {
      conditionNames: ['source', 'import', 'default'],
      exportsFields: ['exports'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.d.ts'],
    },
  },
};
