import { DomainError } from '#libs/event-store';
import { fill, type Lang } from '../http/problem-i18n.js';
import { PROBLEM_MESSAGES } from '../http/problem-messages.js';
import type { SheetRow } from './sheet.js';

/** One problem with one cell: the office sees 行号 · 列 · 填写值 · 问题 (UI.md §1.10). */
export interface RowIssue {
  line: number;
  column: string;
  value: string;
  code: string;
  details: Record<string, unknown>;
}

/** What a dry run finds: rows to write, rows already there (skipped), and every bad cell. */
export interface ImportPlan<T> {
  total: number;
  ready: (T & { line: number })[];
  skipped: { line: number; key: string }[];
  issues: RowIssue[];
}

/**
 * Runs the checks of one cell; a refusal becomes an issue of the row. The checks raise the same
 * DomainErrors as the forms and deciders do, so the words come from the one problem catalogue.
 */
export function checkCell<V>(
  row: SheetRow,
  column: string,
  issues: RowIssue[],
  check: (value: string) => V,
): V | undefined {
  const value = row.cells[column] ?? '';
  try {
    return check(value);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    issues.push({ line: row.line, column, value, code: err.code, details: err.details });
    return undefined;
  }
}

/** An issue's words in the caller's language, from the problem catalogue (problem-messages.ts). */
export function issueMessage(issue: RowIssue, lang: Lang): string {
  const m = PROBLEM_MESSAGES[issue.code];
  if (!m) return issue.code;
  return fill(m[lang], issue.details, lang) ?? m[lang].replace(/\{\w+\}/g, '');
}

/** Chinese labels of the template's drop-downs ↔ the codes the deciders know. */
export function lookup<K extends string>(labels: Record<K, string>, value: string): K | undefined {
  const v = value.trim();
  for (const [code, label] of Object.entries(labels) as [K, string][])
    if (label === v || code === v) return code;
  return undefined;
}
