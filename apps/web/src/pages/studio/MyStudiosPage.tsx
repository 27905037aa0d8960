import { Card, Skeleton, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { useI18n } from '../../i18n/locale';
import { shownName } from '../admin/people-api';
import { STUDIO_LIMIT, useStudios, type StudioListItem } from './studio-api';

/**
 * 我的工作室 (UI.md §2): the studios I lead or belong to, and those I have left (the record keeps them).
 * A studio is founded on an approved 工作室挂牌认定 application and led by its master teacher (seed 000
 * §五(三)); its members are added by the leader, across schools and subjects.
 */
export default function MyStudiosPage() {
  const { t, fmt } = useI18n();
  const s = t.studios;
  const navigate = useNavigate();
  const studios = useStudios(true);
  if (studios.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (studios.isError) return <ErrorResult error={studios.error} onRetry={() => void studios.refetch()} />;
  const rows = studios.data.items;
  return (
    <PageContainer
      title={s.mineTitle}
      subTitle={s.mineSubTitle}
      breadcrumb={[{ title: s.mineTitle }]}
      refreshing={studios.isFetching}
    >
      <Card>
        <Table<StudioListItem>
          rowKey="id"
          dataSource={rows}
          scroll={{ x: 760 }}
          pagination={rows.length > 20 ? { pageSize: 20, showTotal: t.common.total } : false}
          locale={{ emptyText: <EmptyState description={s.emptyMine} /> }}
          onRow={(r) => ({ onClick: () => void navigate(`/studios/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: s.name,
              fixed: 'left',
              width: 200,
              render: (_: unknown, r) => <Link to={`/studios/${r.id}`}>{r.name}</Link>,
            },
            { title: s.subject, width: 110, dataIndex: 'subject' },
            {
              title: s.leader,
              width: 120,
              render: (_: unknown, r) => shownName(r.leaderName ?? t.common.none, t.people.erased),
            },
            {
              title: s.myRole,
              width: 100,
              render: (_: unknown, r) =>
                r.myRole ? (
                  <Tag color={r.myRole === 'former' ? undefined : 'blue'}>{s.myRoles[r.myRole]}</Tag>
                ) : null,
            },
            { title: s.memberCount, width: 80, align: 'right', dataIndex: 'memberCount' },
            { title: s.foundedAt, width: 120, render: (_: unknown, r) => fmt.date(r.foundedAt) },
            {
              title: s.status,
              width: 90,
              render: (_: unknown, r) => (
                <Tag color={r.closed ? undefined : 'success'}>{s.statuses[r.closed ? 'closed' : 'open']}</Tag>
              ),
            },
          ]}
        />
        {rows.length >= STUDIO_LIMIT ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.limitNote}
          </Typography.Text>
        ) : null}
      </Card>
    </PageContainer>
  );
}
