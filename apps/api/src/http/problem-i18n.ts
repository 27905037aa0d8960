import { getMetadataStorage, type ValidationError } from 'class-validator';
import { DomainError, NotOnKurrentDbError, WrongExpectedVersionError } from '#libs/event-store';
import {
  EACH_PREFIX,
  PROBLEM_MESSAGES,
  REQUIREMENT_MESSAGES,
  RETRY_AFTER,
  STATUS_MESSAGES,
  TEXT_MESSAGES,
  THING_LABELS,
  VALIDATION_MESSAGES,
  VALIDATION_PROBLEM,
  VALUE_LABELS,
} from './problem-messages.js';

/**
 * Problem+json in the caller's language (GLOSSARY.md §12): the web app shows `title`, `detail` and each
 * `errors[].message` as they are, so a Chinese page never shows English server text. `code`, `field`
 * and the extension members stay as they are — they are for programs. The words live in
 * problem-messages.ts; this file only chooses and fills them.
 */
export type Lang = 'zh' | 'en';

/** The `Content-Language` of an answer in each language. */
export const CONTENT_LANGUAGE: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

/**
 * `Accept-Language` (RFC 9110 §12.5.4) → zh for any zh tag (zh-CN, zh, zh-Hans, zh-TW …) preferred over
 * every English one by its q-value, else en; absent, `*` or only other languages → en.
 */
export function negotiateLanguage(header: string | string[] | undefined): Lang {
  const raw = (Array.isArray(header) ? header.join(',') : (header ?? '')).slice(0, 1000);
  let best: { lang: Lang; q: number } | null = null;
  for (const part of raw.split(',')) {
    const [tag = '', ...params] = part.split(';');
    const qParam = params.map((p) => p.trim()).find((p) => /^q=/i.test(p));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!(q > 0 && q <= 1)) continue;
    const t = tag.trim().toLowerCase();
    const lang: Lang | null =
      t === 'zh' || t.startsWith('zh-') ? 'zh' : t === 'en' || t.startsWith('en-') ? 'en' : null;
    if (lang && (best === null || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'en';
}

/** What class-validator's constraint was, kept beside an `errors[]` entry (never sent). */
export interface ValidationRule {
  name: string;
  args: unknown[];
  each: boolean;
  /** The DTO gave its own message: its text is more specific than the constraint's template. */
  custom: boolean;
}

const RULE = Symbol('validation rule');
type FieldError = { field: string; message: string; [RULE]?: ValidationRule };

/** Keeps the constraint (name and limits) of a validation message beside its `errors[]` entry. */
export function withRule(
  entry: { field: string; message: string },
  error: ValidationError,
  constraint: string,
): { field: string; message: string } {
  const rule = ruleOf(error, constraint);
  if (rule) Object.defineProperty(entry, RULE, { value: rule, enumerable: false });
  return entry;
}

function ruleOf(error: ValidationError, constraint: string): ValidationRule | null {
  const target = error.target as object | undefined;
  if (constraint === 'whitelistValidation' || constraint === 'unknownValue' || !target) {
    return { name: constraint, args: [], each: false, custom: false };
  }
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find(
      (m) =>
        m.propertyName === error.property && (m.name === constraint || (m.type as string) === constraint),
    );
  return {
    name: constraint,
    args: (metadata?.constraints ?? []) as unknown[],
    each: metadata?.each ?? false,
    custom: metadata?.message !== undefined,
  };
}

export interface LocalisableProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  correlationId?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

/**
 * Rewrites the problem's words in `lang`. English keeps the texts the code wrote (a refusal's comes from
 * the catalogue, so both languages say the same thing); Chinese comes from the catalogue, and when a
 * text is unknown (a new message without an entry yet), from the status — never the English text.
 */
export function localiseProblem(
  problem: LocalisableProblem,
  err: unknown,
  lang: Lang,
  context: { retryAfterSeconds?: number } = {},
): void {
  const status = problem.status;
  const byStatus = STATUS_MESSAGES[status] ?? STATUS_MESSAGES[status >= 500 ? 500 : 400]!;
  if (problem.errors && problem.type.endsWith('/problems/validation')) {
    problem.title = VALIDATION_PROBLEM.title[lang];
    if (lang === 'zh') {
      const fields = [...new Set(problem.errors.map((e) => e.field))];
      // 处 are places on the form: a field with two problems is one of them.
      problem.detail = fill(VALIDATION_PROBLEM.detail.zh, { count: fields.length, fields }, 'zh')!;
      for (const e of problem.errors) e.message = fieldMessage(e as FieldError);
    }
    return;
  }
  if (err instanceof NotOnKurrentDbError) {
    // Says which feature this deployment lacks, in both languages (README "Event store").
    const m = PROBLEM_MESSAGES.not_on_kurrentdb!;
    problem.detail = fill(m[lang], { feature: err.feature }, lang)!;
    if (lang === 'zh') problem.title = byStatus.title.zh;
    return;
  }
  if (lang === 'en') {
    if (err instanceof DomainError) {
      const m = PROBLEM_MESSAGES[err.code];
      problem.detail = (m && fill(m.en, err.details, 'en')) ?? err.message;
    }
    return;
  }
  problem.title = byStatus.title.zh;
  if (err instanceof DomainError) {
    const m = PROBLEM_MESSAGES[err.code];
    problem.detail = (m && fill(m.zh, err.details, 'zh')) ?? byStatus.detail.zh;
    return;
  }
  if (err instanceof WrongExpectedVersionError) {
    problem.detail = byStatus.detail.zh;
    return;
  }
  const minutes =
    context.retryAfterSeconds !== undefined
      ? Math.max(1, Math.ceil(context.retryAfterSeconds / 60))
      : undefined;
  let detail = translateText(problem.detail, 'detail', minutes !== undefined ? { minutes } : {});
  // A 429 says how long to wait, whatever words the throttle used (sign-in's own, or any other).
  if (detail === null && status === 429 && minutes !== undefined) {
    const signIn = String(problem.instance ?? '').startsWith('/api/auth/');
    detail = fill(signIn ? RETRY_AFTER.signIn.zh : RETRY_AFTER.other.zh, { minutes }, 'zh');
  }
  if (detail === null) detail = byStatus.detail.zh;
  if (status >= 500 && problem.correlationId) detail += `（错误编号 ${problem.correlationId}）`;
  problem.detail = detail;
}

/** An `errors[]` message in Chinese: the DTO's own text when known, else the constraint's template. */
function fieldMessage(e: FieldError): string {
  const rule = e[RULE];
  if (rule && !rule.custom) {
    const m = constraintMessage(rule);
    if (m) return m;
  }
  return translateText(e.message, 'field') ?? (rule && constraintMessage(rule)) ?? '填写有误';
}

function constraintMessage(rule: ValidationRule): string | null {
  let template = VALIDATION_MESSAGES[rule.name]?.zh;
  if (!template) return null;
  const [a, b] = rule.args;
  if (rule.name === 'isLength') {
    if (b === undefined) template = '长度不能少于 {0} 个字符';
    else if (a === b) template = '长度须为 {0} 个字符';
    else if (a === 0) template = '长度不能超过 {1} 个字符';
  }
  const values: Record<string, unknown> = {};
  rule.args.forEach((v, i) => (values[String(i)] = v));
  const text = fill(template, values, 'zh');
  if (text === null) return null;
  return rule.each ? EACH_PREFIX.zh + text : text;
}

/**
 * A fixed English text of the HTTP layer in Chinese, or null when none of TEXT_MESSAGES knows it. As
 * a problem's `detail`, the field it names leads (`limit：须为 …`); in `errors[]` the entry names it.
 */
export function translateText(
  text: string,
  as: 'detail' | 'field',
  extra: Record<string, unknown> = {},
): string | null {
  for (const { pattern, zh } of TEXT_MESSAGES) {
    const m = pattern.exec(text);
    if (!m) continue;
    const groups: Record<string, unknown> = { ...extra };
    for (const [k, v] of Object.entries(m.groups ?? {})) {
      if (v === undefined || k === 'field') continue;
      groups[k] = k === 'thing' ? (THING_LABELS[v] ?? v) : v;
    }
    const filled = fill(zh, groups, 'zh');
    if (filled === null) continue;
    const field = m.groups?.field;
    return as === 'detail' && field ? `${field}：${filled}` : filled;
  }
  return null;
}

/**
 * `{name}` → the value's words in `lang`; null when a placeholder has no value (the caller falls back,
 * so a template never shows a bare `{name}`).
 */
export function fill(template: string, values: Record<string, unknown>, lang: Lang): string | null {
  let complete = true;
  const out = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values) || values[name] === undefined) {
      complete = false;
      return '';
    }
    return formatValue(name, values[name], lang);
  });
  return complete ? out : null;
}

