import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Skeleton, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { Role } from '../../api/types';
import { useMe } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { useI18n } from '../../i18n/locale';

export interface InboxItem {
  id: string;
  kind: string;
  step: string;
  subjectId: string | null;
  applicationId: string | null;
  applicationTitle: string | null;
  subject?: { kind: string; id: string } | null;
  dueAt: string | null;
  sentAt: string;
  readAt: string | null;
  read: boolean;
  message: { zh: string; en: string };
}

/** 提醒 / 逾期 / 逾期上报 / 通知, read off the notification's kind (GLOSSARY.md §10). */
function typeOf(kind: string): 'reminder' | 'overdue' | 'escalated' | 'notice' {
  if (kind.endsWith('_reminder') || kind.endsWith('_closing')) return 'reminder';
  if (kind.endsWith('_escalated')) return 'escalated';
  if (kind.endsWith('_overdue') || kind.endsWith('_due')) return 'overdue';
  return 'notice';
}

const TYPE_COLOUR = {
  reminder: 'processing',
  overdue: 'error',
  escalated: 'warning',
  notice: 'default',
} as const;

/** Where a message leads: the application, call, teacher record, mentorship … it is about. */
export function linkOf(n: InboxItem, role?: Role): string | null {
  const kind = n.subject?.kind ?? (n.applicationId ? 'application' : n.step);
  const id = n.subject?.id ?? n.applicationId ?? n.subjectId;
  if (!id) return null;
  if (kind === 'application' || kind === 'review' || kind === 'revision' || kind === 'evaluation')
    return `/applications/${id}`;
  if (kind === 'call' || kind === 'call_close') return '/teacher/calls';
  if (kind === 'teacher' || kind === 'ethics_ban' || kind === 'shortfall') return '/teacher/progression';
  // 带教提醒 · 带教年度到期 go to the pair's page (UI.md §2 导师带教); 逾期上报 reaches the office, whose
  // pairings are on 导师结对 (UI.md §5).
  if (kind === 'mentorship' || kind === 'mentorship_year')
    return role === 'admin' ? '/admin/mentorships' : `/teacher/mentorship/${id}`;
  return null;
}

/**
 * 消息中心 (UI.md §2, every role): reminders, overdue notices, escalations and step notices, newest first.
 * Opening one marks it read and goes to what it is about.
 */
export default function NotificationsPage() {
  const { t, fmt, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'all' ? 'all' : 'unread';
  const navigate = useNavigate();
  const me = useMe();
  const queryClient = useQueryClient();
  const [marking, setMarking] = useState(false);
  const q = useQuery({
    queryKey: ['notifications', 'list', tab],
    queryFn: async () =>
      (
        (await unwrap(
          api.GET(
            '/api/notifications' as never,
            {
              params: { query: { limit: 100, ...(tab === 'unread' ? { unread: 'true' } : {}) } },
            } as never,
          ),
        )) as { items: InboxItem[] }
      ).items,
  });

  const markRead = (id: string) =>
    unwrap(api.POST('/api/notifications/{id}/read' as never, { params: { path: { id } } } as never));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });

  const open = async (n: InboxItem) => {
    if (!n.read) {
      await markRead(n.id).catch(() => undefined);
      void refresh();
    }
    const to = linkOf(n, me.role);
    if (to) navigate(to);
  };

  const markAll = async () => {
    setMarking(true);
    try {
      // One call per message: the inbox has no bulk endpoint, and each read is its own recorded fact.
      for (const n of (q.data ?? []).filter((x) => !x.read)) await markRead(n.id);
    } finally {
      setMarking(false);
      void refresh();
    }
  };

  const items = q.data ?? [];
  const unread = items.filter((n) => !n.read).length;
  return (
    <PageContainer
      title={t.inbox.title}
      breadcrumb={[{ title: t.inbox.title }]}
      refreshing={q.isFetching && !q.isPending}
      extra={
        <Button type="primary" disabled={unread === 0} loading={marking} onClick={() => void markAll()}>
          {t.inbox.markAllRead}
        </Button>
      }
    >
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'unread' ? {} : { tab: k }, { replace: true })}
          items={[
            { key: 'unread', label: t.inbox.unread },
            { key: 'all', label: t.inbox.all },
          ]}
        />
        {q.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState description={tab === 'unread' ? t.inbox.emptyUnread : t.inbox.empty} />
        ) : (
          <Table<InboxItem>
            rowKey="id"
            dataSource={items}
            scroll={{ x: 760 }}
            pagination={items.length > 20 ? { pageSize: 20, showTotal: (n) => t.common.total(n) } : false}
            onRow={(n) => ({
              onClick: () => void open(n),
              onKeyDown: (e) => {
                if (e.key === 'Enter') void open(n);
              },
              tabIndex: 0,
              style: { cursor: 'pointer' },
            })}
            columns={[
              {
                title: '',
                width: 36,
                render: (_: unknown, n) =>
                  n.read ? null : <Badge status="processing" aria-label={t.inbox.unread} />,
              },
              {
                title: t.inbox.type,
                width: 100,
                render: (_: unknown, n) => (
                  <Tag color={TYPE_COLOUR[typeOf(n.kind)]}>{t.inbox.types[typeOf(n.kind)]}</Tag>
                ),
              },
              {
                title: t.inbox.subject,
                render: (_: unknown, n) => (
                  <Typography.Text strong={!n.read}>
                    {locale === 'en' ? n.message.en : n.message.zh}
                  </Typography.Text>
                ),
              },
              {
                title: `${t.inbox.due}${t.common.beijingTime}`,
                width: 170,
                render: (_: unknown, n) => fmt.due(n.dueAt),
              },
              { title: t.inbox.received, width: 150, render: (_: unknown, n) => fmt.dateTime(n.sentAt) },
            ]}
          />
        )}
      </Card>
    </PageContainer>
  );
}
