import { loadState, refuse, type EventStore } from '#libs/event-store';
import type { IdentityDirectory } from '#libs/identity';
import { HOUR_KINDS, teacherDecider, type HourKind } from '#libs/ladder';
import type { Level } from '#libs/policy';
import { checkCell, lookup, type ImportPlan, type RowIssue } from './import-rows.js';
import type { ParsedSheet, SheetColumn } from './sheet.js';

/** GLOSSARY.md §7: credit levels and kinds of hours, as the drop-downs offer them. */
export const LEVEL_LABELS: Record<Level, string> = {
  province: '省级',
  city: '市级',
  district: '区县级',
  school: '校级',
};
export const KIND_LABELS: Record<HourKind, string> = {
  training: '培训',
  ethics_study: '师德师风学习',
  activity: '研修活动',
};
/** The same bounds as the one-at-a-time 登记学时 form (ladder.dto.ts GrantHoursDto). */
const HOURS_MIN = 0.5;
const HOURS_MAX = 1000;
const SOURCE_MAX = 200;

/** UI.md §1.10: 用户名*, 姓名, 学时*, 学分, 级别*, 类别*, 完成日期*, 来源编号*, 审批依据*. */
export function hoursColumns(): SheetColumn[] {
  return [
    {
      header: '用户名*',
      required: true,
      note: '必填，教师的登录用户名（本单位管辖范围内）',
      example: 'wang.wei1',
      width: 16,
    },
    {
      header: '姓名',
      required: false,
      note: '选填，用于核对：须与用户名对应的姓名一致',
      example: '王伟',
      width: 12,
    },
    { header: '学时*', required: true, note: '必填，0.5–1000，最多 1 位小数', example: '12', width: 8 },
    { header: '学分', required: false, note: '选填，0–1000；不填时等于学时', example: '', width: 8 },
    {
      header: '级别*',
      required: true,
      note: '必填，从下拉列表中选择：省级、市级、区县级、校级',
      choices: Object.values(LEVEL_LABELS),
      example: '区县级',
      width: 10,
    },
    {
      header: '类别*',
      required: true,
      note: '必填，从下拉列表中选择：培训、师德师风学习、研修活动',
      choices: HOUR_KINDS.map((k) => KIND_LABELS[k]),
      example: '培训',
      width: 14,
    },
    {
      header: '完成日期*',
      required: true,
      note: '必填，YYYY-MM-DD（北京时间），不能晚于今天',
      example: '2026-10-15',
      width: 14,
    },
    {
      header: '来源编号*',
      required: true,
      note: '必填，1–200 个字符：培训项目或研修活动的编号；同一教师同一来源只登记一次，已登记的行跳过',
      example: 'PX-2026-018',
      width: 18,
    },
    {
      header: '审批依据*',
      required: true,
      note: '必填，1–200 个字符：批准该项目或活动的文件、记录编号',
      example: '东湖教发〔2026〕12号',
      width: 22,
    },
  ];
}

export const HOURS_RULES = [
  `每个文件不超过 5,000 行、5 MB，支持 .xlsx 和 .csv（UTF-8 或 GB18030 编码）。`,
  '第 2 行灰色为示例行，可保留（导入时跳过）或删除。',
  '先「预检」：不写入任何数据，列出每一行的问题；全部无误后才能导入。',
  '导入是幂等的：同一教师同一来源编号已登记的行跳过，同一文件导入两次不会重复登记。',
  '学时记录只增不改：登记有误时，请在教师档案中「冲销」后重新登记。',
];

export interface HoursRow {
  teacherId: string;
  hours: number;
  credits: number;
  level: Level;
  kind: HourKind;
  completedAt: string;
  sourceId: string;
  approvingRecord: string;
}

const required = (v: string) => {
  if (v === '') throw refuse('import_cell_required', 'this column is required');
  return v;
};
const NUMBER = /^\d+(\.\d+)?$/;
const DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;

/** Today in Beijing (UI.md §1.3): a completion date is a Beijing calendar date. */
const beijingToday = (now: Date) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Checks a sheet of a project's attendees without writing anything: the teacher by username within the
 * admin's unit (asked of identity's directory), with a ladder record, not the admin's own; the same bounds as the 登记学时 form; and which
 * rows are already granted (the same teacher and source: skipped, as the decider would).
 */
