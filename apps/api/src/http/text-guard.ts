import type { FastifyInstance } from 'fastify';
import { ValidationProblem } from './problem.js';

type FieldError = { field: string; message: string };

/** More than this many bad strings in one request are not all listed. */
const MAX_REPORTED = 20;

/**
 * Text PostgreSQL cannot store: U+0000 (refused in `text` and in `jsonb` alike) and lone UTF-16
 * surrogates (`jsonb` refuses the `\ud800` escape JSON.stringify writes for them). Either used to reach
 * the database in a parameter or an event's data and answer 500; both are the client's error.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type TextProblem = 'nul' | 'surrogate';

function problemOf(text: string): TextProblem | null {
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  return null;
}

/** Written out whole, so each reads in Chinese through the edge's text catalogue (problem-messages.ts). */
function message(field: string, problem: TextProblem, isKey: boolean): string {
  if (isKey)
    return problem === 'nul'
      ? `the name of ${field} must not contain the NUL character (U+0000)`
      : `the name of ${field} must be well-formed Unicode text (it holds a lone surrogate)`;
  return problem === 'nul'
    ? `${field} must not contain the NUL character (U+0000)`
    : `${field} must be well-formed Unicode text (it holds a lone surrogate)`;
}

/** A key as a field name: printable (a NUL in a key is named `\u0000`). */
const printable = (key: string) => (problemOf(key) ? JSON.stringify(key).slice(1, -1) : key);

/**
 * Every string in `value` (keys too) that PostgreSQL cannot store, named by its dotted path as the
 * validator names fields (`reviewers.1.reviewerId`). Bodies are at most 32 levels deep (json-body.ts),
 * so the recursion is bounded.
 */
export function badText(value: unknown, path: string, out: FieldError[] = []): FieldError[] {
  if (out.length >= MAX_REPORTED) return out;
  // A file's bytes (evidence uploads) are not text: walking them key by key would take seconds.
  if (Buffer.isBuffer(value)) return out;
  if (typeof value === 'string') {
    const problem = problemOf(value);
    if (problem) out.push({ field: path, message: message(path, problem, false) });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => badText(v, path ? `${path}.${i}` : String(i), out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const field = path ? `${path}.${printable(key)}` : printable(key);
      const problem = problemOf(key);
      if (problem) out.push({ field, message: message(field, problem, true) });
      badText(v, field, out);
    }
  }
  return out;
}

/**
 * Refuses such text in path parameters, query parameters and the body of every route, before the
 * guards, the validator and the database see it: 400 naming each field. (Header values cannot carry
 * it: Node's HTTP parser refuses control characters in headers before any route runs.)
 */
export function refuseUnstorableText(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (req, _reply, done) => {
    const errors: FieldError[] = [];
    badText(req.params ?? {}, '', errors);
    badText(req.query ?? {}, '', errors);
    badText(req.body, '', errors);
    done(errors.length > 0 ? new ValidationProblem(errors) : undefined);
  });
}
