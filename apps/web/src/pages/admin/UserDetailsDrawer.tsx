import { Button, Descriptions, Drawer, Flex, Grid, Skeleton, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import { useMe } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { label, useI18n } from '../../i18n/locale';
import { useUnitHistory, useUser, type UserRow } from './people-api';
import { shownName } from './people-api';
import type { UserAction } from './UserActionModal';

/**
 * One user as the office sees them (UI.md §5 用户管理): who they are, their roles and state, and the units
 * they have belonged to — the earlier ones kept after a transfer (DOMAIN.md "Audit trail").
 */
export function UserDetailsDrawer({
  user,
  onClose,
  onAction,
}: {
  user: UserRow | null;
  onClose: () => void;
  onAction: (a: UserAction) => void;
}) {
  const { t, fmt } = useI18n();
  const p = t.people;
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const detail = useUser(user?.id);
  const history = useUnitHistory(user?.id);
  if (!user) return null;
  const self = user.id === me.id;
  const u = detail.data;
  const name = shownName(user.displayName, p.erased);

  return (
    <Drawer
      open
      onClose={onClose}
      title={p.detailsTitle(name)}
      size={screens.md ? 560 : '100%'}
      extra={
        <Flex gap={8}>
          {user.roles.includes('teacher') && !self ? (
            <Link to={`/admin/teachers/${user.id}`}>
              <Button>{p.actions.record}</Button>
            </Link>
          ) : null}
          {!self && user.active ? (
            <Button type="primary" onClick={() => onAction({ kind: 'transfer', user })}>
              {p.actions.transfer}
            </Button>
          ) : null}
        </Flex>
      }
    >
      {self ? <Typography.Paragraph type="secondary">{p.ownNote}</Typography.Paragraph> : null}
      {detail.isPending ? (
        <Skeleton active />
      ) : detail.isError ? (
        <ErrorResult error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <Descriptions column={1} bordered size="small" style={{ marginBottom: 24 }}>
          <Descriptions.Item label={p.columns.displayName}>
            {shownName(u!.displayName, p.erased)}
          </Descriptions.Item>
          <Descriptions.Item label={p.columns.username}>{u!.username}</Descriptions.Item>
          <Descriptions.Item label={p.columns.school}>
            {user.schoolName ?? user.orgUnitName ?? t.common.none}
          </Descriptions.Item>
          <Descriptions.Item label={p.columns.roles}>
            <Flex gap={4} wrap>
              {u!.roles.map((r) => (
                <Tag key={r}>{label(t.roles, r)}</Tag>
              ))}
            </Flex>
          </Descriptions.Item>
          <Descriptions.Item label={p.columns.tier}>
            {u!.tier ? label(t.tiers, u!.tier) : t.common.none}
          </Descriptions.Item>
          <Descriptions.Item label={p.columns.status}>
            {u!.active ? <Tag color="success">{p.active}</Tag> : <Tag>{p.inactive}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={p.form.phone}>{u!.phone ?? t.common.none}</Descriptions.Item>
          <Descriptions.Item label={p.form.email}>{u!.email ?? t.common.none}</Descriptions.Item>
          <Descriptions.Item label={p.columns.locale}>
            {label(t.language as Record<string, string>, u!.locale ?? 'zh-CN')}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Typography.Title level={5}>{p.history}</Typography.Title>
      {history.isPending ? (
        <Skeleton active />
      ) : history.isError ? (
        <ErrorResult error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.items.length === 0 ? (
        <EmptyState description={p.historyEmpty} />
      ) : (
        <div data-testid="unit-history">
          <Timeline
            items={[...history.data.items].reverse().map((h) => ({
              color: h.until ? 'gray' : 'blue',
              content: (
                <Flex vertical>
                  <Typography.Text strong>
                    {h.orgUnitName ?? t.common.none}
                    {h.until ? null : (
                      <Tag color="processing" style={{ marginInlineStart: 8 }}>
                        {p.current}
                      </Tag>
                    )}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {p.since(fmt.dateTime(h.since))}
                    {h.until ? ` · ${p.until(fmt.dateTime(h.until))}` : ''}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {h.movedBy
                      ? p.movedIn(shownName(h.movedByName ?? t.common.none, p.erased))
                      : p.registeredIn}
                  </Typography.Text>
                  {h.reason ? <Typography.Text>{h.reason}</Typography.Text> : null}
                </Flex>
              ),
            }))}
          />
        </div>
      )}
    </Drawer>
  );
}
