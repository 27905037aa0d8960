import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Result,
  Row,
  Skeleton,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { Schemas } from '../../api/types';
import { ConfirmAction } from '../../components/ConfirmAction';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Deadline, GradeTag, KindTag, StageTag } from '../../components/Tags';
import { invalidShown, useCommand } from '../../components/useCommand';
import { label, useI18n } from '../../i18n/locale';
import {
  ApplicationTimeline,
  FieldsDescriptions,
  ReviewsTable,
  useApplication,
} from '../common/ApplicationDetailPage';
import { AssignReviewersDrawer } from './AssignReviewersDrawer';
import { gradeOf, useCandidates, usePolicy } from './committee-api';

type Assignment = Schemas['ReviewAssignment'];

interface DecisionForm {
  decision: 'approve' | 'reject';
  rationale: string;
  documentsSeen: string[];
}

/**
 * 评审决定 (UI.md §4; DOMAIN.md stage 3): every review of the current round with its dimension scores and
 * comments, the average and its grade, the quorum x/y (the pinned policy's, from the candidates read),
 * the reviewers still outstanding; then the decision with its written rationale and the documents seen,
 * or 退回修改 with a reason. The form stays disabled until the quorum is reached.
 */
export default function DecisionPage() {
  const { t, fmt } = useI18n();
  const { id } = useParams();
  const app = useApplication(id);
  const candidates = useCandidates(id);
  const policy = usePolicy();
  const [form] = Form.useForm<DecisionForm>();
  const decision = Form.useWatch('decision', form);
  const [confirming, setConfirming] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const version = app.data?.version;

  const decide = useCommand<DecisionForm>({
    form,
    run: (v, key) =>
      unwrap(
        api.POST('/api/applications/{id}/decision', {
          params: {
            path: { id: id! },
            header: { 'Idempotency-Key': key, 'If-Match': `"${version}"` },
          },
          body: { decision: v.decision, rationale: v.rationale.trim(), documentsSeen: v.documentsSeen ?? [] },
        }),
      ),
    invalidate: [['application', id], ['board']],
    successMessage: t.common.submitted,
  });
  const requestChanges = useCommand<string>({
    run: (reason, key) =>
      unwrap(
        api.POST('/api/applications/{id}/request-changes', {
          params: {
            path: { id: id! },
            header: { 'Idempotency-Key': key, 'If-Match': `"${version}"` },
          },
          body: { reason },
        }),
      ),
    invalidate: [['application', id], ['board']],
  });

  if (app.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (app.isError) return <ErrorResult error={app.error} onRetry={() => void app.refetch()} />;
  const a = app.data;
  const assignments = ((a as unknown as Schemas['ApplicationDetail']).assignments ?? []) as Assignment[];
  const names = new Map((candidates.data?.items ?? []).map((c) => [c.id, c.displayName]));
  const nameOf = (reviewerId: string | undefined) =>
    (reviewerId && names.get(reviewerId)) || t.decision.reviewer;
  const quorum = candidates.data?.quorum ?? policy.data?.reviewQuorum ?? 3;
  const reviews = a.reviews.filter((r) => r.revision === a.revision);
  const avg =
    reviews.length === 0
      ? null
      : Math.round((reviews.reduce((s, r) => s + Number(r.total), 0) / reviews.length) * 100) / 100;
  const shownAvg = a.averageScore ?? avg;
  const decided = a.stage === 'approved' || a.stage === 'rejected';
  const reached = reviews.length >= quorum;
  const canDecide = a.stage === 'in_review' && reached;
  const current = assignments.filter((x) => x.submittedRevision !== a.revision);
  const outstanding = current.filter((x) => !reviews.some((r) => r.reviewerId === x.reviewerId));
  const overrides = new Map(assignments.map((x) => [x.reviewerId, x.overrideReason]));
  const evidence = a.kind === 'tier_promotion' ? ((a.fields as { evidence?: string[] }).evidence ?? []) : [];
  const documents = [
    t.decision.seenForm(a.revision),
    ...evidence.map((e, i) => t.decision.seenEvidence(i + 1, e).slice(0, 300)),
  ];
  const dims = policy.data?.rubric.dimensions.map((d) => d.key) ?? [
    ...new Set(reviews.flatMap((r) => Object.keys(r.scores))),
  ];
  const revisionDue = dayjs()
    .add(policy.data?.revisionDueDays ?? 14, 'day')
    .toISOString();
  const verb = decision === 'reject' ? t.decision.reject : t.decision.approve;

  return (
    <PageContainer
      title={a.title}
      subTitle={
        <Space wrap>
          <KindTag kind={a.kind} />
          <StageTag stage={a.stage} />
          <Typography.Text type="secondary">{t.decision.round(a.revision)}</Typography.Text>
        </Space>
      }
      breadcrumb={[{ title: t.board.title, to: '/chair/board' }, { title: t.decision.title }]}
      refreshing={app.isFetching}
      extra={[
        a.stage === 'submitted' || a.stage === 'in_review' ? (
          <Button key="assign" onClick={() => setAssigning(true)}>
            {t.board.assign}
          </Button>
        ) : null,
        a.stage === 'in_review' ? (
          <ConfirmAction
            key="changes"
            title={t.decision.requestChangesTitle}
            content={t.decision.requestChangesContent(fmt.due(revisionDue))}
            okText={t.decision.requestChanges}
            reason={{ label: t.decision.requestChangesReason }}
            onConfirm={(reason) => requestChanges.mutateAsync(reason)}
          >
            {t.decision.requestChanges}
          </ConfirmAction>
        ) : null,
        <Link key="view" to={`/applications/${a.id}`}>
          {t.common.details}
        </Link>,
      ]}
    >
      <Flex vertical gap={16}>
        <Row gutter={[16, 16]}>
          <Col xs={24} sm={8}>
            <Card>
              <Statistic
                title={t.decision.average}
                value={shownAvg === null ? t.common.none : fmt.score(shownAvg)}
              />
              {shownAvg !== null ? (
                <GradeTag grade={a.grade ?? gradeOf(shownAvg, policy.data?.gradeThresholds)} />
              ) : null}
            </Card>
          </Col>
          <Col xs={24} sm={8}>
            <Card>
              <Statistic title={t.decision.reviews} value={t.decision.quorum(reviews.length, quorum)} />
              <Tag color={reached ? 'success' : 'warning'}>
                {reached ? t.progression.met : t.progression.unmet}
              </Tag>
            </Card>
          </Col>
          <Col xs={24} sm={8}>
            <Card>
              <Statistic title={t.detail.round} value={t.decision.round(a.revision)} />
              <Typography.Text type="secondary">
                {t.decision.rubric(reviews[0]?.rubricVersion ?? policy.data?.rubric.version ?? '—')}
              </Typography.Text>
            </Card>
          </Col>
        </Row>

        {decided ? (
          <Card>
            <Result
              status={a.stage === 'approved' ? 'success' : 'error'}
              title={a.stage === 'approved' ? t.detail.decisionApproved : t.detail.decisionRejected}
              subTitle={a.decisionRationale ? t.detail.rationaleLine(a.decisionRationale) : undefined}
            />
          </Card>
        ) : null}

        <Card title={t.decision.reviews}>
          {reviews.length === 0 ? (
            <Typography.Paragraph type="secondary">{t.decision.empty}</Typography.Paragraph>
          ) : (
            <ReviewsTable
              reviews={reviews}
              dimensions={dims}
              reviewerName={(r) => nameOf(r.reviewerId)}
              extraColumns={[
                {
                  title: t.decision.override,
                  width: 200,
                  render: (_: unknown, r) => (r.reviewerId && overrides.get(r.reviewerId)) || t.common.none,
                },
              ]}
            />
          )}
          {a.stage === 'in_review' && outstanding.length > 0 ? (
            <Flex vertical gap={4} style={{ marginTop: 12 }}>
              {outstanding.map((x) => (
                <Space key={x.reviewerId} wrap>
                  <span>{nameOf(x.reviewerId)}</span>
                  <Deadline at={x.dueAt} />
                  {x.overrideReason ? <Tag color="warning">{t.decision.override}</Tag> : null}
                </Space>
              ))}
            </Flex>
          ) : null}
        </Card>

        {!decided ? (
          <Card title={t.decision.title}>
            {a.stage !== 'in_review' ? (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                title={
                  a.stage === 'submitted'
                    ? t.decision.empty
                    : t.decision.notReviewable(label(t.stages, a.stage))
                }
              />
            ) : !reached ? (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 16 }}
                title={t.decision.beforeQuorum(reviews.length, quorum)}
              />
            ) : null}
            <ProblemAlert error={decide.error ?? requestChanges.error} />
            <Form<DecisionForm>
              form={form}
              layout="vertical"
              disabled={!canDecide || decide.isPending}
              initialValues={{ documentsSeen: [] }}
              style={{ maxWidth: 760 }}
            >
              <Form.Item name="documentsSeen" label={t.decision.seen}>
                <Checkbox.Group>
                  <Flex vertical gap={4}>
                    {documents.map((d) => (
                      <Checkbox key={d} value={d}>
                        {d}
                      </Checkbox>
                    ))}
                  </Flex>
                </Checkbox.Group>
              </Form.Item>
              <Form.Item
                name="decision"
                label={t.decision.decision}
                rules={[{ required: true, message: t.decision.decisionRequired }]}
              >
                <Radio.Group
                  options={[
                    { value: 'approve', label: t.decision.approve },
                    { value: 'reject', label: t.decision.reject },
                  ]}
                />
              </Form.Item>
              <Form.Item
                name="rationale"
                label={t.decision.rationale}
                extra={t.decision.rationaleHelp}
                rules={[
                  { required: true, whitespace: true, message: t.decision.rationaleRequired },
                  { max: 5000, message: t.decision.rationaleRequired },
                ]}
              >
                <Input.TextArea rows={5} maxLength={5000} showCount />
              </Form.Item>
              <Button
                type="primary"
                loading={decide.isPending}
                onClick={() => void form.validateFields().then(() => setConfirming(true), invalidShown)}
              >
                {t.decision.submit}
              </Button>
            </Form>
          </Card>
        ) : null}

        <Card title={t.detail.tabs.content}>
          <FieldsDescriptions a={a} />
        </Card>
        <Card title={t.detail.tabs.timeline}>
          <ApplicationTimeline entries={a.timeline} />
        </Card>
      </Flex>
      <Modal
        open={confirming}
        title={t.decision.confirmTitle(verb)}
        okText={decision === 'reject' ? t.decision.confirmReject : t.decision.confirmApprove}
        okButtonProps={{ danger: decision === 'reject', loading: decide.isPending }}
        cancelText={t.common.cancel}
        onCancel={() => setConfirming(false)}
        onOk={() =>
          decide.mutate(form.getFieldsValue(true) as DecisionForm, { onSettled: () => setConfirming(false) })
        }
        focusable={{ focusTriggerAfterClose: true }}
      >
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'avg', label: t.decision.average, children: fmt.score(shownAvg) },
            { key: 'n', label: t.decision.reviews, children: t.decision.quorum(reviews.length, quorum) },
            {
              key: 'why',
              label: t.decision.rationale,
              children:
                (form.getFieldValue('rationale') as string | undefined)?.slice(0, 120) ?? t.common.none,
            },
          ]}
        />
      </Modal>
      {assigning ? (
        <AssignReviewersDrawer
          applicationId={a.id}
          title={a.title}
          version={a.version}
          open={assigning}
          onClose={() => setAssigning(false)}
        />
      ) : null}
    </PageContainer>
  );
}
