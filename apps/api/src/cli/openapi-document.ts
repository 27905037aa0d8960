import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDocumentOffline } from '../http/openapi-offline.js';

/**
 * The OpenAPI document, built in-process with nothing started (http/openapi-offline.ts):
 *
 *   write <file>     the document (npm run lint:api lints it with Redocly)
 *   types [--check]  apps/web/src/api/openapi.json and the web app's types from it (openapi-typescript),
 *                    or, with --check, exit 1 when the committed files are not what the code gives
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const WEB_API = join(ROOT, 'apps/web/src/api');

/** Formatted as `npm run format` would, so the committed files pass `prettier --check`. */
async function formatted(text: string, file: string): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

async function typesOf(document: object): Promise<string> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0]);
  return (
    '/**\n * Generated from the API’s OpenAPI document by `npm run api:types` (openapi-typescript): do not edit.\n' +
    ' * The web app imports `paths` and calls the API through openapi-fetch.\n */\n\n' +
    astToString(ast)
  );
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const document = await buildDocumentOffline();
  const json = JSON.stringify(document, null, 2) + '\n';
  if (command === 'write' && rest[0]) {
    const file = rest[0];
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, json);
    process.stdout.write(`wrote ${file}\n`);
    return 0;
  }
  if (command === 'types') {
    const files: Record<string, string> = {
      [join(WEB_API, 'openapi.json')]: await formatted(json, join(WEB_API, 'openapi.json')),
      [join(WEB_API, 'schema.d.ts')]: await formatted(await typesOf(document), join(WEB_API, 'schema.d.ts')),
    };
    if (rest.includes('--check')) {
      const stale = Object.entries(files).filter(([file, text]) => {
        try {
          return readFileSync(file, 'utf8') !== text;
        } catch {
          return true;
        }
      });
      for (const [file] of stale)
        process.stderr.write(
          `${relative(ROOT, file)} is not what the API's code gives: run npm run api:types\n`,
        );
      if (stale.length === 0) process.stdout.write('the typed API client is up to date\n');
      return stale.length === 0 ? 0 : 1;
    }
    mkdirSync(WEB_API, { recursive: true });
    for (const [file, text] of Object.entries(files)) {
      writeFileSync(file, text);
      process.stdout.write(`wrote ${relative(ROOT, file)}\n`);
    }
    return 0;
  }
  process.stderr.write('usage: openapi-document write <file> | types [--check]\n');
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
