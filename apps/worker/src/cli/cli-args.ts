import { existsSync } from 'node:fs';
import net from 'node:net';
import { NotOnKurrentDbError, requirePostgresLog } from '#libs/event-store';
import { ConfigError, loadConfig, type AppConfig } from '#libs/platform';

/** What a command takes: its usage text, and which operands (none, or names from a list). */
export interface CommandSpec {
  /** `npm run …` as the README gives it. */
  command: string;
  /** One paragraph: what it does. */
  summary: string;
  /**
   * The operands: none, any number of names out of `choices`, or (`count`) exactly that many free
   * values such as a file.
   */
  operands: null | { name: string; choices: readonly string[] } | { name: string; count: number };
  /** Options that take a value (`--out DIR` or `--out=DIR`). */
  options?: Array<{ name: string; value: string; help: string }>;
  /** The command makes its database (a restore): it need not exist beforehand. */
  createsDatabase?: boolean;
  /** Exit codes beyond 0 (done), 1 (failed) and 2 (bad usage). */
  exitCodes?: string[];
  /**
   * The command reads the log from PostgreSQL's `events` table with SQL of its own, so it refuses to run
   * when KURRENTDB_URL puts the log in KurrentDB rather than work on an empty table.
   */
  needsPostgresLog?: boolean;
}

export type ParsedArgs =
  | { kind: 'help' }
  | { kind: 'error'; message: string }
  | { kind: 'run'; operands: string[]; options?: Record<string, string> };

/**
 * Reads the command line before anything else happens: `--help`/`-h` is usage and nothing more; an
 * option the command does not know, or an operand it does not take, is an error (never a run that
 * ignored it: `projections:rebuild --help` used to rebuild every projection).
 */
export function parseArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const operands: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg.startsWith('-')) {
      const [flag, inline] = arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
      const option = spec.options?.find((o) => `--${o.name}` === flag);
      if (!option) return { kind: 'error', message: `unknown option ${flag}` };
      const value = inline ?? argv[++i];
      if (value === undefined || value === '')
        return { kind: 'error', message: `${flag} needs a value (${option.value})` };
      options[option.name] = value;
      continue;
    }
    operands.push(arg);
  }
  if (operands.length > 0 && spec.operands === null)
    return { kind: 'error', message: `${spec.command} takes no arguments, got ${operands.join(' ')}` };
  if (spec.operands && 'count' in spec.operands) {
    if (operands.length !== spec.operands.count)
      return {
        kind: 'error',
        message: `${spec.command} takes ${spec.operands.count} ${spec.operands.name}, got ${operands.length}`,
      };
  } else if (spec.operands) {
    const { name, choices } = spec.operands;
    const unknown = operands.filter((o) => !choices.includes(o));
    if (unknown.length > 0)
      return {
        kind: 'error',
        message: `unknown ${name}(s): ${unknown.join(', ')}; known: ${choices.join(', ')}`,
      };
  }
  return spec.options ? { kind: 'run', operands, options } : { kind: 'run', operands };
}

export function usage(spec: CommandSpec): string {
  const operand = !spec.operands
    ? ''
    : 'count' in spec.operands
      ? ` <${spec.operands.name}>`
      : ` [${spec.operands.name}…]`;
  const options = (spec.options ?? []).map((o) => ` [--${o.name} ${o.value}]`).join('');
  const lines = [
    `usage: ${spec.command}${operand}${options}`,
    '',
    spec.summary,
    '',
    ...(spec.operands && 'choices' in spec.operands
      ? [`${spec.operands.name}s: ${spec.operands.choices.join(', ')}`, '']
      : []),
    'options:',
    ...(spec.options ?? []).map((o) => `  --${o.name} ${o.value}  ${o.help}`),
    '  -h, --help  print this and exit',
    '',
    'environment: DATABASE_URL (unset: the embedded database — through the running product on',
    'PGLITE_PORT, else the folder PGLITE_DATA_DIR, which must exist), and the README\u2019s configuration.',
    '',
    'exit codes: 0 done, 1 failed, 2 bad usage' + (spec.exitCodes ? `, ${spec.exitCodes.join(', ')}` : ''),
  ];
  return `${lines.join('\n')}\n`;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * On the embedded default a command works on the product's database: through the running product, or
 * on its existing data folder. With neither, it stops instead of creating an empty database wherever it
 * was started (and, say, "rebuilding" from nothing).
 */
async function embeddedDatabaseMissing(config: AppConfig): Promise<string | null> {
  if (config.databaseUrl || existsSync(config.pgliteDataDir)) return null;
  if (await portAnswers(config.pglitePort)) return null;
  return (
    `no database: DATABASE_URL is not set, no product answers on PGLITE_PORT ${config.pglitePort}, ` +
    `and there is no embedded database folder at ${config.pgliteDataDir}. Start the product first, run ` +
    `from the folder it runs in, or set DATABASE_URL (or PGLITE_DATA_DIR).`
  );
}

/**
 * Runs a command: arguments first (usage or a usage error touch nothing), then the configuration, then
 * the command itself; exits with its code.
 */
export function runCommand(
  spec: CommandSpec,
  main: (config: AppConfig, operands: string[], options: Record<string, string>) => Promise<number>,
): void {
  const parsed = parseArgs(process.argv.slice(2), spec);
  if (parsed.kind === 'help') {
    process.stdout.write(usage(spec));
    process.exit(0);
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`${parsed.message}\n\n${usage(spec)}`);
    process.exit(2);
  }
  (async () => {
    const config = loadConfig();
    if (spec.needsPostgresLog) requirePostgresLog(config, `\`${spec.command.replace(/ --$/, '')}\``);
    const missing = spec.createsDatabase ? null : await embeddedDatabaseMissing(config);
    if (missing) {
      process.stderr.write(`${missing}\n`);
      return 1;
    }
    return main(config, parsed.operands, parsed.options ?? {});
  })().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(
        `${err instanceof ConfigError || err instanceof NotOnKurrentDbError ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}
