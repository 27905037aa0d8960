import { LockOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Deadline, GradeTag, KindTag, StageTag } from '../../components/Tags';
import { invalidShown, useCommand } from '../../components/useCommand';
import { label, useI18n } from '../../i18n/locale';
import { gradeOf, usePolicy } from '../chair/committee-api';
import { FieldsDescriptions, ReviewsTable, useApplication } from '../common/ApplicationDetailPage';

interface ScoreForm {
  scores: Record<string, number | null>;
  comments?: string;
}

/** The mean of the dimensions scored so far (each weighs the same: the rubric gives no other weights). */
export function liveTotal(scores: Record<string, number | null | undefined> | undefined, keys: string[]) {
  const given = keys.map((k) => scores?.[k]).filter((v): v is number => typeof v === 'number');
  if (given.length === 0) return null;
  return Math.round((given.reduce((a, b) => a + b, 0) / keys.length) * 100) / 100;
}

/**
 * 评审 (UI.md §3): the application on the left, the scoring form on the right — one 0–100 score per
 * dimension of the rubric, the 综合得分 computed as they are entered, the comments; then 提交评分 with a
 * confirmation. Other reviewers' opinions stay locked until mine is in (DOMAIN.md stage 2), then show.
 */
export default function ReviewPage() {
  const { t, fmt } = useI18n();
  const { id } = useParams();
  const me = useMe();
  const app = useApplication(id);
  const policy = usePolicy();
  const [form] = Form.useForm<ScoreForm>();
  const scores = Form.useWatch('scores', form);
  const [confirming, setConfirming] = useState(false);
  const { message } = App.useApp();
  // 暂存 (UI.md §3): a draft of the scores and comments kept in this browser only, per reviewer,
  // application and revision; restored when the page opens again, dropped once the review is submitted.
  const draftKey = me && app.data ? `tdw.reviewDraft.${me.id}.${app.data.id}.${app.data.revision}` : null;
  const [restoredAt, setRestoredAt] = useState<string | null>(null);
  useEffect(() => {
    if (!draftKey) return;
    const kept = readDraft(draftKey);
    if (kept) {
      form.setFieldsValue(kept.values);
      setRestoredAt(kept.savedAt);
    }
  }, [draftKey, form]);

  const submit = useCommand<ScoreForm>({
    form,
    run: (values, key) =>
      unwrap(
        api.POST('/api/applications/{id}/reviews', {
          params: { path: { id: id! }, header: { 'Idempotency-Key': key } },
          body: {
            scores: Object.fromEntries(Object.entries(values.scores).map(([k, v]) => [k, Number(v)])),
            comments: values.comments?.trim() ?? '',
          },
        }),
      ),
    invalidate: [['application', id], ['review-queue'], ['policy', 'current']],
    successMessage: t.common.submitted,
    onSuccess: () => {
      if (draftKey) globalThis.localStorage?.removeItem(draftKey);
      setRestoredAt(null);
    },
  });

  if (app.isPending || policy.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (app.isError) return <ErrorResult error={app.error} onRetry={() => void app.refetch()} />;
  if (policy.isError) return <ErrorResult error={policy.error} onRetry={() => void policy.refetch()} />;
  const a = app.data;
  const rubric = policy.data.rubric;
  const keys = rubric.dimensions.map((d) => d.key);
  const mine = a.reviews.find((r) => r.reviewerId === me.id && r.revision === a.revision);
  const others = a.reviews.filter((r) => r.reviewerId !== me.id && r.revision === a.revision);
  // My own task's deadline, from the application itself (the queue is paged and may not hold it).
  const task = a.myAssignment ?? null;
  const open = a.stage === 'in_review' && !mine;
  const total = liveTotal(scores ?? undefined, keys);
  const weight = fmt.percent(100 / keys.length);

  return (
    <PageContainer
      title={a.title}
      subTitle={
        <Space wrap>
          <KindTag kind={a.kind} />
          <StageTag stage={a.stage} />
          {task ? <Deadline at={task.dueAt} done={!!mine} /> : null}
        </Space>
      }
      breadcrumb={[{ title: t.review.queueTitle, to: '/reviewer/queue' }, { title: a.title }]}
      refreshing={app.isFetching}
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t.review.application}>
            <Flex vertical gap={12}>
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'submitted', label: t.detail.submittedAt, children: fmt.dateTime(a.submittedAt) },
                  { key: 'round', label: t.detail.round, children: t.apps.round(a.revision) },
                ]}
              />
              <FieldsDescriptions a={a} />
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Flex vertical gap={16}>
            <Card
              title={mine ? t.review.mine : t.review.scoring}
              extra={
                <Typography.Text type="secondary">{t.review.rubricVersion(rubric.version)}</Typography.Text>
              }
            >
              {task && Date.parse(task.dueAt) < Date.now() && open ? (
                <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t.review.overdue} />
              ) : null}
              {!open && !mine ? (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 16 }}
                  title={t.review.readOnly(label(t.stages, a.stage))}
                />
              ) : null}
              {mine ? (
                <Flex vertical gap={12}>
                  <Typography.Text type="secondary">
                    {t.review.submittedAt(fmt.dateTime(mine.submittedAt))}
                  </Typography.Text>
                  <Descriptions
                    bordered
                    size="small"
                    column={1}
                    items={[
                      ...[...keys, ...Object.keys(mine.scores).filter((k) => !keys.includes(k))]
                        .filter((k) => k in mine.scores)
                        .map((k) => ({
                          key: k,
                          label: label(t.dimensions, k),
                          children: t.units.score(fmt.score(mine.scores[k])),
                        })),
                      {
                        key: 'total',
                        label: t.review.total,
                        children: (
                          <Space>
                            <strong>{t.units.score(fmt.score(Number(mine.total)))}</strong>
                            <GradeTag grade={gradeOf(Number(mine.total), policy.data.gradeThresholds)} />
                          </Space>
                        ),
                      },
                      {
                        key: 'comments',
                        label: t.review.comments,
                        children: (
                          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                            {mine.comments || t.common.none}
                          </Typography.Paragraph>
                        ),
                      },
                    ]}
                  />
                </Flex>
              ) : (
                <>
                  <ProblemAlert error={submit.error} />
                  {restoredAt && open ? (
                    <Alert
                      type="info"
                      showIcon
                      title={t.review.draftRestored(fmt.dateTime(restoredAt))}
                      style={{ marginBottom: 12 }}
                    />
                  ) : null}
                  <Form<ScoreForm>
                    form={form}
                    layout="vertical"
                    disabled={!open || submit.isPending}
                    initialValues={{ scores: Object.fromEntries(keys.map((k) => [k, null])) }}
                    scrollToFirstError
                  >
                    <Table
                      size="small"
                      rowKey="key"
                      pagination={false}
                      dataSource={rubric.dimensions}
                      columns={[
                        {
                          title: t.review.dimension,
                          render: (_: unknown, d) => label(t.dimensions, d.key),
                        },
                        { title: t.review.weight, width: 80, render: () => `${weight}%` },
                        {
                          title: t.review.score,
                          width: 150,
                          render: (_: unknown, d) => (
                            <Form.Item
                              name={['scores', d.key]}
                              style={{ margin: 0 }}
                              rules={[
                                {
                                  required: true,
                                  type: 'number',
                                  min: 0,
                                  max: 100,
                                  message: t.review.scoreRequired(label(t.dimensions, d.key)),
                                },
                              ]}
                            >
                              <InputNumber
                                min={0}
                                max={100}
                                precision={2}
                                style={{ width: '100%' }}
                                aria-label={label(t.dimensions, d.key)}
                              />
                            </Form.Item>
                          ),
                        },
                      ]}
                    />
                    <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                      {t.review.scoreHelp}
                    </Typography.Paragraph>
                    <Flex align="center" gap={12} style={{ margin: '12px 0 16px' }} wrap>
                      <Statistic
                        title={t.review.total}
                        value={total === null ? t.common.none : fmt.score(total)}
                        suffix={total === null ? undefined : t.units.score('').trim()}
                      />
                      {total === null ? null : (
                        <GradeTag grade={gradeOf(total, policy.data.gradeThresholds)} />
                      )}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t.review.totalHint}
                      </Typography.Text>
                    </Flex>
                    <Form.Item
                      name="comments"
                      label={t.review.comments}
                      extra={t.review.commentsHelp}
                      rules={[{ max: 5000, message: t.common.characters(0, 5000) }]}
                    >
                      <Input.TextArea rows={5} maxLength={5000} showCount />
                    </Form.Item>
                    <Flex gap={8} wrap>
                      <Button
                        type="primary"
                        disabled={!open}
                        loading={submit.isPending}
                        onClick={() =>
                          void form.validateFields().then(() => setConfirming(true), invalidShown)
                        }
                      >
                        {t.review.submit}
                      </Button>
                      <Button
                        disabled={!open || !draftKey}
                        data-testid="save-draft"
                        onClick={() => {
                          const savedAt = new Date().toISOString();
                          writeDraft(draftKey!, { savedAt, values: form.getFieldsValue(true) as ScoreForm });
                          setRestoredAt(null);
                          void message.success(t.review.draftSaved);
                        }}
                      >
                        {t.review.saveDraft}
                      </Button>
                    </Flex>
                  </Form>
                </>
              )}
            </Card>
            <Card title={t.review.others}>
              {!mine ? (
                <Empty
                  image={<LockOutlined style={{ fontSize: 32, color: 'rgba(0,0,0,0.35)' }} />}
                  description={t.review.othersLocked}
                />
              ) : others.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.review.othersNone} />
              ) : (
                <ReviewsTable reviews={others.map((r, i) => ({ ...r, reviewer: String(i + 1) }))} />
              )}
            </Card>
          </Flex>
        </Col>
      </Row>
      <Modal
        open={confirming}
        title={t.review.submitTitle}
        okText={t.review.confirmSubmit}
        cancelText={t.common.cancel}
        okButtonProps={{ loading: submit.isPending }}
        onCancel={() => setConfirming(false)}
        onOk={() =>
          submit.mutate(form.getFieldsValue(true) as ScoreForm, { onSettled: () => setConfirming(false) })
        }
        focusable={{ focusTriggerAfterClose: true }}
      >
        <Flex vertical gap={4}>
          <span>{t.review.submitConfirm}</span>
          {total !== null ? (
            <strong>
              {t.review.total}: {t.units.score(fmt.score(total))}
            </strong>
          ) : null}
        </Flex>
      </Modal>
    </PageContainer>
  );
}

interface ReviewDraft {
  savedAt: string;
  values: ScoreForm;
}

function readDraft(key: string): ReviewDraft | null {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    const parsed = raw ? (JSON.parse(raw) as ReviewDraft) : null;
    return parsed && typeof parsed.savedAt === 'string' && parsed.values ? parsed : null;
  } catch {
    return null; // a draft another version of the page wrote, or storage refused: start afresh
  }
}

function writeDraft(key: string, draft: ReviewDraft): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the draft is a convenience, the form still holds what was typed.
  }
}
