import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Grid,
  Row,
  Segmented,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { ConfirmAction } from '../../components/ConfirmAction';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useCommand } from '../../components/useCommand';
import { label, useI18n } from '../../i18n/locale';
import type { Messages } from '../../i18n/zh-CN';
import { entityLink, useUnits, type ConsoleJob } from './console-api';

/** UI.md §5 任务队列: 定时中 / 失败 / 已完成, in that order (the page opens on the failed ones). */
const STATES = ['delayed', 'failed', 'completed'] as const;
type State = (typeof STATES)[number];
/** UI.md §1.4: audit and queue tags — 已完成 green, 失败 red, 定时中 grey. */
const STATE_COLOUR: Record<State, string> = { failed: 'error', delayed: 'default', completed: 'success' };

/** A job in words: 「评审提醒」, 「申报截止 · 到期」. */
function jobTitle(j: ConsoleJob, t: Messages): string {
  const q = t.officeConsole.queues;
  if (j.data.kind === 'step' || j.data.kind === 'shortfall') {
    const parts = [label(q.steps, j.data.step), j.data.phase ? label(q.phases, j.data.phase) : null];
    return parts.filter(Boolean).join(' · ');
  }
  return label(q.jobKinds, j.data.kind ?? j.name);
}

function objectLink(j: ConsoleJob): string | null {
  if (j.data.applicationId) return `/admin/audit/application/${j.data.applicationId}`;
  return entityLink(j.data.streamId);
}

/** What a job acts on, in words: the application or call (a link to its history), or the office. */
function objectCell(j: ConsoleJob, t: Messages, unitName: (id: string) => string | undefined) {
  const to = objectLink(j);
  const kind = j.data.applicationId ? 'application' : (j.data.streamId ?? '').split('-')[0]!;
  if (to) return <Link to={to}>{label(t.officeConsole.entityKinds, kind)}</Link>;
  // An annual summary's stream names its office: annualsummary-<year>-<org unit id>.
  const office = /^annualsummary-\d{4}-(.+)$/.exec(j.data.streamId ?? '')?.[1];
  return (office && unitName(office)) ?? t.common.none;
}

/**
 * 任务队列 (UI.md §5): the timers' and the emails' queues with their counts per state (定时中 / 失败 /
 * 已完成), the jobs of one state in a table, a Drawer with a job's details in words, and 「重试」 of a
 * failed job for the admins of the city or province office (recorded in the audit log). The state and
 * queue live in the URL (UI.md §1.5).
 */
