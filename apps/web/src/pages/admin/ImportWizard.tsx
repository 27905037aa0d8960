import { InboxOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Progress,
  Result,
  Row,
  Skeleton,
  Space,
  Statistic,
  Steps,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { Schemas } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { PageContainer } from '../../components/PageContainer';
import { useI18n } from '../../i18n/locale';

type Kind = 'users' | 'hours';
type DryRun = Schemas['ImportDryRun'];
type Job = Schemas['ImportJob'];

/** The API's limits (apps/api/src/imports/sheet.ts), checked here first so a wrong file costs no upload. */
const MAX_BYTES = 5 * 1024 * 1024;
const ACCEPT = '.xlsx,.csv';
const POLL_MS = 800;

const uploadBody = (file: File) => ({
  body: file as unknown as string,
  bodySerializer: (b: unknown) => b as BodyInit,
  headers: {
    'content-type': 'application/octet-stream',
    'x-file-name': encodeURIComponent(file.name),
  },
});

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const sizeText = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * The Excel import of UI.md §1.10, shared by 批量导入教师 and 批量登记学时: 下载模板 → 上传 → 预检 → 导入 → 结果.
 * The dry run writes nothing; the import is offered only when no row is in error, runs as a job on the
 * server (its id in the URL, so the page can be left and reopened) and shows its progress by rows.
 */
export function ImportWizard(props: {
  kind: Kind;
  title: string;
  crumb: { title: string; to: string };
  templateHint: string;
  resultNote?: string;
  viewDataPath: string;
}) {
  const { kind } = props;
  const { t, fmt } = useI18n();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const jobId = search.get('job');
  const [templateTaken, setTemplateTaken] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState<DryRun | null>(null);
  const [checking, setChecking] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Reopening the page: the latest job of this kind, if it is still running, comes back.
  const recent = useQuery({
    queryKey: ['imports', kind, 'recent'],
    enabled: !jobId,
    queryFn: async () => (await unwrap(api.GET('/api/import-jobs', { params: { query: { kind } } }))).items,
  });
  useEffect(() => {
    const running = recent.data?.find((j) => j.status === 'running');
    if (!jobId && running) setSearch({ job: running.id }, { replace: true });
  }, [recent.data, jobId, setSearch]);

  const job = useQuery({
    queryKey: ['imports', 'job', jobId],
    enabled: !!jobId,
    queryFn: async () =>
      unwrap(api.GET('/api/import-jobs/{id}', { params: { path: { id: jobId! } } })) as Promise<Job>,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? POLL_MS : false),
  });

  const reset = () => {
    setFile(null);
    setDryRun(null);
    setError(null);
    setLocalError(null);
    setSearch({}, { replace: false });
  };

  const downloadTemplate = async () => {
    const blob = await unwrap(
      api.GET('/api/imports/{kind}/template', { params: { path: { kind } }, parseAs: 'blob' }),
    );
    save(blob as unknown as Blob, kind === 'users' ? '教师导入模板.xlsx' : '学时导入模板.xlsx');
    setTemplateTaken(true);
  };

  const check = async (f: File) => {
    setFile(f);
    setDryRun(null);
    setError(null);
    setLocalError(null);
    if (!/\.(xlsx|csv)$/i.test(f.name)) return setLocalError(t.imports.wrongType);
    if (f.size > MAX_BYTES) return setLocalError(t.imports.tooLarge);
    setChecking(true);
    try {
      setDryRun(
        await unwrap(
          api.POST('/api/imports/{kind}/dry-run', { params: { path: { kind } }, ...uploadBody(f) }),
        ),
      );
    } catch (e) {
      setError(e);
    } finally {
      setChecking(false);
    }
  };

  const downloadReport = async () => {
    if (!file) return;
    const blob = await unwrap(
      api.POST('/api/imports/{kind}/error-report', {
        params: { path: { kind } },
        ...uploadBody(file),
        parseAs: 'blob',
      }),
    );
    save(blob as unknown as Blob, `错误报告_${file.name.replace(/\.(xlsx|csv)$/i, '')}.xlsx`);
  };

  const start = async () => {
    if (!file) return;
    setStarting(true);
    setError(null);
    try {
      const started = await unwrap(
        api.POST('/api/imports/{kind}', { params: { path: { kind } }, ...uploadBody(file) }),
      );
      setSearch({ job: started.id });
    } catch (e) {
      setError(e);
    } finally {
      setStarting(false);
    }
  };

  const n = (v: number) => fmt.number(v, 0);
  const current = job.data
    ? job.data.status === 'running'
      ? 3
      : 4
    : dryRun
      ? 2
      : file || templateTaken
        ? 1
        : 0;

  const steps = (
    <Steps
      current={current}
      size="small"
      style={{ marginBottom: 16 }}
      items={t.imports.steps.map((title) => ({ title }))}
    />
  );

  if (jobId) {
    if (job.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
    if (job.isError)
      return (
        <PageContainer title={props.title} breadcrumb={[props.crumb, { title: props.title }]}>
          <ProblemAlert error={job.error} />
          <Button onClick={reset}>{t.imports.again}</Button>
        </PageContainer>
      );
  }

  return (
    <PageContainer title={props.title} breadcrumb={[props.crumb, { title: props.title }]}>
      {steps}
      {job.data ? (
        <JobView
          job={job.data}
          note={props.resultNote}
          onView={() => navigate(props.viewDataPath)}
          onAgain={reset}
        />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card title={t.imports.templateTitle} size="small">
            <Flex gap={12} wrap align="center" justify="space-between">
              <Typography.Text type="secondary" style={{ flex: '1 1 320px' }}>
                {props.templateHint}
              </Typography.Text>
              <Button onClick={() => void downloadTemplate()}>{t.imports.download}</Button>
            </Flex>
          </Card>
          <Card
            title={t.imports.uploadTitle}
            size="small"
            extra={
              file ? (
                <Upload accept={ACCEPT} showUploadList={false} beforeUpload={(f) => (void check(f), false)}>
                  <Button size="small">{t.imports.reupload}</Button>
                </Upload>
              ) : null
            }
          >
            {file ? (
              <Typography.Text strong>
                {t.imports.fileInfo(file.name, sizeText(file.size), dryRun ? n(dryRun.total) : '…')}
              </Typography.Text>
            ) : (
              <Upload.Dragger
                accept={ACCEPT}
                multiple={false}
                showUploadList={false}
                beforeUpload={(f) => (void check(f), false)}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t.imports.dragger}</p>
                <p className="ant-upload-hint">{t.imports.limits}</p>
              </Upload.Dragger>
            )}
            {localError ? <Alert type="error" showIcon title={localError} style={{ marginTop: 12 }} /> : null}
            <ProblemAlert error={error} style={{ marginTop: 12, marginBottom: 0 }} />
            {checking ? (
              <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
                {t.imports.checking}
              </Typography.Paragraph>
            ) : null}
          </Card>
          {dryRun ? (
            <Card title={t.imports.checkTitle} size="small">
              <Typography.Paragraph strong data-testid="import-summary">
                {t.imports.summary(n(dryRun.total), n(dryRun.ready), n(dryRun.skipped), n(dryRun.invalid))}
              </Typography.Paragraph>
              <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
                <Col xs={12} md={6}>
                  <Statistic title={t.imports.total} value={dryRun.total} />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic title={t.imports.ready} value={dryRun.ready} />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic title={t.imports.skipped} value={dryRun.skipped} />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic
                    title={t.imports.invalid}
                    value={dryRun.invalid}
                    styles={{ content: dryRun.invalid > 0 ? { color: '#cf1322' } : undefined }}
                  />
                </Col>
              </Row>
              {dryRun.invalid > 0 ? (
                <>
                  <Alert
                    type="error"
                    showIcon
                    title={t.imports.hasErrors(n(dryRun.invalid))}
                    action={<Button onClick={() => void downloadReport()}>{t.imports.errorReport}</Button>}
                    style={{ marginBottom: 12 }}
                  />
                  <Table
                    size="small"
                    rowKey={(r) => `${r.line}-${r.column}`}
                    dataSource={dryRun.issues}
                    scroll={{ x: 640 }}
                    pagination={
                      dryRun.issues.length > 20 ? { pageSize: 20, showTotal: t.common.total } : false
                    }
                    columns={[
                      { title: t.imports.columns.line, dataIndex: 'line', width: 80, fixed: 'left' },
                      { title: t.imports.columns.column, dataIndex: 'column', width: 110 },
                      {
                        title: t.imports.columns.value,
                        dataIndex: 'value',
                        width: 180,
                        render: (v: string) => (v === '' ? t.common.none : v),
                      },
                      { title: t.imports.columns.problem, dataIndex: 'message' },
                    ]}
                  />
                </>
              ) : (
                <Flex gap={12} wrap align="center" justify="space-between">
                  <Alert
                    type={dryRun.ready > 0 ? 'success' : 'info'}
                    showIcon
                    title={dryRun.ready > 0 ? t.imports.noErrors : t.imports.nothingNew}
                    style={{ flex: '1 1 320px' }}
                  />
                  <Button type="primary" loading={starting} onClick={() => void start()}>
                    {t.imports.start}
                  </Button>
                </Flex>
              )}
            </Card>
          ) : null}
        </Space>
      )}
    </PageContainer>
  );
}

