import { useQuery } from '@tanstack/react-query';
import { Button, Card, Skeleton, Table, Tag } from 'antd';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { Schemas } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { label, useI18n } from '../../i18n/locale';
import { useBoard } from './committee-api';

type Running = Schemas['TrainingProjects']['items'][number];

export function useTrainingProjects() {
  return useQuery({
    queryKey: ['training-projects'],
    queryFn: async () =>
      (await unwrap(api.GET('/api/training-projects', { params: { query: { limit: '200' } } }))).items,
  });
}

interface Row {
  id: string;
  title: string;
  running?: Running;
}

/**
 * 项目实施与评估 (UI.md §4; DOMAIN.md stage 4): the approved training projects of my area — the running
 * ones with their level, hours and places — each opening its page for trainees and the biennial
 * performance evaluation.
 */
export default function ProjectsPage() {
  const { t, fmt } = useI18n();
  const navigate = useNavigate();
  const board = useBoard();
  const running = useTrainingProjects();

  if (board.isPending || running.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (board.isError) return <ErrorResult error={board.error} onRetry={() => void board.refetch()} />;
  if (running.isError) return <ErrorResult error={running.error} onRetry={() => void running.refetch()} />;
  const live = new Map(running.data.map((p) => [p.id, p]));
  const rows: Row[] = board.data.items
    .filter((i) => i.kind === 'training_project' && i.stage === 'approved')
    .map((i) => ({ id: i.id, title: i.title, running: live.get(i.id) }));
  for (const p of running.data)
    if (!rows.some((r) => r.id === p.id)) rows.push({ id: p.id, title: p.title, running: p });
  rows.sort((a, b) => Number(!!b.running) - Number(!!a.running));

  return (
    <PageContainer title={t.projects.title} refreshing={board.isFetching || running.isFetching}>
      <Card>
        <Table<Row>
          rowKey="id"
          dataSource={rows}
          scroll={{ x: 900 }}
          pagination={rows.length > 20 ? { pageSize: 20, showTotal: t.common.total } : false}
          locale={{ emptyText: <EmptyState description={t.projects.empty} /> }}
          columns={[
            {
              title: t.projects.columns.title,
              fixed: 'left',
              width: 240,
              render: (_: unknown, r) => <Link to={`/chair/projects/${r.id}`}>{r.title}</Link>,
            },
            {
              title: t.projects.columns.level,
              width: 100,
              render: (_: unknown, r) => (r.running ? label(t.levels, r.running.level) : t.common.none),
            },
            {
              title: t.projects.columns.hours,
              width: 110,
              align: 'right',
              render: (_: unknown, r) =>
                r.running ? t.units.hours(fmt.hours(r.running.hours)) : t.common.none,
            },
            {
              title: t.projects.columns.enrolment,
              width: 120,
              align: 'right',
              render: (_: unknown, r) =>
                r.running
                  ? `${fmt.number(r.running.enrolled, 0)} / ${fmt.number(r.running.capacity, 0)}`
                  : t.common.none,
            },
            {
              title: t.apps.fields.dates,
              width: 210,
              render: (_: unknown, r) =>
                r.running ? `${fmt.date(r.running.startsOn)} — ${fmt.date(r.running.endsOn)}` : t.common.none,
            },
            {
              title: t.projects.columns.status,
              width: 100,
              render: (_: unknown, r) =>
                r.running ? (
                  <Tag color="processing">{t.projects.running}</Tag>
                ) : (
                  <Tag>{t.projects.ended}</Tag>
                ),
            },
            {
              title: t.common.actions,
              fixed: 'right',
              width: 90,
              render: (_: unknown, r) => (
                <Button size="small" onClick={() => navigate(`/chair/projects/${r.id}`)}>
                  {t.common.view}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
