import { useQueries, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Schemas } from '../../api/types';
import { useMe } from '../../app/session';
import { ConfirmPending } from '../../components/ConfirmAction';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { invalidShown, useCommand } from '../../components/useCommand';
import { label, useI18n } from '../../i18n/locale';
import { useUnits } from './console-api';

type Summary = Schemas['AnnualSummaryList']['items'][number];
type Status = 'submitted' | 'late' | 'pending' | 'overdue';
const STATUS_COLOUR: Record<Status, string> = {
  submitted: 'success',
  late: 'warning',
  pending: 'default',
  overdue: 'error',
};

/** GLOSSARY §10: 已报送 / 未报送 / 逾期未报送 (and a late filing says so). */
function statusOf(s: Summary, now = Date.now()): Status {
  if (s.submitted) return s.late ? 'late' : 'submitted';
  return s.overdue || Date.parse(s.dueAt) <= now ? 'overdue' : 'pending';
}

interface SubmitForm {
  year: number;
  summary: string;
  documents: string[];
}

const summaries = (unit: string, year?: number) => ({
  queryKey: ['annual-summaries', unit, year ?? 'all'],
  queryFn: () =>
    unwrap(
      api.GET('/api/org-units/{id}/annual-summaries', {
        params: { path: { id: unit }, query: year ? { year: String(year) } : {} },
      }),
    ),
});

/**
 * 年度总结 (UI.md §5; seed 004 §三: each office files last year's training summary by the end of
 * February): this year's status of my office and of the offices below (已报送 / 未报送 / 逾期未报送, due
 * 「YYYY-02-28 24:00 前」), earlier years of mine, and 「报送」 — once a year, confirmed, with the summary
 * (1–20000) and up to 50 documents named or linked. Schools do not file, so they are not listed.
 */
