// `npm run build:server`, after tsc: apps/server (what `npm start` runs) bundled into a few files,
// dist/apps/server/src/server.js and its chunks in server-chunks/, from tsc's output. Node loaded
// ~1,100 files at every start, the module loading ~2.4 s of CPU on this machine's slow hours; bundled,
// ~1.6 s (BENCHMARKS.md S1, the cold start). main.js stays as tsc wrote it; the CLIs, the api and the
// worker processes and the tests keep running tsc's files.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'rolldown';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'dist/apps/server/src');
const chunks = 'server-chunks';

/**
 * Left in node_modules, each for a reason: packages that read their own files at run time (PGlite's
 * WebAssembly and data, BullMQ's Lua scripts, pino's transports in worker threads, the KurrentDB
 * client's native bridge), pg's optional native binding, ioredis whose clients are handed to BullMQ's
 * own copy, and what loads only on first use anyway (ExcelJS, the OTLP exporter).
 */
const EXTERNAL = [
  '@electric-sql/pglite',
  'bullmq',
  'ioredis',
  'pg',
  'pg-pool',
  'pg-protocol',
  'pino',
  'pino-pretty',
  'thread-stream',
  '@kurrent/kurrentdb-client',
  'exceljs',
  '@opentelemetry/exporter-trace-otlp-http',
];
const isExternal = (id) => EXTERNAL.some((e) => id === e || id.startsWith(`${e}/`));

/**
 * A package loaded with createRequire at run time is not bundled: it would load a second copy from
 * node_modules beside the bundled one, with metadata of its own. @nestjs/terminus asks for
 * @nestjs/swagger so (a second NestJS and rxjs, ~600 more files), and @nestjs/mapped-types for
 * class-validator's and class-transformer's metadata (a second, empty store: a DTO made with PartialType
 * would lose its rules). Those requires become imports of the bundled copies here.
 */
const REQUIRES_TO_IMPORTS = [
  {
    file: '@nestjs/terminus/dist/health-check/health-check.decorator.js',
    requires: { '@nestjs/swagger': '@nestjs/swagger' },
  },
  {
    file: '@nestjs/mapped-types/dist/type-helpers.utils.js',
    requires: {
      'class-validator': 'class-validator',
      'class-transformer': 'class-transformer',
      // Node resolves class-transformer to its CommonJS build (package.json "main"), whose store this is.
      'class-transformer/cjs/storage': 'class-transformer/cjs/storage',
      'class-transformer/storage': 'class-transformer/cjs/storage',
    },
  },
];
const requiresToImports = {
  name: 'requires-to-imports',
  transform(code, id) {
    const entry = REQUIRES_TO_IMPORTS.find((e) =>
      id.split(path.sep).join('/').endsWith(`node_modules/${e.file}`),
    );
    if (!entry) return null;
    let out = code;
    const imports = [];
    for (const [i, [spec, target]] of Object.entries(entry.requires).entries()) {
      const call = `require('${spec}')`;
      if (!out.includes(call)) throw new Error(`${id} no longer has ${call}: check the bundle's requires`);
      imports.push(`import * as required${i} from '${target}';`);
      out = out.split(call).join(`required${i}`);
    }
    return `${imports.join('\n')}\n${out}`;
  },
};

const { output } = await build({
  input: { server: path.join(outDir, 'main.js') },
  cwd: root,
  platform: 'node',
  external: isExternal,
  plugins: [requiresToImports],
  // As Node resolves a package (its "main", never the bundlers' "module"), so a package required by
  // path (class-transformer/cjs/storage) is the same copy as the package imported by name.
  resolve: { mainFields: ['main'] },
  // Nest's optional packages (microservices, websockets, express), absent here, stay imports that fail
  // as they do unbundled, caught by Nest.
  logLevel: 'silent',
  output: {
    dir: outDir,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: `${chunks}/[name]-[hash].js`,
    sourcemap: true,
  },
});

// What the bundle still requires at run time must be external, a file of a package (swagger-ui-dist's
// assets), or Node's own; anything else is a second copy of a bundled package. rolldown prints the
// calls it leaves with double quotes; single-quoted ones, or ones starting a template
// literal, are text (comments, code generated as strings: ajv's, fast-json-stringify's).
const allowed = (spec) =>
  isExternal(spec) || spec.startsWith('node:') || spec === 'util' || spec.endsWith('.js');
const files = output.map((o) => o.fileName);
const stray = new Set();
for (const f of files.filter((x) => x.endsWith('.js'))) {
  const code = readFileSync(path.join(outDir, f), 'utf8');
  for (const m of code.matchAll(/(?<!`)\brequire\$?\d*\("([^"./][^"]*)"\)/g))
    if (!allowed(m[1])) stray.add(`${f}: ${m[1]}`);
}
if (stray.size > 0) {
  process.stderr.write(
    `bundle-server: packages required at run time beside the bundle:\n${[...stray].join('\n')}\n`,
  );
  process.exit(1);
}

// Chunks of earlier builds are kept a day: a product started before this build still imports its own on
// first use (ExcelJS, the OTLP exporter), and `npm run projections:rebuild` and the other CLIs build while
// it runs.
const DAY_MS = 86_400_000;
const made = new Set(files);
for (const f of readdirSync(path.join(outDir, chunks))) {
  const file = path.join(outDir, chunks, f);
  if (!made.has(`${chunks}/${f}`) && Date.now() - statSync(file).mtimeMs > DAY_MS)
    rmSync(file, { force: true });
}
