import { HistoryOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Row,
  Skeleton,
  Space,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { useMe } from '../../app/session';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { GradeTag, KindTag, StageTag, TierTag } from '../../components/Tags';
import { beijing, toBeijingIso } from '../../i18n/format';
import { label, useI18n } from '../../i18n/locale';
import type { Messages } from '../../i18n/zh-CN';
import type { Formatters } from '../../i18n/format';
import { isEntityKind, useUnits } from './console-api';

/** Members shown only when set: a deadline that may never run. */
const OPTIONAL = new Set(['revisionDueAt']);

/** The state's members the page shows, in this order; ids of people and calls are left out (raw). */
const SHOWN = [
  'status',
  'stage',
  'kind',
  'title',
  'orgUnit',
  'revision',
  'reviewers',
  'reviews',
  'decision',
  'policyVersion',
  'firstSubmittedAt',
  'revisionDueAt',
  'overdue',
  'enrolled',
  'completed',
  'grade',
  'retired',
  'cycle',
  'opensAt',
  'closesAt',
  'closed',
  'tier',
  'tierHistory',
  'ledger',
  'banEndsAt',
  'flaggedForRemoval',
  'pairedAt',
  'active',
  'meetings',
  'signedOffAt',
  'members',
];

/** One member of a folded state in the office's words (a stage as its Tag, a time in Beijing time). */
function valueOf(
  key: string,
  v: unknown,
  t: Messages,
  fmt: Formatters,
  unitName: (id: string) => string,
): ReactNode {
  const e = t.officeConsole.entity;
  if (v === null || v === undefined || v === '') return t.common.none;
  if (key === 'stage') return <StageTag stage={String(v)} />;
  if (key === 'kind') return <KindTag kind={String(v)} />;
  if (key === 'grade') return <GradeTag grade={String(v)} />;
  if (key === 'tier') return <TierTag tier={String(v)} />;
  if (key === 'decision') return label(e.decisions, String(v));
  if (key === 'status') return label(e.statuses, String(v));
  if (key === 'orgUnit') return unitName(String(v));
  if (typeof v === 'boolean') return v ? t.common.yes : t.common.no;
  if (Array.isArray(v)) return e.count(v.length);
  if (typeof v === 'object') return e.count(Object.keys(v).length);
  if (typeof v === 'string' && /At$/.test(key)) return fmt.dateTimeSeconds(v);
  if (typeof v === 'number') return fmt.number(v);
  return String(v);
}

function StateDescriptions({ state }: { state: unknown }) {
  const { t, fmt } = useI18n();
  const me = useMe();
  const units = useUnits(me.orgUnit);
  const e = t.officeConsole.entity;
  const s = (state ?? {}) as Record<string, unknown>;
  // A state is a union by lifecycle (`status`, or an application's `stage`; ARCHITECTURE.md "A command's
  // path") or, for the deciders not yet reshaped, a record with an `exists` flag.
  const none = 'status' in s ? s.status === 'none' : 'stage' in s ? s.stage === 'none' : !s.exists;
  if (none) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={e.notYet} />;
  // A deadline that is not running (an application never sent back for changes) is left out, not shown
  // as an empty row.
  const items = SHOWN.filter((k) => k in s && e.fields[k] && !(OPTIONAL.has(k) && s[k] == null)).map((k) => ({
    key: k,
    label: e.fields[k],
    children: valueOf(k, s[k], t, fmt, (id) => units.names.get(id) ?? t.common.none),
  }));
  return <Descriptions size="small" bordered column={{ xs: 1, md: 2, lg: 1, xxl: 2 }} items={items} />;
}

/**
 * An object's page of the audit log (UI.md §5; DOMAIN.md "Audit trail": an entity's full history and its
 * state as of any past moment): the Timeline of every event with who (name and role), when (to the
 * second, Beijing time) and why; its state now; and 「追溯」 — a moment picked in Beijing time, replayed
 * by the API with the entity's own decider, shown as 「截至 … 的状态」.
 */
export default function AuditEntityPage() {
  const { t, fmt } = useI18n();
  const c = t.officeConsole;
  const { kind = '', id = '' } = useParams();
  const [moment, setMoment] = useState<Dayjs | null>(null);
  const valid = isEntityKind(kind);

  const history = useQuery({
    queryKey: ['audit', 'entity', kind, id],
    enabled: valid,
    queryFn: () =>
      unwrap(
        api.GET('/api/audit/entities/{kind}/{id}', {
          params: { path: { kind, id } },
        }),
      ),
  });
  const asOf = useQuery({
    queryKey: ['audit', 'entity', kind, id, 'as-of', moment?.valueOf()],
    enabled: valid && moment !== null,
    queryFn: () =>
      unwrap(
        api.GET('/api/audit/entities/{kind}/{id}/as-of', {
          params: { path: { kind, id }, query: { at: toBeijingIso(moment!) } },
        }),
      ),
  });

  if (!valid)
    return (
      <ErrorResult error={new ApiError(404, { type: 'about:blank', title: '', status: 404, detail: '' })} />
    );
  if (history.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (history.isError) return <ErrorResult error={history.error} onRetry={() => void history.refetch()} />;
  const h = history.data;
  const kindLabel = label(c.entityKinds, kind);
  const title = (h.state as { title?: string } | null)?.title;

  return (
    <PageContainer
      title={title ? `${kindLabel}：${title}` : c.entity.title(kindLabel)}
      subTitle={`${c.entity.eventsCount(h.events.length)} · ${c.audit.subtitle}`}
      breadcrumb={[{ title: c.audit.title, to: '/admin/audit' }, { title: kindLabel }]}
      extra={
        <Link to="/admin/audit">
          <Button>{c.entity.back}</Button>
        </Link>
      }
    >
      {h.truncated ? (
        <Alert type="warning" showIcon title={c.entity.truncated} style={{ marginBottom: 16 }} />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={c.entity.history}>
            <Timeline
              items={h.events.map((e) => ({
                key: e.position,
                content: (
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Flex gap={8} wrap align="baseline">
                      <Typography.Text strong>{label(c.auditEvents, e.type)}</Typography.Text>
                      <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                        {e.type}
                      </Typography.Text>
                    </Flex>
                    <Typography.Text type="secondary">
                      {fmt.dateTimeSeconds(e.recordedAt)} ·{' '}
                      {e.actor.role === 'system'
                        ? c.audit.system
                        : c.entity.by(e.actor.name ?? c.audit.unknownActor, label(t.roles, e.actor.role))}
                    </Typography.Text>
                    {e.rationale ? (
                      <Typography.Paragraph style={{ margin: 0 }}>{e.rationale}</Typography.Paragraph>
                    ) : null}
                  </Space>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card
              title={
                <span>
                  <HistoryOutlined /> {c.entity.asOf}
                </span>
              }
            >
              <Typography.Paragraph type="secondary">{c.entity.asOfHelp}</Typography.Paragraph>
              <DatePicker
                showTime={{ format: 'HH:mm:ss' }}
                format="YYYY-MM-DD HH:mm:ss"
                placeholder={c.entity.asOfPick}
                aria-label={c.entity.asOfPick}
                value={moment}
                onChange={(v) => setMoment(v)}
                style={{ width: '100%', maxWidth: 320, marginBottom: 16 }}
              />
              {moment ? (
                asOf.isPending ? (
                  <Skeleton active />
                ) : asOf.isError ? (
                  <ErrorResult error={asOf.error} />
                ) : (
                  <div data-testid="as-of">
                    <Typography.Title level={5}>
                      {c.entity.asOfTitle(moment.format('YYYY-MM-DD HH:mm:ss'))}
                    </Typography.Title>
                    <StateDescriptions state={asOf.data.state} />
                  </div>
                )
              ) : null}
            </Card>
            <Card title={c.entity.current}>
              <StateDescriptions state={h.state} />
              {h.recordedAt ? (
                <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
                  {c.entity.asOfTitle(beijing(h.recordedAt).format('YYYY-MM-DD HH:mm:ss'))}
                </Typography.Text>
              ) : null}
            </Card>
          </Space>
        </Col>
      </Row>
    </PageContainer>
  );
}
