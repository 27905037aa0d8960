import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Grid, Modal, Skeleton, Table, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { ApplicationSummary, Call } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { Deadline, KindTag, StageTag } from '../../components/Tags';
import { label, useI18n } from '../../i18n/locale';
import { isOpen, useOpenCalls } from './ProgressionPage';

export function useMyApplications() {
  return useQuery({
    queryKey: ['applications', 'mine'],
    queryFn: async () =>
      (
        (await unwrap(
          api.GET('/api/applications/mine' as never, { params: { query: { limit: 100 } } } as never),
        )) as {
          items: ApplicationSummary[];
        }
      ).items,
  });
}

const ACTIVE = ['submitted', 'in_review', 'changes_requested'];
const DONE = ['approved', 'rejected', 'withdrawn'];

/** 「新建申报」: the open calls, grouped by kind; choosing one opens its form. */
function NewApplicationModal({
  open,
  onClose,
  calls,
}: {
  open: boolean;
  onClose: () => void;
  calls: Call[];
}) {
  const { t, fmt } = useI18n();
  const navigate = useNavigate();
  const now = Date.now();
  const openCalls = calls.filter((c) => isOpen(c, now));
  const kinds = [...new Set(openCalls.map((c) => c.kind))];
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t.apps.chooseCall} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t.apps.chooseCallHint}</Typography.Paragraph>
      {openCalls.length === 0 ? (
        <EmptyState description={t.apps.noOpenCalls} />
      ) : (
        <Flex vertical gap={12}>
          {kinds.map((kind) => (
            <Flex vertical gap={6} key={kind}>
              <Typography.Text strong>{label(t.kinds, kind)}</Typography.Text>
              {openCalls
                .filter((c) => c.kind === kind)
                .map((c) => (
                  <Button
                    key={c.id}
                    block
                    style={{ height: 'auto', textAlign: 'left', whiteSpace: 'normal', padding: '8px 12px' }}
                    onClick={() => navigate(`/teacher/applications/new?call=${c.id}`)}
                  >
                    <Flex vertical>
                      <span>{c.title}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t.calls.window(fmt.dateTime(c.opensAt), fmt.due(c.closesAt))}
                      </Typography.Text>
                    </Flex>
                  </Button>
                ))}
            </Flex>
          ))}
        </Flex>
      )}
    </Modal>
  );
}

/**
 * 我的申报 (UI.md §2): every application of mine with its stage and deadline; a warning on top while one
 * is sent back for changes; tabs and page in the URL, so a reload shows the same list.
 */
export default function MyApplicationsPage() {
  const { t, fmt } = useI18n();
  const q = useMyApplications();
  const calls = useOpenCalls();
  const [params, setParams] = useSearchParams();
  const [choosing, setChoosing] = useState(false);
  const screens = Grid.useBreakpoint();
  const tab = params.get('tab') ?? 'all';
  const callTitle = useMemo(() => new Map((calls.data ?? []).map((c) => [c.id, c.title])), [calls.data]);

  const items = q.data ?? [];
  const shown = items.filter((a) =>
    tab === 'draft'
      ? a.stage === 'draft'
      : tab === 'active'
        ? ACTIVE.includes(a.stage)
        : tab === 'done'
          ? DONE.includes(a.stage)
          : true,
  );
  const sentBack = items.filter((a) => a.stage === 'changes_requested');
  const earliestDue = sentBack
    .map((a) => a.revisionDueAt)
    .filter((d): d is string => !!d)
    .sort()[0];

  return (
    <PageContainer
      title={t.apps.mine}
      breadcrumb={[{ title: t.apps.mine }]}
      refreshing={q.isFetching && !q.isPending}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setChoosing(true)}>
          {t.apps.newApplication}
        </Button>
      }
    >
      <NewApplicationModal open={choosing} onClose={() => setChoosing(false)} calls={calls.data ?? []} />
      {sentBack.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t.apps.changesAlert(sentBack.length, fmt.due(earliestDue ?? null))}
        />
      ) : null}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'all' ? {} : { tab: k }, { replace: true })}
          items={(['all', 'draft', 'active', 'done'] as const).map((k) => ({
            key: k,
            label: t.apps.tabs[k],
          }))}
        />
        {q.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : shown.length === 0 ? (
          <EmptyState
            description={t.apps.empty}
            action={
              <Link to="/teacher/calls">
                <Button type="primary">{t.apps.goCalls}</Button>
              </Link>
            }
          />
        ) : (
          <Table<ApplicationSummary>
            rowKey="id"
            dataSource={shown}
            scroll={{ x: 960 }}
            pagination={{
              current: Number(params.get('page') ?? 1),
              pageSize: 20,
              showTotal: (n) => t.common.total(n),
              onChange: (page) =>
                setParams({ ...Object.fromEntries(params), page: String(page) }, { replace: true }),
            }}
            columns={[
              {
                title: t.apps.columns.title,
                dataIndex: 'title',
                fixed: screens.md ? undefined : 'left',
                width: 240,
                render: (title: string, a) => <Link to={`/applications/${a.id}`}>{title}</Link>,
              },
              {
                title: t.apps.columns.kind,
                dataIndex: 'kind',
                width: 130,
                render: (k: string) => <KindTag kind={k} />,
              },
              {
                title: t.apps.columns.call,
                dataIndex: 'callId',
                width: 220,
                render: (id: string) => callTitle.get(id) ?? t.common.none,
              },
              {
                title: t.apps.columns.stage,
                dataIndex: 'stage',
                width: 100,
                render: (s: string) => <StageTag stage={s} />,
              },
              {
                title: t.apps.columns.revision,
                dataIndex: 'revision',
                width: 80,
                render: (n: number) => t.apps.round(n),
              },
              {
                title: `${t.apps.columns.due}${t.common.beijingTime}`,
                width: 220,
                render: (_: unknown, a) =>
                  a.stage === 'changes_requested' ? (
                    <Deadline at={a.revisionDueAt} />
                  ) : a.stage === 'in_review' ? (
                    <Deadline at={a.reviewDueAt} />
                  ) : (
                    t.common.none
                  ),
              },
              {
                title: t.apps.columns.updated,
                dataIndex: 'updatedAt',
                width: 150,
                render: (v: string) => fmt.dateTime(v),
              },
            ]}
          />
        )}
      </Card>
    </PageContainer>
  );
}
