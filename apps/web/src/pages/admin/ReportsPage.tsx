import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Flex,
  Select,
  Skeleton,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useMe } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { isApiError } from '../../api/problem';
import { label, useI18n } from '../../i18n/locale';
import type { Messages } from '../../i18n/zh-CN';
import type { Formatters } from '../../i18n/format';
import { useOrgUnits } from '../chair/committee-api';
import ReportChart, { type BarSeries } from './ReportChart';
import {
  downloadReport,
  recentSchoolYears,
  REPORTS,
  useReport,
  type ReportName,
  type Reports,
} from './reports-api';
import { unitChain, UnitTreeSelect } from './UnitTreeSelect';

const TIERS = ['new', 'young', 'backbone', 'leader', 'master'] as const;
const LEVELS = ['province', 'city', 'district', 'school'] as const;
const STAGES = ['submitted', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'] as const;
const STEPS = ['review', 'revision', 'annual_summary'] as const;
const TIER_COLOURS = ['#91caff', '#4096ff', '#0958d9', '#722ed1', '#d48806'];

type AnyRow = Reports[ReportName]['rows'][number];
/** A figure column: its header, the number of a row, how it reads. */
interface Figure<R> {
  key: string;
  title: string;
  value: (r: R) => number | null;
  show: (n: number | null) => string;
}

/**
 * 统计报表 (UI.md §5): per org unit and school year, the five reports as tabs — a chart above, the table
 * below with one row per unit below the chosen one and the 合计 row; clicking a unit drills down
 * (市 → 区县 → 学校), and 「导出」 downloads the API's own .xlsx of what is shown. Unit, year and tab live
 * in the URL, so a link or a reload shows the same report.
 */
export default function ReportsPage() {
  const { t, fmt } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const units = useOrgUnits();
  const years = useMemo(() => recentSchoolYears(), []);
  const tabParam = params.get('tab');
  const tab: ReportName = (REPORTS as readonly string[]).includes(tabParam ?? '')
    ? (tabParam as ReportName)
    : 'tiers';
  const unit = params.get('unit') ?? me.orgUnit;
  const yearParam = params.get('year');
  const year = yearParam && years.includes(yearParam) ? yearParam : years[0]!;
  const report = useReport(tab, unit, year);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    setParams(next);
  };
  const chain = unitChain(units.data ?? [], unit);

  const exportXlsx = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const file = await downloadReport(tab, unit, year);
      void message.success(`${t.reports.exported}：${file}`);
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting(false);
    }
  };

  return (
    <PageContainer
      title={t.reports.title}
      refreshing={report.isFetching && !report.isPending}
      extra={
        <Button
          type="primary"
          icon={<DownloadOutlined />}
          loading={exporting}
          disabled={!report.data}
          onClick={() => void exportXlsx()}
          data-testid="report-export"
        >
          {t.reports.export}
        </Button>
      }
    >
      {exportError ? (
        <Alert
          type="error"
          showIcon
          closable
          style={{ marginBottom: 16 }}
          title={
            isApiError(exportError) && exportError.status !== 0
              ? exportError.problem.detail || t.errors.unavailable(exportError.problem.correlationId ?? '—')
              : t.errors.network
          }
          onClose={() => setExportError(null)}
        />
      ) : null}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex wrap gap={12} align="center">
          <Typography.Text>{t.reports.unit}</Typography.Text>
          <UnitTreeSelect
            units={units.data ?? []}
            value={units.data ? unit : undefined}
            onChange={(id) => set({ unit: id })}
            label={t.reports.unit}
          />
          <Typography.Text>{t.reports.schoolYear}</Typography.Text>
          <Select
            aria-label={t.reports.schoolYear}
            data-testid="year-select"
            style={{ width: 170 }}
            value={year}
            onChange={(v: string) => set({ year: v })}
            options={years.map((y) => ({ value: y, label: t.units.schoolYear(y) }))}
          />
        </Flex>
      </Card>
      {chain.length > 1 ? (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          data-testid="unit-chain"
          items={chain.map((u, i) => ({
            title:
              i < chain.length - 1 ? (
                <a
                  href={`?${new URLSearchParams({ ...Object.fromEntries(params), unit: u.id })}`}
                  onClick={(e) => {
                    e.preventDefault();
                    set({ unit: u.id });
                  }}
                >
                  {u.name}
                </a>
              ) : (
                u.name
              ),
          }))}
        />
      ) : null}
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k })}
        items={REPORTS.map((name) => ({ key: name, label: t.reports.tabs[name] }))}
      />
      {report.isPending ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : report.isError ? (
        <ErrorResult error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <ReportView name={tab} data={report.data} t={t} fmt={fmt} onDrill={(id) => set({ unit: id })} />
      )}
    </PageContainer>
  );
}