export default function AnnualSummariesPage() {
  const { t, fmt } = useI18n();
  const s = t.officeConsole.summaries;
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const units = useUnits(me.orgUnit);
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState<SubmitForm | null>(null);
  const [viewing, setViewing] = useState<Summary | null>(null);
  const [form] = Form.useForm<SubmitForm>();
  const school = units.mine?.level === 'school';

  const mine = useQuery({ ...summaries(me.orgUnit), enabled: !!units.mine && !school });
  const year = mine.data?.items[0]?.year;
  const offices = units.list.filter((u) => u.id !== me.orgUnit && u.level !== 'school');
  const below = useQueries({
    queries: offices.map((u) => ({ ...summaries(u.id, year), enabled: year !== undefined })),
  });

  const submit = useCommand<SubmitForm>({
    form,
    run: (v, key) =>
      unwrap(
        api.POST('/api/org-units/{id}/annual-summaries', {
          params: { path: { id: me.orgUnit }, header: { 'Idempotency-Key': key } },
          body: {
            year: v.year,
            summary: v.summary.trim(),
            documents: (v.documents ?? []).map((d) => d.trim()).filter(Boolean),
          },
        }),
      ),
    invalidate: [['annual-summaries']],
    successMessage: s.submitted,
    onSuccess: () => {
      setOpen(false);
      setConfirming(null);
      form.resetFields();
    },
  });

  if (units.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (school)
    return (
      <PageContainer title={s.title}>
        <Alert type="info" showIcon title={s.schoolNote} />
      </PageContainer>
    );
  if (mine.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (mine.isError) return <ErrorResult error={mine.error} onRetry={() => void mine.refetch()} />;
  const [current, ...earlier] = mine.data.items;
  const due = (x: Summary) => s.due(fmt.due(x.dueAt));
  const tag = (x: Summary) => {
    const st = statusOf(x);
    return <Tag color={STATUS_COLOUR[st]}>{label(s.status, st)}</Tag>;
  };
  const canSubmit = current !== undefined && !current.submitted;

  const openForm = () => {
    form.setFieldsValue({ year: current!.year, summary: '', documents: [] });
    submit.reset();
    setOpen(true);
  };

  const belowRows = offices.map((u, i) => ({ unit: u, summary: below[i]?.data?.items[0] }));

  return (
    <PageContainer
      title={s.title}
      subTitle={s.subtitle}
      refreshing={mine.isFetching}
      extra={
        canSubmit ? (
          <Button type="primary" onClick={openForm}>
            {s.submit}
          </Button>
        ) : undefined
      }
    >
      {current ? (
        <Card title={`${s.mine} · ${s.thisYear(current.year)}`} style={{ marginBottom: 16 }}>
          {current.submitted ? (
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'status', label: s.columns.status, children: tag(current) },
                { key: 'due', label: s.columns.due, children: due(current) },
                { key: 'at', label: s.columns.submittedAt, children: fmt.dateTime(current.submittedAt) },
              ]}
            />
          ) : (
            <EmptyState
              description={
                <Space orientation="vertical" size={4}>
                  {tag(current)}
                  <span>{s.empty(current.year, fmt.due(current.dueAt))}</span>
                </Space>
              }
              action={
                <Button type="primary" onClick={openForm}>
                  {s.submit}
                </Button>
              }
            />
          )}
          {current.submitted ? (
            <Button type="link" style={{ paddingInline: 0 }} onClick={() => setViewing(current)}>
              {s.view}
            </Button>
          ) : null}
        </Card>
      ) : null}
      <Card title={year ? `${s.below} · ${s.thisYear(year)}` : s.below} style={{ marginBottom: 16 }}>
        <Table
          rowKey={(r) => r.unit.id}
          dataSource={belowRows}
          pagination={belowRows.length > 20 ? { pageSize: 20, showTotal: t.common.total } : false}
          scroll={{ x: 720 }}
          size="middle"
          locale={{ emptyText: <EmptyState description={s.noUnits} /> }}
          columns={[
            { title: s.columns.unit, fixed: 'left', width: 200, render: (_: unknown, r) => r.unit.name },
            { title: s.columns.level, width: 100, render: (_: unknown, r) => label(t.levels, r.unit.level) },
            {
              title: s.columns.due,
              width: 180,
              render: (_: unknown, r) => (r.summary ? due(r.summary) : t.common.none),
            },
            {
              title: s.columns.status,
              width: 120,
              render: (_: unknown, r) =>
                r.summary ? tag(r.summary) : <Skeleton.Button active size="small" />,
            },
            {
              title: s.columns.submittedAt,
              width: 160,
              render: (_: unknown, r) => fmt.dateTime(r.summary?.submittedAt),
            },
          ]}
        />
      </Card>
      <Card title={s.history}>
        <Table<Summary>
          rowKey="year"
          dataSource={earlier}
          pagination={false}
          size="small"
          scroll={{ x: 600 }}
          columns={[
            { title: s.columns.year, width: 90, dataIndex: 'year' },
            { title: s.columns.due, width: 180, render: (_: unknown, x) => due(x) },
            { title: s.columns.status, width: 120, render: (_: unknown, x) => tag(x) },
            {
              title: s.columns.submittedAt,
              width: 160,
              render: (_: unknown, x) => fmt.dateTime(x.submittedAt),
            },
            {
              title: t.common.actions,
              width: 80,
              render: (_: unknown, x) =>
                x.submitted ? (
                  <Typography.Link onClick={() => setViewing(x)}>{s.view}</Typography.Link>
                ) : (
                  t.common.none
                ),
            },
          ]}
        />
      </Card>

      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={s.submitTitle}
        size={screens.md ? 640 : '100%'}
        extra={
          <Button
            type="primary"
            loading={submit.isPending}
            onClick={() => void form.validateFields().then((v) => setConfirming(v), invalidShown)}
          >
            {s.submit}
          </Button>
        }
      >
        <ProblemAlert error={submit.error} />
        <Form<SubmitForm> form={form} layout="vertical">
          <Form.Item name="year" label={s.year} rules={[{ required: true }]}>
            <InputNumber min={2000} max={9999} precision={0} disabled style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="summary"
            label={s.summary}
            extra={s.summaryHelp}
            rules={[
              { required: true, whitespace: true, message: s.summaryRequired },
              { max: 20000, message: s.summaryRequired },
            ]}
          >
            <Input.TextArea rows={10} maxLength={20000} showCount />
          </Form.Item>
          <Form.Item
            name="documents"
            label={s.documents}
            extra={s.documentsHelp}
            rules={[
              {
                validator: (_, v?: string[]) =>
                  (v?.length ?? 0) > 50 ? Promise.reject(new Error(s.documentsMax)) : Promise.resolve(),
              },
            ]}
          >
            <Select mode="tags" open={false} maxCount={50} tokenSeparators={['\n']} />
          </Form.Item>
        </Form>
      </Drawer>
      <ConfirmPending
        value={confirming}
        title={s.submitTitle}
        okText={s.submitConfirm}
        loading={submit.isPending}
        onClose={() => setConfirming(null)}
        onConfirm={(v) => submit.mutate(v)}
      >
        {(v) => s.submitContent(v.year)}
      </ConfirmPending>
      <Modal
        open={viewing !== null}
        title={viewing ? s.thisYear(viewing.year) : ''}
        footer={null}
        onCancel={() => setViewing(null)}
        width={720}
      >
        {viewing ? (
          <>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{viewing.summary}</Typography.Paragraph>
            {viewing.documents.length ? (
              <ul>
                {viewing.documents.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            ) : (
              <Typography.Text type="secondary">{s.documentsNone}</Typography.Text>
            )}
          </>
        ) : null}
      </Modal>
    </PageContainer>
  );
}
