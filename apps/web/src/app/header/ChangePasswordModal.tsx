import { Alert, Form, Input, Modal } from 'antd';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { invalidShown, isRefusal, useCommand } from '../../components/useCommand';
import { useI18n } from '../../i18n/locale';
import { useSession } from '../session';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * 修改密码 from the avatar menu (UI.md §1.1). The API ends every session of the user, this one too
 * (DOMAIN.md "People and roles": a password change shuts out whoever else had signed in), so success
 * goes to the sign-in page with a note saying why.
 */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const change = useCommand<Values>({
    form,
    successMessage: false,
    run: (v) =>
      unwrap(
        api.PUT(
          '/api/users/me/password' as never,
          { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } } as never,
        ),
      ) as Promise<unknown> as Promise<never>,
    onSuccess: () => {
      onClose();
      void signOut().then(() => navigate('/login?passwordChanged=1', { replace: true }));
    },
  });
  // The two refusals name a field: put them under it rather than above the form.
  const refusal = isRefusal(change.error) ? change.error : null;
  const fieldOf =
    refusal?.code === 'wrong_current_password'
      ? 'currentPassword'
      : refusal?.code === 'same_password'
        ? 'newPassword'
        : null;
  return (
    <Modal
      open={open}
      title={t.password.title}
      okText={t.password.submit}
      cancelText={t.common.cancel}
      confirmLoading={change.isPending}
      destroyOnHidden
      onCancel={() => {
        change.reset();
        onClose();
      }}
      onOk={() => {
        form.validateFields().then((v) => change.mutate(v), invalidShown);
      }}
    >
      <Alert type="info" showIcon title={t.password.hint} style={{ marginBottom: 16 }} />
      {refusal && !fieldOf ? <ProblemAlert error={refusal} /> : null}
      <Form form={form} layout="vertical" preserve={false} onValuesChange={() => change.reset()}>
        <Form.Item
          name="currentPassword"
          label={t.password.current}
          rules={[{ required: true, message: t.password.currentRequired }]}
          validateStatus={fieldOf === 'currentPassword' ? 'error' : undefined}
          help={fieldOf === 'currentPassword' ? refusal?.problem.detail : undefined}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t.password.next}
          rules={[{ required: true, min: 8, max: 128, message: t.password.nextRule }]}
          validateStatus={fieldOf === 'newPassword' ? 'error' : undefined}
          help={fieldOf === 'newPassword' ? refusal?.problem.detail : undefined}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t.password.confirm}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t.password.nextRule },
            ({ getFieldValue }) => ({
              validator: (_, v: string) =>
                !v || v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t.password.mismatch)),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