const NONE = { zh: '无', en: 'none' };
const LIST_SEPARATOR = { zh: '、', en: ', ' };
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function formatValue(name: string, value: unknown, lang: Lang): string {
  if (value === null) return NONE[lang];
  if (name === 'unmet' && Array.isArray(value)) {
    return value
      .map((r) => requirement(r as Record<string, unknown>, lang))
      .join(lang === 'zh' ? '；' : '; ');
  }
  if (name === 'problems' && Array.isArray(value)) {
    return value
      .map((p) => (lang === 'zh' ? (translateText(String(p), 'detail') ?? String(p)) : String(p)))
      .join(lang === 'zh' ? '；' : '; ');
  }
  const labels = VALUE_LABELS[name];
  const one = (v: unknown): string => {
    if (v === null || v === undefined) return NONE[lang];
    if (typeof v === 'string') {
      const label = labels?.[v];
      if (label) return label[lang];
      if (ISO_TIME.test(v) && Number.isFinite(Date.parse(v))) return beijingTime(v);
      return v;
    }
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return JSON.stringify(v);
  };
  if (Array.isArray(value)) {
    if (value.length === 0) return NONE[lang];
    const separator = name === 'requiredRoles' ? (lang === 'zh' ? '或' : ' or ') : LIST_SEPARATOR[lang];
    return value.map(one).join(separator);
  }
  return one(value);
}

/** An unmet promotion requirement with its numbers (libs/ladder eligibility `Requirement`). */
function requirement(r: Record<string, unknown>, lang: Lang): string {
  const key = String(r.key);
  const m = REQUIREMENT_MESSAGES[key];
  const tierOrText = (v: unknown) =>
    typeof v === 'string' && VALUE_LABELS.targetTier![v]
      ? VALUE_LABELS.targetTier![v]![lang]
      : typeof v === 'string' && v.startsWith('none')
        ? lang === 'zh'
          ? '无（已是最高层级）'
          : 'none (the top tier)'
        : v;
  const values: Record<string, unknown> = {
    current: key === 'target_tier' ? tierOrText(r.current) : r.current,
    required: key === 'target_tier' ? tierOrText(r.required) : r.required,
    until: r.until,
    missing:
      typeof r.required === 'number' && typeof r.current === 'number'
        ? Math.round((r.required - r.current) * 100) / 100
        : undefined,
  };
  const text = m ? fill(m[lang], values, lang) : null;
  if (text !== null) return text;
  return `${lang === 'zh' ? key : String(r.label ?? key)}: ${String(r.current)}/${String(r.required)}`;
}

/** An ISO time as the office reads it: Beijing time, to the minute. */
function beijingTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}
