import { Button, Card, Col, Collapse, Flex, Row, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { Call } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { KindTag } from '../../components/Tags';
import { useI18n } from '../../i18n/locale';
import { isOpen, useOpenCalls } from './ProgressionPage';

function CallCard({ call, now }: { call: Call; now: number }) {
  const { t, fmt } = useI18n();
  const open = isOpen(call, now);
  const left = Date.parse(call.closesAt) - now;
  const days = Math.floor(left / 86_400_000);
  const hours = Math.floor((left % 86_400_000) / 3_600_000);
  const upcoming = !call.closed && Date.parse(call.opensAt) > now;
  return (
    <Card
      title={<span style={{ whiteSpace: 'normal' }}>{call.title}</span>}
      extra={
        open ? (
          <Link to={`/teacher/applications/new?call=${call.id}`}>
            <Button type="primary">{t.calls.apply}</Button>
          </Link>
        ) : null
      }
    >
      <Flex vertical gap={6}>
        <Flex gap={8} wrap>
          <KindTag kind={call.kind} />
          <Tag color={open ? 'processing' : 'default'}>
            {open ? t.calls.open : upcoming ? t.calls.upcoming : t.calls.closed}
          </Tag>
          {open ? <Tag color={days < 3 ? 'warning' : 'default'}>{t.calls.closesIn(days, hours)}</Tag> : null}
          {upcoming ? (
            <Tag>{t.calls.opensIn(Math.ceil((Date.parse(call.opensAt) - now) / 86_400_000))}</Tag>
          ) : null}
        </Flex>
        <Typography.Text type="secondary">
          {t.calls.window(fmt.dateTime(call.opensAt), fmt.due(call.closesAt))}
          {t.common.beijingTime}
        </Typography.Text>
        {call.orgUnitName ? (
          <Typography.Text type="secondary">{t.calls.unit(call.orgUnitName)}</Typography.Text>
        ) : null}
      </Flex>
    </Card>
  );
}

/**
 * 申报通知 (UI.md §2): the calls a teacher may answer — those of their unit and the units above — open
 * ones first with their countdown and 「去申报」, then those not open yet, then the closed ones folded.
 */
export default function CallsPage() {
  const { t } = useI18n();
  const q = useOpenCalls();
  const now = Date.now();
  const calls = q.data ?? [];
  const open = calls.filter((c) => isOpen(c, now)).sort((a, b) => a.closesAt.localeCompare(b.closesAt));
  const upcoming = calls.filter((c) => !c.closed && Date.parse(c.opensAt) > now);
  const closed = calls.filter((c) => c.closed || Date.parse(c.closesAt) <= now);
  const grid = (list: Call[]) => (
    <Row gutter={[16, 16]}>
      {list.map((c) => (
        <Col xs={24} md={12} xl={8} key={c.id}>
          <CallCard call={c} now={now} />
        </Col>
      ))}
    </Row>
  );
  return (
    <PageContainer
      title={t.calls.title}
      breadcrumb={[{ title: t.calls.title }]}
      refreshing={q.isFetching && !q.isPending}
    >
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Flex vertical gap={16}>
          {open.length === 0 ? (
            <Card>
              <EmptyState description={t.calls.empty} />
            </Card>
          ) : (
            grid(open)
          )}
          {upcoming.length > 0 ? grid(upcoming) : null}
          {closed.length > 0 ? (
            <Collapse
              items={[{ key: 'closed', label: t.calls.showClosed(closed.length), children: grid(closed) }]}
            />
          ) : null}
        </Flex>
      )}
    </PageContainer>
  );
}
