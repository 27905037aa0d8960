import { refuse } from '#libs/event-store';
import {
  checkPersonalFields,
  ROLES,
  TEACHER_TIERS,
  USERNAME_PATTERN,
  type Role,
  type TeacherTier,
} from '#libs/identity';
import type pg from 'pg';
import { checkCell, lookup, type ImportPlan, type RowIssue } from './import-rows.js';
import type { ParsedSheet, SheetColumn } from './sheet.js';

/** GLOSSARY.md §1 and §2: the office's words for roles and tiers, as the drop-downs offer them. */
export const ROLE_LABELS: Record<Role, string> = {
  teacher: '教师',
  mentor: '导师',
  reviewer: '评审专家',
  chair: '评审组长',
  admin: '管理员',
};
export const TIER_LABELS: Record<TeacherTier, string> = {
  new: '新教师',
  young: '青年教师',
  backbone: '骨干教师',
  leader: '学科带头人',
  master: '名优教师',
};
/** 学科 is free text in the office's sheets; the same cap as the application form's subject. */
const SUBJECT_MAX = 100;

/** UI.md §1.10: 姓名*, 用户名*, 学校*, 学科, 层级*, 角色, 手机, 邮箱, 身份证号. */
export function userColumns(schools: string[]): SheetColumn[] {
  return [
    { header: '姓名*', required: true, note: '必填，1–100 个字符', example: '张明', width: 14 },
    {
      header: '用户名*',
      required: true,
      note: '必填，登录用：3–32 个字符，小写字母开头，可含小写字母、数字、点、短横线、下划线；全平台唯一，已存在的用户名将跳过',
      example: 'zhang.ming',
      width: 18,
    },
    {
      header: '学校*',
      required: true,
      note: '必填，从下拉列表中选择本单位管辖范围内的学校',
      choices: schools,
      example: schools[0] ?? '',
      width: 28,
    },
    { header: '学科', required: false, note: '选填，不超过 100 个字符', example: '数学', width: 10 },
    {
      header: '层级*',
      required: true,
      note: '角色含「教师」时必填，从下拉列表中选择：新教师、青年教师、骨干教师、学科带头人、名优教师',
      choices: TEACHER_TIERS.map((t) => TIER_LABELS[t]),
      example: '青年教师',
      width: 12,
    },
    {
      header: '角色',
      required: false,
      note: '选填，默认「教师」；多个角色用顿号「、」分隔，如「教师、导师」',
      choices: ROLES.map((r) => ROLE_LABELS[r]),
      example: '教师',
      width: 14,
    },
    {
      header: '手机',
      required: false,
      note: '选填，5–24 位数字、空格或短横线',
      example: '13800000000',
      width: 15,
    },
    { header: '邮箱', required: false, note: '选填', example: 'zhang.ming@example.cn', width: 24 },
    {
      header: '身份证号',
      required: false,
      note: '选填，18 位：17 位数字加 1 位校验码（数字或 X）；请将单元格设为文本，以免末位变为 0',
      example: '',
      width: 22,
    },
  ];
}

export const USER_RULES = [
  `每个文件不超过 5,000 行、5 MB，支持 .xlsx 和 .csv（UTF-8 或 GB18030 编码）。`,
  '第 2 行灰色为示例行，可保留（导入时跳过）或删除。',
  '先「预检」：不写入任何数据，列出每一行的问题；全部无误后才能导入。',
  '导入是幂等的：用户名已存在的行跳过，同一文件导入两次不会重复新增。',
  '导入的账号没有可用的初始密码：请在「用户管理」中为需要登录的教师「重置密码」，并告知本人。',
];

export interface UserRow {
  username: string;
  displayName: string;
  schoolId: string;
  roles: Role[];
  tier: TeacherTier | null;
  /** 学科, as the sheet gives it; null when left empty. */
  subject: string | null;
  phone: string | null;
  email: string | null;
  idCardNumber: string | null;
}

const required = (v: string) => {
  if (v === '') throw refuse('import_cell_required', 'this column is required');
  return v;
};

/**
 * Checks every row of a teachers' sheet without writing anything: the same rules as the registration
 * form and the user decider (username shape, name, personal fields, roles, tier), the school within the
 * admin's unit, and which usernames already exist (skipped: the import is idempotent by username).
 */
