import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Drawer, Form, Grid, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Schemas } from '../../api/types';
import { ConfirmAction } from '../../components/ConfirmAction';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { invalidShown, useCommand } from '../../components/useCommand';
import { useI18n } from '../../i18n/locale';
import { usePolicy } from '../chair/committee-api';
import { listUsers, shownName } from './people-api';

type Pairing = Schemas['MentorshipList']['items'][number];
const LIMIT = 100;
const STATUS_COLOR: Record<Pairing['status'], string | undefined> = {
  active: 'processing',
  signed_off: 'success',
  ended: undefined,
};

/**
 * 导师结对 (UI.md §5): the pairings whose mentee is in the admin's unit or below, and 「新建结对」 — a new
 * teacher with a mentor for at least one school year (seed 002 (三)4 导师制度), the mentor's load shown
 * against the policy's limit (默认 3). The API refuses a mentee who is not new, a full mentor, or someone
 * outside the admin's scope; those refusals stay in the drawer.
 */
export default function MentorshipsPage() {
  const { t, fmt } = useI18n();
  const m = t.mentorshipAdmin;
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ mentorId: string; menteeId: string }>();
  const policy = usePolicy();
  const pairings = useQuery({
    queryKey: ['mentorships', 'office'],
    queryFn: () => unwrap(api.GET('/api/mentorships', { params: { query: { limit: String(LIMIT) } } })),
  });
  // The pickers: mentors, and new teachers (seed 002 (三)4: a new teacher gets a mentor).
  const people = useQuery({
    queryKey: ['users', 'mentor-pickers'],
    enabled: open,
    queryFn: async () => ({
      mentors: (await listUsers({ role: 'mentor', active: 'true', limit: 200 })).items,
      mentees: (await listUsers({ role: 'teacher', tier: 'new', active: 'true', limit: 200 })).items,
    }),
  });
  const pair = useCommand<{ mentorId: string; menteeId: string }>({
    form,
    run: (v, key) =>
      unwrap(api.POST('/api/mentorships', { params: { header: { 'Idempotency-Key': key } }, body: v })),
    invalidate: [['mentorships']],
    successMessage: m.paired,
    onSuccess: () => {
      form.resetFields();
      setOpen(false);
    },
  });
  const end = useCommand<{ id: string; reason: string }>({
    run: (v, key) =>
      unwrap(
        api.POST('/api/mentorships/{id}/end', {
          params: { path: { id: v.id }, header: { 'Idempotency-Key': key } },
          body: { reason: v.reason },
        }),
      ),
    invalidate: [['mentorships']],
  });

  if (pairings.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (pairings.isError) return <ErrorResult error={pairings.error} onRetry={() => void pairings.refetch()} />;
  const rows = pairings.data.items;
  const limit = policy.data?.ladder.mentorship.mentorLoadLimit ?? 3;
  const load = new Map<string, number>();
  for (const p of rows) if (p.status === 'active') load.set(p.mentorId, (load.get(p.mentorId) ?? 0) + 1);
  const name = (n: string | null) => shownName(n ?? t.common.none, t.people.erased);
  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
      {m.create}
    </Button>
  );

  return (
    <PageContainer
      title={m.title}
      subTitle={m.subTitle}
      breadcrumb={[{ title: m.title }]}
      refreshing={pairings.isFetching}
      extra={createButton}
    >
      <ProblemAlert error={end.error} />
      <Card>
        <Table<Pairing>
          rowKey="id"
          dataSource={rows}
          scroll={{ x: 900 }}
          pagination={rows.length > 20 ? { pageSize: 20, showTotal: t.common.total } : false}
          locale={{ emptyText: <EmptyState description={m.empty} action={createButton} /> }}
          columns={[
            {
              title: m.mentee,
              fixed: 'left',
              width: 170,
              render: (_: unknown, p) => name(p.menteeName),
            },
            { title: m.mentor, width: 170, render: (_: unknown, p) => name(p.mentorName) },
            {
              title: `${m.pairedAt}${t.common.beijingTime}`,
              width: 170,
              render: (_: unknown, p) => fmt.dateTime(p.pairedAt),
            },
            { title: m.yearEndsAt, width: 160, render: (_: unknown, p) => fmt.due(p.yearEndsAt) },
            { title: m.meetings, width: 90, align: 'right', dataIndex: 'meetingCount' },
            {
              title: m.status,
              width: 90,
              render: (_: unknown, p) => <Tag color={STATUS_COLOR[p.status]}>{m.statuses[p.status]}</Tag>,
            },
            {
              title: t.common.actions,
              fixed: screens.md ? 'right' : undefined,
              width: 120,
              render: (_: unknown, p) =>
                p.status === 'ended' ? (
                  <Typography.Text type="secondary">{t.common.none}</Typography.Text>
                ) : (
                  <ConfirmAction
                    title={m.endTitle(name(p.mentorName), name(p.menteeName))}
                    content={m.endContent}
                    okText={m.confirmEnd}
                    danger
                    reason={{ label: m.endReason }}
                    buttonProps={{ size: 'small', type: 'link' }}
                    onConfirm={(reason) => end.mutateAsync({ id: p.id, reason })}
                  >
                    {m.end}
                  </ConfirmAction>
                ),
            },
          ]}
        />
        {rows.length >= LIMIT ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.limitNote}
          </Typography.Text>
        ) : null}
      </Card>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={m.create}
        size={screens.md ? 480 : '100%'}
        destroyOnHidden
        extra={
          <Button
            type="primary"
            loading={pair.isPending}
            onClick={() => void form.validateFields().then((v) => pair.mutate(v), invalidShown)}
          >
            {t.common.submit}
          </Button>
        }
      >
        <ProblemAlert error={pair.error} />
        <Form form={form} layout="vertical">
          <Form.Item
            name="menteeId"
            label={m.mentee}
            extra={m.menteeHelp}
            rules={[{ required: true, message: m.required }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={people.isPending}
              options={(people.data?.mentees ?? []).map((u) => ({
                value: u.id,
                label: `${name(u.displayName)} · ${u.schoolName ?? u.orgUnitName ?? ''}`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="mentorId"
            label={m.mentor}
            extra={m.mentorHelp(limit)}
            rules={[{ required: true, message: m.required }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={people.isPending}
              options={(people.data?.mentors ?? []).map((u) => ({
                value: u.id,
                disabled: (load.get(u.id) ?? 0) >= limit,
                // The load first: a long school name must not push it out of sight.
                label: `${name(u.displayName)}（${m.load(load.get(u.id) ?? 0, limit)}）· ${u.schoolName ?? u.orgUnitName ?? ''}`,
              }))}
            />
          </Form.Item>
        </Form>
      </Drawer>
    </PageContainer>
  );
}
