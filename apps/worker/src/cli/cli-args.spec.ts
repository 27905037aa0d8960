import { parseArgs, usage, type CommandSpec } from './cli-args.js';

const rebuild: CommandSpec = {
  command: 'npm run projections:rebuild --',
  summary: 'Replays the log.',
  operands: { name: 'projection', choices: ['application_summaries', 'audit_log'] },
};
const verify: CommandSpec = {
  command: 'npm run audit:verify --',
  summary: 'Walks the chain.',
  operands: null,
};

// A command's arguments are read before it does anything: `--help` used to be ignored as an unknown
// flag and the rebuild ran.
describe('command-line arguments of the CLI commands', () => {
  it('answers --help and -h with usage, whatever else is on the line', () => {
    for (const argv of [['--help'], ['-h'], ['audit_log', '--help'], ['--bogus', '-h']])
      expect(parseArgs(argv, rebuild)).toEqual({ kind: 'help' });
  });

  it('refuses an option it does not know', () => {
    expect(parseArgs(['--all'], rebuild)).toEqual({ kind: 'error', message: 'unknown option --all' });
    expect(parseArgs(['-f'], verify)).toEqual({ kind: 'error', message: 'unknown option -f' });
  });

  it('refuses operands a command does not take, and names it does not know', () => {
    expect(parseArgs(['now'], verify)).toEqual({
      kind: 'error',
      message: 'npm run audit:verify -- takes no arguments, got now',
    });
    expect(parseArgs(['audit_log', 'nope'], rebuild)).toEqual({
      kind: 'error',
      message: 'unknown projection(s): nope; known: application_summaries, audit_log',
    });
  });

  it('runs with the operands given, or none', () => {
    expect(parseArgs([], rebuild)).toEqual({ kind: 'run', operands: [] });
    expect(parseArgs(['--', 'audit_log'], rebuild)).toEqual({ kind: 'run', operands: ['audit_log'] });
    expect(parseArgs([], verify)).toEqual({ kind: 'run', operands: [] });
  });

  it('prints the command, its operands and its options in the usage', () => {
    const text = usage(rebuild);
    expect(text.split('\n')[0]).toBe('usage: npm run projections:rebuild -- [projection…]');
    expect(text).toContain('projections: application_summaries, audit_log');
    expect(text).toContain('-h, --help');
    expect(usage(verify).split('\n')[0]).toBe('usage: npm run audit:verify --');
  });
});
