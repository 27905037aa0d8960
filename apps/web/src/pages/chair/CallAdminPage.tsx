import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Grid,
  Input,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Call } from '../../api/types';
import { useMe } from '../../app/session';
import { ConfirmAction } from '../../components/ConfirmAction';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { KindTag } from '../../components/Tags';
import { invalidShown, useCommand } from '../../components/useCommand';
import { toBeijingIso } from '../../i18n/format';
import { label, useI18n } from '../../i18n/locale';
import { useOpenCalls } from '../teacher/ProgressionPage';
import { useOrgUnits } from './committee-api';

const KINDS = ['training_project', 'tier_promotion', 'studio', 'school_plan'] as const;

interface CallForm {
  kind: (typeof KINDS)[number];
  orgUnit: string;
  title: string;
  window: [Dayjs, Dayjs];
}

function callStatus(c: Call, now: number): 'open' | 'upcoming' | 'closed' {
  if (c.closed || Date.parse(c.closesAt) <= now) return 'closed';
  if (Date.parse(c.opensAt) > now) return 'upcoming';
  return 'open';
}

/**
 * 申报通知管理 (UI.md §4): the calls with their windows and status; 「发布申报通知」 opens a drawer form
 * (kind, org unit of my subtree, title, window read as Beijing time); 「关闭申报」 ends a call early with a
 * reason. Submitted applications are not affected by a close (DOMAIN.md stage 1).
 */
