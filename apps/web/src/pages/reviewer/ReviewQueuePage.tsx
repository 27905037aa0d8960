import { Button, Card, Skeleton, Table, Tabs, Tag } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { Deadline, KindTag } from '../../components/Tags';
import { useI18n } from '../../i18n/locale';
import { useReviewQueue, type QueueItem } from '../chair/committee-api';

/**
 * 评审任务 (UI.md §3): the applications assigned to me, by due date (the API sorts them), overdue ones
 * marked; 待评审 and 已提交 as tabs kept in the URL, so a reload shows the same list.
 */
export default function ReviewQueuePage() {
  const { t, fmt } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'done' ? 'done' : 'todo';
  const q = useReviewQueue();
  const navigate = useNavigate();

  if (q.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const items = [...q.data].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const todo = items.filter((i) => !i.submitted);
  const done = items.filter((i) => i.submitted);
  const rows = tab === 'todo' ? todo : done;

  return (
    <PageContainer title={t.review.queueTitle} refreshing={q.isFetching}>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'todo' ? {} : { tab: k }, { replace: true })}
          items={[
            { key: 'todo', label: `${t.review.tabs.todo} (${todo.length})` },
            { key: 'done', label: `${t.review.tabs.done} (${done.length})` },
          ]}
        />
        <Table<QueueItem>
          rowKey="id"
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20, showTotal: t.common.total } : false}
          scroll={{ x: 760 }}
          locale={{
            emptyText: <EmptyState description={tab === 'todo' ? t.review.queueEmpty : t.review.doneEmpty} />,
          }}
          columns={[
            {
              title: t.review.columns.title,
              fixed: 'left',
              width: 220,
              render: (_: unknown, r) => <Link to={`/reviewer/applications/${r.id}`}>{r.title}</Link>,
            },
            {
              title: t.review.columns.kind,
              width: 130,
              render: (_: unknown, r) => <KindTag kind={r.kind} />,
            },
            {
              title: `${t.review.columns.assignedAt}${t.common.beijingTime}`,
              width: 160,
              render: (_: unknown, r) => fmt.dateTime(r.assignedAt),
            },
            {
              title: t.review.columns.dueAt,
              width: 220,
              render: (_: unknown, r) => <Deadline at={r.dueAt} done={r.submitted} />,
            },
            {
              title: t.review.columns.status,
              width: 100,
              render: (_: unknown, r) =>
                r.submitted ? (
                  <Tag color="success">{t.review.submittedTag}</Tag>
                ) : r.overdue ? (
                  <Tag color="error">{t.review.overdueTag}</Tag>
                ) : (
                  <Tag color="processing">{t.review.tabs.todo}</Tag>
                ),
            },
            {
              title: t.common.actions,
              fixed: 'right',
              width: 110,
              render: (_: unknown, r) => (
                <Button
                  type={r.submitted ? 'default' : 'primary'}
                  size="small"
                  onClick={() => navigate(`/reviewer/applications/${r.id}`)}
                >
                  {r.submitted ? t.review.view : t.review.start}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
