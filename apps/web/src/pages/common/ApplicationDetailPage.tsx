import { AttachmentList, type AttachmentView } from '../../components/Attachments';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Result,
  Skeleton,
  Space,
  Statistic,
  Steps,
  Table,
  type TableColumnsType,
  Tabs,
  Timeline,
  Typography,
} from 'antd';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { ApplicationSummary } from '../../api/types';
import { useMe } from '../../app/session';
import { ConfirmAction } from '../../components/ConfirmAction';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { Deadline, GradeTag, KindTag, StageTag } from '../../components/Tags';
import { useCommand } from '../../components/useCommand';
import { label, useI18n } from '../../i18n/locale';

export interface TimelineEntry {
  version: number;
  type: string;
  at: string;
  actor: { id: string; name: string | null; role: string } | null;
  role: string;
  correlationId?: string;
}

export interface ReviewView {
  reviewer?: string;
  reviewerId?: string;
  reviewerName?: string | null;
  revision: number;
  scores: Record<string, number>;
  total: number | string;
  comments: string;
  rubricVersion: string;
  submittedAt: string;
}

export type ApplicationDetail = ApplicationSummary & {
  viewerAccess: 'applicant' | 'reviewer' | 'committee';
  reviews: ReviewView[];
  timeline: TimelineEntry[];
  applicantName?: string | null;
  orgUnitName?: string | null;
  callTitle?: string | null;
  policyVersion?: string | null;
  /** A reviewer's own task (its deadline): the API sends it to the assigned reviewer only. */
  myAssignment?: { dueAt: string; submittedRevision: number | null } | null;
};

export function useApplication(id: string | undefined) {
  return useQuery({
    queryKey: ['application', id],
    enabled: !!id,
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/applications/{id}' as never, { params: { path: { id } } } as never),
      )) as ApplicationDetail,
  });
}

/** Where an application is in apply → review → approve → evaluate (DOMAIN.md "The approval pipeline"). */
function phaseOf(a: ApplicationSummary): number {
  if (a.stage === 'draft' || a.stage === 'changes_requested') return 0;
  if (a.stage === 'submitted' || a.stage === 'in_review') return 1;
  if (a.stage === 'approved' && a.kind === 'training_project') return 3;
  return 2;
}

/** The application's own fields, labelled as on its form. */
export function FieldsDescriptions({ a }: { a: ApplicationSummary }) {
  const { t, fmt } = useI18n();
  const f = a.fields as Record<string, unknown>;
  const items: { key: string; label: string; children: React.ReactNode }[] = [];
  const add = (key: string, lab: string, value: React.ReactNode) =>
    items.push({ key, label: lab, children: value });
  if (a.kind === 'training_project') {
    add('level', t.apps.fields.level, label(t.levels, f.level as string));
    add('targetTier', t.apps.fields.targetTier, label(t.tiers, f.targetTier as string));
    add('subject', t.apps.fields.subject, f.subject as string);
    add('hours', t.apps.fields.hours, t.units.hours(fmt.hours(f.hours as number)));
    add('capacity', t.apps.fields.capacity, t.units.people(fmt.number(f.capacity as number, 0)));
    add('budget', t.apps.fields.budget, t.units.yuan(fmt.money(f.budget as number)));
    add('dates', t.apps.fields.dates, `${fmt.date(f.startsOn as string)} — ${fmt.date(f.endsOn as string)}`);
  } else if (a.kind === 'tier_promotion') {
    add('targetTier', t.apps.fields.promotionTier, label(t.tiers, f.targetTier as string));
    const evidence = (f.evidence as string[]) ?? [];
    add(
      'evidence',
      t.apps.fields.evidence,
      evidence.length === 0 ? (
        t.common.none
      ) : (
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          {evidence.map((e, i) => (
            <li key={i}>
              {/^https?:\/\//.test(e) ? (
                <a href={e} target="_blank" rel="noreferrer">
                  {e}
                </a>
              ) : (
                e
              )}
            </li>
          ))}
        </ol>
      ),
    );
  } else if (a.kind === 'studio') {
    add('name', t.apps.fields.studioName, f.name as string);
    add('subject', t.apps.fields.subject, f.subject as string);
    add(
      'plan',
      t.apps.fields.plan,
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
        {f.plan as string}
      </Typography.Paragraph>,
    );
  } else {
    add('schoolYear', t.apps.fields.schoolYear, t.units.schoolYear(f.schoolYear as string));
    add(
      'summary',
      t.apps.fields.summary,
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
        {f.summary as string}
      </Typography.Paragraph>,
    );
  }
  // DOMAIN.md stage 1: the files the application carries, for everyone who may read it to download.
  add(
    'attachments',
    t.evidenceFiles.label,
    <AttachmentList applicationId={a.id} items={(f.attachments as AttachmentView[] | undefined) ?? []} />,
  );
  return <Descriptions bordered size="small" column={1} items={items} />;
}

