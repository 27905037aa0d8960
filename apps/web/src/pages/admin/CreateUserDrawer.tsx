import { Button, Checkbox, Drawer, Form, Grid, Input, Radio, Select, TreeSelect } from 'antd';
import { api, unwrap } from '../../api/client';
import { ROLE_ORDER, type Role } from '../../api/types';
import { useMe } from '../../app/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { invalidShown, useCommand } from '../../components/useCommand';
import { label, useI18n } from '../../i18n/locale';
import type { UnitTreeNode } from './people-api';

const TIERS = ['new', 'young', 'backbone', 'leader', 'master'] as const;

interface NewUser {
  username: string;
  displayName: string;
  orgUnit: string;
  roles: Role[];
  password: string;
  tier?: (typeof TIERS)[number];
  subject?: string;
  phone?: string;
  email?: string;
  idCardNumber?: string;
  locale?: 'zh-CN' | 'en';
}

/**
 * 「新建用户」 (UI.md §5): the API's own limits checked in the browser with the same numbers (identity.model.ts,
 * personal-fields.ts): 用户名 3–32 from a lower-case letter, 姓名 1–100, 角色 ≥ 1, 初始密码 8–128, 层级 for
 * teachers, optional 手机 / 邮箱 / 身份证号 (18 位).
 */
export function CreateUserDrawer({
  open,
  onClose,
  tree,
}: {
  open: boolean;
  onClose: () => void;
  tree: UnitTreeNode[];
}) {
  const { t } = useI18n();
  const f = t.people.form;
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<NewUser>();
  const roles = Form.useWatch('roles', form) ?? [];
  const create = useCommand<NewUser>({
    form,
    run: (v, key) =>
      unwrap(
        api.POST('/api/users', {
          params: { header: { 'Idempotency-Key': key } },
          body: {
            username: v.username.trim(),
            displayName: v.displayName.trim(),
            orgUnit: v.orgUnit,
            roles: v.roles,
            password: v.password,
            ...(v.roles.includes('teacher') && v.tier ? { tier: v.tier } : {}),
            ...(v.subject?.trim() ? { subject: v.subject.trim() } : {}),
            ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
            ...(v.email?.trim() ? { email: v.email.trim() } : {}),
            ...(v.idCardNumber?.trim() ? { idCardNumber: v.idCardNumber.trim() } : {}),
            ...(v.locale ? { locale: v.locale } : {}),
          },
        }),
      ),
    invalidate: [['users']],
    successMessage: f.created,
    onSuccess: () => {
      form.resetFields();
      onClose();
    },
  });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t.people.create}
      size={screens.md ? 560 : '100%'}
      destroyOnHidden
      extra={
        <Button
          type="primary"
          loading={create.isPending}
          onClick={() => void form.validateFields().then((v) => create.mutate(v), invalidShown)}
        >
          {t.common.submit}
        </Button>
      }
    >
      <ProblemAlert error={create.error} />
      <Form<NewUser>
        form={form}
        layout="vertical"
        initialValues={{ orgUnit: me.orgUnit, roles: ['teacher'], locale: 'zh-CN' }}
      >
        <Form.Item
          name="username"
          label={f.username}
          extra={f.usernameHelp}
          rules={[
            { required: true, message: f.usernameInvalid },
            { pattern: /^[a-z][a-z0-9._-]{2,31}$/, message: f.usernameInvalid },
          ]}
        >
          <Input maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={f.displayName}
          extra={f.displayNameHelp}
          rules={[
            { required: true, whitespace: true, message: f.displayNameHelp },
            { max: 100, message: f.displayNameHelp },
          ]}
        >
          <Input maxLength={100} showCount />
        </Form.Item>
        <Form.Item name="orgUnit" label={f.orgUnit} rules={[{ required: true, message: f.required }]}>
          <TreeSelect showSearch treeNodeFilterProp="title" treeDefaultExpandAll treeData={tree} />
        </Form.Item>
        <Form.Item name="roles" label={f.roles} rules={[{ required: true, message: f.rolesRequired }]}>
          <Checkbox.Group options={ROLE_ORDER.map((r) => ({ value: r, label: label(t.roles, r) }))} />
        </Form.Item>
        {roles.includes('teacher') ? (
          <Form.Item
            name="tier"
            label={f.tier}
            extra={f.tierHelp}
            rules={[{ required: true, message: f.tierRequired }]}
          >
            <Select options={TIERS.map((x) => ({ value: x, label: label(t.tiers, x) }))} />
          </Form.Item>
        ) : null}
        <Form.Item
          name="subject"
          label={f.subject}
          extra={f.subjectHelp}
          rules={[{ max: 100, whitespace: true, message: f.subjectHelp }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="password"
          label={f.password}
          extra={f.passwordHelp}
          rules={[
            { required: true, message: f.passwordHelp },
            { min: 8, max: 128, message: f.passwordHelp },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={f.phone}
          extra={f.phoneHelp}
          rules={[{ pattern: /^\+?[0-9][0-9 -]{4,23}$/, message: f.phoneHelp }]}
        >
          <Input maxLength={24} />
        </Form.Item>
        <Form.Item name="email" label={f.email} rules={[{ type: 'email', message: f.email }, { max: 254 }]}>
          <Input maxLength={254} />
        </Form.Item>
        <Form.Item
          name="idCardNumber"
          label={f.idCardNumber}
          extra={f.idCardHelp}
          rules={[{ pattern: /^[0-9]{17}[0-9Xx]$/, message: f.idCardHelp }]}
        >
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="locale" label={f.locale}>
          <Radio.Group
            options={(['zh-CN', 'en'] as const).map((l) => ({ value: l, label: t.language[l] }))}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
