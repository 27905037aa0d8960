import { Button, Card, Flex, Skeleton, Table, Tabs, Tag, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { Deadline, KindTag } from '../../components/Tags';
import { useI18n } from '../../i18n/locale';
import { useReviewQueue, type QueueItem } from '../chair/committee-api';

/**
 * 评审任务 (UI.md §3): the applications assigned to me, by due date (the API sorts and pages them),
 * overdue ones marked; 待评审 and 已提交 as tabs kept in the URL, so a reload shows the same list. Each
 * tab reads its own keyset pages of 50 and shows 「加载更多」 while more follow — no page numbers and no
 * total (UI.md §1.5), so the tabs carry no counts either.
 */
export default function ReviewQueuePage() {
  const { t, fmt } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'done' ? 'done' : 'todo';
  const q = useReviewQueue(tab === 'done');
  const navigate = useNavigate();

  const tabs = (
    <Tabs
      activeKey={tab}
      onChange={(k) => setParams(k === 'todo' ? {} : { tab: k }, { replace: true })}
      items={[
        { key: 'todo', label: t.review.tabs.todo },
        { key: 'done', label: t.review.tabs.done },
      ]}
    />
  );
  if (q.isPending)
    return (
      <PageContainer title={t.review.queueTitle}>
        <Card>
          {tabs}
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </PageContainer>
    );
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const rows = q.data.pages.flatMap((p) => p.items);

  return (
    <PageContainer title={t.review.queueTitle} refreshing={q.isFetching && !q.isFetchingNextPage}>
      <Card>
        {tabs}
        <Table<QueueItem>
          rowKey="id"
          dataSource={rows}
          pagination={false}
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
        {rows.length > 0 ? (
          <Flex justify="center" align="center" gap={12} wrap style={{ marginTop: 16 }}>
            <Typography.Text type="secondary">{t.review.shown(rows.length)}</Typography.Text>
            {q.hasNextPage ? (
              <Button loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
                {t.common.loadMore}
              </Button>
            ) : (
              <Typography.Text type="secondary">{t.review.noMore}</Typography.Text>
            )}
          </Flex>
        ) : null}
      </Card>
    </PageContainer>
  );
}