export default function QueuesPage() {
  const { t, fmt } = useI18n();
  const q = t.officeConsole.queues;
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const units = useUnits(me.orgUnit);
  const [params, setParams] = useSearchParams();
  const state = (STATES as readonly string[]).includes(params.get('state') ?? '')
    ? (params.get('state') as State)
    : 'failed';
  const queueName = params.get('queue') ?? 'deadlines';
  const selected = params.get('job');
  const mayRetry = ['city', 'province'].includes(units.mine?.level ?? '');

  const counts = useQuery({
    queryKey: ['queues', 'counts'],
    queryFn: () => unwrap(api.GET('/api/admin/queues', {})),
  });
  const jobs = useQuery({
    queryKey: ['queues', 'jobs', queueName, state],
    queryFn: () =>
      unwrap(
        api.GET('/api/admin/queues/jobs', { params: { query: { state, queue: queueName, limit: '200' } } }),
      ),
  });
  const retry = useCommand<ConsoleJob>({
    run: (j, key) =>
      unwrap(
        api.POST('/api/admin/queues/{queue}/retry', {
          params: { path: { queue: queueName }, header: { 'Idempotency-Key': key } },
          body: { jobId: j.id },
        }),
      ),
    invalidate: [['queues']],
    successMessage: q.retried,
    onSuccess: () => set({ job: null }),
  });

  const set = (next: Partial<Record<'state' | 'queue' | 'job', string | null>>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === undefined) p.delete(k);
      else p.set(k, v);
    }
    setParams(p);
  };

  if (counts.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (counts.isError) return <ErrorResult error={counts.error} onRetry={() => void counts.refetch()} />;
  const rows = jobs.data?.items ?? [];
  const job = rows.find((j) => j.id === selected) ?? null;

  const retryButton = (j: ConsoleJob, size: 'small' | 'middle') =>
    mayRetry ? (
      <ConfirmAction
        title={q.retryTitle}
        content={`${jobTitle(j, t)}：${q.retryContent}`}
        okText={q.retryConfirm}
        buttonProps={{ size, type: size === 'middle' ? 'primary' : 'default' }}
        onConfirm={() => retry.mutateAsync(j)}
      >
        {q.retry}
      </ConfirmAction>
    ) : null;

  return (
    <PageContainer
      title={q.title}
      subTitle={q.subtitle}
      refreshing={counts.isFetching || jobs.isFetching}
      extra={
        <Button
          onClick={() => {
            void counts.refetch();
            void jobs.refetch();
          }}
        >
          {t.common.refresh}
        </Button>
      }
    >
      <ProblemAlert error={retry.error} />
      {!mayRetry && units.mine ? (
        <Alert type="info" showIcon title={q.retryOnlyCity} style={{ marginBottom: 16 }} />
      ) : null}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {counts.data.queues.map((queue) => (
          <Col key={queue.name} xs={24} lg={12}>
            <Card
              size="small"
              title={label(q.queueNames, queue.name)}
              hoverable
              onClick={() => set({ queue: queue.name, job: null })}
              style={queue.name === queueName ? { borderColor: '#0958d9' } : undefined}
            >
              <Row gutter={8}>
                {STATES.map((s) => (
                  <Col span={8} key={s}>
                    <Statistic
                      title={<Tag color={STATE_COLOUR[s]}>{label(q.states, s)}</Tag>}
                      value={queue.counts[s]}
                      formatter={(v) => fmt.number(Number(v), 0)}
                    />
                  </Col>
                ))}
              </Row>
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        title={label(q.queueNames, queueName)}
        extra={
          <Segmented<State>
            value={state}
            onChange={(v) => set({ state: v, job: null })}
            options={STATES.map((s) => ({ value: s, label: label(q.states, s) }))}
          />
        }
      >
        {jobs.isError ? (
          <ErrorResult error={jobs.error} onRetry={() => void jobs.refetch()} />
        ) : (
          <Table<ConsoleJob>
            rowKey="id"
            loading={jobs.isPending}
            dataSource={rows}
            size="middle"
            scroll={{ x: 900 }}
            pagination={rows.length > 20 ? { pageSize: 20, showTotal: t.common.total } : false}
            onRow={(j) => ({ onClick: () => set({ job: j.id }), style: { cursor: 'pointer' } })}
            locale={{
              emptyText: (
                <EmptyState
                  description={state === 'failed' ? q.empty : q.emptyOther(label(q.states, state))}
                />
              ),
            }}
            columns={[
              {
                title: q.columns.job,
                fixed: 'left',
                width: 200,
                render: (_: unknown, j) => (
                  <Typography.Link onClick={() => set({ job: j.id })}>{jobTitle(j, t)}</Typography.Link>
                ),
              },
              {
                title: q.fields.object,
                width: 160,
                render: (_: unknown, j) => objectCell(j, t, (id) => units.names.get(id)),
              },
              {
                title: q.columns.fireAt,
                width: 160,
                render: (_: unknown, j) => fmt.dateTime(j.fireAt),
              },
              { title: q.columns.attempts, width: 90, dataIndex: 'attempts' },
              {
                title: state === 'failed' ? q.columns.failedReason : q.columns.finishedAt,
                width: 300,
                render: (_: unknown, j) =>
                  state === 'failed' ? (
                    <Typography.Text
                      type="danger"
                      ellipsis={{ tooltip: j.failedReason }}
                      style={{ maxWidth: 280 }}
                    >
                      {j.failedReason ?? t.common.none}
                    </Typography.Text>
                  ) : (
                    fmt.dateTime(j.finishedAt)
                  ),
              },
              ...(state === 'failed' && mayRetry
                ? [
                    {
                      title: t.common.actions,
                      fixed: 'right' as const,
                      width: 100,
                      render: (_: unknown, j: ConsoleJob) => (
                        <span onClick={(e) => e.stopPropagation()}>{retryButton(j, 'small')}</span>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
        <Typography.Text type="secondary">{q.scopeNote}</Typography.Text>
      </Card>
      <Drawer
        open={job !== null}
        onClose={() => set({ job: null })}
        title={q.details}
        size={screens.md ? 560 : '100%'}
        extra={job && state === 'failed' ? retryButton(job, 'middle') : null}
      >
        {job ? (
          <Descriptions
            column={1}
            bordered
            size="small"
            styles={{ label: { width: 110, whiteSpace: 'nowrap' } }}
            items={[
              { key: 'kind', label: q.fields.kind, children: jobTitle(job, t) },
              { key: 'queue', label: q.fields.queue, children: label(q.queueNames, queueName) },
              {
                key: 'state',
                label: t.officeConsole.policy.columns.status,
                children: <Tag color={STATE_COLOUR[state]}>{label(q.states, state)}</Tag>,
              },
              {
                key: 'object',
                label: q.fields.object,
                children: objectCell(job, t, (id) => units.names.get(id)),
              },
              { key: 'dueAt', label: q.fields.dueAt, children: fmt.due(job.data.dueAt) },
              { key: 'fireAt', label: q.fields.fireAt, children: fmt.dateTimeSeconds(job.fireAt) },
              { key: 'attempts', label: q.fields.attempts, children: job.attempts },
              {
                key: 'finishedAt',
                label: q.fields.finishedAt,
                children: fmt.dateTimeSeconds(job.finishedAt),
              },
              {
                key: 'failedReason',
                label: q.fields.failedReason,
                children: job.failedReason ?? t.common.none,
              },
              {
                key: 'id',
                label: q.fields.id,
                children: (
                  <Typography.Text copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>
                    {job.id}
                  </Typography.Text>
                ),
              },
            ]}
          />
        ) : null}
      </Drawer>
    </PageContainer>
  );
}