function JobView(props: { job: Job; note?: string; onView: () => void; onAgain: () => void }) {
  const { t, fmt } = useI18n();
  const { job } = props;
  const n = (v: number) => fmt.number(v, 0);
  const percent = job.total > 0 ? Math.floor((job.processed / job.total) * 100) : 100;
  if (job.status === 'running')
    return (
      <Card title={t.imports.importTitle} size="small">
        <Progress percent={percent} status="active" />
        <Typography.Paragraph strong style={{ marginTop: 8 }} data-testid="import-progress">
          {t.imports.progress(n(job.processed), n(job.total))}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t.imports.leaveHint}</Typography.Text>
      </Card>
    );
  const actions = [
    <Button type="primary" key="view" onClick={props.onView}>
      {t.imports.viewData}
    </Button>,
    <Button key="again" onClick={props.onAgain}>
      {t.imports.again}
    </Button>,
  ];
  if (job.status === 'interrupted')
    return (
      <Result
        status="warning"
        title={t.imports.interruptedTitle}
        subTitle={t.imports.interruptedHint(n(job.processed), n(job.total))}
        extra={actions}
      />
    );
  return (
    <Card>
      <Result
        status={job.failed > 0 ? 'warning' : 'success'}
        title={
          job.failed > 0
            ? t.imports.partialTitle(n(job.created), n(job.skipped), n(job.failed))
            : t.imports.doneTitle(n(job.created), n(job.skipped))
        }
        subTitle={
          <>
            {job.finishedAt ? <div>{t.imports.doneAt(fmt.dateTime(job.finishedAt))}</div> : null}
            {job.failed > 0 ? <div>{t.imports.partialHint}</div> : null}
            {props.note && job.created > 0 ? <div>{props.note}</div> : null}
          </>
        }
        extra={actions}
      />
      {job.failures.length > 0 ? (
        <Table
          size="small"
          rowKey="line"
          dataSource={job.failures}
          pagination={job.failures.length > 20 ? { pageSize: 20 } : false}
          columns={[
            { title: t.imports.failureColumns.line, dataIndex: 'line', width: 80 },
            { title: t.imports.failureColumns.problem, dataIndex: 'message' },
          ]}
        />
      ) : null}
    </Card>
  );
}