/** The reviews the viewer may see (blind to the applicant: 评审专家 1/2/3), one row each. */
/**
 * The reviews of an application, one row per reviewer with a column per rubric dimension and the
 * comments folded under the row. The chair's page names each reviewer and adds its own columns;
 * elsewhere reviewers may be anonymous ("评审 1").
 */
export function ReviewsTable({
  reviews,
  dimensions,
  reviewerName,
  extraColumns = [],
}: {
  reviews: ReviewView[];
  /** The rubric's dimensions in the policy's order; by default those the reviews scored. */
  dimensions?: string[];
  reviewerName?: (r: ReviewView) => ReactNode;
  extraColumns?: TableColumnsType<ReviewView>;
}) {
  const { t, fmt } = useI18n();
  const dims = dimensions ?? [...new Set(reviews.flatMap((r) => Object.keys(r.scores)))];
  return (
    <Table<ReviewView>
      size="small"
      rowKey={(r) => `${r.reviewer ?? r.reviewerId}-${r.revision}`}
      dataSource={reviews}
      pagination={false}
      scroll={{ x: 760 }}
      expandable={{
        expandedRowRender: (r) => (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {r.comments || t.common.none}
          </Typography.Paragraph>
        ),
      }}
      columns={[
        {
          title: t.detail.someReviewer,
          fixed: 'left',
          width: 120,
          render: (_: unknown, r, i) =>
            reviewerName?.(r) ??
            r.reviewerName ??
            t.detail.reviewer(r.reviewer?.replace('#', '') ?? String(i + 1)),
        },
        ...dims.map((d) => ({
          title: label(t.dimensions, d),
          width: 90,
          align: 'right' as const,
          render: (_: unknown, r: ReviewView) => fmt.score(r.scores[d]),
        })),
        {
          title: t.detail.total,
          width: 90,
          align: 'right' as const,
          render: (_: unknown, r) => <strong>{fmt.score(Number(r.total))}</strong>,
        },
        {
          title: `${t.decision.submittedAt}${t.common.beijingTime}`,
          width: 160,
          render: (_: unknown, r) => fmt.dateTime(r.submittedAt),
        },
        ...extraColumns,
      ]}
    />
  );
}

/** 流程记录: every step with who took it, as which role, and when (DOMAIN.md "Audit trail"). */
export function ApplicationTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, fmt } = useI18n();
  return (
    <Timeline
      style={{ marginTop: 12 }}
      items={entries.map((e) => ({
        color: e.type === 'ApplicationDecided' ? 'green' : e.type.endsWith('Overdue') ? 'red' : 'blue',
        content: (
          <Flex vertical>
            <Typography.Text strong>{label(t.events as Record<string, string>, e.type)}</Typography.Text>
            <Typography.Text type="secondary">
              {e.actor?.name ?? (e.role === 'system' ? t.detail.system : t.detail.someReviewer)} ·{' '}
              {label(t.roles, e.role)} · {fmt.dateTime(e.at)}
            </Typography.Text>
          </Flex>
        ),
      }))}
    />
  );
}

/**
 * 申报详情 (UI.md §2), shared by every role: the application, where it stands, the reviews the viewer may
 * see, and its history. The applicant edits, submits or withdraws it here; after the decision they see
 * the result with the rationale and the reviews (blind: 评审专家 1/2/3).
 */
