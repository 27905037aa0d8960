import { Alert, Button, Modal, Progress, Result, Table, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { label, useI18n } from '../../i18n/locale';

interface Finding {
  kind: string;
  streamId: string;
  version: number | null;
  position: string | null;
  detail: string;
}
interface Report {
  checked: number;
  streams: number;
  ok: boolean;
  findings: Finding[];
}
type Line =
  | { type: 'progress'; checked: number; total: number }
  | ({ type: 'report' } & Report)
  | { type: 'error'; correlationId: string };

/**
 * 「校验完整性」 (UI.md §5 操作日志; DOMAIN.md "Audit trail": verify that no event was altered or removed):
 * the API walks every stream's hash chain and streams its progress as JSON Lines, shown as a Progress
 * bar, then a Result — 「校验通过：哈希链完整」, or each finding with its stream, version, position and the
 * problem in words (GLOSSARY §11).
 */
export function VerifyChain({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, fmt } = useI18n();
  const c = t.officeConsole;
  const [progress, setProgress] = useState<{ checked: number; total: number } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const running = useRef<AbortController | null>(null);

  const start = async () => {
    running.current?.abort();
    const abort = new AbortController();
    running.current = abort;
    setProgress({ checked: 0, total: 0 });
    setReport(null);
    setFailed(null);
    try {
      const { data, response } = await api.POST('/api/audit/verify/progress', {
        parseAs: 'stream',
        signal: abort.signal,
      });
      if (!response.ok || !data) throw new Error(response.headers.get('x-correlation-id') ?? '—');
      const reader = (data as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = JSON.parse(buffer.slice(0, nl)) as Line;
          buffer = buffer.slice(nl + 1);
          if (line.type === 'progress') setProgress({ checked: line.checked, total: line.total });
          else if (line.type === 'report') {
            setProgress({ checked: line.checked, total: line.checked });
            setReport(line);
          } else setFailed(line.correlationId);
        }
      }
    } catch (err) {
      if (!abort.signal.aborted) setFailed(err instanceof Error ? err.message : '—');
    }
  };

  useEffect(() => {
    if (open) void start();
    else running.current?.abort();
    // Each opening walks the chain once.
  }, [open]);

  const percent =
    progress && progress.total > 0 ? Math.floor((progress.checked / progress.total) * 100) : report ? 100 : 0;
  return (
    <Modal
      open={open}
      title={c.audit.verifyTitle}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      footer={[
        report || failed ? (
          <Button key="again" onClick={() => void start()}>
            {t.common.retry}
          </Button>
        ) : null,
        <Button key="close" type="primary" onClick={onClose}>
          {t.common.close}
        </Button>,
      ]}
    >
      <div data-testid="verify-progress">
        <Progress percent={percent} status={report ? (report.ok ? 'success' : 'exception') : 'active'} />
        <Typography.Text type="secondary">
          {(report ? c.audit.verified : c.audit.verifying)(
            fmt.number(progress?.checked ?? 0, 0),
            fmt.number(progress?.total ?? 0, 0),
          )}
        </Typography.Text>
      </div>
      {failed ? (
        <Alert type="error" showIcon style={{ marginTop: 16 }} title={c.audit.verifyFailed(failed)} />
      ) : null}
      {report?.ok ? (
        <Result
          status="success"
          title={c.audit.verifyOk}
          subTitle={c.audit.verifyOkSub(fmt.number(report.checked, 0), fmt.number(report.streams, 0))}
        />
      ) : null}
      {report && !report.ok ? (
        <>
          <Result
            status="error"
            title={c.audit.verifyBad}
            subTitle={c.audit.verifyBadSub(report.findings.length)}
          />
          <Table<Finding>
            rowKey={(f, i) => `${f.streamId}:${f.version}:${f.kind}:${i}`}
            dataSource={report.findings}
            size="small"
            scroll={{ x: 600 }}
            pagination={report.findings.length > 10 ? { pageSize: 10 } : false}
            columns={[
              { title: c.audit.findings.stream, dataIndex: 'streamId', ellipsis: true },
              {
                title: c.audit.findings.version,
                width: 80,
                render: (_: unknown, f) => (f.version === null ? t.common.none : f.version),
              },
              {
                title: c.audit.findings.position,
                width: 130,
                render: (_: unknown, f) => f.position ?? t.common.none,
              },
              {
                title: c.audit.findings.kind,
                width: 130,
                render: (_: unknown, f) => label(c.findingKinds, f.kind),
              },
            ]}
          />
        </>
      ) : null}
    </Modal>
  );
}
