import { Alert, Checkbox, Form, Input, Modal, Radio, TreeSelect, Typography } from 'antd';
import { useEffect } from 'react';
import { api, unwrap } from '../../api/client';
import { ROLE_ORDER, type Role } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { invalidShown, useCommand } from '../../components/useCommand';
import { label, useI18n } from '../../i18n/locale';
import type { UnitTreeNode, UserRow } from './people-api';
import { shownName } from './people-api';

export type UserAction = {
  kind: 'roles' | 'deactivate' | 'reactivate' | 'resetPassword' | 'locale' | 'erase' | 'transfer';
  user: Pick<UserRow, 'id' | 'username' | 'displayName' | 'roles' | 'orgUnit' | 'locale'>;
};

interface Values {
  roles?: Role[];
  reason?: string;
  temporaryPassword?: string;
  locale?: 'zh-CN' | 'en';
  legalBasis?: string;
  confirmUsername?: string;
  orgUnitId?: string;
}

/**
 * The row actions of 用户管理 (UI.md §5, §1.7): each a dialog naming the person and what changes, with its
 * reason inside; the confirm button repeats the verb; destructive ones in the danger style. Every one goes
 * to the API's own endpoint under /api/users/:id, whose refusal stays in the dialog in the user's language.
 */
export function UserActionModal({
  action,
  onClose,
  tree,
}: {
  action: UserAction | null;
  onClose: () => void;
  tree: UnitTreeNode[];
}) {
  const { t } = useI18n();
  const p = t.people;
  const [form] = Form.useForm<Values>();
  const command = useCommand<Values>({
    form,
    run: (v, key) => {
      const id = action!.user.id;
      const header = { 'Idempotency-Key': key };
      const path = { id };
      switch (action!.kind) {
        case 'roles':
          return unwrap(
            api.PUT('/api/users/{id}/roles', { params: { path, header }, body: { roles: v.roles! } }),
          );
        case 'deactivate':
          return unwrap(
            api.POST('/api/users/{id}/deactivation', {
              params: { path, header },
              body: { reason: v.reason! },
            }),
          );
        case 'reactivate':
          return unwrap(
            api.POST('/api/users/{id}/reactivation', {
              params: { path, header },
              body: { reason: v.reason! },
            }),
          );
        case 'resetPassword':
          return unwrap(
            api.POST('/api/users/{id}/password-reset', {
              params: { path, header },
              body: { temporaryPassword: v.temporaryPassword! },
            }),
          );
        case 'locale':
          return unwrap(
            api.PUT('/api/users/{id}/locale', { params: { path, header }, body: { locale: v.locale! } }),
          );
        case 'erase':
          return unwrap(
            api.POST('/api/users/{id}/erasure', {
              params: { path, header },
              body: { reason: v.reason!, legalBasis: v.legalBasis! },
            }),
          );
        case 'transfer':
          return unwrap(
            api.POST('/api/users/{id}/transfer', {
              params: { path, header },
              body: { orgUnitId: v.orgUnitId!, reason: v.reason! },
            }),
          );
      }
    },
    invalidate: [['users'], ['user']],
    onSuccess: () => onClose(),
  });

  useEffect(() => {
    if (!action) return;
    command.reset();
    form.resetFields();
    form.setFieldsValue({ roles: action.user.roles as Role[], locale: action.user.locale });
    // Reset once per opened action.
  }, [action]);

  const typed = Form.useWatch('confirmUsername', form);
  if (!action) return null;
  const name = shownName(action.user.displayName, p.erased);
  const reasonField = (lbl: string, max = 500, help = p.reasonHelp) => (
    <Form.Item
      name="reason"
      label={lbl}
      extra={help}
      rules={[
        { required: true, whitespace: true, message: t.common.reasonRequired(1, max) },
        { max, message: t.common.reasonRequired(1, max) },
      ]}
    >
      <Input.TextArea rows={3} showCount maxLength={max} />
    </Form.Item>
  );

  const spec = {
    roles: { title: p.rolesTitle(name), ok: t.common.save, danger: false },
    deactivate: { title: p.deactivateTitle(name), ok: p.confirmDeactivate, danger: true },
    reactivate: { title: p.reactivateTitle(name), ok: p.confirmReactivate, danger: false },
    resetPassword: { title: p.resetTitle(name), ok: p.confirmReset, danger: true },
    locale: { title: p.localeTitle(name), ok: t.common.save, danger: false },
    erase: { title: p.eraseTitle(name), ok: p.confirmErase, danger: true },
    transfer: { title: p.transferTitle(name), ok: p.confirmTransfer, danger: false },
  }[action.kind];

  let body;
  switch (action.kind) {
    case 'roles':
      body = (
        <>
          <Typography.Paragraph type="secondary">{p.rolesNote}</Typography.Paragraph>
          <Form.Item
            name="roles"
            label={p.form.roles}
            rules={[{ required: true, message: p.form.rolesRequired }]}
          >
            <Checkbox.Group options={ROLE_ORDER.map((r) => ({ value: r, label: label(t.roles, r) }))} />
          </Form.Item>
        </>
      );
      break;
    case 'deactivate':
      body = (
        <>
          <Typography.Paragraph>{p.deactivateContent}</Typography.Paragraph>
          {reasonField(p.reason)}
        </>
      );
      break;
    case 'reactivate':
      body = (
        <>
          <Typography.Paragraph>{p.reactivateContent}</Typography.Paragraph>
          {reasonField(p.reason)}
        </>
      );
      break;
    case 'resetPassword':
      body = (
        <>
          <Typography.Paragraph>{p.resetContent}</Typography.Paragraph>
          <Form.Item
            name="temporaryPassword"
            label={p.temporaryPassword}
            extra={p.form.passwordHelp}
            rules={[
              { required: true, message: p.form.passwordHelp },
              { min: 8, max: 128, message: p.form.passwordHelp },
            ]}
          >
            <Input.Password autoComplete="new-password" maxLength={128} />
          </Form.Item>
        </>
      );
      break;
    case 'locale':
      body = (
        <>
          <Typography.Paragraph type="secondary">{p.localeNote}</Typography.Paragraph>
          <Form.Item
            name="locale"
            label={p.form.locale}
            rules={[{ required: true, message: p.form.required }]}
          >
            <Radio.Group
              options={(['zh-CN', 'en'] as const).map((l) => ({ value: l, label: t.language[l] }))}
            />
          </Form.Item>
        </>
      );
      break;
    case 'erase':
      body = (
        <>
          <Alert type="warning" showIcon title={p.eraseContent} style={{ marginBottom: 16 }} />
          <Form.Item
            name="legalBasis"
            label={p.legalBasis}
            extra={p.legalBasisHelp}
            rules={[
              { required: true, whitespace: true, message: p.legalBasisHelp },
              { max: 200, message: p.legalBasisHelp },
            ]}
          >
            <Input maxLength={200} showCount />
          </Form.Item>
          {reasonField(p.eraseReason, 1000, t.common.reasonRequired(1, 1000))}
          <Form.Item
            name="confirmUsername"
            label={p.eraseType(action.user.username)}
            rules={[
              {
                validator: (_, v?: string) =>
                  v === action.user.username
                    ? Promise.resolve()
                    : Promise.reject(new Error(p.eraseTypeMismatch)),
              },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        </>
      );
      break;
    case 'transfer':
      body = (
        <>
          <Typography.Paragraph>{p.transferContent}</Typography.Paragraph>
          <Form.Item
            name="orgUnitId"
            label={p.transferTo}
            rules={[
              { required: true, message: p.transferToRequired },
              {
                validator: (_, v?: string) =>
                  v === action.user.orgUnit
                    ? Promise.reject(new Error(p.transferToRequired))
                    : Promise.resolve(),
              },
            ]}
          >
            <TreeSelect
              showSearch
              treeNodeFilterProp="title"
              treeDefaultExpandAll
              treeData={tree}
              placeholder={p.transferToRequired}
            />
          </Form.Item>
          {reasonField(p.transferReason, 2000, t.common.reasonRequired(1, 2000))}
        </>
      );
      break;
  }

  const erasing = action.kind === 'erase';
  return (
    <Modal
      open
      title={spec.title}
      okText={spec.ok}
      cancelText={t.common.cancel}
      okButtonProps={{
        danger: spec.danger,
        loading: command.isPending,
        disabled: erasing && typed !== action.user.username,
      }}
      onOk={() => void form.validateFields().then((v) => command.mutate(v), invalidShown)}
      onCancel={onClose}
      destroyOnHidden
      focusable={{ focusTriggerAfterClose: true }}
    >
      <ProblemAlert error={command.error} />
      <Form<Values> form={form} layout="vertical" preserve={false}>
        {body}
      </Form>
    </Modal>
  );
}
