import { Button, Form, Input, Modal, Typography, type ButtonProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/locale';
import { ProblemAlert } from './ProblemAlert';

/**
 * A button for an irreversible action (UI.md §1.7): a dialog names the object and the consequence; the
 * confirm button repeats the verb; a required reason is a field inside the dialog. The dialog stays open
 * with the refusal shown if the API refuses, and focus returns to the button when it closes.
 */
export function ConfirmAction(props: {
  children: ReactNode;
  title: ReactNode;
  content?: ReactNode;
  okText: string;
  danger?: boolean;
  reason?: { label: string; max?: number; min?: number };
  onConfirm: (reason: string) => Promise<unknown>;
  buttonProps?: ButtonProps;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const max = props.reason?.max ?? 2000;
  const min = props.reason?.min ?? 1;

  const confirm = async () => {
    let reason = '';
    if (props.reason) {
      // A missing reason is shown under its field by the form; the rejection needs no more handling.
      const values = await form.validateFields().catch(() => null);
      if (!values) return;
      reason = values.reason.trim();
    }
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm(reason);
      setOpen(false);
      form.resetFields();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        {...props.buttonProps}
        danger={props.danger ?? props.buttonProps?.danger}
        onClick={() => setOpen(true)}
      >
        {props.children}
      </Button>
      <Modal
        open={open}
        title={props.title}
        okText={props.okText}
        cancelText={t.common.cancel}
        okButtonProps={{ danger: props.danger, loading: busy }}
        onOk={() => void confirm()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        focusable={{ focusTriggerAfterClose: true }}
      >
        <ProblemAlert error={error} />
        {props.content ? <Typography.Paragraph>{props.content}</Typography.Paragraph> : null}
        {props.reason ? (
          <Form form={form} layout="vertical" preserve={false}>
            <Form.Item
              name="reason"
              label={props.reason.label}
              rules={[
                { required: true, whitespace: true, message: t.common.reasonRequired(min, max) },
                { max, message: t.common.reasonRequired(min, max) },
              ]}
            >
              <Input.TextArea rows={4} showCount maxLength={max} />
            </Form.Item>
          </Form>
        ) : null}
      </Modal>
    </>
  );
}

/**
 * The confirming step of a form whose submit is irreversible (publish a policy, submit a year's
 * summary): the filled form waits in `value` while the dialog says what will happen; confirming hands
 * it on and closes the dialog.
 */
export function ConfirmPending<T>(props: {
  value: T | null;
  title: ReactNode;
  okText: string;
  loading: boolean;
  onClose: () => void;
  onConfirm: (value: T) => void;
  children: (value: T) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open={props.value !== null}
      title={props.title}
      okText={props.okText}
      cancelText={t.common.cancel}
      okButtonProps={{ loading: props.loading }}
      onCancel={props.onClose}
      onOk={() => {
        const value = props.value;
        props.onClose();
        if (value !== null) props.onConfirm(value);
      }}
    >
      {props.value !== null ? props.children(props.value) : null}
    </Modal>
  );
}