function figuresOf(name: ReportName, data: Reports[ReportName], t: Messages, fmt: Formatters) {
  const count = (n: number | null) => fmt.number(n, 0);
  const pctOf = (n: number | null) => (n === null ? '—' : t.units.percent(fmt.percent(n)));
  const hours = (n: number | null) => fmt.hours(n);
  switch (name) {
    case 'tiers': {
      type R = Reports['tiers']['rows'][number];
      return [
        { key: 'teachers', title: t.reports.teachers, value: (r: R) => r.teachers, show: count },
        ...TIERS.map((tier) => ({
          key: tier,
          title: label(t.tiers, tier),
          value: (r: R) => r.byTier[tier],
          show: count,
        })),
        { key: 'unassigned', title: t.reports.unassigned, value: (r: R) => r.unassigned, show: count },
      ] as Figure<AnyRow>[];
    }
    case 'hours': {
      type R = Reports['hours']['rows'][number];
      const required = (data as Reports['hours']).requiredHours;
      return [
        { key: 'teachers', title: t.reports.teachers, value: (r: R) => r.teachers, show: count },
        { key: 'met', title: t.reports.met(required), value: (r: R) => r.met, show: count },
        {
          key: 'shortfallTeachers',
          title: t.reports.shortfallTeachers,
          value: (r: R) => r.shortfallTeachers,
          show: count,
        },
        {
          key: 'completionRate',
          title: t.reports.completionRate,
          value: (r: R) => r.completionRate,
          show: pctOf,
        },
        { key: 'totalHours', title: t.reports.totalHours, value: (r: R) => r.totalHours, show: hours },
        { key: 'averageHours', title: t.reports.averageHours, value: (r: R) => r.averageHours, show: hours },
        {
          key: 'shortfallHours',
          title: t.reports.shortfallHours,
          value: (r: R) => r.shortfallHours,
          show: hours,
        },
      ] as Figure<AnyRow>[];
    }
    case 'credits': {
      type R = Reports['credits']['rows'][number];
      const targets = (data as Reports['credits']).targets;
      return [
        {
          key: 'totalCredits',
          title: t.reports.totalCredits,
          value: (r: R) => r.totalCredits,
          show: fmt.credits,
        },
        ...LEVELS.flatMap((l) => [
          {
            key: `credits-${l}`,
            title: t.reports.creditsOf(label(t.levels, l)),
            value: (r: R) => r.credits[l],
            show: fmt.credits,
          },
          {
            key: `share-${l}`,
            title: t.reports.shareOf(label(t.levels, l), targets[l]),
            value: (r: R) => r.shares[l],
            show: pctOf,
          },
        ]),
      ] as Figure<AnyRow>[];
    }
    case 'applications': {
      type R = Reports['applications']['rows'][number];
      return applicationFigures<R>(t, fmt, count, pctOf) as Figure<AnyRow>[];
    }
    case 'overdue': {
      type R = Reports['overdue']['rows'][number];
      return [
        { key: 'overdue', title: t.reports.overdue, value: (r: R) => r.overdue, show: count },
        { key: 'open', title: t.reports.open, value: (r: R) => r.open, show: count },
        ...STEPS.map((s) => ({
          key: s,
          title: t.reports.steps[s],
          value: (r: R) => r.steps[s],
          show: count,
        })),
      ] as Figure<AnyRow>[];
    }
  }
}

function applicationFigures<R extends Reports['applications']['rows'][number]>(
  t: Messages,
  fmt: Formatters,
  count: (n: number | null) => string,
  pctOf: (n: number | null) => string,
): Figure<R>[] {
  return [
    { key: 'applications', title: t.reports.applications, value: (r) => r.applications, show: count },
    ...STAGES.map((s) => ({ key: s, title: label(t.stages, s), value: (r: R) => r.stages[s], show: count })),
    { key: 'approvalRate', title: t.reports.approvalRate, value: (r) => r.approvalRate, show: pctOf },
    {
      key: 'averageReviewDays',
      title: t.reports.averageReviewDays,
      value: (r) => r.averageReviewDays,
      show: (n) => (n === null ? '—' : t.reports.days(fmt.number(n, 1))),
    },
  ];
}

/** The main count of a report: zero means there is nothing to show for the unit and year. */
function isEmpty(name: ReportName, data: Reports[ReportName]): boolean {
  const total = data.total as Record<string, unknown>;
  const main = {
    tiers: 'teachers',
    hours: 'teachers',
    credits: 'totalCredits',
    applications: 'applications',
    overdue: 'overdue',
  }[name];
  return total[main] === 0;
}

