import { Button, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useCommand } from '../../../components/useCommand';
import { useI18n } from '../../../i18n/locale';

/**
 * 参训学员网络匿名评估 (seed 004 §二(四)9): a trainee who completed a project scores it once, 0–100, with an
 * optional comment; the project sees only the count and the mean.
 */
export function TraineeEvaluationButton({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ score: number; comment?: string }>();
  const submit = useCommand<{ score: number; comment: string }>({
    form,
    run: (body, key) =>
      unwrap(
        api.POST(
          '/api/applications/{id}/trainee-evaluations' as never,
          {
            params: { path: { id: projectId } },
            headers: { 'idempotency-key': key },
            body,
          } as never,
        ),
      ),
    successMessage: t.progression.evaluation.done,
    onSuccess: () => setOpen(false),
  });
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t.progression.ledger.evaluate}
      </Button>
      <Modal
        open={open}
        title={t.progression.evaluation.title}
        okText={t.progression.evaluation.submit}
        cancelText={t.common.cancel}
        okButtonProps={{ loading: submit.isPending }}
        onCancel={() => setOpen(false)}
        onOk={() =>
          void form
            .validateFields()
            .then((v) => submit.mutate({ score: v.score, comment: v.comment?.trim() ?? '' }))
        }
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t.progression.evaluation.hint}</Typography.Paragraph>
        <ProblemAlert error={submit.error} />
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="score"
            label={t.progression.evaluation.score}
            rules={[
              { required: true, type: 'integer', min: 0, max: 100, message: t.progression.evaluation.score },
            ]}
          >
            <InputNumber min={0} max={100} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="comment" label={t.progression.evaluation.comment} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={4} showCount maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
