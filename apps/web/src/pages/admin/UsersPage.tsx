import { DownloadOutlined, DownOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Dropdown,
  Flex,
  Form,
  Grid,
  Input,
  Row,
  Select,
  Skeleton,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ROLE_ORDER, type Role } from '../../api/types';
import { useMe } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { beijing } from '../../i18n/format';
import { label, useI18n } from '../../i18n/locale';
import {
  ERASED_NAME,
  listUsers,
  shownName,
  unitTree,
  useUnitsInScope,
  useUsers,
  type UserRow,
} from './people-api';
import { UserActionModal, type UserAction } from './UserActionModal';
import { UserDetailsDrawer } from './UserDetailsDrawer';
import { CreateUserDrawer } from './CreateUserDrawer';

const TIERS = ['new', 'young', 'backbone', 'leader', 'master'] as const;
const PAGE_SIZES = [10, 20, 50, 100];

interface Filters {
  q?: string;
  role?: Role;
  tier?: (typeof TIERS)[number];
  active?: 'true' | 'false';
  orgUnitId?: string;
}

/**
 * 用户管理 (UI.md §5): the users of the admin's unit and below, searched by 姓名, 用户名 or 学校 and filtered
 * by 角色, 层级, 状态 and 单位, a page at a time with the total; filters and page live in the URL (UI.md
 * §1.5). Toolbar 「新建用户」「导入」「导出」; row actions 详情 · 编辑角色 · 更多 (教师档案, 停用/启用, 调动, 重置密码,
 * 语言, 删除个人信息). The admin's own row offers none of the actions that DOMAIN.md keeps from oneself.
 */