function chartOf(name: ReportName, data: Reports[ReportName], t: Messages) {
  const rowName = (r: AnyRow) => (r.self ? t.reports.self(r.unit.name) : r.unit.name);
  const categories = data.rows.map(rowName);
  switch (name) {
    case 'tiers':
      return {
        categories,
        series: TIERS.map((tier, i) => ({
          name: label(t.tiers, tier),
          stack: 'tiers',
          color: TIER_COLOURS[i],
          data: (data as Reports['tiers']).rows.map((r) => r.byTier[tier]),
        })) as BarSeries[],
      };
    case 'hours':
      return {
        categories,
        percent: true,
        series: [
          {
            name: t.reports.completionRate,
            color: '#1677ff',
            data: (data as Reports['hours']).rows.map((r) => r.completionRate),
          },
        ],
      };
    case 'credits': {
      const d = data as Reports['credits'];
      return {
        categories: LEVELS.map((l) => label(t.levels, l)),
        percent: true,
        series: [
          { name: t.reports.share, color: '#1677ff', data: LEVELS.map((l) => d.total.shares[l]) },
          { name: t.reports.target, color: '#d9d9d9', data: LEVELS.map((l) => d.targets[l]) },
        ],
      };
    }
    case 'applications':
      return {
        categories,
        series: STAGES.map((s) => ({
          name: label(t.stages, s),
          stack: 'stages',
          data: (data as Reports['applications']).rows.map((r) => r.stages[s]),
        })) as BarSeries[],
      };
    case 'overdue':
      return {
        categories,
        series: [
          {
            name: t.reports.overdue,
            color: '#ff7875',
            data: (data as Reports['overdue']).rows.map((r) => r.overdue),
          },
          {
            name: t.reports.open,
            color: '#cf1322',
            data: (data as Reports['overdue']).rows.map((r) => r.open),
          },
        ],
      };
  }
}

