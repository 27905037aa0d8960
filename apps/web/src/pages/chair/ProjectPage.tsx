import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  InputNumber,
  Modal,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { Schemas } from '../../api/types';
import { useMe } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { GradeTag, StageTag } from '../../components/Tags';
import { invalidShown, useCommand } from '../../components/useCommand';
import { label, useI18n } from '../../i18n/locale';
import { FieldsDescriptions, useApplication } from '../common/ApplicationDetailPage';
import { gradeOf, usePolicy } from './committee-api';

type Parts = Schemas['PerformancePartsDto'];
const PARTS: (keyof Parts)[] = ['selfAssessment', 'archiveCheck', 'traineeInterviews', 'onSiteDefence'];

interface Trainee {
  id: string;
  name: string;
  at: string;
}

/** The weighted score of the four parts (seed 000 §六(三); the policy's weights sum to 1). */
export function weightedScore(parts: Partial<Parts> | undefined, weights: Parts | undefined): number | null {
  if (!parts || !weights || PARTS.some((k) => typeof parts[k] !== 'number')) return null;
  return Math.round(PARTS.reduce((s, k) => s + (parts[k] as number) * weights[k], 0) * 100) / 100;
}

/**
 * One training project (UI.md §4 项目实施与评估): its fields and standing, the trainees (from their own
 * enrolments — the API lists none yet) with 「结业」 for the owner or an admin, which grants the hours
 * (DOMAIN.md "Hours and credits"), the count of anonymous evaluations, and the biennial performance
 * evaluation from four weighted parts — an unqualified grade retires the project (seed 004 §二(四)9).
 */
