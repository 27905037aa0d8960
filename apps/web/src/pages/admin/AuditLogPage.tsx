import { DownloadOutlined, FilterOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Drawer,
  Dropdown,
  Flex,
  Form,
  Grid,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { useMe } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { beijing, toBeijingIso } from '../../i18n/format';
import { label, useI18n } from '../../i18n/locale';
import { entityLink, useUnits, type AuditEntry } from './console-api';
import { VerifyChain } from './VerifyChain';

const FILTERS = [
  'actor',
  'actorName',
  'orgUnit',
  'applicationKind',
  'entityKind',
  'eventType',
  'from',
  'to',
  'includeAuditReads',
] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

const KINDS = ['training_project', 'tier_promotion', 'studio', 'school_plan'] as const;
const ENTITY_FILTER = [
  'application',
  'teacher',
  'mentorship',
  'studio',
  'call',
  'user',
  'orgunit',
  'policy',
  'annualsummary',
  'queuejob',
];

interface FormValues {
  actor?: string;
  orgUnit?: string;
  applicationKind?: string;
  entityKind?: string;
  eventType?: string[];
  period?: [Dayjs, Dayjs];
  includeAuditReads?: boolean;
}

/** What the API's log filter takes, from the URL (the actor's name is only for the picker's label). */
function apiQuery(f: Filters) {
  return {
    actor: f.actor,
    orgUnit: f.orgUnit,
    applicationKind: f.applicationKind as (typeof KINDS)[number] | undefined,
    entityKind: f.entityKind,
    eventType: f.eventType,
    from: f.from,
    to: f.to,
    includeAuditReads: f.includeAuditReads === 'true' ? ('true' as const) : undefined,
  };
}

/**
 * 操作日志 (UI.md §5; DOMAIN.md "Audit trail"): the global log of my unit and below, newest first, with
 * its filters kept in the URL, keyset paging (「加载更多」, no page numbers or total, UI.md §1.5), each
 * row's event as label and code, its object linked to the object's history, and the request id to copy.
 * 「校验完整性」 walks the hash chain with progress; 「导出」 is the API's own file for the same filters.
 * Every read here is itself recorded, which the subtitle says.
 */
export default function AuditLogPage() {
  const { t, fmt } = useI18n();
  const c = t.officeConsole;
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(
    FILTERS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v),
  );
  const units = useUnits(me.orgUnit);
  const [form] = Form.useForm<FormValues>();
  const [expanded, setExpanded] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [actorSearch, setActorSearch] = useState('');

  const log = useInfiniteQuery({
    queryKey: ['audit', 'events', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/audit/events', {
          params: { query: { ...apiQuery(filters), limit: '50', cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const people = useQuery({
    queryKey: ['users', 'search', actorSearch],
    enabled: actorSearch.trim().length > 0,
    queryFn: () => unwrap(api.GET('/api/users', { params: { query: { q: actorSearch.trim(), limit: 20 } } })),
  });

  const apply = (v: FormValues) => {
    const actorName =
      v.actor && v.actor === filters.actor
        ? filters.actorName
        : (people.data?.items.find((u) => u.id === v.actor)?.displayName ?? undefined);
    const next: Filters = {
      actor: v.actor,
      actorName,
      orgUnit: v.orgUnit,
      applicationKind: v.applicationKind,
      entityKind: v.entityKind,
      eventType: v.eventType?.length ? v.eventType.join(',') : undefined,
      from: v.period ? toBeijingIso(v.period[0]) : undefined,
      to: v.period ? toBeijingIso(v.period[1]) : undefined,
      includeAuditReads: v.includeAuditReads ? 'true' : undefined,
    };
    setParams(Object.fromEntries(Object.entries(next).filter(([, x]) => x)) as Record<string, string>);
    setDrawer(false);
  };
  const reset = () => {
    form.resetFields();
    setParams({});
    setDrawer(false);
  };

  const download = async (format: 'csv' | 'jsonl') => {
    setExporting(true);
    try {
      const { data, response } = await api.GET('/api/audit/export', {
        params: { query: { ...apiQuery(filters), format } },
        parseAs: 'blob',
      });
      if (!response.ok || !data)
        throw new ApiError(response.status, await response.json().catch(() => ({})), response);
      // The API's own file, never rewritten (UI.md §1.11): saved under the name it gives.
      const name =
        /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
        `audit.${format}`;
      const url = URL.createObjectURL(data as Blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      setExporting(false);
    }
  };

  const initial: FormValues = {
    actor: filters.actor,
    orgUnit: filters.orgUnit,
    applicationKind: filters.applicationKind,
    entityKind: filters.entityKind,
    eventType: filters.eventType?.split(','),
    period: filters.from && filters.to ? [beijing(filters.from), beijing(filters.to)] : undefined,
    includeAuditReads: filters.includeAuditReads === 'true',
  };
  const eventOptions = Object.entries(c.auditEvents).map(([code, l]) => ({
    value: code,
    label: `${l}（${code}）`,
  }));
  const actorOptions = [
    ...(filters.actor ? [{ value: filters.actor, label: filters.actorName ?? c.audit.unknownActor }] : []),
    ...(people.data?.items ?? [])
      .filter((u) => u.id !== filters.actor)
      .map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` })),
  ];

  const fields = [
    <Form.Item key="eventType" name="eventType" label={c.audit.eventType}>
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        showSearch={{ optionFilterProp: 'label' }}
        options={eventOptions}
      />
    </Form.Item>,
    <Form.Item key="period" name="period" label={c.audit.period}>
      <DatePicker.RangePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
    </Form.Item>,
    <Form.Item key="actor" name="actor" label={c.audit.actor}>
      <Select
        allowClear
        showSearch={{ filterOption: false, onSearch: setActorSearch }}
        placeholder={c.audit.actorPlaceholder}
        options={actorOptions}
        loading={people.isFetching}
      />
    </Form.Item>,
    <Form.Item key="orgUnit" name="orgUnit" label={c.audit.unit}>
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        options={units.list.map((u) => ({ value: u.id, label: `${u.name}（${label(t.levels, u.level)}）` }))}
      />
    </Form.Item>,
    <Form.Item key="applicationKind" name="applicationKind" label={c.audit.applicationKind}>
      <Select allowClear options={KINDS.map((k) => ({ value: k, label: label(t.kinds, k) }))} />
    </Form.Item>,
    <Form.Item key="entityKind" name="entityKind" label={c.audit.entityKind}>
      <Select allowClear options={ENTITY_FILTER.map((k) => ({ value: k, label: label(c.entityKinds, k) }))} />
    </Form.Item>,
    <Form.Item key="includeAuditReads" name="includeAuditReads" valuePropName="checked" label=" ">
      <Checkbox>{c.audit.includeReads}</Checkbox>
    </Form.Item>,
  ];
  const buttons = (
    <Space>
      <Button type="primary" htmlType="submit">
        {t.common.search}
      </Button>
      <Button onClick={reset}>{t.common.reset}</Button>
      {screens.md ? (
        <Button type="link" onClick={() => setExpanded(!expanded)}>
          {expanded ? c.audit.collapse : c.audit.expand}
        </Button>
      ) : null}
    </Space>
  );
  const filterForm = (narrow: boolean) => (
    <Form<FormValues> form={form} layout="vertical" initialValues={initial} onFinish={apply}>
      <Row gutter={16}>
        {(narrow || expanded ? fields : fields.slice(0, 3)).map((f) => (
          <Col key={f.key} xs={24} md={12} xl={8}>
            {f}
          </Col>
        ))}
      </Row>
      <Flex justify="flex-end">{buttons}</Flex>
    </Form>
  );

  const rows: AuditEntry[] = log.data?.pages.flatMap((p) => p.items) ?? [];
  const actorCell = (e: AuditEntry) =>
    e.actor.role === 'system'
      ? c.audit.system
      : `${e.actor.name ?? c.audit.unknownActor} · ${label(t.roles, e.actor.role)}`;

  return (
    <PageContainer
      title={c.audit.title}
      subTitle={c.audit.subtitle}
      refreshing={log.isFetching && !log.isFetchingNextPage && !log.isPending}
      extra={
        <>
          {!screens.md ? (
            <Button icon={<FilterOutlined />} onClick={() => setDrawer(true)}>
              {t.common.filter}
            </Button>
          ) : null}
          <Dropdown
            menu={{
              items: [
                { key: 'csv', label: c.audit.exportCsv },
                { key: 'jsonl', label: c.audit.exportJsonl },
              ],
              onClick: ({ key }) => void download(key as 'csv' | 'jsonl'),
            }}
          >
            <Button icon={<DownloadOutlined />} loading={exporting} title={c.audit.exportNote}>
              {c.audit.export}
            </Button>
          </Dropdown>
          <Button type="primary" icon={<SafetyCertificateOutlined />} onClick={() => setVerifying(true)}>
            {c.audit.verify}
          </Button>
        </>
      }
    >
      {screens.md ? <Card style={{ marginBottom: 16 }}>{filterForm(false)}</Card> : null}
      <Drawer open={drawer} onClose={() => setDrawer(false)} title={t.common.filter} size="100%">
        {filterForm(true)}
      </Drawer>
      {log.isPending ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : log.isError ? (
        <ErrorResult error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <Card>
          <Table<AuditEntry>
            rowKey="position"
            dataSource={rows}
            pagination={false}
            scroll={{ x: 1200 }}
            size="middle"
            locale={{
              emptyText: (
                <EmptyState
                  description={c.audit.empty}
                  action={<Button onClick={reset}>{t.common.reset}</Button>}
                />
              ),
            }}
            columns={[
              {
                title: c.audit.columns.at,
                fixed: 'left',
                width: 170,
                render: (_: unknown, e) => fmt.dateTimeSeconds(e.recordedAt),
              },
              { title: c.audit.columns.actor, width: 190, render: (_: unknown, e) => actorCell(e) },
              {
                title: c.audit.columns.unit,
                width: 160,
                render: (_: unknown, e) => units.names.get(e.orgUnit) ?? t.common.none,
              },
              {
                title: c.audit.columns.event,
                width: 200,
                render: (_: unknown, e) => (
                  <Space orientation="vertical" size={0}>
                    <span>{label(c.auditEvents, e.type)}</span>
                    <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                      {e.type}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: c.audit.columns.entity,
                width: 140,
                render: (_: unknown, e) => {
                  const to = entityLink(e.streamId);
                  const text = label(c.entityKinds, e.entity.kind);
                  return to ? <Link to={to}>{text}</Link> : <Tag variant="filled">{text}</Tag>;
                },
              },
              {
                title: c.audit.columns.rationale,
                width: 260,
                render: (_: unknown, e) =>
                  e.rationale ? (
                    <Typography.Paragraph ellipsis={{ rows: 2, tooltip: e.rationale }} style={{ margin: 0 }}>
                      {e.rationale}
                    </Typography.Paragraph>
                  ) : (
                    t.common.none
                  ),
              },
              {
                title: c.audit.columns.correlation,
                width: 150,
                render: (_: unknown, e) => (
                  <Typography.Text
                    copyable={{ text: e.correlationId, tooltips: [c.audit.copyCorrelation, t.common.copied] }}
                    style={{ fontFamily: 'monospace', fontSize: 12 }}
                  >
                    {e.correlationId.slice(0, 8)}
                  </Typography.Text>
                ),
              },
            ]}
          />
          {rows.length > 0 ? (
            <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }}>
              <Typography.Text type="secondary">{c.audit.shown(rows.length)}</Typography.Text>
              {log.hasNextPage ? (
                <Button loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                  {c.audit.loadMore}
                </Button>
              ) : (
                <Typography.Text type="secondary">{c.audit.noMore}</Typography.Text>
              )}
            </Flex>
          ) : null}
        </Card>
      )}
      <VerifyChain open={verifying} onClose={() => setVerifying(false)} />
    </PageContainer>
  );
}
