import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { policyProblems, type Policy } from '#libs/policy';
import { ELIGIBILITY_REFUSALS } from '#libs/ladder';
import { translateText } from './problem-i18n.js';
import { PROBLEM_MESSAGES } from './problem-messages.js';

/**
 * Every DomainError code raised anywhere in libs/ and apps/ has its words in both languages, and no
 * template names a detail the code is raised without (the answer would otherwise fall back to the
 * status's words). The codes are read from the source itself, so a new `refuse('x', …)` without a
 * catalogue entry fails here.
 */
const ROOT = join(import.meta.dirname, '../../../..');
const CONSTRUCTORS = new Set(['refuse', 'forbidden', 'notFound', 'conflict', 'invalid', 'unauthenticated']);

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'testing') sourceFiles(path, out);
    } else if (
      path.endsWith('.ts') &&
      !/\.(spec|int-spec|e2e-spec)\.ts$/.test(path) &&
      !path.endsWith('.d.ts')
    ) {
      out.push(path);
    }
  }
  return out;
}

interface RaiseSite {
  code: string;
  /** The details' member names; null when they are not an object literal we can read. */
  details: string[] | null;
  where: string;
}

const files = [...sourceFiles(join(ROOT, 'libs')), ...sourceFiles(join(ROOT, 'apps'))].filter(
  (f) => !f.endsWith(join('decider', 'domain-error.ts')),
);
const parsed = files.map((f) =>
  ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true),
);

/** `fn(…, 'code', …)` string arguments at `index`, in every file: the codes a parameter receives. */
function argumentsOf(fn: string, index: number): string[] {
  const out: string[] = [];
  for (const src of parsed) {
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === fn) {
        const a = n.arguments[index];
        if (a && ts.isStringLiteralLike(a)) out.push(a.text);
      }
      ts.forEachChild(n, visit);
    };
    visit(src);
  }
  return out;
}

/** The string(s) a code argument can be: a literal, or a parameter (its default and its callers'). */
function codesOf(arg: ts.Expression, src: ts.SourceFile): string[] {
  if (ts.isStringLiteralLike(arg)) return [arg.text];
  if (ts.isIdentifier(arg)) {
    for (let n: ts.Node | undefined = arg.parent; n; n = n.parent) {
      if (ts.isFunctionLike(n)) {
        const i = n.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === arg.text);
        if (i < 0) continue;
        const p = n.parameters[i]!;
        const name = n.name && ts.isIdentifier(n.name) ? n.name.text : null;
        return [
          ...(p.initializer && ts.isStringLiteralLike(p.initializer) ? [p.initializer.text] : []),
          ...(name ? argumentsOf(name, i) : []),
        ];
      }
    }
  }
  // The ladder's eligibility refusal is passed on as it came (by the application decider, and by the
  // promotion check from its refusal builder): its codes are a closed list beside the type that carries them.
  if (
    ts.isPropertyAccessExpression(arg) &&
    arg.name.text === 'code' &&
    /(application\.decider|eligibility)\.ts$/.test(src.fileName)
  )
    return [...ELIGIBILITY_REFUSALS];
  throw new Error(`${src.fileName}: cannot tell the error code of ${arg.getText(src)}`);
}

/**
 * The ladder's eligibility refusal travels as `{ code, details }` built in eligibility.ts, whose own spec
 * checks those details; where it is raised from a variable, its details are the ones its builder writes.
 */
const ELIGIBILITY_DETAILS: Record<string, string[]> = {
  promotion_ineligible: ['policyVersion', 'currentTier', 'targetTier', 'nextTier', 'unmet'],
  leader_not_master: ['requiredTier', 'currentTier'],
};
function eligibilityDetails(
  code: string,
  codeArg: ts.Expression,
  det: ts.Expression | undefined,
  src: ts.SourceFile,
): string[] | null {
  const passedOn = ts.isPropertyAccessExpression(codeArg) && det !== undefined;
  if (!passedOn || !ELIGIBILITY_DETAILS[code]) return null;
  const extra = ts.isObjectLiteralExpression(det)
    ? det.properties.filter((p) => !ts.isSpreadAssignment(p)).map((p) => p.name!.getText(src))
    : [];
  return [...ELIGIBILITY_DETAILS[code], ...extra];
}

function raiseSites(): RaiseSite[] {
  const sites: RaiseSite[] = [];
  for (const src of parsed) {
    const visit = (n: ts.Node): void => {
      let args: readonly ts.Expression[] | undefined;
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && CONSTRUCTORS.has(n.expression.text))
        args = n.arguments;
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'DomainError')
        args = n.arguments?.slice(1);
      if (args && args[0]) {
        const det = args[2];
        const details =
          det === undefined
            ? []
            : ts.isObjectLiteralExpression(det) && det.properties.every((p) => !ts.isSpreadAssignment(p))
              ? det.properties.map((p) => p.name!.getText(src))
              : null;
        const where = `${relative(ROOT, src.fileName)}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
        for (const code of codesOf(args[0], src))
          sites.push({ code, details: details ?? eligibilityDetails(code, args[0], det, src), where });
      }
      // The edge's own problems (apps/api/src/http: connections, the database) are built as objects.
      if (
        src.fileName.includes(join('apps', 'api', 'src', 'http')) &&
        ts.isObjectLiteralExpression(n) &&
        n.properties.some(
          (p) =>
            ts.isPropertyAssignment(p) &&
            p.name.getText(src) === 'code' &&
            ts.isStringLiteralLike(p.initializer),
        )
      ) {
        const codeProp = n.properties.find(
          (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(src) === 'code',
        )!;
        const where = `${relative(ROOT, src.fileName)}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
        sites.push({
          code: (codeProp.initializer as ts.StringLiteral).text,
          details: n.properties.filter((p) => p !== codeProp && p.name).map((p) => p.name!.getText(src)),
          where,
        });
      }
      ts.forEachChild(n, visit);
    };
    visit(src);
  }
  return sites;
}

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
const CHINESE = /[\u4e00-\u9fff]/;

