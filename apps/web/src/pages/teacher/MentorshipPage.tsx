import { Card, Flex, Grid, Skeleton, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { daysUntil } from '../../i18n/format';
import { useI18n } from '../../i18n/locale';
import {
  iMentor,
  LIST_LIMIT,
  personName,
  signOffOpen,
  STATUS_COLOR,
  useMyPairings,
  useUnitNames,
  type Pairing,
} from './mentorship-api';

/**
 * 带教年度结束日 with its countdown (UI.md §1.3, §2 导师带教): 「剩 N 天」 while the year runs (warning
 * within 3 days); once it is over and not yet signed, 「可签署」 — the mentor's to-do (UI.md §1.1).
 */
export function YearEnd({ p }: { p: Pairing }) {
  const { t, fmt } = useI18n();
  const m = t.mentorship;
  const date = fmt.date(p.yearEndsAt);
  if (p.status !== 'active' || p.signedOffAt) return <span>{date}</span>;
  const days = daysUntil(p.yearEndsAt);
  const tag = signOffOpen(p) ? (
    <Tag color="warning">{m.signable}</Tag>
  ) : (
    <Tag color={days <= 3 ? 'warning' : 'default'}>{t.deadline.daysLeft(Math.max(1, days))}</Tag>
  );
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {date} {tag}
    </span>
  );
}

export function StatusTag({ status }: { status: Pairing['status'] }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{t.mentorship.statuses[status]}</Tag>;
}

/**
 * 导师带教 (UI.md §2): my pairings, as mentor or as mentee — the other person, their school, when we
 * were paired, the end of the mentorship year with its countdown, how many meetings are recorded and the
 * status. A row (or, on a phone, a card) opens the pairing. The office pairs; a teacher never creates one
 * here (seed 002 (三)4 导师制度), so the empty list says who does.
 */
export default function MentorshipPage() {
  const { t, fmt } = useI18n();
  const m = t.mentorship;
  const me = useMe();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const q = useMyPairings();
  const rows = q.data?.items ?? [];
  const unitName = useUnitNames(
    me,
    rows.map((p) => (iMentor(p, me) ? p.menteeOrgUnit : p.mentorOrgUnit)),
  );

  const other = (p: Pairing) =>
    iMentor(p, me)
      ? { role: m.mentee, name: personName(p.menteeName, t), unit: p.menteeOrgUnit }
      : { role: m.mentor, name: personName(p.mentorName, t), unit: p.mentorOrgUnit };
  const school = (p: Pairing) => unitName(other(p).unit) ?? t.common.none;
  const open = (p: Pairing) => navigate(`/teacher/mentorship/${p.id}`);

  let body;
  if (q.isPending) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (q.isError) body = <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  else if (rows.length === 0) body = <EmptyState description={m.empty} />;
  else if (!screens.md)
    // A phone: one card per pairing, everything a row shows stacked (UI.md §1.12).
    body = (
      <Flex vertical gap={12}>
        {rows.map((p) => (
          <Card
            key={p.id}
            size="small"
            data-testid="pairing-card"
            title={<Link to={`/teacher/mentorship/${p.id}`}>{m.field(other(p).role, other(p).name)}</Link>}
            extra={<StatusTag status={p.status} />}
          >
            <Flex vertical gap={4}>
              <Typography.Text>{m.field(m.school, String(school(p)))}</Typography.Text>
              <Typography.Text>{m.field(m.pairedAt, String(fmt.date(p.pairedAt)))}</Typography.Text>
              <Typography.Text>
                {m.field(m.yearEndsAt, '')}
                <YearEnd p={p} />
              </Typography.Text>
              <Typography.Text>{m.field(m.meetings, String(p.meetingCount))}</Typography.Text>
            </Flex>
          </Card>
        ))}
      </Flex>
    );
  else
    body = (
      <Table<Pairing>
        rowKey="id"
        dataSource={rows}
        scroll={{ x: 900 }}
        pagination={rows.length > 20 ? { pageSize: 20, showTotal: t.common.total } : false}
        onRow={(p) => ({
          onClick: () => open(p),
          onKeyDown: (e) => {
            if (e.key === 'Enter') open(p);
          },
          tabIndex: 0,
          style: { cursor: 'pointer' },
        })}
        columns={[
          {
            title: m.counterpart,
            fixed: 'left',
            width: 220,
            render: (_: unknown, p) => (
              <Link to={`/teacher/mentorship/${p.id}`} onClick={(e) => e.stopPropagation()}>
                {other(p).name}
              </Link>
            ),
          },
          {
            title: m.myRole,
            width: 120,
            render: (_: unknown, p) => (iMentor(p, me) ? m.asMentor : m.asMentee),
          },
          { title: m.school, width: 200, render: (_: unknown, p) => school(p) },
          { title: m.pairedAt, width: 120, render: (_: unknown, p) => fmt.date(p.pairedAt) },
          { title: m.yearEndsAt, width: 190, render: (_: unknown, p) => <YearEnd p={p} /> },
          { title: m.meetings, width: 90, align: 'right', dataIndex: 'meetingCount' },
          { title: m.status, width: 90, render: (_: unknown, p) => <StatusTag status={p.status} /> },
        ]}
      />
    );

  return (
    <PageContainer
      title={m.title}
      subTitle={m.subTitle}
      breadcrumb={[{ title: m.title }]}
      refreshing={q.isFetching && !q.isPending}
    >
      <Card>
        {body}
        {rows.length >= LIST_LIMIT ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.limitNote}
          </Typography.Text>
        ) : null}
      </Card>
    </PageContainer>
  );
}
