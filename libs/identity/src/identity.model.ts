/**
 * The vocabulary of the identity context (DOMAIN.md "Organisation" and "People and roles").
 * These strings are persisted in events: never rename one, add a new one.
 */

/** DOMAIN.md "Organisation": province 省 → city 市 → district/county 区县 → school 校 (seed 001; seed 003). */
export const ORG_LEVELS = ['province', 'city', 'district', 'school'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/** The level a child of `level` must have: exactly one below (null under a school: schools are leaves). */
export function childLevelOf(level: OrgLevel): OrgLevel | null {
  return ORG_LEVELS[ORG_LEVELS.indexOf(level) + 1] ?? null;
}

/**
 * DOMAIN.md "People and roles". A user may hold several (a backbone teacher who also reviews). The order
 * is least privilege first: when a request does not say which role it acts in, the first one the user
 * holds in this order is used, so an everyday action is never recorded as an admin's.
 */
export const ROLES = ['teacher', 'mentor', 'reviewer', 'chair', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (r: unknown): r is Role =>
  typeof r === 'string' && (ROLES as readonly string[]).includes(r);

/**
 * DOMAIN.md "The progression ladder" 新教师 → 青年教师 → 骨干教师 → 学科带头人 → 名优教师. Identity only records
 * the tier a teacher had when registered (the demo seed and imports need it); the ladder context will own
 * tier changes with its own events, and a `tier` here is then only the starting point.
 */
export const TEACHER_TIERS = ['new', 'young', 'backbone', 'leader', 'master'] as const;
export type TeacherTier = (typeof TEACHER_TIERS)[number];

/**
 * Usernames are lower case so that "ZhangWei" and "zhangwei" are one login; the HTTP layer lower-cases
 * what people type. 3–32 characters, starting with a letter; they also name the reservation stream
 * `username-<name>`, so only characters a stream id allows.
 */
export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;

export const DISPLAY_NAME_MAX = 100;
export const ORG_UNIT_NAME_MAX = 100;

/** The actor of commands the system itself runs (first-start seeding, bootstrap of the root unit). */
export const SYSTEM_ROLE = 'system';

/**
 * The languages the product writes to people in (notification emails, DOMAIN.md "Deadlines and reminders"): Simplified
 * Chinese, the offices' language and the default, or English. A user's choice is not personal data
 * (it identifies nobody), so it is recorded in plain text.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export const isLocale = (l: unknown): l is Locale =>
  typeof l === 'string' && (LOCALES as readonly string[]).includes(l);