function ReportView(props: {
  name: ReportName;
  data: Reports[ReportName];
  t: Messages;
  fmt: Formatters;
  onDrill: (unitId: string) => void;
}) {
  const { name, data, t, fmt } = props;
  const figures = useMemo(() => figuresOf(name, data, t, fmt), [name, data, t, fmt]);
  const chart = useMemo(() => chartOf(name, data, t), [name, data, t]);
  if (isEmpty(name, data))
    return (
      <Card>
        <EmptyState description={t.reports.empty} />
      </Card>
    );

  const columns: ColumnsType<AnyRow> = [
    {
      key: 'unit',
      title: t.reports.unit,
      fixed: 'left',
      width: 150,
      // Every unit below is a link: a district opens its schools, a school its own figures.
      render: (_: unknown, r) =>
        r.self ? (
          t.reports.self(r.unit.name)
        ) : (
          <Typography.Link onClick={() => props.onDrill(r.unit.id)} data-testid={`drill-${r.unit.id}`}>
            {r.unit.name}
          </Typography.Link>
        ),
    },
    {
      key: 'level',
      title: t.reports.unitLevel,
      width: 72,
      render: (_: unknown, r) => label(t.reports.unitLevels, r.unit.level),
    },
    ...figures.map((f) => ({
      key: f.key,
      title: f.title,
      align: 'right' as const,
      render: (_: unknown, r: AnyRow) => f.show(f.value(r)),
    })),
  ];

  return (
    <>
      <Card size="small" title={t.reports.chartTitle[name]} style={{ marginBottom: 16 }}>
        <ReportChart label={t.reports.chartTitle[name]} {...chart} />
      </Card>
      <Card
        size="small"
        style={{ marginBottom: 16 }}
        extra={
          // A school has no units below: its one row is its own (本级), nothing to open.
          data.rows.some((r) => !r.self) ? (
            <Typography.Text type="secondary">{t.reports.drillHint}</Typography.Text>
          ) : undefined
        }
      >
        <Table<AnyRow>
          rowKey={(r) => `${r.unit.id}${r.self ? ':self' : ''}`}
          dataSource={data.rows}
          columns={columns}
          pagination={false}
          size="middle"
          scroll={{ x: 300 + figures.length * 110 }}
          data-testid="report-table"
          summary={() => (
            <Table.Summary fixed="bottom">
              <Table.Summary.Row style={{ fontWeight: 600 }}>
                <Table.Summary.Cell index={0}>{t.reports.total}</Table.Summary.Cell>
                <Table.Summary.Cell index={1}>
                  {label(t.reports.unitLevels, data.unit.level)}
                </Table.Summary.Cell>
                {figures.map((f, i) => (
                  <Table.Summary.Cell key={f.key} index={i + 2} align="right">
                    <span data-testid={`total-${f.key}`}>{f.show(f.value(data.total))}</span>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          )}
        />
      </Card>
      <Extra name={name} data={data} t={t} fmt={fmt} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t.reports.basis(data.policyVersion, fmt.dateTime(data.generatedAt))}
      </Typography.Paragraph>
    </>
  );
}

/** The list beside a report: the teachers short of hours, applications by kind, the overdue steps. */
function Extra(props: { name: ReportName; data: Reports[ReportName]; t: Messages; fmt: Formatters }) {
  const { name, t, fmt } = props;
  const pager = (n: number) =>
    n > 20 ? { pageSize: 20, showTotal: t.common.total, showSizeChanger: true } : false;
  let content: ReactNode = null;
  let title = '';
  if (name === 'hours') {
    const data = props.data as Reports['hours'];
    title = t.reports.shortfalls;
    type S = Reports['hours']['shortfalls'][number];
    content = (
      <>
        <Table<S>
          rowKey="teacherId"
          dataSource={data.shortfalls}
          pagination={pager(data.shortfalls.length)}
          size="small"
          scroll={{ x: 520 }}
          columns={[
            { key: 'name', title: t.reports.name, fixed: 'left', width: 140, render: (_, r) => r.name },
            { key: 'unit', title: t.reports.unit, render: (_, r) => r.orgUnit.name },
            {
              key: 'hours',
              title: t.reports.hoursThisYear,
              align: 'right',
              render: (_, r) => fmt.hours(r.hours),
            },
            {
              key: 'gap',
              title: t.reports.gap,
              align: 'right',
              render: (_, r) => <Typography.Text type="danger">{fmt.hours(r.gap)}</Typography.Text>,
            },
          ]}
        />
        {data.shortfallsTruncated ? (
          <Typography.Text type="secondary">{t.reports.shortfallsTruncated}</Typography.Text>
        ) : null}
      </>
    );
  } else if (name === 'applications') {
    const data = props.data as Reports['applications'];
    title = t.reports.byKind;
    type K = Reports['applications']['byKind'][number];
    const count = (n: number | null) => fmt.number(n, 0);
    const pctOf = (n: number | null) => (n === null ? '—' : t.units.percent(fmt.percent(n)));
    const figures = applicationFigures<Reports['applications']['rows'][number]>(t, fmt, count, pctOf);
    content = (
      <Table<K>
        rowKey="kind"
        dataSource={data.byKind}
        pagination={false}
        size="small"
        scroll={{ x: 200 + figures.length * 100 }}
        columns={[
          {
            key: 'kind',
            title: t.reports.kind,
            fixed: 'left',
            width: 150,
            render: (_, r) => label(t.kinds, r.kind),
          },
          ...figures.map((f) => ({
            key: f.key,
            title: f.title,
            align: 'right' as const,
            render: (_: unknown, r: K) => f.show(f.value(r as never)),
          })),
        ]}
      />
    );
  } else if (name === 'overdue') {
    const data = props.data as Reports['overdue'];
    title = t.reports.overdueItems;
    type I = Reports['overdue']['items'][number];
    content = (
      <Table<I>
        rowKey={(r) => `${r.step}:${r.applicationId ?? r.orgUnit.id}:${r.dueAt}`}
        dataSource={data.items}
        pagination={pager(data.items.length)}
        size="small"
        scroll={{ x: 900 }}
        columns={[
          {
            key: 'step',
            title: t.reports.item,
            fixed: 'left',
            width: 140,
            render: (_, r) => <Tag color="error">{t.reports.steps[r.step]}</Tag>,
          },
          {
            key: 'subject',
            title: t.reports.subject,
            render: (_, r) =>
              r.step === 'annual_summary' ? t.reports.annualSummary(r.subject ?? 0) : (r.title ?? '—'),
          },
          { key: 'unit', title: t.reports.unit, render: (_, r) => r.orgUnit.name },
          {
            key: 'assignee',
            title: t.reports.assignee,
            render: (_, r) => r.assignee ?? (r.step === 'revision' ? t.reports.applicant : '—'),
          },
          {
            key: 'due',
            title: `${t.reports.dueAt}${t.common.beijingTime}`,
            render: (_, r) => fmt.due(r.dueAt),
          },
          {
            key: 'days',
            title: t.reports.daysOverdue,
            align: 'right',
            render: (_, r) => fmt.number(r.daysOverdue, 1),
          },
          {
            key: 'status',
            title: t.reports.status,
            render: (_, r) =>
              r.resolution ? (
                <Tag>{t.reports.resolutions[r.resolution]}</Tag>
              ) : (
                <Tag color="error">{t.reports.open}</Tag>
              ),
          },
        ]}
      />
    );
  }
  if (!content) return null;
  return (
    <Card size="small" title={title}>
      {content}
    </Card>
  );
}