export async function planHours(
  directory: IdentityDirectory,
  store: EventStore,
  sheet: ParsedSheet,
  admin: { id: string; orgUnit: string },
  now: Date,
): Promise<ImportPlan<HoursRow>> {
  const usernames = [...new Set(sheet.rows.map((r) => r.cells['用户名'] ?? ''))];
  const users = new Map(
    [...(await directory.byUsernames(usernames, admin.orgUnit))].map(([username, u]) => [
      username,
      { id: u.id, username, displayName: u.displayName, teacher: u.roles.includes('teacher') },
    ]),
  );
  // Each teacher's live grants by source, from their record (the decider's own state).
  const granted = new Map<string, Set<string> | null>();
  await Promise.all(
    [...users.values()].map(async (u) => {
      const { state } = await loadState(store, teacherDecider, `teacher-${u.id}`);
      granted.set(
        u.id,
        state.exists
          ? new Set(
              state.ledger.filter((e) => !e.reversed && e.source.type === 'activity').map((e) => e.source.id),
            )
          : null,
      );
    }),
  );
  const today = beijingToday(now);
  const issues: RowIssue[] = [];
  const plan: ImportPlan<HoursRow> = { total: sheet.rows.length, ready: [], skipped: [], issues };
  const firstLine = new Map<string, number>();
  for (const row of sheet.rows) {
    const before = issues.length;
    const user = checkCell(row, '用户名', issues, (v) => {
      const u = users.get(required(v));
      if (!u) throw refuse('import_unknown_user', 'no such user within your org unit');
      if (u.id === admin.id) throw refuse('own_record', 'nobody keeps their own record');
      if (!u.teacher || granted.get(u.id) === null)
        throw refuse('import_no_teacher_record', 'this user has no teacher record');
      return u;
    });
    checkCell(row, '姓名', issues, (v) => {
      if (v !== '' && user && v !== user.displayName)
        throw refuse('import_name_mismatch', 'the name does not match the username');
    });
    const hours = checkCell(row, '学时', issues, (v) => {
      const n = Number(required(v));
      if (!NUMBER.test(v) || n < HOURS_MIN || n > HOURS_MAX)
        throw refuse('invalid_hours', 'hours out of range');
      return n;
    });
    const credits = checkCell(row, '学分', issues, (v) => {
      if (v === '') return hours;
      const n = Number(v);
      if (!NUMBER.test(v) || n > HOURS_MAX) throw refuse('invalid_credits', 'credits out of range');
      return n;
    });
    const level = checkCell(row, '级别', issues, (v) => {
      const l = lookup(LEVEL_LABELS, required(v));
      if (!l) throw refuse('invalid_level', 'unknown level');
      return l;
    });
    const kind = checkCell(row, '类别', issues, (v) => {
      const k = lookup(KIND_LABELS, required(v));
      if (!k) throw refuse('invalid_kind', 'unknown kind');
      return k;
    });
    const completedOn = checkCell(row, '完成日期', issues, (v) => {
      const m = DATE.exec(required(v));
      const date = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : '';
      const parsed = Date.parse(`${date}T00:00:00+08:00`);
      // A calendar date that does not exist (2026-02-30) rolls over in Date: compare it back.
      if (!m || !Number.isFinite(parsed) || beijingToday(new Date(parsed)) !== date)
        throw refuse('import_invalid_date', 'not a date');
      if (date > today) throw refuse('invalid_completion_date', 'the completion is in the future');
      return date;
    });
    const sourceId = checkCell(row, '来源编号', issues, (v) => {
      if (required(v).length > SOURCE_MAX)
        throw refuse('import_text_too_long', 'the text is too long', { max: SOURCE_MAX });
      if (user) {
        const key = `${user.id}\u0000${v}`;
        const first = firstLine.get(key);
        if (first !== undefined)
          throw refuse('import_duplicate_row', 'the same row key appears earlier in the file', {
            line: first,
          });
        firstLine.set(key, row.line);
      }
      return v;
    });
    const approvingRecord = checkCell(row, '审批依据', issues, (v) => {
      if (required(v).length > SOURCE_MAX)
        throw refuse('import_text_too_long', 'the text is too long', { max: SOURCE_MAX });
      return v;
    });
    if (issues.length > before) continue;
    if (granted.get(user!.id)?.has(sourceId!)) {
      plan.skipped.push({ line: row.line, key: `${user!.username}/${sourceId}` });
      continue;
    }
    plan.ready.push({
      line: row.line,
      teacherId: user!.id,
      hours: hours!,
      credits: credits!,
      level: level!,
      kind: kind!,
      completedAt: `${completedOn}T00:00:00+08:00`,
      sourceId: sourceId!,
      approvingRecord: approvingRecord!,
    });
  }
  return plan;
}
