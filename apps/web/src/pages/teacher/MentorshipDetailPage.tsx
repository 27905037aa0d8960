import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Skeleton,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { ConfirmAction } from '../../components/ConfirmAction';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { invalidShown, useCommand } from '../../components/useCommand';
import { beijing } from '../../i18n/format';
import { useI18n } from '../../i18n/locale';
import { StatusTag, YearEnd } from './MentorshipPage';
import {
  iMentor,
  MEETINGS_MAX,
  NOTES_MAX,
  personName,
  signOffOpen,
  usePairing,
  useUnitNames,
} from './mentorship-api';

interface MeetingForm {
  on: Dayjs;
  notes: string;
}

/**
 * One pairing of 导师带教 (UI.md §2): the pair in a Descriptions, the meetings as a Timeline (oldest
 * first, as the API lists them), and the pair's actions — 「添加带教记录」 (either of them: a date between
 * the pairing and today, Beijing calendar days, and notes of 1–2000 characters, at most 500 records),
 * 「年度签署」 for the mentor only, from the end of the mentorship year (before it, disabled with the
 * date), and 「结束结对」 with a reason (UI.md §1.7). Refusals come back in the user's language and stay
 * beside the form or inside the dialog that caused them.
 */
export default function MentorshipDetailPage() {
  const { t, fmt } = useI18n();
  const m = t.mentorship;
  const { id } = useParams();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const q = usePairing(id);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<MeetingForm>();
  const unitName = useUnitNames(me, q.data ? [q.data.mentorOrgUnit, q.data.menteeOrgUnit] : []);
  const invalidate = [['mentorships']];

  const log = useCommand<MeetingForm>({
    form,
    run: (v, key) =>
      unwrap(
        api.POST('/api/mentorships/{id}/meetings', {
          params: { path: { id: id! }, header: { 'Idempotency-Key': key } },
          body: { on: v.on.format('YYYY-MM-DD'), notes: v.notes.trim() },
        }),
      ),
    invalidate,
    successMessage: m.meetingAdded,
    onSuccess: () => {
      form.resetFields();
      setAdding(false);
    },
  });
  const signOff = useCommand<string>({
    run: (comment, key) =>
      unwrap(
        api.POST('/api/mentorships/{id}/sign-off', {
          params: { path: { id: id! }, header: { 'Idempotency-Key': key } },
          body: { comment },
        }),
      ),
    invalidate,
  });
  const end = useCommand<string>({
    run: (reason, key) =>
      unwrap(
        api.POST('/api/mentorships/{id}/end', {
          params: { path: { id: id! }, header: { 'Idempotency-Key': key } },
          body: { reason },
        }),
      ),
    invalidate,
  });

  const crumbs = [{ title: m.title, to: '/teacher/mentorship' }];
  if (q.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const p = q.data;
  const mentorName = personName(p.mentorName, t);
  const menteeName = personName(p.menteeName, t);
  const mentor = iMentor(p, me);
  const active = p.status === 'active';
  const full = p.meetingCount >= MEETINGS_MAX;
  // The dates a meeting may have: from the pairing's day to today, both in Beijing (mentorship.decider.ts).
  const first = beijing(p.pairedAt).format('YYYY-MM-DD');
  const today = beijing(Date.now()).format('YYYY-MM-DD');
  const nameOf = (userId: string) =>
    userId === p.mentorId ? mentorName : userId === p.menteeId ? menteeName : t.common.none;

  const addButton = (
    <Tooltip title={full ? m.meetingLimit(MEETINGS_MAX) : undefined}>
      <Button type="primary" icon={<PlusOutlined />} disabled={full} onClick={() => setAdding(true)}>
        {m.addMeeting}
      </Button>
    </Tooltip>
  );
  const signButton =
    !mentor || p.signedOffAt ? null : signOffOpen(p) ? (
      <ConfirmAction
        title={m.signOffTitle}
        content={m.signOffContent(menteeName)}
        okText={m.confirmSignOff}
        reason={{ label: m.signOffLabel, max: NOTES_MAX }}
        onConfirm={(comment) => signOff.mutateAsync(comment)}
      >
        {m.signOff}
      </ConfirmAction>
    ) : (
      <Flex key="sign" align="center" gap={8} wrap>
        <Button disabled>{m.signOff}</Button>
        <Typography.Text type="secondary" data-testid="sign-off-from">
          {m.signOffFrom(fmt.date(p.yearEndsAt))}
        </Typography.Text>
      </Flex>
    );
  const endButton = (
    <ConfirmAction
      title={m.endTitle(mentorName, menteeName)}
      content={m.endContent}
      okText={m.confirmEnd}
      danger
      reason={{ label: m.endReasonLabel, max: NOTES_MAX }}
      onConfirm={(reason) => end.mutateAsync(reason)}
    >
      {m.end}
    </ConfirmAction>
  );

  return (
    <PageContainer
      title={m.detailTitle(mentorName, menteeName)}
      breadcrumb={[...crumbs, { title: `${mentorName} → ${menteeName}` }]}
      refreshing={q.isFetching}
      extra={
        active ? (
          <>
            {addButton}
            {signButton}
            {endButton}
          </>
        ) : undefined
      }
    >
      {p.status === 'ended' ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={m.endedHint} />
      ) : p.signedOffAt ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={m.signedOffHint(fmt.dateTime(p.signedOffAt))}
        />
      ) : null}
      <Flex vertical gap={16}>
        <Card title={m.pairTitle}>
          <Descriptions
            size="small"
            bordered
            column={screens.md ? 2 : 1}
            items={[
              { key: 'mentor', label: m.mentor, children: mentorName },
              { key: 'mentee', label: m.mentee, children: menteeName },
              {
                key: 'mentorSchool',
                label: `${m.mentor} · ${m.school}`,
                children: unitName(p.mentorOrgUnit) ?? t.common.none,
              },
              {
                key: 'menteeSchool',
                label: `${m.mentee} · ${m.school}`,
                children: unitName(p.menteeOrgUnit) ?? t.common.none,
              },
              { key: 'paired', label: m.pairedAt, children: fmt.date(p.pairedAt) },
              { key: 'yearEnds', label: m.yearEndsAt, children: <YearEnd p={p} /> },
              { key: 'status', label: m.status, children: <StatusTag status={p.status} /> },
              { key: 'meetings', label: m.meetings, children: p.meetingCount },
              ...(p.signedOffAt
                ? [
                    {
                      key: 'signedOff',
                      label: `${m.signedOffAt}${t.common.beijingTime}`,
                      children: fmt.dateTime(p.signedOffAt),
                    },
                    {
                      key: 'comment',
                      label: m.signOffComment,
                      span: screens.md ? 2 : 1,
                      children: (
                        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                          {p.signOffComment ?? t.common.none}
                        </Typography.Paragraph>
                      ),
                    },
                  ]
                : []),
              ...(p.endedAt
                ? [
                    {
                      key: 'ended',
                      label: `${m.endedAt}${t.common.beijingTime}`,
                      children: fmt.dateTime(p.endedAt),
                    },
                    {
                      key: 'reason',
                      label: m.endReason,
                      span: screens.md ? 2 : 1,
                      children: (
                        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                          {p.endReason ?? t.common.none}
                        </Typography.Paragraph>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
        <Card title={m.timelineTitle} data-testid="meetings">
          {p.meetings.length === 0 ? (
            <EmptyState description={m.timelineEmpty} action={active && !full ? addButton : undefined} />
          ) : (
            <Timeline
              style={{ marginTop: 8 }}
              items={p.meetings.map((mt, i) => ({
                key: `${mt.on}-${i}`,
                color: 'blue',
                content: (
                  <Flex vertical gap={2}>
                    <Typography.Text strong>{fmt.date(mt.on)}</Typography.Text>
                    <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                      {mt.notes}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {m.loggedBy(nameOf(mt.loggedBy), fmt.dateTime(mt.loggedAt))}
                    </Typography.Text>
                  </Flex>
                ),
              }))}
            />
          )}
        </Card>
      </Flex>
      <Drawer
        open={adding}
        onClose={() => setAdding(false)}
        title={m.addMeeting}
        size={screens.md ? 480 : '100%'}
        destroyOnHidden
        extra={
          <Button
            type="primary"
            loading={log.isPending}
            onClick={() => void form.validateFields().then((v) => log.mutate(v), invalidShown)}
          >
            {t.common.submit}
          </Button>
        }
      >
        <ProblemAlert error={log.error} />
        <Form form={form} layout="vertical">
          <Form.Item
            name="on"
            label={m.meetingDate}
            extra={m.meetingDateHelp(first, today)}
            rules={[{ required: true, message: m.meetingDateRequired }]}
          >
            <DatePicker
              style={{ width: '100%' }}
              format="YYYY-MM-DD"
              disabledDate={(d) => {
                const day = d.format('YYYY-MM-DD');
                return day < first || day > today;
              }}
            />
          </Form.Item>
          <Form.Item
            name="notes"
            label={m.notes}
            extra={m.notesHelp}
            rules={[
              { required: true, whitespace: true, message: m.notesRequired },
              { max: NOTES_MAX, message: m.notesRequired },
            ]}
          >
            <Input.TextArea rows={6} showCount maxLength={NOTES_MAX} />
          </Form.Item>
        </Form>
      </Drawer>
    </PageContainer>
  );
}
