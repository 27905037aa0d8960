import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Result,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { Link, useBlocker, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { ApplicationSummary, Call } from '../../api/types';
import {
  AttachmentField,
  MAX_ATTACHMENTS,
  UPLOAD_LIMIT_MB,
  type AttachmentView,
} from '../../components/Attachments';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { KindTag, StageTag } from '../../components/Tags';
import { useCommand } from '../../components/useCommand';
import { label, useI18n } from '../../i18n/locale';
import { isOpen, useOpenCalls, useProgression } from './ProgressionPage';

const LEVELS = ['province', 'city', 'district', 'school'];
const TIERS = ['new', 'young', 'backbone', 'leader', 'master'];
const NOT_BLANK = /\S/;

interface FormValues {
  title: string;
  level?: string;
  targetTier?: string;
  subject?: string;
  hours?: number;
  capacity?: number;
  budget?: number;
  dates?: [Dayjs, Dayjs];
  evidence?: string[];
  name?: string;
  plan?: string;
  schoolYear?: string;
  summary?: string;
  /** 附件: the evidence files uploaded for this application (DOMAIN.md stage 1). */
  attachments?: AttachmentView[];
}

/** The form's values as the API's `fields` for the kind (application.dto.ts has the same limits). */
function fieldsOf(kind: string, v: FormValues, promotionTier: string | null): Record<string, unknown> {
  // Every kind carries its files by id; the API records each one's name, type, size and hash.
  return { ...ownFieldsOf(kind, v, promotionTier), attachments: (v.attachments ?? []).map((a) => a.id) };
}

function ownFieldsOf(kind: string, v: FormValues, promotionTier: string | null): Record<string, unknown> {
  switch (kind) {
    case 'training_project':
      return {
        kind,
        level: v.level,
        targetTier: v.targetTier,
        subject: v.subject?.trim(),
        hours: v.hours,
        capacity: v.capacity,
        budget: v.budget,
        startsOn: v.dates?.[0]?.format('YYYY-MM-DD'),
        endsOn: v.dates?.[1]?.format('YYYY-MM-DD'),
      };
    case 'tier_promotion':
      return {
        kind,
        targetTier: promotionTier,
        evidence: (v.evidence ?? []).map((e) => e.trim()).filter(Boolean),
      };
    case 'studio':
      return { kind, name: v.name?.trim(), subject: v.subject?.trim(), plan: v.plan?.trim() };
    default:
      return { kind, schoolYear: v.schoolYear?.trim(), summary: v.summary?.trim() };
  }
}

function valuesOf(a: ApplicationSummary): FormValues {
  const f = a.fields as Record<string, unknown>;
  const base: FormValues = { title: a.title, attachments: (f.attachments as AttachmentView[]) ?? [] };
  if (a.kind === 'training_project')
    return {
      ...base,
      level: f.level as string,
      targetTier: f.targetTier as string,
      subject: f.subject as string,
      hours: f.hours as number,
      capacity: f.capacity as number,
      budget: f.budget as number,
      dates: f.startsOn && f.endsOn ? [dayjs(f.startsOn as string), dayjs(f.endsOn as string)] : undefined,
    };
  if (a.kind === 'tier_promotion') return { ...base, evidence: (f.evidence as string[]) ?? [] };
  if (a.kind === 'studio')
    return { ...base, name: f.name as string, subject: f.subject as string, plan: f.plan as string };
  return { ...base, schoolYear: f.schoolYear as string, summary: f.summary as string };
}

/** The school year a plan is usually for: the one running now (Sep–Aug, Beijing time). */
function currentSchoolYear(): string {
  const now = dayjs().tz('Asia/Shanghai');
  const start = now.month() >= 8 ? now.year() : now.year() - 1;
  return `${start}-${start + 1}`;
}

/**
 * 申报书 (UI.md §2): one form per application kind within one call's window, with the API's limits at
 * each field; 「保存草稿」 keeps it, 「提交」 (after a confirmation) sends it to review. A promotion shows
 * the live eligibility check (DOMAIN.md: checked at submission and again at the decision). A resubmission
 * after 退回修改 shows the reason and the revision deadline; the call's window does not apply to it.
 */
export default function ApplicationFormPage() {
  const { t, fmt } = useI18n();
  const { id } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  // A ref, not state: a save's navigation must see `false` in the same tick it is set.
  const dirty = useRef(false);
  const setDirty = (v: boolean) => {
    dirty.current = v;
  };
  const [submittedId, setSubmittedId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const calls = useOpenCalls();
  const existing = useQuery({
    queryKey: ['application', id],
    enabled: !!id,
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/applications/{id}' as never, { params: { path: { id } } } as never),
      )) as ApplicationSummary & {
        changesReason?: string | null;
      },
  });
  const app = existing.data;
  const callId = app?.callId ?? params.get('call');
  const call: Call | undefined = (calls.data ?? []).find((c) => c.id === callId);
  const kind = app?.kind ?? call?.kind;
  const progression = useProgression();
  const promotionTier = kind === 'tier_promotion' ? (progression.data?.nextTier ?? null) : null;

  useEffect(() => {
    if (app) form.setFieldsValue(valuesOf(app));
    else if (kind === 'school_plan') form.setFieldsValue({ schoolYear: currentSchoolYear() });
  }, [app, kind, form]);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    Modal.confirm({
      title: t.common.unsavedChanges,
      okText: t.common.ok,
      cancelText: t.common.cancel,
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, t]);

  const save = useCommand<{ values: FormValues; thenSubmit: boolean }, { id: string }>({
    form,
    successMessage: false,
    invalidate: [['applications', 'mine']],
    run: async ({ values, thenSubmit }, key) => {
      const body = { title: values.title.trim(), fields: fieldsOf(kind!, values, promotionTier) };
      let appId = app?.id;
      if (appId) {
        await unwrap(
          api.PATCH(
            '/api/applications/{id}' as never,
            {
              params: { path: { id: appId } },
              headers: { 'idempotency-key': `${key}:save`, 'if-match': `"${app!.version}"` },
              body,
            } as never,
          ),
        );
      } else {
        const created = (await unwrap(
          api.POST(
            '/api/applications' as never,
            {
              headers: { 'idempotency-key': `${key}:draft` },
              body: { callId, ...body },
            } as never,
          ),
        )) as { id: string };
        appId = created.id;
      }
      if (thenSubmit)
        await unwrap(
          api.POST(
            '/api/applications/{id}/submit' as never,
            {
              params: { path: { id: appId } },
              headers: { 'idempotency-key': `${key}:submit` },
            } as never,
          ),
        );
      return { id: appId };
    },
    onSuccess: (res, vars) => {
      setDirty(false);
      if (vars.thenSubmit) setSubmittedId(res.id);
      else {
        void message.success(t.common.saved);
        if (!app) navigate(`/teacher/applications/${res.id}/edit`, { replace: true });
        else void existing.refetch();
      }
    },
  });

  if (submittedId)
    return (
      <Result
        status="success"
        title={t.apps.submittedTitle}
        subTitle={t.apps.submittedText}
        extra={[
          <Link key="view" to={`/applications/${submittedId}`}>
            <Button type="primary">{t.apps.viewApplication}</Button>
          </Link>,
          <Link key="mine" to="/teacher/applications">
            <Button>{t.apps.backToMine}</Button>
          </Link>,
        ]}
      />
    );
  if ((id && existing.isPending) || calls.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (existing.isError) return <ErrorResult error={existing.error} onRetry={() => void existing.refetch()} />;
  if (!kind) return <Result status="404" title="404" subTitle={t.errors.notFound} />;

  const resubmission = app?.stage === 'changes_requested';
  const editable = !app || app.stage === 'draft' || resubmission;
  const now = Date.now();
  const windowOpen = call ? isOpen(call, now) : false;
  const canSubmit = editable && (resubmission || windowOpen);
  const left = call ? Date.parse(call.closesAt) - now : 0;
  const unmet = (progression.data?.requirements ?? []).filter((r) => r.decidedBy === 'record' && !r.met);

  const text = (max: number, what: string, min = 1) => [
    { required: min > 0, message: t.apps.required(what) },
    { pattern: NOT_BLANK, message: t.apps.required(what) },
    { max, message: t.common.characters(min, max) },
  ];

  return (
    <PageContainer
      title={app ? app.title : t.apps.newApplication}
      breadcrumb={[
        { title: t.apps.mine, to: '/teacher/applications' },
        { title: app ? app.title : t.apps.newApplication },
      ]}
      subTitle={
        <Space wrap>
          <KindTag kind={kind} />
          {app ? <StageTag stage={app.stage} /> : null}
          {call ? <Typography.Text type="secondary">{call.title}</Typography.Text> : null}
          {call && windowOpen && !resubmission ? (
            <Tag color={left < 3 * 86_400_000 ? 'warning' : 'default'}>
              {t.apps.windowLeft(Math.floor(left / 86_400_000), Math.floor((left % 86_400_000) / 3_600_000))}
            </Tag>
          ) : null}
        </Space>
      }
    >
      {resubmission ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t.apps.sentBack}
          description={
            <Flex vertical>
              {app?.changesReason ? <span>{t.apps.sentBackReason(app.changesReason)}</span> : null}
              <span>{t.apps.revisionDue(fmt.due(app?.revisionDueAt ?? null))}</span>
            </Flex>
          }
        />
      ) : null}
      {call && !windowOpen && !resubmission ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t.apps.outsideWindow(fmt.dateTime(call.opensAt), fmt.due(call.closesAt))}
        />
      ) : null}
      <ProblemAlert error={save.error} />
      <Card>
        <Form<FormValues>
          form={form}
          layout="vertical"
          disabled={!editable || save.isPending}
          onValuesChange={() => setDirty(true)}
          style={{ maxWidth: 760 }}
          scrollToFirstError
        >
          <Form.Item
            name="title"
            label={t.apps.fields.title}
            extra={t.apps.help.title}
            rules={text(200, t.apps.fields.title)}
          >
            <Input maxLength={200} showCount />
          </Form.Item>
          {kind === 'training_project' ? (
            <>
              <Space wrap size="large" style={{ display: 'flex' }}>
                <Form.Item
                  name="level"
                  label={t.apps.fields.level}
                  rules={[{ required: true, message: t.apps.required(t.apps.fields.level) }]}
                >
                  <Select
                    style={{ width: 180 }}
                    options={LEVELS.map((l) => ({ value: l, label: label(t.levels, l) }))}
                  />
                </Form.Item>
                <Form.Item
                  name="targetTier"
                  label={t.apps.fields.targetTier}
                  rules={[{ required: true, message: t.apps.required(t.apps.fields.targetTier) }]}
                >
                  <Select
                    style={{ width: 180 }}
                    options={TIERS.map((l) => ({ value: l, label: label(t.tiers, l) }))}
                  />
                </Form.Item>
              </Space>
              <Form.Item
                name="subject"
                label={t.apps.fields.subject}
                extra={t.apps.help.subject}
                rules={text(100, t.apps.fields.subject)}
              >
                <Input maxLength={100} />
              </Form.Item>
              <Space wrap size="large" style={{ display: 'flex' }}>
                <Form.Item
                  name="hours"
                  label={t.apps.fields.hours}
                  extra={t.apps.help.hours}
                  rules={[
                    { required: true, message: t.apps.required(t.apps.fields.hours) },
                    { type: 'number', min: 1, max: 1000, message: t.apps.help.hours },
                  ]}
                >
                  <InputNumber min={1} max={1000} step={0.5} style={{ width: 180 }} />
                </Form.Item>
                <Form.Item
                  name="capacity"
                  label={t.apps.fields.capacity}
                  extra={t.apps.help.capacity}
                  rules={[
                    { required: true, message: t.apps.required(t.apps.fields.capacity) },
                    { type: 'integer', min: 1, max: 10000, message: t.apps.help.capacity },
                  ]}
                >
                  <InputNumber min={1} max={10000} precision={0} style={{ width: 180 }} />
                </Form.Item>
                <Form.Item
                  name="budget"
                  label={t.apps.fields.budget}
                  extra={t.apps.help.budget}
                  rules={[
                    { required: true, message: t.apps.required(t.apps.fields.budget) },
                    { type: 'number', min: 0, max: 1_000_000_000, message: t.apps.help.budget },
                  ]}
                >
                  <InputNumber<number>
                    min={0}
                    max={1_000_000_000}
                    precision={2}
                    style={{ width: 220 }}
                    formatter={(v) =>
                      v === undefined || v === null ? '' : `${v}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
                    }
                    parser={(v) => Number((v ?? '').replace(/,/g, ''))}
                  />
                </Form.Item>
              </Space>
              <Form.Item
                name="dates"
                label={t.apps.fields.dates}
                extra={t.apps.help.dates}
                rules={[
                  { required: true, message: t.apps.required(t.apps.fields.dates) },
                  {
                    validator: (_, v?: [Dayjs, Dayjs]) =>
                      v && v[1].isBefore(v[0], 'day')
                        ? Promise.reject(new Error(t.apps.endBeforeStart))
                        : Promise.resolve(),
                  },
                ]}
              >
                <DatePicker.RangePicker format="YYYY-MM-DD" />
              </Form.Item>
            </>
          ) : null}
          {kind === 'tier_promotion' ? (
            <>
              <Form.Item label={t.apps.fields.promotionTier}>
                <Tag color="blue">{promotionTier ? label(t.tiers, promotionTier) : t.common.none}</Tag>
              </Form.Item>
              <Form.Item label={t.apps.fields.evidence} extra={t.apps.fields.evidenceHint}>
                <Form.List name="evidence" initialValue={['']}>
                  {(items, { add, remove }) => (
                    <Flex vertical gap={8}>
                      {items.map((item, i) => (
                        <Flex key={item.key} gap={8}>
                          <Form.Item
                            {...item}
                            noStyle
                            rules={[{ max: 500, message: t.common.characters(1, 500) }]}
                          >
                            <Input maxLength={500} aria-label={`${t.apps.fields.evidence} ${i + 1}`} />
                          </Form.Item>
                          <Button
                            icon={<DeleteOutlined />}
                            aria-label={`${t.common.close} ${i + 1}`}
                            onClick={() => remove(item.name)}
                          />
                        </Flex>
                      ))}
                      {items.length < 50 ? (
                        <Button
                          icon={<PlusOutlined />}
                          onClick={() => add('')}
                          style={{ alignSelf: 'flex-start' }}
                        >
                          {t.apps.fields.addEvidence}
                        </Button>
                      ) : null}
                    </Flex>
                  )}
                </Form.List>
              </Form.Item>
              <Alert
                type={unmet.length === 0 ? 'success' : 'warning'}
                showIcon
                style={{ marginBottom: 16 }}
                title={t.apps.eligibility}
                description={
                  unmet.length === 0 ? (
                    t.apps.eligibleNow
                  ) : (
                    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                      {unmet.map((r) => (
                        <li key={r.key}>
                          {typeof r.current === 'number' && typeof r.required === 'number'
                            ? t.apps.unmetLine(
                                label(t.progression.requirements as Record<string, string>, r.key),
                                fmt.hours(r.current),
                                fmt.hours(r.required),
                              )
                            : label(t.progression.requirements as Record<string, string>, r.key)}
                        </li>
                      ))}
                    </ul>
                  )
                }
              />
            </>
          ) : null}
          {kind === 'studio' ? (
            <>
              <Form.Item
                name="name"
                label={t.apps.fields.studioName}
                extra={t.apps.help.subject}
                rules={text(100, t.apps.fields.studioName)}
              >
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item
                name="subject"
                label={t.apps.fields.subject}
                extra={t.apps.help.subject}
                rules={text(100, t.apps.fields.subject)}
              >
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item
                name="plan"
                label={t.apps.fields.plan}
                extra={t.apps.help.text5000}
                rules={text(5000, t.apps.fields.plan)}
              >
                <Input.TextArea rows={8} maxLength={5000} showCount />
              </Form.Item>
            </>
          ) : null}
          {kind === 'school_plan' ? (
            <>
              <Form.Item
                name="schoolYear"
                label={t.apps.fields.schoolYear}
                extra={t.apps.help.schoolYear}
                rules={[{ required: true, pattern: /^\d{4}-\d{4}$/, message: t.apps.help.schoolYear }]}
              >
                <Input maxLength={9} style={{ width: 180 }} />
              </Form.Item>
              <Form.Item
                name="summary"
                label={t.apps.fields.summary}
                extra={t.apps.help.text5000}
                rules={text(5000, t.apps.fields.summary)}
              >
                <Input.TextArea rows={8} maxLength={5000} showCount />
              </Form.Item>
            </>
          ) : null}
          <Form.Item
            name="attachments"
            label={t.evidenceFiles.label}
            extra={t.evidenceFiles.hint(UPLOAD_LIMIT_MB, MAX_ATTACHMENTS)}
          >
            <AttachmentField applicationId={app?.id} />
          </Form.Item>
          {app ? <Typography.Paragraph type="secondary">{t.apps.kindFixed}</Typography.Paragraph> : null}
          <Space wrap>
            <Button
              type="primary"
              disabled={!canSubmit}
              title={
                !canSubmit && call
                  ? t.apps.outsideWindow(fmt.dateTime(call.opensAt), fmt.due(call.closesAt))
                  : undefined
              }
              loading={save.isPending && confirming}
              onClick={() => void form.validateFields().then(() => setConfirming(true))}
            >
              {resubmission ? t.apps.resubmit : t.apps.submit}
            </Button>
            {!resubmission ? (
              <Button
                loading={save.isPending && !confirming}
                onClick={() => save.mutate({ values: form.getFieldsValue(true), thenSubmit: false })}
              >
                {t.apps.saveDraft}
              </Button>
            ) : null}
          </Space>
        </Form>
      </Card>
      <Modal
        open={confirming}
        title={t.apps.submitConfirmTitle}
        okText={t.apps.confirmSubmit}
        cancelText={t.common.cancel}
        okButtonProps={{ loading: save.isPending }}
        onCancel={() => setConfirming(false)}
        onOk={() =>
          save.mutate(
            { values: form.getFieldsValue(true), thenSubmit: true },
            { onSettled: () => setConfirming(false) },
          )
        }
      >
        {t.apps.submitConfirm}
      </Modal>
    </PageContainer>
  );
}