export default function CallAdminPage() {
  const { t, fmt } = useI18n();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const calls = useOpenCalls();
  const units = useOrgUnits();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<CallForm>();
  const chair = me.role === 'chair';

  const publish = useCommand<CallForm>({
    form,
    run: (v, key) =>
      unwrap(
        api.POST('/api/calls', {
          params: { header: { 'Idempotency-Key': key } },
          body: {
            kind: v.kind,
            orgUnit: v.orgUnit,
            title: v.title.trim(),
            opensAt: toBeijingIso(v.window[0]),
            closesAt: toBeijingIso(v.window[1]),
          },
        }),
      ),
    invalidate: [['calls']],
    successMessage: t.callAdmin.published,
    onSuccess: () => {
      setOpen(false);
      form.resetFields();
    },
  });
  const close = useCommand<{ id: string; reason: string }>({
    run: (v, key) =>
      unwrap(
        api.POST('/api/calls/{id}/close', {
          params: { path: { id: v.id }, header: { 'Idempotency-Key': key } },
          body: { reason: v.reason },
        }),
      ),
    invalidate: [['calls']],
  });

  if (calls.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (calls.isError) return <ErrorResult error={calls.error} onRetry={() => void calls.refetch()} />;
  const now = Date.now();
  const rows = [...calls.data].sort((a, b) => Date.parse(b.opensAt) - Date.parse(a.opensAt));
  const unitName = new Map((units.data ?? []).map((u) => [u.id, u.name]));
  const statusTag = (c: Call) => {
    const s = callStatus(c, now);
    return s === 'open' ? (
      <Tag color="processing">{t.calls.open}</Tag>
    ) : (
      <Tag>{s === 'upcoming' ? t.calls.upcoming : t.calls.closed}</Tag>
    );
  };

  return (
    <PageContainer
      title={t.callAdmin.title}
      subTitle={t.callAdmin.scopeNote}
      refreshing={calls.isFetching}
      extra={
        chair ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t.callAdmin.publish}
          </Button>
        ) : undefined
      }
    >
      <ProblemAlert error={close.error} />
      <Card>
        <Table<Call>
          rowKey="id"
          dataSource={rows}
          scroll={{ x: 960 }}
          pagination={rows.length > 20 ? { pageSize: 20, showTotal: t.common.total } : false}
          locale={{
            emptyText: (
              <EmptyState
                description={t.callAdmin.empty}
                action={
                  chair ? (
                    <Button type="primary" onClick={() => setOpen(true)}>
                      {t.callAdmin.publish}
                    </Button>
                  ) : undefined
                }
              />
            ),
          }}
          columns={[
            { title: t.callAdmin.columns.title, fixed: 'left', width: 240, dataIndex: 'title' },
            {
              title: t.callAdmin.columns.kind,
              width: 140,
              render: (_: unknown, c) => <KindTag kind={c.kind} />,
            },
            {
              title: t.callAdmin.columns.unit,
              width: 180,
              render: (_: unknown, c) => c.orgUnitName ?? unitName.get(c.orgUnit) ?? t.common.none,
            },
            {
              title: `${t.callAdmin.columns.opensAt}${t.common.beijingTime}`,
              width: 160,
              render: (_: unknown, c) => fmt.dateTime(c.opensAt),
            },
            {
              title: t.callAdmin.columns.closesAt,
              width: 160,
              render: (_: unknown, c) => fmt.due(c.closesAt),
            },
            { title: t.callAdmin.columns.status, width: 90, render: (_: unknown, c) => statusTag(c) },
            {
              title: t.common.actions,
              fixed: 'right',
              width: 120,
              render: (_: unknown, c) =>
                chair && callStatus(c, now) !== 'closed' ? (
                  <ConfirmAction
                    title={t.callAdmin.closeTitle(c.title)}
                    content={t.callAdmin.closeContent}
                    okText={t.callAdmin.confirmClose}
                    danger
                    reason={{ label: t.callAdmin.reason }}
                    buttonProps={{ size: 'small' }}
                    onConfirm={(reason) => close.mutateAsync({ id: c.id, reason })}
                  >
                    {t.callAdmin.close}
                  </ConfirmAction>
                ) : (
                  <Typography.Text type="secondary">{t.common.none}</Typography.Text>
                ),
            },
          ]}
        />
      </Card>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t.callAdmin.publish}
        size={screens.md ? 560 : '100%'}
        destroyOnHidden
        extra={
          <Button
            type="primary"
            loading={publish.isPending}
            onClick={() => void form.validateFields().then((v) => publish.mutate(v), invalidShown)}
          >
            {t.callAdmin.form.submit}
          </Button>
        }
      >
        <ProblemAlert error={publish.error} />
        <Form<CallForm> form={form} layout="vertical" initialValues={{ orgUnit: me.orgUnit }}>
          <Form.Item
            name="kind"
            label={t.callAdmin.form.kind}
            rules={[{ required: true, message: t.callAdmin.form.kindRequired }]}
          >
            <Select options={KINDS.map((k) => ({ value: k, label: label(t.kinds, k) }))} />
          </Form.Item>
          <Form.Item
            name="orgUnit"
            label={t.callAdmin.form.orgUnit}
            rules={[{ required: true, message: t.callAdmin.form.unitRequired }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={(units.data ?? [{ id: me.orgUnit, name: me.orgUnitName ?? me.orgUnit, level: 'city' }])
                .filter((u) => u.level !== 'school')
                .map((u) => ({ value: u.id, label: `${u.name}（${label(t.levels, u.level)}）` }))}
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t.callAdmin.form.title}
            extra={t.callAdmin.form.titleHelp}
            rules={[
              { required: true, whitespace: true, message: t.callAdmin.form.titleRequired },
              { max: 200, message: t.callAdmin.form.titleRequired },
            ]}
          >
            <Input maxLength={200} showCount />
          </Form.Item>
          <Form.Item
            name="window"
            label={t.callAdmin.form.window}
            extra={t.callAdmin.form.windowHelp}
            rules={[
              { required: true, message: t.callAdmin.form.windowRequired },
              {
                validator: (_, v?: [Dayjs, Dayjs]) =>
                  v && !v[1].isAfter(v[0])
                    ? Promise.reject(new Error(t.callAdmin.form.windowOrder))
                    : Promise.resolve(),
              },
            ]}
          >
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Form>
      </Drawer>
    </PageContainer>
  );
}