export default function ProjectPage() {
  const { t, fmt } = useI18n();
  const { id } = useParams();
  const me = useMe();
  const app = useApplication(id);
  const policy = usePolicy();
  const [completing, setCompleting] = useState<Trainee | null>(null);
  const [done, setDone] = useState<string[]>([]);
  const [evaluating, setEvaluating] = useState(false);
  const [completionForm] = Form.useForm<{ hours: number; score: number }>();
  const [perfForm] = Form.useForm<Parts>();
  const parts = Form.useWatch([], perfForm) as Partial<Parts> | undefined;

  const complete = useCommand<{ teacherId: string; hours: number; score: number }>({
    form: completionForm,
    run: (v, key) =>
      unwrap(
        api.POST('/api/applications/{id}/completions', {
          params: { path: { id: id! }, header: { 'Idempotency-Key': key } },
          body: v,
        }),
      ),
    invalidate: [['application', id], ['training-projects']],
    onSuccess: (_d, v) => {
      setDone((d) => [...d, v.teacherId]);
      setCompleting(null);
    },
  });
  const evaluate = useCommand<Parts>({
    form: perfForm,
    run: (v, key) =>
      unwrap(
        api.POST('/api/applications/{id}/performance-evaluation', {
          params: { path: { id: id! }, header: { 'Idempotency-Key': key } },
          body: { parts: v },
        }),
      ),
    invalidate: [['application', id], ['training-projects']],
    onSuccess: () => setEvaluating(false),
  });

  if (app.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (app.isError) return <ErrorResult error={app.error} onRetry={() => void app.refetch()} />;
  const a = app.data;
  const f = a.fields as { hours?: number; capacity?: number };
  const running = a.stage === 'approved' && !a.retired;
  const mayComplete = me.role === 'admin' || me.id === a.applicantId;
  const mayEvaluate = me.role === 'chair' && me.id !== a.applicantId;
  const trainees: Trainee[] = [];
  for (const e of a.timeline)
    if (
      e.type === 'TraineeEnrolled' &&
      e.actor &&
      e.actor.role === 'teacher' &&
      !trainees.some((x) => x.id === e.actor!.id)
    )
      trainees.push({ id: e.actor.id, name: e.actor.name ?? e.actor.id, at: e.at });
  const evaluations = a.timeline.filter((e) => e.type === 'TraineeEvaluationSubmitted').length;
  const weights = policy.data?.performanceWeights;
  const score = weightedScore(parts, weights);
  const grade = score === null ? null : gradeOf(score, policy.data?.gradeThresholds);

  return (
    <PageContainer
      title={a.title}
      subTitle={
        <Space wrap>
          {a.retired ? (
            <StageTag stage="retired" />
          ) : a.renewable ? (
            <StageTag stage="renewable" />
          ) : (
            <StageTag stage={running ? 'running' : a.stage} />
          )}
          <GradeTag grade={a.grade} />
        </Space>
      }
      breadcrumb={[{ title: t.projects.title, to: '/chair/projects' }, { title: a.title }]}
      refreshing={app.isFetching}
      extra={<Link to={`/applications/${a.id}`}>{t.common.details}</Link>}
    >
      <Flex vertical gap={16}>
        <Card>
          <Flex wrap gap={32}>
            <Statistic
              title={t.detail.enrolled}
              value={`${fmt.number(a.enrolled, 0)} / ${fmt.number(f.capacity, 0)}`}
            />
            <Statistic title={t.detail.completed} value={fmt.number(a.completed, 0)} />
            <Statistic title={t.apps.fields.hours} value={t.units.hours(fmt.hours(f.hours))} />
          </Flex>
        </Card>
        <Card>
          <Tabs
            items={[
              {
                key: 'trainees',
                label: t.projects.tabs.trainees,
                children: (
                  <Flex vertical gap={12}>
                    <Typography.Text type="secondary">
                      {mayComplete ? t.projects.completeHint : t.projects.readOnlyCompletion}{' '}
                      {t.projects.traineesNote}
                    </Typography.Text>
                    <Table<Trainee>
                      size="small"
                      rowKey="id"
                      dataSource={trainees}
                      pagination={false}
                      scroll={{ x: 560 }}
                      locale={{ emptyText: <EmptyState description={t.projects.traineesEmpty} /> }}
                      columns={[
                        { title: t.projects.trainee, dataIndex: 'name', width: 200 },
                        {
                          title: `${t.projects.enrolledAt}${t.common.beijingTime}`,
                          width: 170,
                          render: (_: unknown, r) => fmt.dateTime(r.at),
                        },
                        {
                          title: t.common.actions,
                          width: 120,
                          render: (_: unknown, r) =>
                            done.includes(r.id) ? (
                              <Tag color="success">{t.projects.completedTag}</Tag>
                            ) : mayComplete && running ? (
                              <Button size="small" onClick={() => setCompleting(r)}>
                                {t.projects.complete}
                              </Button>
                            ) : (
                              t.common.none
                            ),
                        },
                      ]}
                    />
                  </Flex>
                ),
              },
              {
                key: 'evaluations',
                label: t.projects.tabs.evaluations,
                children:
                  evaluations === 0 ? (
                    <EmptyState description={t.projects.evaluationsEmpty} />
                  ) : (
                    <Flex vertical gap={8}>
                      <Statistic
                        title={t.projects.tabs.evaluations}
                        value={t.projects.evaluationsCount(evaluations)}
                      />
                      <Typography.Text type="secondary">{t.projects.evaluationsNote}</Typography.Text>
                    </Flex>
                  ),
              },
              {
                key: 'performance',
                label: t.projects.tabs.performance,
                children: (
                  <Flex vertical gap={12} style={{ maxWidth: 640 }}>
                    <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                      {t.projects.performance.intro}
                    </Typography.Paragraph>
                    {!running ? (
                      <Alert type="info" showIcon title={t.projects.performance.notRunning} />
                    ) : me.id === a.applicantId ? (
                      <Alert type="info" showIcon title={t.projects.performance.ownerNote} />
                    ) : null}
                    <ProblemAlert error={evaluate.error} />
                    <Form<Parts>
                      form={perfForm}
                      layout="vertical"
                      disabled={!running || !mayEvaluate || evaluate.isPending}
                    >
                      <Flex wrap gap={16}>
                        {PARTS.map((k) => (
                          <Form.Item
                            key={k}
                            name={k}
                            label={t.projects.performance.parts[k]}
                            extra={
                              weights
                                ? t.projects.performance.weight(`${fmt.percent(weights[k] * 100)}%`)
                                : undefined
                            }
                            rules={[
                              {
                                required: true,
                                type: 'number',
                                min: 0,
                                max: 100,
                                message: t.projects.performance.partRequired(t.projects.performance.parts[k]),
                              },
                            ]}
                          >
                            <InputNumber min={0} max={100} precision={2} style={{ width: 140 }} />
                          </Form.Item>
                        ))}
                      </Flex>
                      <Flex align="center" gap={12} style={{ marginBottom: 16 }}>
                        <Statistic
                          title={t.projects.performance.computed}
                          value={score === null ? t.common.none : fmt.score(score)}
                        />
                        <GradeTag grade={grade} />
                      </Flex>
                      {grade === 'unqualified' ? (
                        <Alert
                          type="warning"
                          showIcon
                          style={{ marginBottom: 16 }}
                          title={t.projects.performance.unqualifiedWarning}
                        />
                      ) : null}
                      <Button
                        type="primary"
                        loading={evaluate.isPending}
                        onClick={() =>
                          void perfForm.validateFields().then(() => setEvaluating(true), invalidShown)
                        }
                      >
                        {t.projects.performance.submit}
                      </Button>
                    </Form>
                  </Flex>
                ),
              },
              {
                key: 'content',
                label: t.detail.tabs.content,
                children: <FieldsDescriptions a={a} />,
              },
            ]}
          />
        </Card>
      </Flex>
      <Modal
        open={!!completing}
        title={completing ? t.projects.completeTitle(completing.name) : ''}
        okText={t.projects.completeConfirm}
        cancelText={t.common.cancel}
        okButtonProps={{ loading: complete.isPending }}
        onCancel={() => setCompleting(null)}
        destroyOnHidden
        onOk={() =>
          void completionForm
            .validateFields()
            .then(
              (v) => complete.mutate({ teacherId: completing!.id, hours: v.hours, score: v.score }),
              invalidShown,
            )
        }
        focusable={{ focusTriggerAfterClose: true }}
      >
        <ProblemAlert error={complete.error} />
        <Form form={completionForm} layout="vertical" initialValues={{ hours: f.hours }} preserve={false}>
          <Form.Item
            name="hours"
            label={t.projects.completeHours(fmt.hours(f.hours))}
            rules={[
              {
                required: true,
                type: 'number',
                min: 0.5,
                max: f.hours ?? 1000,
                message: t.projects.completeHours(fmt.hours(f.hours)),
              },
            ]}
          >
            <InputNumber min={0.5} max={f.hours} step={0.5} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item
            name="score"
            label={t.projects.completeScore}
            extra={t.projects.completeScoreHelp}
            rules={[{ required: true, type: 'number', min: 0, max: 100, message: t.projects.completeScore }]}
          >
            <InputNumber min={0} max={100} precision={2} style={{ width: 180 }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={evaluating}
        title={t.projects.performance.confirmTitle}
        okText={t.projects.performance.confirm}
        cancelText={t.common.cancel}
        okButtonProps={{ loading: evaluate.isPending, danger: grade === 'unqualified' }}
        onCancel={() => setEvaluating(false)}
        onOk={() => evaluate.mutate(perfForm.getFieldsValue(true) as Parts)}
        focusable={{ focusTriggerAfterClose: true }}
      >
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'score',
              label: t.projects.performance.computed,
              children: t.projects.performance.confirmContent(fmt.score(score), label(t.grades, grade)),
            },
          ]}
        />
        {grade === 'unqualified' ? (
          <Alert type="warning" showIcon title={t.projects.performance.unqualifiedWarning} />
        ) : null}
      </Modal>
    </PageContainer>
  );
}
