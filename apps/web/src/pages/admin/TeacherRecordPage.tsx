import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  DatePicker,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { ConfirmAction } from '../../components/ConfirmAction';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { invalidShown, useCommand } from '../../components/useCommand';
import { beijing } from '../../i18n/format';
import { label, useI18n } from '../../i18n/locale';
import { ProgressionView } from '../teacher/ProgressionPage';
import { shownName, useOrgUnit, useUser } from './people-api';

const LEVELS = ['province', 'city', 'district', 'school'] as const;
const HOUR_KINDS = ['training', 'ethics_study', 'activity'] as const;
const GRADES = ['excellent', 'good', 'qualified', 'unqualified'] as const;
/** DOMAIN.md "People and roles": revoking a tier takes an admin of a district or above. */
const REVOKING_LEVELS = ['province', 'city', 'district'];

/** The school year a Beijing date falls in (Sep–Aug, GLOSSARY §7) and the four before it. */
function schoolYears(): string[] {
  const now = beijing(Date.now());
  const start = now.month() >= 8 ? now.year() : now.year() - 1;
  return [0, 1, 2, 3, 4].map((k) => `${start - k}-${start - k + 1}`);
}

type Dialog = 'hours' | 'ethics' | 'appraisal' | 'revoke' | null;

interface HoursForm {
  hours: number;
  credits?: number;
  level: (typeof LEVELS)[number];
  kind: (typeof HOUR_KINDS)[number];
  completedAt: Dayjs;
  sourceId: string;
  approvingRecord: string;
}

/**
 * 教师档案 (UI.md §5): the office's view of one teacher — the same progression as 我的成长路径 — with the
 * record commands of DOMAIN.md: 登记学时, 录入师德考核 (one-vote veto on a fail, seed 002 (一)3), 录入年度考核,
 * 撤销层级 (district or above, seed 000 §五(四)) and 冲销 on a ledger row (append-only: a reversing entry).
 * Nobody keeps their own record.
 */