export async function planUsers(
  pool: pg.Pool,
  sheet: ParsedSheet,
  adminUnit: string,
): Promise<ImportPlan<UserRow>> {
  const schools = await schoolsWithin(pool, adminUnit);
  const usernames = [...new Set(sheet.rows.map((r) => (r.cells['用户名'] ?? '').toLowerCase()))];
  const taken = new Set(
    (
      await pool.query<{ username: string }>(`SELECT username FROM users WHERE username = ANY($1)`, [
        usernames,
      ])
    ).rows.map((r) => r.username),
  );
  const issues: RowIssue[] = [];
  const plan: ImportPlan<UserRow> = { total: sheet.rows.length, ready: [], skipped: [], issues };
  const firstLine = new Map<string, number>();
  for (const row of sheet.rows) {
    const before = issues.length;
    const displayName = checkCell(
      row,
      '姓名',
      issues,
      (v) => checkPersonalFields({ displayName: required(v) }).displayName,
    );
    const username = checkCell(row, '用户名', issues, (v) => {
      const u = required(v);
      if (!USERNAME_PATTERN.test(u))
        throw refuse('invalid_username', 'a username is 3–32 characters, lower-case letter first');
      const first = firstLine.get(u);
      if (first !== undefined)
        throw refuse('import_duplicate_row', 'the same row key appears earlier in the file', { line: first });
      firstLine.set(u, row.line);
      return u;
    });
    const schoolId = checkCell(row, '学校', issues, (v) => {
      const ids = schools.get(required(v));
      if (!ids) throw refuse('import_unknown_school', 'not a school within your org unit');
      if (ids.length > 1) throw refuse('import_ambiguous_school', 'several schools of yours have this name');
      return ids[0]!;
    });
    const subject = checkCell(row, '学科', issues, (v) => {
      if (v.length > SUBJECT_MAX)
        throw refuse('import_text_too_long', 'the text is too long', { max: SUBJECT_MAX });
      return v === '' ? null : v;
    });
    const roles = checkCell(row, '角色', issues, (v) => {
      if (v === '') return ['teacher'] as Role[];
      const parts = v.split(/[、,，;；/\s]+/).filter(Boolean);
      const codes = parts.map((p) => lookup(ROLE_LABELS, p));
      const unknown = parts.filter((_, i) => codes[i] === undefined);
      if (unknown.length > 0) throw refuse('unknown_role', 'unknown role(s)', { unknownRoles: unknown });
      return [...new Set(codes as Role[])];
    });
    const tier = checkCell(row, '层级', issues, (v) => {
      const teacher = (roles ?? ['teacher']).includes('teacher');
      if (v === '') {
        if (teacher) required(v);
        return null;
      }
      const t = lookup(TIER_LABELS, v);
      if (!t) throw refuse('unknown_tier', 'unknown tier');
      if (!teacher) throw refuse('tier_needs_teacher', 'only a teacher has a tier');
      return t;
    });
    const phone = checkCell(
      row,
      '手机',
      issues,
      (v) => checkPersonalFields({ displayName: '-', phone: v }).phone,
    );
    const email = checkCell(
      row,
      '邮箱',
      issues,
      (v) => checkPersonalFields({ displayName: '-', email: v }).email,
    );
    const idCardNumber = checkCell(
      row,
      '身份证号',
      issues,
      (v) => checkPersonalFields({ displayName: '-', idCardNumber: v }).idCardNumber,
    );
    if (issues.length > before) continue;
    if (taken.has(username!)) {
      plan.skipped.push({ line: row.line, key: username! });
      continue;
    }
    plan.ready.push({
      line: row.line,
      username: username!,
      displayName: displayName!,
      schoolId: schoolId!,
      roles: roles!,
      tier: tier ?? null,
      subject: subject ?? null,
      phone: phone ?? null,
      email: email ?? null,
      idCardNumber: idCardNumber ?? null,
    });
  }
  return plan;
}

/** The schools in the admin's org unit and below, by name (a name two schools share is ambiguous). */
export async function schoolsWithin(pool: pg.Pool, adminUnit: string): Promise<Map<string, string[]>> {
  const res = await pool.query<{ id: string; name: string }>(
    `SELECT o.id, o.name FROM org_units o JOIN org_units a ON a.id = $1 AND starts_with(o.path, a.path)
      WHERE o.level = 'school' ORDER BY o.name`,
    [adminUnit],
  );
  const out = new Map<string, string[]>();
  for (const r of res.rows) out.set(r.name, [...(out.get(r.name) ?? []), r.id]);
  return out;
}
