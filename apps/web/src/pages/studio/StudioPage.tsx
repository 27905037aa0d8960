import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Collapse,
  Descriptions,
  Form,
  Grid,
  Input,
  Modal,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { ConfirmAction } from '../../components/ConfirmAction';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { invalidShown, useCommand } from '../../components/useCommand';
import { useI18n } from '../../i18n/locale';
import { shownName } from '../admin/people-api';
import { useStudio, type Studio } from './studio-api';

type Member = Studio['members'][number];
type Former = Studio['formerMembers'][number];

/**
 * A studio (我的工作室 / 工作室管理, UI.md §2 and §5): who leads it, who belongs to it and who has left.
 * DOMAIN.md "Mentorship and studios" (seed 000 §五(三)): the leader adds members across schools and
 * subjects and may remove them, a member may leave, the leader cannot leave but may close the studio; an
 * admin over the studio's unit does what the leader does. Every act carries a reason where the record
 * keeps one.
 */
export default function StudioPage() {
  const { id = '' } = useParams();
  const { t, fmt } = useI18n();
  const s = t.studios;
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const studio = useStudio(id);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ username: string }>();
  const headers = (key: string, version: number) => ({ 'Idempotency-Key': key, 'If-Match': `"${version}"` });

  const add = useCommand<{ username: string; version: number }>({
    form,
    run: (v, key) =>
      unwrap(
        api.POST('/api/studios/{id}/members', {
          params: { path: { id }, header: headers(key, v.version) },
          body: { username: v.username.trim() },
        }),
      ),
    invalidate: [['studios']],
    successMessage: s.added,
    onSuccess: () => {
      form.resetFields();
      setAdding(false);
    },
  });
  const leave = useCommand<{ memberId: string; reason: string; version: number }>({
    run: (v, key) =>
      unwrap(
        api.POST('/api/studios/{id}/members/{memberId}/leave', {
          params: { path: { id, memberId: v.memberId }, header: headers(key, v.version) },
          body: { reason: v.reason },
        }),
      ),
    invalidate: [['studios']],
  });
  const close = useCommand<{ reason: string; version: number }>({
    run: (v, key) =>
      unwrap(
        api.POST('/api/studios/{id}/close', {
          params: { path: { id }, header: headers(key, v.version) },
          body: { reason: v.reason },
        }),
      ),
    invalidate: [['studios']],
  });

  if (studio.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (studio.isError) return <ErrorResult error={studio.error} onRetry={() => void studio.refetch()} />;
  const st = studio.data;
  const name = (n: string | null) => shownName(n ?? t.common.none, t.people.erased);
  const isLeader = st.leaderId === me.id;
  // The leader acts as themselves; an admin over the unit acts as the office (the API checks the scope).
  const manages = !st.closed && (isLeader || me.role === 'admin');
  const isMember = !st.closed && !isLeader && st.members.some((m) => m.memberId === me.id);
  const crumb =
    me.role === 'admin' || me.role === 'chair'
      ? { title: s.adminTitle, to: '/admin/studios' }
      : { title: s.mineTitle, to: '/teacher/studios' };
  const others = st.members.filter((m) => m.role !== 'leader');

  const addButton = manages ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
      {s.add}
    </Button>
  ) : null;

  return (
    <PageContainer
      title={st.name}
      subTitle={`${st.subject} · ${s.leader} ${name(st.leaderName)}`}
      breadcrumb={[crumb, { title: st.name }]}
      refreshing={studio.isFetching}
      extra={
        <>
          {addButton}
          {isMember ? (
            <ConfirmAction
              title={s.leaveTitle}
              content={s.leaveContent}
              okText={s.confirmLeave}
              danger
              reason={{ label: s.reason }}
              onConfirm={(reason) => leave.mutateAsync({ memberId: me.id, reason, version: st.version })}
            >
              {s.leave}
            </ConfirmAction>
          ) : null}
          {manages ? (
            <ConfirmAction
              title={s.closeTitle(st.name)}
              content={s.closeContent}
              okText={s.confirmClose}
              danger
              reason={{ label: s.reason }}
              onConfirm={(reason) => close.mutateAsync({ reason, version: st.version })}
            >
              {s.close}
            </ConfirmAction>
          ) : null}
        </>
      }
    >
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {st.closed ? (
          <Alert
            type="warning"
            showIcon
            message={s.closedAlert(fmt.date(st.closedAt), st.closeReason ?? t.common.none)}
          />
        ) : null}
        <ProblemAlert error={leave.error ?? close.error} />
        <Card>
          <Descriptions column={screens.md ? 3 : 1} size="small">
            <Descriptions.Item label={s.name}>{st.name}</Descriptions.Item>
            <Descriptions.Item label={s.subject}>{st.subject}</Descriptions.Item>
            <Descriptions.Item label={s.leader}>{name(st.leaderName)}</Descriptions.Item>
            <Descriptions.Item label={s.orgUnit}>{st.orgUnitName ?? t.common.none}</Descriptions.Item>
            <Descriptions.Item label={s.foundedAt}>{fmt.date(st.foundedAt)}</Descriptions.Item>
            <Descriptions.Item label={s.status}>
              <Tag color={st.closed ? undefined : 'success'}>{s.statuses[st.closed ? 'closed' : 'open']}</Tag>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={`${s.members}（${st.members.length}）`}>
          <Table<Member>
            rowKey="memberId"
            dataSource={st.members}
            pagination={st.members.length > 20 ? { pageSize: 20 } : false}
            scroll={{ x: 520 }}
            locale={{
              emptyText: <EmptyState description={st.closed ? s.statuses.closed : s.emptyMembers} />,
            }}
            footer={
              others.length === 0 && !st.closed
                ? () => <Typography.Text type="secondary">{s.emptyMembers}</Typography.Text>
                : undefined
            }
            columns={[
              { title: s.memberName, width: 140, render: (_: unknown, m) => name(m.displayName) },
              {
                title: s.role,
                width: 90,
                render: (_: unknown, m) => (
                  <Tag color={m.role === 'leader' ? 'gold' : 'blue'}>{s.roles[m.role]}</Tag>
                ),
              },
              { title: s.joinedAt, width: 120, render: (_: unknown, m) => fmt.date(m.joinedAt) },
              {
                title: t.common.actions,
                width: 100,
                render: (_: unknown, m) =>
                  manages && m.role !== 'leader' ? (
                    <ConfirmAction
                      title={s.removeTitle(name(m.displayName))}
                      content={s.removeContent}
                      okText={s.confirmRemove}
                      danger
                      reason={{ label: s.reason }}
                      buttonProps={{ size: 'small', type: 'link' }}
                      onConfirm={(reason) =>
                        leave.mutateAsync({ memberId: m.memberId, reason, version: st.version })
                      }
                    >
                      {s.remove}
                    </ConfirmAction>
                  ) : (
                    <Typography.Text type="secondary">{t.common.none}</Typography.Text>
                  ),
              },
            ]}
          />
        </Card>
        {st.formerMembers.length > 0 ? (
          <Collapse
            items={[
              {
                key: 'former',
                label: `${s.formerMembers}（${st.formerMembers.length}）`,
                children: (
                  <Table<Former>
                    rowKey={(f) => `${f.memberId}-${f.joinedAt}`}
                    dataSource={st.formerMembers}
                    pagination={false}
                    scroll={{ x: 560 }}
                    columns={[
                      { title: s.memberName, width: 140, render: (_: unknown, f) => name(f.displayName) },
                      { title: s.joinedAt, width: 120, render: (_: unknown, f) => fmt.date(f.joinedAt) },
                      { title: s.leftAt, width: 120, render: (_: unknown, f) => fmt.date(f.leftAt) },
                      { title: s.leaveReason, render: (_: unknown, f) => f.reason ?? t.common.none },
                    ]}
                  />
                ),
              },
            ]}
          />
        ) : null}
      </Space>
      <Modal
        open={adding}
        title={s.add}
        okText={s.add}
        cancelText={t.common.cancel}
        confirmLoading={add.isPending}
        onCancel={() => setAdding(false)}
        onOk={() =>
          void form
            .validateFields()
            .then((v) => add.mutate({ username: v.username, version: st.version }), invalidShown)
        }
        destroyOnHidden
        focusable={{ focusTriggerAfterClose: true }}
      >
        <ProblemAlert error={add.error} />
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="username"
            label={s.account}
            extra={s.accountHelp}
            rules={[{ required: true, whitespace: true, max: 64, message: s.accountRequired }]}
          >
            <Input autoComplete="off" maxLength={64} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