export default function ApplicationDetailPage() {
  const { t, fmt } = useI18n();
  const { id } = useParams();
  const me = useMe();
  const q = useApplication(id);
  const withdraw = useCommand<string>({
    run: (reason, key) =>
      unwrap(
        api.POST(
          '/api/applications/{id}/withdraw' as never,
          {
            params: { path: { id } },
            headers: { 'idempotency-key': key },
            body: { reason },
          } as never,
        ),
      ),
    invalidate: [
      ['application', id],
      ['applications', 'mine'],
    ],
  });

  if (q.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const a = q.data;
  const applicant = a.viewerAccess === 'applicant';
  const decided = a.stage === 'approved' || a.stage === 'rejected';
  const steps = [
    t.detail.steps.apply,
    t.detail.steps.review,
    t.detail.steps.approve,
    ...(a.kind === 'training_project' ? [t.detail.steps.evaluate] : []),
  ];

  const actions = [];
  if (applicant && (a.stage === 'draft' || a.stage === 'changes_requested'))
    actions.push(
      <Link key="edit" to={`/teacher/applications/${a.id}/edit`}>
        <Button type="primary">{a.stage === 'draft' ? t.apps.edit : t.apps.resubmit}</Button>
      </Link>,
    );
  if (applicant && !decided && a.stage !== 'withdrawn')
    actions.push(
      <ConfirmAction
        key="withdraw"
        title={t.apps.withdrawTitle}
        content={t.apps.withdrawConfirm}
        okText={t.apps.confirmWithdraw}
        danger
        reason={{ label: t.apps.withdrawReason }}
        onConfirm={(reason) => withdraw.mutateAsync(reason)}
      >
        {t.apps.withdraw}
      </ConfirmAction>,
    );
  if (a.viewerAccess === 'reviewer' && me.role === 'reviewer')
    actions.push(
      <Link key="review" to={`/reviewer/applications/${a.id}`}>
        <Button type="primary">{t.nav.reviewQueue}</Button>
      </Link>,
    );
  if (
    a.viewerAccess === 'committee' &&
    me.role === 'chair' &&
    !decided &&
    a.stage !== 'withdrawn' &&
    a.stage !== 'draft'
  )
    actions.push(
      <Link key="decide" to={`/chair/applications/${a.id}/decision`}>
        <Button type="primary">{t.decision.title}</Button>
      </Link>,
    );

  return (
    <PageContainer
      title={a.title}
      subTitle={
        <Space wrap>
          <KindTag kind={a.kind} />
          <StageTag stage={a.stage} />
          {a.revision > 0 ? (
            <Typography.Text type="secondary">{t.apps.round(a.revision)}</Typography.Text>
          ) : null}
        </Space>
      }
      breadcrumb={
        applicant
          ? [{ title: t.apps.mine, to: '/teacher/applications' }, { title: a.title }]
          : [{ title: a.title }]
      }
      extra={actions}
      refreshing={q.isFetching}
    >
      <Flex vertical gap={16}>
        <Card>
          <Steps
            size="small"
            responsive
            current={phaseOf(a)}
            status={a.stage === 'rejected' || a.stage === 'withdrawn' ? 'error' : undefined}
            items={steps.map((title) => ({ title }))}
          />
        </Card>
        {a.stage === 'changes_requested' && applicant ? (
          <Alert
            type="warning"
            showIcon
            title={t.apps.sentBack}
            description={<Deadline at={a.revisionDueAt} />}
          />
        ) : null}
        {decided ? (
          <Card>
            <Result
              status={a.stage === 'approved' ? 'success' : 'error'}
              title={a.stage === 'approved' ? t.detail.decisionApproved : t.detail.decisionRejected}
              subTitle={a.decisionRationale ? t.detail.rationaleLine(a.decisionRationale) : undefined}
              extra={
                a.averageScore !== null ? (
                  <Space size="large">
                    <Statistic title={t.detail.average} value={fmt.score(a.averageScore)} />
                    <GradeTag grade={a.grade} />
                  </Space>
                ) : undefined
              }
            />
          </Card>
        ) : null}
        <Card>
          <Tabs
            items={[
              {
                key: 'content',
                label: t.detail.tabs.content,
                children: (
                  <Flex vertical gap={12}>
                    <Descriptions
                      size="small"
                      column={{ xs: 1, md: 2 }}
                      items={[
                        ...(a.applicantName
                          ? [{ key: 'applicant', label: t.detail.applicant, children: a.applicantName }]
                          : []),
                        ...(a.orgUnitName
                          ? [{ key: 'unit', label: t.detail.unit, children: a.orgUnitName }]
                          : []),
                        ...(a.callTitle
                          ? [{ key: 'call', label: t.detail.call, children: a.callTitle }]
                          : []),
                        {
                          key: 'submitted',
                          label: t.detail.submittedAt,
                          children: fmt.dateTime(a.submittedAt),
                        },
                        ...(a.policyVersion
                          ? [{ key: 'policy', label: t.detail.policyVersion, children: a.policyVersion }]
                          : []),
                      ]}
                    />
                    <FieldsDescriptions a={a} />
                  </Flex>
                ),
              },
              {
                key: 'reviews',
                label: t.detail.tabs.reviews,
                children:
                  a.reviews.length > 0 ? (
                    <ReviewsTable reviews={a.reviews} />
                  ) : (
                    <Empty
                      image={Empty.PRESENTED_IMAGE_SIMPLE}
                      description={applicant ? t.detail.reviewsEmpty : t.detail.reviewsNone}
                    />
                  ),
              },
              {
                key: 'timeline',
                label: t.detail.tabs.timeline,
                children: <ApplicationTimeline entries={a.timeline} />,
              },
              ...(a.kind === 'training_project'
                ? [
                    {
                      key: 'running',
                      label: t.detail.tabs.running,
                      children:
                        a.stage === 'approved' ? (
                          <Descriptions
                            size="small"
                            column={{ xs: 1, md: 2 }}
                            items={[
                              {
                                key: 'enrolled',
                                label: t.detail.enrolled,
                                children: fmt.number(a.enrolled, 0),
                              },
                              {
                                key: 'completed',
                                label: t.detail.completed,
                                children: fmt.number(a.completed, 0),
                              },
                              {
                                key: 'capacity',
                                label: t.detail.capacity,
                                children: fmt.number((a.fields as { capacity?: number }).capacity, 0),
                              },
                              {
                                key: 'grade',
                                label: t.detail.grade,
                                children: a.retired ? (
                                  t.detail.retired
                                ) : a.renewable ? (
                                  t.detail.renewable
                                ) : (
                                  <GradeTag grade={a.grade} />
                                ),
                              },
                            ]}
                          />
                        ) : (
                          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.detail.runningEmpty} />
                        ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      </Flex>
    </PageContainer>
  );
}
