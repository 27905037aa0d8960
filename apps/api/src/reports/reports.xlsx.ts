import type ExcelJS from 'exceljs';
import { LEVELS, TIERS } from '#libs/policy';
import { APPLICATION_KINDS } from '#libs/approval';
import { STAGES, STEPS, type ReportName, type UnitRef } from './reports.queries.js';

// Loaded on the first export, not at start-up (imports/sheet.ts says why).
const loadExcel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;

/**
 * The reports as .xlsx (UI.md §1.11 导出): Chinese headers and labels, one sheet for the table the
 * page shows (the unit's rows, then 合计), a sheet for each list beside it, and 说明 naming the unit,
 * the school year, the policy version and when it was made (Beijing time). Codes never appear bare.
 */
export const REPORT_TITLES: Record<ReportName, string> = {
  tiers: '层级分布',
  hours: '学时完成',
  credits: '学分结构',
  applications: '申报统计',
  overdue: '逾期事项',
};

const TIER_LABELS: Record<string, string> = {
  new: '新教师',
  young: '青年教师',
  backbone: '骨干教师',
  leader: '学科带头人',
  master: '名优教师',
};
const LEVEL_LABELS: Record<string, string> = {
  province: '省级',
  city: '市级',
  district: '区县级',
  school: '校级',
};
const UNIT_LEVEL_LABELS: Record<string, string> = {
  province: '省',
  city: '市',
  district: '区县',
  school: '学校',
};
const KIND_LABELS: Record<string, string> = {
  training_project: '培训项目',
  tier_promotion: '进阶认定',
  studio: '名优教师工作室',
  school_plan: '校本研修方案',
};
const STAGE_LABELS: Record<string, string> = {
  submitted: '已提交',
  in_review: '评审中',
  changes_requested: '退回修改',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};
const STEP_LABELS: Record<string, string> = {
  review: '评审逾期',
  revision: '修改逾期',
  annual_summary: '年度总结逾期未报送',
};
const RESOLUTION_LABELS: Record<string, string> = {
  submitted_late: '已逾期完成',
  reviewer_removed: '已移出评审专家',
  withdrawn: '申报已撤回',
  decided: '已作出决定',
};

/** An instant in Beijing time, `YYYY-MM-DD HH:mm` (UI.md §1.3). */
export function beijing(at: Date | string): string {
  return new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** 统计报表_<报表>_YYYYMMDD-HHmm.xlsx, the time in Beijing (UI.md §1.11). */
export function reportFileName(name: ReportName, now: Date): string {
  const b = beijing(now);
  return `统计报表_${REPORT_TITLES[name]}_${b.slice(0, 10).replace(/-/g, '')}-${b.slice(11, 16).replace(':', '')}.xlsx`;
}

type Cell = string | number | null;
interface Column<R> {
  header: string;
  width?: number;
  value: (r: R) => Cell;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the report bodies are built in reports.queries.ts */
type Row = any;
type Report = any;

const unitColumns: Column<Row>[] = [
  { header: '单位', width: 24, value: (r) => (r.self ? `${r.unit.name}（本级）` : r.unit.name) },
  { header: '级别', width: 8, value: (r) => UNIT_LEVEL_LABELS[r.unit.level] ?? r.unit.level },
];

function columnsOf(name: ReportName, report: Report): Column<Row>[] {
  switch (name) {
    case 'tiers':
      return [
        { header: '教师人数', value: (r) => r.teachers },
        ...TIERS.map((t) => ({ header: TIER_LABELS[t]!, value: (r: Row) => r.byTier[t] as number })),
        { header: '未定层级', value: (r) => r.unassigned },
      ];
    case 'hours':
      return [
        { header: '教师人数', value: (r) => r.teachers },
        { header: `已达 ${report.requiredHours} 学时`, value: (r) => r.met },
        { header: '未达标人数', value: (r) => r.shortfallTeachers },
        { header: '完成率（%）', value: (r) => r.completionRate },
        { header: '学时合计', value: (r) => r.totalHours },
        { header: '人均学时', value: (r) => r.averageHours },
        { header: '缺口学时合计', value: (r) => r.shortfallHours },
      ];
    case 'credits':
      return [
        { header: '学分合计', value: (r) => r.totalCredits },
        ...LEVELS.flatMap((l) => [
          { header: `${LEVEL_LABELS[l]}学分`, value: (r: Row) => r.credits[l] as number },
          {
            header: `${LEVEL_LABELS[l]}占比（%，目标 ${report.targets[l]}%）`,
            width: 22,
            value: (r: Row) => r.shares[l] as number,
          },
        ]),
      ];
    case 'applications':
      return [
        { header: '申报数', value: (r) => r.applications },
        ...STAGES.map((s) => ({ header: STAGE_LABELS[s]!, value: (r: Row) => r.stages[s] as number })),
        { header: '通过率（%）', value: (r) => r.approvalRate },
        { header: '平均评审用时（天）', width: 18, value: (r) => r.averageReviewDays },
      ];
    case 'overdue':
      return [
        { header: '逾期事项', value: (r) => r.overdue },
        { header: '尚未完成', value: (r) => r.open },
        ...STEPS.map((s) => ({
          header: STEP_LABELS[s]!,
          width: 18,
          value: (r: Row) => r.steps[s] as number,
        })),
      ];
  }
}

function addSheet<R>(wb: ExcelJS.Workbook, title: string, columns: Column<R>[], rows: R[], total?: R) {
  const ws = wb.addWorksheet(title);
  ws.columns = columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(10, c.header.length * 2 + 2),
  }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1, xSplit: 1 }];
  for (const r of rows) ws.addRow(columns.map((c) => c.value(r)));
  if (total) {
    const row = ws.addRow(columns.map((c, i) => (i === 0 ? '合计' : i === 1 ? '' : c.value(total))));
    row.font = { bold: true };
  }
  return ws;
}

