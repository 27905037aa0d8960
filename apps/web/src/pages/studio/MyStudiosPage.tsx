import { Card, Skeleton, Table, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { useI18n } from '../../i18n/locale';
import { STUDIO_LIMIT, useStudios, type StudioListItem } from './studio-api';
import { useStudioColumns } from './studio-columns';

/**
 * 我的工作室 (UI.md §2): the studios I lead or belong to, and those I have left (the record keeps them).
 * A studio is founded on an approved 工作室挂牌认定 application and led by its master teacher (seed 000
 * §五(三)); its members are added by the leader, across schools and subjects.
 */
export default function MyStudiosPage() {
  const { t } = useI18n();
  const s = t.studios;
  const navigate = useNavigate();
  const studios = useStudios(true);
  const c = useStudioColumns();
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
            c.name,
            c.subject,
            c.leader,
            {
              title: s.myRole,
              width: 100,
              render: (_: unknown, r) =>
                r.myRole ? (
                  <Tag color={r.myRole === 'former' ? undefined : 'blue'}>{s.myRoles[r.myRole]}</Tag>
                ) : null,
            },
            c.memberCount,
            c.foundedAt,
            c.status,
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