export default function UsersPage() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Filters>();
  const [creating, setCreating] = useState(false);
  const [action, setAction] = useState<UserAction | null>(null);
  const [details, setDetails] = useState<UserRow | null>(null);
  const [exporting, setExporting] = useState(false);
  const units = useUnitsInScope();
  const screens = Grid.useBreakpoint();

  const filters: Filters = {
    q: params.get('q') || undefined,
    role: (params.get('role') as Role) || undefined,
    tier: (params.get('tier') as Filters['tier']) || undefined,
    active: (params.get('active') as Filters['active']) || undefined,
    orgUnitId: params.get('orgUnitId') || undefined,
  };
  const pageSize = PAGE_SIZES.includes(Number(params.get('size'))) ? Number(params.get('size')) : 20;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const users = useUsers({ ...filters, limit: pageSize, offset: (page - 1) * pageSize });
  const tree = useMemo(() => unitTree(units.data ?? [], (l) => label(t.levels, l)), [units.data, t.levels]);

  const setQuery = (next: Filters & { page?: number; size?: number }) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(next))
      if (v !== undefined && v !== '' && v !== null) p.set(k, String(v));
    setParams(p);
  };

  const search = (values: Filters) =>
    setQuery({ ...values, q: values.q?.trim() || undefined, size: pageSize === 20 ? undefined : pageSize });

  /** 导出 (UI.md §1.11): every row the current filters show, as .xlsx with Chinese headers. */
  const exportXlsx = async () => {
    setExporting(true);
    try {
      const rows: UserRow[] = [];
      for (let offset = 0; ; offset += 200) {
        const batch = await listUsers({ ...filters, limit: 200, offset });
        rows.push(...batch.items);
        if (batch.items.length === 0 || rows.length >= batch.total) break;
      }
      const { Workbook } = (await import('exceljs')).default;
      const book = new Workbook();
      const sheet = book.addWorksheet(t.people.title);
      const c = t.people.columns;
      sheet.columns = [
        { header: c.displayName, key: 'name', width: 24 },
        { header: c.username, key: 'username', width: 18 },
        { header: c.school, key: 'school', width: 36 },
        { header: c.roles, key: 'roles', width: 24 },
        { header: c.tier, key: 'tier', width: 12 },
        { header: c.subject, key: 'subject', width: 16 },
        { header: c.status, key: 'status', width: 10 },
        { header: c.locale, key: 'locale', width: 12 },
      ];
      sheet.getRow(1).font = { bold: true };
      for (const u of rows) {
        sheet.addRow({
          name: shownName(u.displayName, t.people.erased),
          username: u.username,
          school: u.schoolName ?? u.orgUnitName ?? '',
          roles: u.roles.map((r) => label(t.roles, r)).join('、'),
          tier: u.tier ? label(t.tiers, u.tier) : '',
          subject: u.subject ?? '',
          status: u.active ? t.people.active : t.people.inactive,
          locale: label(t.language as Record<string, string>, u.locale),
        });
      }
      const buffer = await book.xlsx.writeBuffer();
      const blob = new Blob([buffer], {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${t.people.title}_${beijing(Date.now()).format('YYYYMMDD-HHmm')}.xlsx`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      void message.success(t.people.exported(rows.length));
    } catch {
      void message.error(t.errors.network);
    } finally {
      setExporting(false);
    }
  };

  if (users.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (users.isError) return <ErrorResult error={users.error} onRetry={() => void users.refetch()} />;
  const data = users.data;
  const filtered = Object.values(filters).some((v) => v !== undefined);

  const actionsFor = (u: UserRow) => {
    const self = u.id === me.id;
    const erased = u.displayName === ERASED_NAME;
    const items = [
      ...(u.roles.includes('teacher') && !self ? [{ key: 'record', label: t.people.actions.record }] : []),
      ...(!self && !erased
        ? [
            u.active
              ? { key: 'deactivate', label: t.people.actions.deactivate, danger: true }
              : { key: 'reactivate', label: t.people.actions.reactivate },
          ]
        : []),
      ...(!self && u.active ? [{ key: 'transfer', label: t.people.actions.transfer }] : []),
      ...(u.active && !erased ? [{ key: 'resetPassword', label: t.people.actions.resetPassword }] : []),
      ...(u.active ? [{ key: 'locale', label: t.people.actions.locale }] : []),
      ...(!self && !erased ? [{ key: 'erase', label: t.people.actions.erase, danger: true }] : []),
    ];
    return (
      <Flex gap={8} wrap={false}>
        <Typography.Link onClick={() => setDetails(u)}>{t.people.actions.details}</Typography.Link>
        {!self && u.active ? (
          <Typography.Link onClick={() => setAction({ kind: 'roles', user: u })}>
            {t.people.actions.roles}
          </Typography.Link>
        ) : null}
        {items.length > 0 ? (
          <Dropdown
            trigger={['click']}
            menu={{
              items,
              onClick: ({ key }) =>
                key === 'record'
                  ? void navigate(`/admin/teachers/${u.id}`)
                  : setAction({ kind: key as UserAction['kind'], user: u }),
            }}
          >
            <Typography.Link aria-label={`${t.common.more} ${u.username}`}>
              {t.common.more} <DownOutlined style={{ fontSize: 10 }} />
            </Typography.Link>
          </Dropdown>
        ) : null}
      </Flex>
    );
  };

  return (
    <PageContainer
      title={t.people.title}
      subTitle={t.people.subTitle}
      breadcrumb={[{ title: t.people.title }]}
      refreshing={users.isFetching}
      extra={
        <>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t.people.create}
          </Button>
          <Link to="/admin/users/import">
            <Button icon={<UploadOutlined />}>{t.people.import}</Button>
          </Link>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
            {exporting ? t.people.exporting : t.people.export}
          </Button>
        </>
      }
    >
      <Card style={{ marginBottom: 16 }}>
        <Form<Filters>
          form={form}
          layout="vertical"
          initialValues={filters}
          onFinish={search}
          aria-label={t.common.filter}
        >
          <Row gutter={16}>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="q" label={t.people.keyword}>
                <Input allowClear placeholder={t.people.keywordPlaceholder} maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="role" label={t.people.role}>
                <Select
                  allowClear
                  placeholder={t.people.anyValue}
                  options={ROLE_ORDER.map((r) => ({ value: r, label: label(t.roles, r) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="tier" label={t.people.tier}>
                <Select
                  allowClear
                  placeholder={t.people.anyValue}
                  options={TIERS.map((r) => ({ value: r, label: label(t.tiers, r) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="active" label={t.people.status}>
                <Select
                  allowClear
                  placeholder={t.people.anyValue}
                  options={[
                    { value: 'true', label: t.people.active },
                    { value: 'false', label: t.people.inactive },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={12} xl={7}>
              <Form.Item name="orgUnitId" label={t.people.unit}>
                <TreeSelect
                  allowClear
                  showSearch
                  treeNodeFilterProp="title"
                  treeDefaultExpandAll
                  placeholder={t.people.anyValue}
                  treeData={tree}
                />
              </Form.Item>
            </Col>
          </Row>
          <Flex gap={8} justify="flex-end">
            <Button
              onClick={() => {
                form.resetFields();
                form.setFieldsValue({
                  q: undefined,
                  role: undefined,
                  tier: undefined,
                  active: undefined,
                  orgUnitId: undefined,
                });
                setQuery({});
              }}
            >
              {t.common.reset}
            </Button>
            <Button type="primary" htmlType="submit">
              {t.common.search}
            </Button>
          </Flex>
        </Form>
      </Card>
      <Card>
        <Table<UserRow>
          rowKey="id"
          dataSource={data.items}
          scroll={{ x: 1060 }}
          pagination={{
            current: page,
            pageSize,
            total: data.total,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: t.common.total,
            placement: ['bottomEnd'],
            onChange: (p, size) =>
              setQuery({ ...filters, page: p === 1 ? undefined : p, size: size === 20 ? undefined : size }),
          }}
          locale={{
            emptyText: filtered ? (
              <EmptyState description={t.people.noMatch} />
            ) : (
              <EmptyState
                description={t.people.empty}
                action={
                  <Button type="primary" onClick={() => setCreating(true)}>
                    {t.people.create}
                  </Button>
                }
              />
            ),
          }}
          columns={[
            {
              title: t.people.columns.displayName,
              fixed: 'left',
              width: 170,
              render: (_: unknown, u) => (
                <Flex vertical>
                  <Typography.Link onClick={() => setDetails(u)}>
                    {shownName(u.displayName, t.people.erased)}
                  </Typography.Link>
                  {u.id === me.id ? <Tag style={{ width: 'fit-content' }}>{t.people.self}</Tag> : null}
                </Flex>
              ),
            },
            { title: t.people.columns.username, dataIndex: 'username', width: 120 },
            {
              title: t.people.columns.school,
              width: 210,
              render: (_: unknown, u) => u.schoolName ?? u.orgUnitName ?? t.common.none,
            },
            {
              title: t.people.columns.roles,
              width: 180,
              render: (_: unknown, u) => (
                <Flex gap={4} wrap>
                  {u.roles.map((r) => (
                    <Tag key={r}>{label(t.roles, r)}</Tag>
                  ))}
                </Flex>
              ),
            },
            {
              title: t.people.columns.tier,
              width: 100,
              render: (_: unknown, u) => (u.tier ? label(t.tiers, u.tier) : t.common.none),
            },
            {
              title: t.people.columns.subject,
              width: 110,
              render: (_: unknown, u) => u.subject ?? t.common.none,
            },
            {
              title: t.people.columns.status,
              width: 90,
              render: (_: unknown, u) =>
                u.active ? <Tag color="success">{t.people.active}</Tag> : <Tag>{t.people.inactive}</Tag>,
            },
            {
              title: t.common.actions,
              // At 390 px a fixed action column would hide the rest: it scrolls with the row there.
              fixed: screens.md ? 'right' : undefined,
              width: 190,
              render: (_: unknown, u) => actionsFor(u),
            },
          ]}
        />
      </Card>
      <CreateUserDrawer open={creating} onClose={() => setCreating(false)} tree={tree} />
      <UserActionModal action={action} onClose={() => setAction(null)} tree={tree} />
      <UserDetailsDrawer
        user={details}
        onClose={() => setDetails(null)}
        onAction={(a) => {
          setAction(a);
        }}
      />
    </PageContainer>
  );
}
