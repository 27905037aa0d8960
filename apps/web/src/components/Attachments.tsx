import { DeleteOutlined, DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Space, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { api, unwrap } from '../api/client';
import { isApiError } from '../api/problem';
import { useI18n } from '../i18n/locale';

/** An evidence file an application carries, as the API records it (DOMAIN.md stage 1). */
export interface AttachmentView {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  /** Erased with its uploader's personal data: its name withheld, no longer downloadable. */
  erased?: boolean;
}

/** The API's defaults (UPLOAD_LIMIT_BYTES, MAX_ATTACHMENTS): checked here first so nobody waits for a refusal. */
export const UPLOAD_LIMIT_MB = 20;
export const MAX_ATTACHMENTS = 20;

/** What the picker offers; the API decides by the content whatever the name says. */
const ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The attachments of an application, each with its type, size and a download link. */
export function AttachmentList({
  applicationId,
  items,
  onRemove,
}: {
  applicationId?: string;
  items: AttachmentView[];
  onRemove?: (id: string) => void;
}) {
  const { t } = useI18n();
  const e = t.evidenceFiles;
  if (items.length === 0) return <Typography.Text type="secondary">{e.none}</Typography.Text>;
  // A row per file that wraps on a phone: the name takes the width, the actions drop below it.
  return (
    <Flex vertical gap={8}>
      {items.map((f) => (
        <Flex key={f.id} data-testid="attachment" wrap gap={8} align="center" justify="space-between">
          <Flex gap={8} align="start" style={{ minWidth: 0, flex: '1 1 180px' }}>
            <PaperClipOutlined style={{ marginTop: 4 }} aria-hidden />
            <div style={{ minWidth: 0 }}>
              <Typography.Text
                strong={!f.erased}
                type={f.erased ? 'secondary' : undefined}
                style={{ wordBreak: 'break-word' }}
              >
                {f.erased ? e.erased : f.name}
              </Typography.Text>
              <div>
                <Typography.Text type="secondary">{`${e.types[f.mediaType] ?? e.otherType} · ${fileSize(f.size)}`}</Typography.Text>
              </div>
            </div>
          </Flex>
          <Space size="small">
            {applicationId && !f.erased ? (
              <a
                href={`/api/applications/${applicationId}/attachments/${f.id}`}
                download={f.name}
                aria-label={`${e.download} ${f.name}`}
              >
                <DownloadOutlined /> {e.download}
              </a>
            ) : null}
            {onRemove ? (
              <Button
                type="link"
                danger
                size="small"
                icon={<DeleteOutlined />}
                onClick={() => onRemove(f.id)}
                aria-label={`${e.remove} ${f.name}`}
              >
                {e.remove}
              </Button>
            ) : null}
          </Space>
        </Flex>
      ))}
    </Flex>
  );
}

/**
 * The 附件 field of the application form: uploads each chosen file at once (POST /api/evidence, the file
 * as the body) and keeps the recorded files as the field's value; saving the form attaches them.
 */
export function AttachmentField({
  value = [],
  onChange,
  applicationId,
  disabled,
}: {
  value?: AttachmentView[];
  onChange?: (v: AttachmentView[]) => void;
  applicationId?: string;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const e = t.evidenceFiles;
  const { message } = App.useApp();
  const [busy, setBusy] = useState(0);
  // Several files chosen at once finish in any order: each adds to the latest list, not to the one
  // its upload started with.
  const latest = useRef(value);
  latest.current = value;
  const add = (f: AttachmentView) => {
    latest.current = [...latest.current, f];
    onChange?.(latest.current);
  };

  async function upload(file: File) {
    setBusy((n) => n + 1);
    try {
      const recorded = (await unwrap(
        api.POST(
          '/api/evidence' as never,
          {
            params: { query: { name: file.name } },
            body: file,
            bodySerializer: (b: unknown) => b,
            headers: { 'content-type': 'application/octet-stream' },
          } as never,
        ),
      )) as AttachmentView;
      add(recorded);
      void message.success(e.uploaded(file.name));
    } catch (err) {
      void message.error(e.failed(file.name, isApiError(err) ? err.problem.detail : String(err)));
    } finally {
      setBusy((n) => n - 1);
    }
  }

  return (
    <div>
      <Upload
        accept={ACCEPT}
        multiple
        showUploadList={false}
        disabled={disabled}
        beforeUpload={(file) => {
          if (file.size > UPLOAD_LIMIT_MB * 1024 * 1024) {
            void message.error(e.tooLarge(file.name, UPLOAD_LIMIT_MB));
            return Upload.LIST_IGNORE;
          }
          if (latest.current.length + busy >= MAX_ATTACHMENTS) {
            void message.error(e.tooMany(MAX_ATTACHMENTS));
            return Upload.LIST_IGNORE;
          }
          void upload(file);
          // The upload is ours (above), not antd's.
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy > 0} disabled={disabled}>
          {busy > 0 ? e.uploading : e.upload}
        </Button>
      </Upload>
      <div style={{ marginTop: 8 }}>
        <AttachmentList
          applicationId={applicationId}
          items={value}
          onRemove={disabled ? undefined : (id) => onChange?.(value.filter((f) => f.id !== id))}
        />
      </div>
    </div>
  );
}
