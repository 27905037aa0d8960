import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Grid,
  Progress,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMe } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { Deadline, KindTag, StageTag } from '../../components/Tags';
import { label, useI18n } from '../../i18n/locale';
import { AssignReviewersDrawer } from './AssignReviewersDrawer';
import { useBoard, useOrgUnits, usePolicy, type BoardItem } from './committee-api';

const STAGES = ['submitted', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'] as const;
const KINDS = ['training_project', 'tier_promotion', 'studio', 'school_plan'] as const;

/**
 * 评审看板 (UI.md §4): the applications of my unit and below by stage — a card per stage with its count,
 * each a filter — with the review progress against the quorum, the deadlines and what to do next
 * (指派评审 / 作出决定). Filters live in the URL so a reload or a link shows the same list. An admin reads
 * the board without the actions.
 */
export default function BoardPage() {
  const { t, fmt } = useI18n();
  const me = useMe();
  // On a phone the title and 操作 columns, both held in place, were wider than the screen together and
  // hid the actions: below md the table just scrolls, as the users list does.
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const board = useBoard();
  const policy = usePolicy();
  const units = useOrgUnits();
  const [assigning, setAssigning] = useState<BoardItem | null>(null);
  const stage = params.get('stage');
  const kind = params.get('kind');
  const overdueOnly = params.get('overdue') === '1';
  const chair = me.role === 'chair';
  const quorum = policy.data?.reviewQuorum ?? 3;
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };

  if (board.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (board.isError) return <ErrorResult error={board.error} onRetry={() => void board.refetch()} />;
  const { counts, items } = board.data;
  const rows = items.filter(
    (i) => (!stage || i.stage === stage) && (!kind || i.kind === kind) && (!overdueOnly || i.overdue),
  );
  const filtered = !!(stage || kind || overdueOnly);

  return (
    <PageContainer
      title={t.board.title}
      refreshing={board.isFetching}
      extra={
        chair ? <Button onClick={() => navigate('/chair/calls')}>{t.board.publishCall}</Button> : undefined
      }
    >
      {!chair ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t.board.readOnly} /> : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {STAGES.map((s) => (
          <Col key={s} xs={12} sm={8} lg={4}>
            <Card
              size="small"
              hoverable
              role="button"
              tabIndex={0}
              aria-pressed={stage === s}
              data-testid={`stage-${s}`}
              onClick={() => setParam('stage', stage === s ? null : s)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  setParam('stage', stage === s ? null : s);
                }
              }}
              style={stage === s ? { borderColor: '#1677ff', boxShadow: '0 0 0 1px #1677ff' } : undefined}
            >
              <Statistic title={label(t.stages, s)} value={counts[s] ?? 0} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card>
        <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
          <Select
            allowClear
            style={{ width: 200 }}
            aria-label={t.board.kindFilter}
            placeholder={t.board.allKinds}
            value={kind ?? undefined}
            onChange={(v?: string) => setParam('kind', v ?? null)}
            options={KINDS.map((k) => ({ value: k, label: label(t.kinds, k) }))}
          />
          <Space>
            <Switch
              checked={overdueOnly}
              onChange={(v) => setParam('overdue', v ? '1' : null)}
              aria-label={t.board.onlyOverdue}
            />
            <span>{t.board.onlyOverdue}</span>
          </Space>
          {filtered ? (
            <Button type="link" onClick={() => setParams({}, { replace: true })}>
              {t.board.clearFilter}
            </Button>
          ) : null}
          <Typography.Text type="secondary">{t.common.total(rows.length)}</Typography.Text>
        </Flex>
        <Table<BoardItem>
          rowKey="id"
          dataSource={rows}
          scroll={{ x: 1180 }}
          pagination={
            rows.length > 20 ? { pageSize: 20, showTotal: t.common.total, showSizeChanger: true } : false
          }
          locale={{
            emptyText: filtered ? (
              <EmptyState description={t.board.emptyFiltered} />
            ) : (
              <EmptyState
                description={t.board.empty}
                action={
                  chair ? (
                    <Button type="primary" onClick={() => navigate('/chair/calls')}>
                      {t.board.publishCall}
                    </Button>
                  ) : undefined
                }
              />
            ),
          }}
          columns={[
            {
              title: t.board.columns.title,
              fixed: screens.md ? 'left' : undefined,
              width: 220,
              render: (_: unknown, r) => <Link to={`/applications/${r.id}`}>{r.title}</Link>,
            },
            { title: t.board.columns.kind, width: 130, render: (_: unknown, r) => <KindTag kind={r.kind} /> },
            {
              title: t.board.columns.unit,
              width: 170,
              render: (_: unknown, r) => unitName.get(r.orgUnit) ?? t.common.none,
            },
            {
              title: t.board.columns.stage,
              width: 100,
              render: (_: unknown, r) => <StageTag stage={r.stage} />,
            },
            {
              title: t.board.columns.progress,
              width: 130,
              render: (_: unknown, r) =>
                r.stage === 'in_review' || r.stage === 'submitted' ? (
                  <Progress
                    size="small"
                    percent={Math.min(100, (r.reviewsSubmitted / quorum) * 100)}
                    format={() => `${r.reviewsSubmitted} / ${quorum}`}
                  />
                ) : (
                  r.reviewsSubmitted || t.common.none
                ),
            },
            {
              title: t.board.columns.reviewDue,
              width: 220,
              render: (_: unknown, r) =>
                r.stage === 'in_review' ? <Deadline at={r.reviewDueAt} /> : fmt.due(r.reviewDueAt),
            },
            {
              title: t.board.columns.revisionDue,
              width: 220,
              render: (_: unknown, r) =>
                r.stage === 'changes_requested' ? (
                  <Deadline at={r.revisionDueAt} />
                ) : (
                  fmt.due(r.revisionDueAt)
                ),
            },
            {
              title: t.board.columns.overdue,
              width: 90,
              render: (_: unknown, r) =>
                r.overdue ? <Tag color="error">{t.deadline.overdue}</Tag> : t.common.none,
            },
            {
              title: `${t.board.columns.updated}${t.common.beijingTime}`,
              width: 160,
              render: (_: unknown, r) => fmt.dateTime(r.updatedAt),
            },
            {
              title: t.common.actions,
              fixed: screens.md ? 'right' : undefined,
              width: 190,
              render: (_: unknown, r) => (
                <Space size={4} wrap>
                  {chair && (r.stage === 'submitted' || r.stage === 'in_review') ? (
                    <Button
                      size="small"
                      type={r.stage === 'submitted' ? 'primary' : 'default'}
                      onClick={() => setAssigning(r)}
                    >
                      {t.board.assign}
                    </Button>
                  ) : null}
                  {chair && r.stage === 'in_review' ? (
                    <Button
                      size="small"
                      type={r.reviewsSubmitted >= quorum ? 'primary' : 'default'}
                      onClick={() => navigate(`/chair/applications/${r.id}/decision`)}
                    >
                      {t.board.decide}
                    </Button>
                  ) : null}
                  <Button size="small" type="link" onClick={() => navigate(`/applications/${r.id}`)}>
                    {t.board.view}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
        {items.length >= 100 ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t.board.limitNote}
          </Typography.Paragraph>
        ) : null}
      </Card>
      {assigning ? (
        <AssignReviewersDrawer
          applicationId={assigning.id}
          title={assigning.title}
          open={!!assigning}
          onClose={() => setAssigning(null)}
        />
      ) : null}
    </PageContainer>
  );
}
