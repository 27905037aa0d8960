import { InfoCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Progress,
  Result,
  Row,
  Skeleton,
  Statistic,
  Steps,
  Table,
  Tabs,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { isApiError } from '../../api/problem';
import type { Call, LedgerEntry, Progression, Requirement } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { label, useI18n } from '../../i18n/locale';
import { TraineeEvaluationButton } from './parts/TraineeEvaluationButton';

const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CreditSplitChart = lazy(() => import('./parts/CreditSplitChart'));
const TIERS = ['new', 'young', 'backbone', 'leader', 'master'];

export function useProgression(teacherId?: string) {
  return useQuery({
    queryKey: ['progression', teacherId ?? 'me'],
    queryFn: async () =>
      (teacherId
        ? await unwrap(
            api.GET(
              '/api/teachers/{id}/progression' as never,
              { params: { path: { id: teacherId } } } as never,
            ),
          )
        : await unwrap(api.GET('/api/teachers/me/progression' as never, {} as never))) as Progression,
  });
}

export function useOpenCalls(kind?: string) {
  return useQuery({
    queryKey: ['calls', kind ?? 'all'],
    queryFn: async () =>
      (
        (await unwrap(
          api.GET(
            '/api/calls' as never,
            { params: { query: { ...(kind ? { kind } : {}), limit: 100 } } } as never,
          ),
        )) as { items: Call[] }
      ).items,
  });
}

export const isOpen = (c: Call, now = Date.now()) =>
  !c.closed && Date.parse(c.opensAt) <= now && now < Date.parse(c.closesAt);

/** One requirement: its name, where it stands (with a bar where it is a number) and whether it is met. */
function RequirementRow({ r, unit }: { r: Requirement; unit?: (n: string) => string }) {
  const { t, fmt } = useI18n();
  const name = label(t.progression.requirements as Record<string, string>, r.key);
  const numeric = typeof r.required === 'number' && typeof r.current === 'number';
  let value;
  if (numeric) {
    const cur = r.current as number;
    const req = r.required as number;
    const fmtN = (n: number) => (unit ? unit(fmt.hours(n)) : fmt.number(n));
    value = (
      <Flex vertical gap={2} style={{ width: '100%' }}>
        <Typography.Text>
          {fmtN(cur)} / {fmtN(req)}
        </Typography.Text>
        <Progress
          percent={req > 0 ? Math.min(100, Math.round((cur / req) * 100)) : 100}
          status={r.met ? 'success' : 'active'}
          showInfo={false}
          aria-label={name}
        />
      </Flex>
    );
  } else if (r.key === 'ethics_ban') {
    value = (
      <Typography.Text>
        {r.met ? t.progression.noBan : t.progression.banUntil(fmt.date(r.until ?? null))}
      </Typography.Text>
    );
  } else if (r.key === 'committee_selection') {
    value = <Typography.Text type="secondary">{t.progression.committeeDecides}</Typography.Text>;
  } else if (r.key === 'target_tier') {
    value = (
      <Typography.Text>
        {label(t.tiers, String(r.current))} → {label(t.tiers, String(r.required))}
      </Typography.Text>
    );
  } else value = <Typography.Text>{String(r.current)}</Typography.Text>;
  const tag =
    r.decidedBy === 'committee' ? (
      <Tag color="processing">{t.progression.committee}</Tag>
    ) : r.met ? (
      <Tag color="success">{t.progression.met}</Tag>
    ) : (
      <Tag color="warning">{t.progression.unmet}</Tag>
    );
  return (
    <Row
      gutter={[12, 4]}
      align="middle"
      style={{ padding: '10px 0', borderBottom: '1px solid rgba(5,5,5,0.06)' }}
    >
      <Col xs={24} md={8}>
        <Typography.Text strong>{name}</Typography.Text>{' '}
        <Tooltip title={t.progression.basis(r.source)}>
          <InfoCircleOutlined
            aria-label={t.progression.basis(r.source)}
            style={{ color: 'rgba(0,0,0,0.45)' }}
          />
        </Tooltip>
      </Col>
      <Col xs={18} md={12}>
        {value}
      </Col>
      <Col xs={6} md={4} style={{ textAlign: 'right' }}>
        {tag}
      </Col>
    </Row>
  );
}

function LedgerTable({
  ledger,
  ownRecord,
  rowAction,
}: {
  ledger: LedgerEntry[];
  ownRecord: boolean;
  /** The office's action on a valid entry (教师档案: 「冲销」). */
  rowAction?: (entry: LedgerEntry) => React.ReactNode;
}) {
  const { t, fmt } = useI18n();
  if (ledger.length === 0)
    return <EmptyState description={ownRecord ? t.progression.ledger.empty : t.teacherRecord.ledgerEmpty} />;
  const rows = [...ledger].sort((a, b) => b.completedAt.localeCompare(a.completedAt));
  return (
    <Table<LedgerEntry>
      rowKey="entryId"
      size="small"
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showTotal: (n) => t.common.total(n) } : false}
      scroll={{ x: 900 }}
      rowClassName={(r) => (r.reversed ? 'row-reversed' : '')}
      columns={[
        {
          title: t.progression.ledger.completedAt,
          dataIndex: 'completedAt',
          render: (v: string) => fmt.date(v),
          fixed: 'left',
          width: 110,
        },
        {
          title: t.progression.ledger.hours,
          dataIndex: 'hours',
          align: 'right',
          render: (v: number) => fmt.hours(v),
          width: 80,
        },
        {
          title: t.progression.ledger.credits,
          dataIndex: 'credits',
          align: 'right',
          render: (v: number) => fmt.credits(v),
          width: 80,
        },
        {
          title: t.progression.ledger.level,
          dataIndex: 'level',
          render: (v: string) => label(t.levels, v),
          width: 90,
        },
        {
          title: t.progression.ledger.kind,
          dataIndex: 'kind',
          render: (v: string) => label(t.progression.hourKinds as Record<string, string>, v),
          width: 120,
        },
        {
          title: t.progression.ledger.source,
          render: (_: unknown, r) => (
            <Flex vertical>
              <span>
                {r.source.type === 'training_project' ? (
                  <Link to={`/applications/${r.source.id}`}>
                    {r.source.title ??
                      label(t.progression.sourceTypes as Record<string, string>, r.source.type)}
                  </Link>
                ) : (
                  (r.source.title ??
                  label(t.progression.sourceTypes as Record<string, string>, r.source.type))
                )}
              </span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {/* Hours from a training project cite the event of its approval (an id nobody reads):
                    say so in words, the project's link is above. An office's own reference is shown. */}
                {EVENT_ID.test(r.source.approvingRecord)
                  ? t.progression.ledger.approvedByDecision
                  : t.progression.ledger.approvingRecord(r.source.approvingRecord)}
              </Typography.Text>
            </Flex>
          ),
        },
        {
          title: t.progression.ledger.period,
          render: (_: unknown, r) => t.units.semester(r.schoolYear, r.semester.endsWith('/2') ? 2 : 1),
          width: 190,
        },
        {
          title: t.progression.ledger.status,
          width: 150,
          render: (_: unknown, r) =>
            r.reversed ? (
              <Tooltip title={r.reversalReason ?? undefined}>
                <Tag>{t.progression.ledger.reversed}</Tag>
              </Tooltip>
            ) : (
              <Flex gap={4} wrap>
                <Tag color="success">{t.progression.ledger.valid}</Tag>
                {ownRecord && r.source.type === 'training_project' ? (
                  <TraineeEvaluationButton projectId={r.source.id} />
                ) : null}
                {rowAction?.(r)}
              </Flex>
            ),
        },
      ]}
    />
  );
}

