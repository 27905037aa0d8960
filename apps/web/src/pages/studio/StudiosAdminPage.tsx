import { Alert, Card, Skeleton, Space, Table, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ConfirmAction } from '../../components/ConfirmAction';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { useCommand } from '../../components/useCommand';
import { useI18n } from '../../i18n/locale';
import { shownName } from '../admin/people-api';
import { STUDIO_LIMIT, useStudios, type StudioListItem, type UnfoundedStudio } from './studio-api';
import { useStudioColumns } from './studio-columns';

/**
 * 工作室管理 (UI.md §5): the studios of the office's unit and below (DOMAIN.md "People and roles"). An
 * approved 工作室挂牌认定 founds its studio by itself (seed 000 §五(三)); one that has not — listed on
 * top as 待挂牌 — the office founds with 「挂牌成立」. Each studio opens its page, where the office may add
 * or remove members and close it.
 */
export default function StudiosAdminPage() {
  const { t, fmt } = useI18n();
  const s = t.studios;
  const navigate = useNavigate();
  const studios = useStudios(false);
  const c = useStudioColumns();
  const found = useCommand<{ applicationId: string }, { id: string }>({
    run: (v, key) =>
      unwrap(api.POST('/api/studios', { params: { header: { 'Idempotency-Key': key } }, body: v })),
    invalidate: [['studios']],
    successMessage: s.founded,
    onSuccess: (d) => void navigate(`/studios/${d.id}`),
  });
  if (studios.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (studios.isError) return <ErrorResult error={studios.error} onRetry={() => void studios.refetch()} />;
  const { items, unfounded } = studios.data;
  const name = (n: string | null) => shownName(n ?? t.common.none, t.people.erased);

  return (
    <PageContainer
      title={s.adminTitle}
      subTitle={s.adminSubTitle}
      breadcrumb={[{ title: s.adminTitle }]}
      refreshing={studios.isFetching}
    >
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {unfounded.length > 0 ? (
          <Card title={s.unfoundedTitle}>
            <Alert type="info" showIcon message={s.unfoundedHelp} style={{ marginBottom: 12 }} />
            <Table<UnfoundedStudio>
              rowKey="applicationId"
              dataSource={unfounded}
              pagination={false}
              scroll={{ x: 640 }}
              columns={[
                {
                  title: s.application,
                  width: 220,
                  render: (_: unknown, a) => <Link to={`/applications/${a.applicationId}`}>{a.title}</Link>,
                },
                { title: s.applicant, width: 120, render: (_: unknown, a) => name(a.applicantName) },
                { title: s.decidedAt, width: 120, render: (_: unknown, a) => fmt.date(a.decidedAt) },
                {
                  title: t.common.actions,
                  width: 110,
                  render: (_: unknown, a) => (
                    <ConfirmAction
                      title={s.foundTitle(a.title)}
                      content={s.foundContent}
                      okText={s.confirmFound}
                      buttonProps={{ size: 'small', type: 'primary' }}
                      onConfirm={() => found.mutateAsync({ applicationId: a.applicationId })}
                    >
                      {s.found}
                    </ConfirmAction>
                  ),
                },
              ]}
            />
          </Card>
        ) : null}
        <Card>
          <Table<StudioListItem>
            rowKey="id"
            dataSource={items}
            scroll={{ x: 900 }}
            pagination={items.length > 20 ? { pageSize: 20, showTotal: t.common.total } : false}
            locale={{ emptyText: <EmptyState description={s.emptyAdmin} /> }}
            onRow={(r) => ({
              onClick: () => void navigate(`/studios/${r.id}`),
              style: { cursor: 'pointer' },
            })}
            columns={[
              c.name,
              c.subject,
              c.leader,
              { title: s.orgUnit, width: 160, render: (_: unknown, r) => r.orgUnitName ?? t.common.none },
              c.memberCount,
              c.foundedAt,
              c.status,
            ]}
          />
          {items.length >= STUDIO_LIMIT ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.limitNote}
            </Typography.Text>
          ) : null}
        </Card>
      </Space>
    </PageContainer>
  );
}