export default function TeacherRecordPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const r = t.teacherRecord;
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const user = useUser(id);
  const myUnit = useOrgUnit(me.orgUnit);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [hoursForm] = Form.useForm<HoursForm>();
  const [ethicsForm] = Form.useForm<{ schoolYear: string; result: 'pass' | 'fail' }>();
  const [appraisalForm] = Form.useForm<{ schoolYear: string; result: (typeof GRADES)[number] }>();
  const [revokeForm] = Form.useForm<{ ref: string; score: number; reason: string }>();
  const ethicsResult = Form.useWatch('result', ethicsForm);
  const ethicsYear = Form.useWatch('schoolYear', ethicsForm);
  const own = id === me.id;
  const invalidate = [['progression', id]];
  const years = schoolYears();
  const close = () => setDialog(null);

  const grant = useCommand<HoursForm>({
    form: hoursForm,
    run: (v, key) =>
      unwrap(
        api.POST('/api/teachers/{id}/hours', {
          params: { path: { id }, header: { 'Idempotency-Key': key } },
          body: {
            hours: v.hours,
            ...(v.credits === undefined || v.credits === null ? {} : { credits: v.credits }),
            level: v.level,
            kind: v.kind,
            completedAt: `${v.completedAt.format('YYYY-MM-DD')}T00:00:00+08:00`,
            source: { type: 'activity', id: v.sourceId.trim(), approvingRecord: v.approvingRecord.trim() },
          },
        }),
      ),
    invalidate,
    successMessage: t.common.saved,
    onSuccess: () => {
      hoursForm.resetFields();
      close();
    },
  });
  const ethics = useCommand<{ schoolYear: string; result: 'pass' | 'fail' }>({
    form: ethicsForm,
    run: (v, key) =>
      unwrap(
        api.POST('/api/teachers/{id}/ethics-assessments', {
          params: { path: { id }, header: { 'Idempotency-Key': key } },
          body: v,
        }),
      ),
    invalidate,
    successMessage: r.recorded,
    onSuccess: close,
  });
  const appraisal = useCommand<{ schoolYear: string; result: (typeof GRADES)[number] }>({
    form: appraisalForm,
    run: (v, key) =>
      unwrap(
        api.POST('/api/teachers/{id}/appraisals', {
          params: { path: { id }, header: { 'Idempotency-Key': key } },
          body: v,
        }),
      ),
    invalidate,
    successMessage: r.recorded,
    onSuccess: close,
  });
  const revoke = useCommand<{ ref: string; score: number; reason: string }>({
    form: revokeForm,
    run: (v, key) =>
      unwrap(
        api.POST('/api/teachers/{id}/tier-revocations', {
          params: { path: { id }, header: { 'Idempotency-Key': key } },
          body: { reason: v.reason.trim(), assessment: { ref: v.ref.trim(), score: v.score } },
        }),
      ),
    invalidate,
    onSuccess: close,
  });
  const reverse = useCommand<{ entryId: string; reason: string }>({
    run: (v, key) =>
      unwrap(
        api.POST('/api/teachers/{id}/hours/{entryId}/reversal', {
          params: { path: { id, entryId: v.entryId }, header: { 'Idempotency-Key': key } },
          body: { reason: v.reason },
        }),
      ),
    invalidate,
  });

  const name = user.data ? shownName(user.data.displayName, t.people.erased) : '';
  const canRevoke = !!myUnit.data && REVOKING_LEVELS.includes(myUnit.data.level);
  const banUntil = (year?: string) => (year ? `${Number(year.slice(5)) + 2}-08-31` : '—');
  const required = { required: true, message: r.required };

  const actions = own ? undefined : (
    <>
      <Link to="/admin/hours/import">
        <Button icon={<UploadOutlined />}>{r.importHours}</Button>
      </Link>
      {canRevoke ? <Button onClick={() => setDialog('revoke')}>{r.revoke}</Button> : null}
      <Button onClick={() => setDialog('appraisal')}>{r.appraisal}</Button>
      <Button onClick={() => setDialog('ethics')}>{r.ethics}</Button>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('hours')}>
        {r.grantHours}
      </Button>
    </>
  );

  return (
    <PageContainer
      title={name ? r.titleOf(name) : r.title}
      subTitle={user.data ? `${user.data.username}` : undefined}
      breadcrumb={[{ title: t.people.title, to: '/admin/users' }, { title: r.title }]}
    >
      {own ? <Alert type="info" showIcon title={r.own} style={{ marginBottom: 16 }} /> : null}
      <ProblemAlert error={reverse.error} />
      <ProgressionView
        teacherId={id}
        actions={actions}
        ledgerAction={
          own
            ? undefined
            : (entry) => (
                <ConfirmAction
                  title={r.reverseTitle(t.units.hours(String(entry.hours)), entry.completedAt.slice(0, 10))}
                  content={r.reverseContent}
                  okText={r.confirmReverse}
                  danger
                  reason={{ label: r.reverseReason }}
                  buttonProps={{ size: 'small', type: 'link' }}
                  onConfirm={(reason) => reverse.mutateAsync({ entryId: entry.entryId, reason })}
                >
                  {r.reverse}
                </ConfirmAction>
              )
        }
      />

      <Drawer
        open={dialog === 'hours'}
        onClose={close}
        title={r.grantHours}
        size={screens.md ? 560 : '100%'}
        destroyOnHidden
        extra={
          <Button
            type="primary"
            loading={grant.isPending}
            onClick={() => void hoursForm.validateFields().then((v) => grant.mutate(v), invalidShown)}
          >
            {t.common.submit}
          </Button>
        }
      >
        <ProblemAlert error={grant.error} />
        <Form<HoursForm>
          form={hoursForm}
          layout="vertical"
          initialValues={{ level: 'school', kind: 'activity', completedAt: dayjs() }}
        >
          <Form.Item name="hours" label={r.hours} extra={r.hoursHelp} rules={[required]}>
            <InputNumber min={0.5} max={1000} step={0.5} precision={1} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="credits" label={r.credits} extra={r.creditsHelp}>
            <InputNumber min={0} max={1000} step={0.5} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="level" label={r.level} rules={[required]}>
            <Select options={LEVELS.map((l) => ({ value: l, label: label(t.levels, l) }))} />
          </Form.Item>
          <Form.Item name="kind" label={r.kind} rules={[required]}>
            <Select
              options={HOUR_KINDS.map((k) => ({
                value: k,
                label: label(t.progression.hourKinds as Record<string, string>, k),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="completedAt"
            label={r.completedAt}
            extra={r.completedHelp}
            rules={[
              required,
              {
                validator: (_, v?: Dayjs) =>
                  v && v.isAfter(dayjs(), 'day') ? Promise.reject(new Error(r.future)) : Promise.resolve(),
              },
            ]}
          >
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              format="YYYY-MM-DD"
            />
          </Form.Item>
          <Form.Item
            name="sourceId"
            label={r.sourceId}
            extra={r.sourceIdHelp}
            rules={[
              { ...required, whitespace: true },
              { max: 200, message: r.sourceIdHelp },
            ]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="approvingRecord"
            label={r.approvingRecord}
            extra={r.approvingHelp}
            rules={[
              { ...required, whitespace: true },
              { max: 200, message: r.approvingHelp },
            ]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Drawer>

      <Modal
        open={dialog === 'ethics'}
        title={r.ethics}
        okText={ethicsResult === 'fail' ? r.confirmFail : t.common.submit}
        okButtonProps={{ danger: ethicsResult === 'fail', loading: ethics.isPending }}
        cancelText={t.common.cancel}
        onOk={() => void ethicsForm.validateFields().then((v) => ethics.mutate(v), invalidShown)}
        onCancel={close}
        destroyOnHidden
        focusable={{ focusTriggerAfterClose: true }}
      >
        <ProblemAlert error={ethics.error} />
        <Form form={ethicsForm} layout="vertical" initialValues={{ schoolYear: years[0], result: 'pass' }}>
          <Form.Item name="schoolYear" label={r.schoolYear} rules={[required]}>
            <Select options={years.map((y) => ({ value: y, label: t.units.schoolYear(y) }))} />
          </Form.Item>
          <Form.Item name="result" label={r.result} rules={[required]}>
            <Radio.Group
              options={(['pass', 'fail'] as const).map((v) => ({
                value: v,
                label: t.progression.ethicsResults[v],
              }))}
            />
          </Form.Item>
        </Form>
        {ethicsResult === 'fail' ? (
          <Alert type="error" showIcon title={r.ethicsFailWarning(banUntil(ethicsYear))} />
        ) : null}
      </Modal>

      <Modal
        open={dialog === 'appraisal'}
        title={r.appraisal}
        okText={t.common.submit}
        okButtonProps={{ loading: appraisal.isPending }}
        cancelText={t.common.cancel}
        onOk={() => void appraisalForm.validateFields().then((v) => appraisal.mutate(v), invalidShown)}
        onCancel={close}
        destroyOnHidden
        focusable={{ focusTriggerAfterClose: true }}
      >
        <ProblemAlert error={appraisal.error} />
        <Form form={appraisalForm} layout="vertical" initialValues={{ schoolYear: years[0] }}>
          <Form.Item name="schoolYear" label={r.schoolYear} rules={[required]}>
            <Select options={years.map((y) => ({ value: y, label: t.units.schoolYear(y) }))} />
          </Form.Item>
          <Form.Item name="result" label={r.grade} rules={[required]}>
            <Select options={GRADES.map((g) => ({ value: g, label: label(t.grades, g) }))} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dialog === 'revoke'}
        title={r.revokeTitle}
        okText={r.confirmRevoke}
        okButtonProps={{ danger: true, loading: revoke.isPending }}
        cancelText={t.common.cancel}
        onOk={() => void revokeForm.validateFields().then((v) => revoke.mutate(v), invalidShown)}
        onCancel={close}
        destroyOnHidden
        focusable={{ focusTriggerAfterClose: true }}
      >
        <ProblemAlert error={revoke.error} />
        <Typography.Paragraph>{r.revokeContent}</Typography.Paragraph>
        <Form form={revokeForm} layout="vertical">
          <Form.Item
            name="ref"
            label={r.assessmentRef}
            extra={r.assessmentRefHelp}
            rules={[
              { ...required, whitespace: true },
              { max: 200, message: r.assessmentRefHelp },
            ]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="score" label={r.assessmentScore} extra={r.assessmentScoreHelp} rules={[required]}>
            <InputNumber min={0} max={100} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={r.revokeReason}
            rules={[
              { required: true, whitespace: true, message: t.common.reasonRequired(1, 2000) },
              { max: 2000, message: t.common.reasonRequired(1, 2000) },
            ]}
          >
            <Input.TextArea rows={3} showCount maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