/**
 * 我的成长路径 (UI.md §2): where the teacher stands on the ladder (seed 000 §五(二)), every unmet
 * requirement for the next tier with its numbers, this year's and this semester's hours against the
 * policy (seed 003 §二(四), seed 002 (一)2), the credit split against 10/20/20/50 (seed 000 §六(二)) and
 * the record itself. The office's 教师档案 page reuses it for a teacher it keeps (`teacherId`).
 */
export function ProgressionView({
  teacherId,
  actions,
  ledgerAction,
}: {
  teacherId?: string;
  actions?: React.ReactNode;
  ledgerAction?: (entry: LedgerEntry) => React.ReactNode;
}) {
  const { t, fmt } = useI18n();
  const q = useProgression(teacherId);
  const calls = useOpenCalls('tier_promotion');
  if (q.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (q.isError) {
    if (isApiError(q.error) && q.error.status === 404)
      return <Result status="info" title={t.progression.noRecord} />;
    return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  }
  const p = q.data;
  const current = p.currentTier ?? p.tier;
  const currentIndex = current ? TIERS.indexOf(current) : -1;
  const openPromotion = (calls.data ?? []).find((c) => isOpen(c));
  const obligation = (key: string) => p.obligations.find((o) => o.key === key);
  const own = !teacherId;

  let primary = null;
  if (own && p.nextTier) {
    const reason = !p.eligible ? t.progression.notEligible : !openPromotion ? t.progression.noOpenCall : null;
    primary = reason ? (
      <Tooltip title={reason}>
        <Button type="primary" disabled>
          {t.progression.applyPromotion}
        </Button>
      </Tooltip>
    ) : (
      <Link to={`/teacher/applications/new?call=${openPromotion!.id}`}>
        <Button type="primary">{t.progression.applyPromotion}</Button>
      </Link>
    );
  }

  return (
    <Flex vertical gap={16}>
      {actions || primary ? (
        <Flex justify="flex-end" gap={8} wrap>
          {actions}
          {primary}
        </Flex>
      ) : null}
      {p.ethics.banInForce && p.ethics.banEndsAt ? (
        <Alert
          type="error"
          showIcon
          title={t.progression.banAlert(fmt.date(p.ethics.banEndsAt))}
          description={p.ethics.banReason ?? undefined}
        />
      ) : null}
      {p.ethics.flaggedForRemoval ? <Alert type="error" showIcon title={t.progression.flagged} /> : null}
      {p.retraining && p.retraining.length > 0 ? (
        <Alert type="warning" showIcon title={t.progression.retraining} />
      ) : null}
      <Card title={t.progression.ladder}>
        <Steps
          current={Math.max(0, currentIndex)}
          responsive
          size="small"
          items={TIERS.map((tier, i) => ({
            title: label(t.tiers, tier),
            status: i < currentIndex ? 'finish' : i === currentIndex ? 'process' : 'wait',
          }))}
        />
      </Card>
      {p.nextTier ? (
        <Card title={t.progression.nextTier(label(t.tiers, p.nextTier))}>
          {p.requirements.map((r) => (
            <RequirementRow
              key={r.key}
              r={r}
              unit={
                r.key === 'training_hours'
                  ? t.units.hours
                  : r.key === 'mentorship'
                    ? t.progression.schoolYears
                    : undefined
              }
            />
          ))}
        </Card>
      ) : (
        <Result
          status="success"
          title={t.progression.topTier}
          subTitle={t.progression.topTierHint}
          extra={
            own ? (
              <Link to="/teacher/calls">
                <Button>{t.progression.applyStudio}</Button>
              </Link>
            ) : undefined
          }
        />
      )}
      <Row gutter={[16, 16]}>
        {(['annual_hours', 'ethics_study', 'training_cycle'] as const).map((key) => {
          const o = obligation(key);
          if (!o) return null;
          const cur = Number(o.current);
          const req = Number(o.required);
          return (
            <Col xs={24} md={8} key={key}>
              <Card>
                <Statistic
                  title={t.progression.obligations[key]}
                  value={fmt.hours(cur)}
                  suffix={`/ ${fmt.hours(req)}`}
                  styles={{ content: { color: o.met ? '#389e0d' : undefined } }}
                />
                <Progress
                  percent={req > 0 ? Math.min(100, Math.round((cur / req) * 100)) : 100}
                  status={o.met ? 'success' : 'normal'}
                  showInfo={false}
                  aria-label={t.progression.obligations[key]}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t.units.hours(fmt.hours(cur))} / {t.units.hours(fmt.hours(req))}
                </Typography.Text>
              </Card>
            </Col>
          );
        })}
      </Row>
      <Card title={t.progression.creditSplit}>
        {p.creditSplit.totalCredits === 0 ? (
          <EmptyState description={t.progression.creditNone} />
        ) : (
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 260 }} />}>
            <CreditSplitChart split={p.creditSplit} />
          </Suspense>
        )}
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          {p.creditSplit.levels.map((l) => (
            <Tag key={l.level} color={l.gap > 0 ? 'warning' : 'success'}>
              {label(t.levels, l.level)} {t.units.percent(fmt.percent(l.share))} /{' '}
              {t.units.percent(fmt.percent(l.target))}
              {l.gap > 0 ? ` · ${t.progression.creditGap(fmt.percent(l.gap))}` : ''}
            </Tag>
          ))}
        </Flex>
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'ledger',
              label: t.progression.tabs.ledger,
              children: <LedgerTable ledger={p.ledger} ownRecord={own} rowAction={ledgerAction} />,
            },
            {
              key: 'ethics',
              label: t.progression.tabs.ethics,
              children:
                Object.keys(p.ethicsAssessments).length === 0 ? (
                  <EmptyState description={t.progression.ethicsEmpty} />
                ) : (
                  <Table
                    size="small"
                    rowKey="year"
                    pagination={false}
                    dataSource={Object.entries(p.ethicsAssessments)
                      .sort(([a], [b]) => b.localeCompare(a))
                      .map(([year, result]) => ({ year, result }))}
                    columns={[
                      {
                        title: t.progression.schoolYear,
                        dataIndex: 'year',
                        render: (y: string) => t.units.schoolYear(y),
                      },
                      {
                        title: t.progression.result,
                        dataIndex: 'result',
                        render: (r: 'pass' | 'fail') => (
                          <Tag color={r === 'pass' ? 'success' : 'error'}>
                            {t.progression.ethicsResults[r]}
                          </Tag>
                        ),
                      },
                    ]}
                  />
                ),
            },
            {
              key: 'appraisals',
              label: t.progression.tabs.appraisals,
              children:
                Object.keys(p.appraisals).length === 0 ? (
                  <EmptyState description={t.progression.appraisalsEmpty} />
                ) : (
                  <Table
                    size="small"
                    rowKey="year"
                    pagination={false}
                    dataSource={Object.entries(p.appraisals)
                      .sort(([a], [b]) => b.localeCompare(a))
                      .map(([year, grade]) => ({ year, grade }))}
                    columns={[
                      {
                        title: t.progression.schoolYear,
                        dataIndex: 'year',
                        render: (y: string) => t.units.schoolYear(y),
                      },
                      {
                        title: t.progression.result,
                        dataIndex: 'grade',
                        render: (g: string) => label(t.grades, g),
                      },
                    ]}
                  />
                ),
            },
            {
              key: 'tiers',
              label: t.progression.tabs.tiers,
              children: (
                <Timeline
                  style={{ marginTop: 12 }}
                  items={[...p.tierHistory].reverse().map((h) => ({
                    color: h.change === 'revoked' ? 'red' : 'blue',
                    content: (
                      <Flex vertical>
                        <Typography.Text strong>
                          {t.progression.tierChanges[h.change]} {label(t.tiers, h.tier)}
                        </Typography.Text>
                        <Typography.Text type="secondary">
                          {fmt.dateTime(h.at)} ·{' '}
                          {label(t.progression.tierSources as Record<string, string>, h.source?.type ?? null)}
                        </Typography.Text>
                        {h.reason ? <Typography.Text>{h.reason}</Typography.Text> : null}
                      </Flex>
                    ),
                  }))}
                />
              ),
            },
            {
              key: 'mentorship',
              label: t.progression.tabs.mentorship,
              children:
                p.mentorships.length === 0 ? (
                  <EmptyState description={t.progression.mentorshipEmpty} />
                ) : (
                  <Timeline
                    style={{ marginTop: 12 }}
                    items={p.mentorships.map((m) => ({
                      content: t.progression.mentorshipRow(
                        fmt.number(m.schoolYears),
                        fmt.date(m.signedOffAt),
                      ),
                    }))}
                  />
                ),
            },
          ]}
        />
      </Card>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t.progression.footer(p.policyVersion, fmt.dateTime(p.asOf))}
      </Typography.Text>
    </Flex>
  );
}

export default function ProgressionPage() {
  const { t } = useI18n();
  return (
    <PageContainer title={t.progression.title} breadcrumb={[{ title: t.progression.title }]}>
      <ProgressionView />
    </PageContainer>
  );
}