describe('problem messages', () => {
  const sites = raiseSites();
  const codes = [...new Set(sites.map((s) => s.code))].sort();

  it('reads the codes from the source (the extraction itself works)', () => {
    expect(codes.length).toBeGreaterThan(100);
    expect(codes).toEqual(expect.arrayContaining(['no_quorum', 'promotion_ineligible', 'orgunit_not_found']));
    // A parameter's default and the codes its callers pass (org-unit.handler.ts loadUnitFacts).
    expect(codes).toContain('parent_not_found');
  });

  it.each(codes)('%s has a Chinese and an English message', (code) => {
    const m = PROBLEM_MESSAGES[code];
    expect(m).toBeDefined();
    expect(m!.zh).toMatch(CHINESE);
    expect(m!.en.trim()).not.toBe('');
    expect(m!.en).not.toMatch(CHINESE);
    // Both languages say the same thing: the same placeholders.
    expect(placeholders(m!.zh).sort()).toEqual(placeholders(m!.en).sort());
  });

  it('fills every placeholder from the details each code is raised with', () => {
    const unfilled: string[] = [];
    for (const site of sites) {
      const m = PROBLEM_MESSAGES[site.code];
      if (!m || site.details === null) continue;
      for (const name of placeholders(m.zh))
        if (!site.details.includes(name)) unfilled.push(`${site.code} {${name}} at ${site.where}`);
    }
    expect(unfilled).toEqual([]);
  });

  it('raises no code with details it cannot read', () => {
    expect(sites.filter((s) => s.details === null).map((s) => s.where)).toEqual([]);
  });

  it('has no entry for a code nothing raises (a renamed code keeps no stale words)', () => {
    // Codes other branches add arrive with their raise sites; an entry alone is a leftover.
    expect(Object.keys(PROBLEM_MESSAGES).filter((c) => !codes.includes(c))).toEqual([]);
  });
});

/**
 * The HTTP layer's own English texts (Nest exceptions thrown by guards and controllers, custom
 * validation messages, the policy's checks) all have Chinese words: none falls back to the status.
 */
describe('texts of the HTTP layer', () => {
  const apiFiles = parsed.filter((s) => s.fileName.includes(join('apps', 'api', 'src')));
  /**
   * A template literal with its `${…}` filled by a sample, so the pattern sees its shape: a kind of
   * thing (`no ${kind} ${id}`) by one, anything else by a number.
   */
  const sample = (e: ts.Expression, src: ts.SourceFile): string | null => {
    if (ts.isStringLiteralLike(e)) return e.text;
    if (ts.isTemplateExpression(e))
      return (
        e.head.text +
        e.templateSpans
          .map((s) => `${/kind/i.test(s.expression.getText(src)) ? 'application' : '1'}${s.literal.text}`)
          .join('')
      );
    return null;
  };

  function collect(): { text: string; where: string; as: 'detail' | 'field' }[] {
    const out: { text: string; where: string; as: 'detail' | 'field' }[] = [];
    for (const src of apiFiles) {
      const visit = (n: ts.Node): void => {
        const where = () =>
          `${relative(ROOT, src.fileName)}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
        // new BadRequestException('…'), new NotFoundException(`no x ${id}`) …
        if (
          ts.isNewExpression(n) &&
          ts.isIdentifier(n.expression) &&
          /Exception$/.test(n.expression.text) &&
          n.arguments?.[0]
        ) {
          const text = sample(n.arguments[0], src);
          if (text !== null) out.push({ text, where: where(), as: 'detail' });
        }
        // { field: 'x', message: '…' } handed to ValidationProblem, and { message: '…' } of a decorator
        if (ts.isPropertyAssignment(n) && n.name.getText(src) === 'message') {
          const text = sample(n.initializer, src);
          if (text !== null) out.push({ text, where: where(), as: 'field' });
        }
        ts.forEachChild(n, visit);
      };
      visit(src);
    }
    return out;
  }

  it('translates every exception and validation message written in apps/api', () => {
    const texts = collect();
    expect(texts.length).toBeGreaterThan(40);
    const untranslated = texts.filter((t) => translateText(t.text, t.as, { minutes: 1 }) === null);
    expect(untranslated.map((t) => `${t.where}: ${t.text}`)).toEqual([]);
  });

  it("translates every problem the policy's checks can report", () => {
    const problems = [
      ...policyProblems({} as unknown as Policy),
      ...policyProblems({ ladder: {} } as unknown as Policy),
    ];
    expect(problems.length).toBeGreaterThan(8);
    expect(problems.filter((p) => translateText(p, 'detail') === null)).toEqual([]);
  });
});