export async function reportWorkbook(
  name: ReportName,
  report: Report & { unit: UnitRef; schoolYear: string; policyVersion: string },
  now: Date,
): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '教师专业发展管理平台';
  wb.created = now;
  addSheet(wb, REPORT_TITLES[name], [...unitColumns, ...columnsOf(name, report)], report.rows, report.total);
  if (name === 'hours')
    addSheet(
      wb,
      '学时未达标教师',
      [
        { header: '姓名', width: 16, value: (r: Row) => r.name },
        { header: '单位', width: 24, value: (r: Row) => r.orgUnit.name },
        { header: '本学年学时', value: (r: Row) => r.hours },
        { header: '缺口', value: (r: Row) => r.gap },
      ],
      report.shortfalls,
    );
  if (name === 'applications')
    addSheet(
      wb,
      '按申报类型',
      [
        { header: '申报类型', width: 16, value: (r: Row) => KIND_LABELS[r.kind] ?? r.kind },
        ...columnsOf('applications', report),
      ],
      APPLICATION_KINDS.map((k) => report.byKind.find((b: Row) => b.kind === k)),
    );
  if (name === 'overdue')
    addSheet(
      wb,
      '逾期明细',
      [
        { header: '事项', width: 18, value: (r: Row) => STEP_LABELS[r.step] ?? r.step },
        {
          header: '对象',
          width: 30,
          value: (r: Row) => (r.step === 'annual_summary' ? `${r.subject} 年度培训工作总结` : r.title),
        },
        { header: '单位', width: 24, value: (r: Row) => r.orgUnit.name },
        { header: '处理人', width: 16, value: (r: Row) => r.assignee },
        { header: '截止时间（北京时间）', width: 20, value: (r: Row) => beijing(r.dueAt) },
        { header: '逾期天数', value: (r: Row) => r.daysOverdue },
        {
          header: '处理情况',
          width: 16,
          value: (r: Row) => (r.resolution ? (RESOLUTION_LABELS[r.resolution] ?? r.resolution) : '尚未完成'),
        },
      ],
      report.items,
    );
  const about = wb.addWorksheet('说明');
  about.columns = [{ width: 16 }, { width: 40 }];
  about.addRows([
    ['报表', REPORT_TITLES[name]],
    ['单位', report.unit.name],
    ['学年', `${report.schoolYear} 学年`],
    ['政策版本', report.policyVersion],
    ['生成时间（北京时间）', beijing(now)],
    ['范围', '本单位及下级单位；每行为该下级单位及其所属单位的合计，「本级」为直属本单位的记录。'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
