import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { isApiError } from '../../api/problem';
import { useMe } from '../../app/session';
import { ConfirmPending } from '../../components/ConfirmAction';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { invalidShown, useCommand } from '../../components/useCommand';
import { toBeijingIso } from '../../i18n/format';
import { label, useI18n } from '../../i18n/locale';
import {
  POLICY_GROUP_ORDER,
  policyGroupOf,
  policyItemLabel,
  policyLeaves,
  policyValue,
  usePolicyVersions,
  useUnits,
  type PolicyChange,
  type PolicyVersion,
} from './console-api';

const STATUS_COLOUR: Record<string, string> = {
  in_force: 'success',
  scheduled: 'processing',
  superseded: 'default',
};

interface PublishForm {
  policy: PolicyVersion['policy'];
  effectiveFrom: Dayjs;
}

/** antd's name path of a policy leaf: `rubric.dimensions.0.label` → ['policy', 'rubric', 'dimensions', 0, 'label']. */
const namePath = (path: string) => [
  'policy',
  ...path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
];

/**
 * 政策配置 (UI.md §5; DOMAIN.md preamble: numbers are versioned configuration an admin can change): the
 * version in force in grouped Descriptions, every version with its effective time, a readable diff of two
 * versions grouped as the page groups them, and — for the admins of the city or province office, who
 * alone publish — 「发布新版本」: the same groups as a form prefilled from the version in force, with a
 * version name and a future effective time. The API's field errors land under the fields; its policy
 * problems (numbers that do not fit together) come back as sentences, listed on top.
 */
export default function PolicyPage() {
  const { t, fmt } = useI18n();
  const p = t.officeConsole.policy;
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const units = useUnits(me.orgUnit);
  const versions = usePolicyVersions();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState<PublishForm | null>(null);
  const [pair, setPair] = useState<{ from?: string; to?: string }>({});
  const [form] = Form.useForm<PublishForm>();
  const mayPublish = ['city', 'province'].includes(units.mine?.level ?? '');

  const items = versions.data?.items ?? [];
  const from = pair.from ?? items[items.length - 2]?.version;
  const to = pair.to ?? items[items.length - 1]?.version;
  const diff = useQuery({
    queryKey: ['policy', 'diff', from, to],
    enabled: !!from && !!to && items.length > 1,
    queryFn: () => unwrap(api.GET('/api/policies/diff', { params: { query: { from: from!, to: to! } } })),
  });

  const publish = useCommand<PublishForm>({
    form,
    run: (v, key) =>
      unwrap(
        api.POST('/api/policies', {
          params: { header: { 'Idempotency-Key': key } },
          body: { policy: v.policy, effectiveFrom: toBeijingIso(v.effectiveFrom) },
        }),
      ),
    invalidate: [['policy']],
    successMessage: p.published,
    onSuccess: () => {
      setOpen(false);
      setConfirming(null);
      form.resetFields();
    },
  });

  if (versions.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (versions.isError) return <ErrorResult error={versions.error} onRetry={() => void versions.refetch()} />;
  const current = items.find((v) => v.status === 'in_force') ?? items[0]!;
  const leaves = [...policyLeaves(current.policy)];
  const grouped = POLICY_GROUP_ORDER.filter((g) => g !== 'version').map((g) => ({
    group: g,
    leaves: leaves.filter(([path]) => policyGroupOf(path) === g),
  }));

  const openForm = () => {
    form.setFieldsValue({ policy: { ...current.policy, version: '' } });
    publish.reset();
    setOpen(true);
  };

  // A policy problem (invalid_policy) is a list of sentences: one line each, above the form.
  const problemLines =
    isApiError(publish.error) && publish.error.code === 'invalid_policy'
      ? publish.error.problem.detail
          .replace(/^[^：:]*[：:]\s*/, '')
          .split(/[；;]\s*/)
          .filter(Boolean)
      : null;

  return (
    <PageContainer
      title={p.title}
      subTitle={p.inForce(current.version)}
      refreshing={versions.isFetching}
      extra={
        mayPublish ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={openForm}>
            {p.publish}
          </Button>
        ) : undefined
      }
    >
      {!mayPublish && units.mine ? (
        <Alert type="info" showIcon title={p.readOnly} style={{ marginBottom: 16 }} />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={p.versions} style={{ marginBottom: 16 }}>
            <Table<PolicyVersion>
              rowKey="version"
              dataSource={[...items].reverse()}
              pagination={false}
              size="small"
              scroll={{ x: 560 }}
              columns={[
                { title: p.columns.version, dataIndex: 'version', fixed: 'left', width: 150 },
                {
                  title: p.columns.effectiveFrom,
                  width: 160,
                  render: (_: unknown, v) =>
                    v.publishedBy === null ? p.builtIn : fmt.dateTime(v.effectiveFrom),
                },
                {
                  title: p.columns.publishedAt,
                  width: 150,
                  render: (_: unknown, v) =>
                    v.publishedBy === null ? t.common.none : fmt.dateTime(v.publishedAt),
                },
                {
                  title: p.columns.status,
                  width: 90,
                  render: (_: unknown, v) => (
                    <Tag color={STATUS_COLOUR[v.status]}>{label(p.status, v.status)}</Tag>
                  ),
                },
              ]}
            />
          </Card>
          <Card title={p.diff} data-testid="policy-diff">
            {items.length < 2 ? (
              <EmptyState
                description={p.diffOnlyOne}
                action={
                  mayPublish ? (
                    <Button type="primary" onClick={openForm}>
                      {p.publish}
                    </Button>
                  ) : undefined
                }
              />
            ) : (
              <>
                <Space wrap style={{ marginBottom: 16 }}>
                  <Select
                    aria-label={p.diffFrom}
                    prefix={p.diffFrom}
                    value={from}
                    style={{ minWidth: 200 }}
                    onChange={(v) => setPair({ from: v, to })}
                    options={items.map((v) => ({ value: v.version, label: v.version }))}
                  />
                  <Select
                    aria-label={p.diffTo}
                    prefix={p.diffTo}
                    value={to}
                    style={{ minWidth: 200 }}
                    onChange={(v) => setPair({ from, to: v })}
                    options={items.map((v) => ({ value: v.version, label: v.version }))}
                  />
                </Space>
                {diff.isError ? (
                  <ErrorResult error={diff.error} />
                ) : (
                  <Table<PolicyChange>
                    rowKey="path"
                    loading={diff.isPending}
                    dataSource={diff.data?.changes ?? []}
                    pagination={false}
                    size="small"
                    scroll={{ x: 520 }}
                    locale={{ emptyText: <EmptyState description={p.diffEmpty} /> }}
                    columns={[
                      {
                        title: p.diffColumns.item,
                        fixed: 'left',
                        width: 220,
                        render: (_: unknown, ch) => (
                          <Space orientation="vertical" size={0}>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {label(p.groups, ch.group)}
                            </Typography.Text>
                            <span>{policyItemLabel(ch.path, t)}</span>
                          </Space>
                        ),
                      },
                      {
                        title: p.diffColumns.from,
                        width: 150,
                        render: (_: unknown, ch) => (
                          <Typography.Text delete type="secondary">
                            {policyValue(ch.from, t, fmt.number)}
                          </Typography.Text>
                        ),
                      },
                      {
                        title: p.diffColumns.to,
                        width: 150,
                        render: (_: unknown, ch) => (
                          <Typography.Text strong>{policyValue(ch.to, t, fmt.number)}</Typography.Text>
                        ),
                      },
                    ]}
                  />
                )}
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={`${p.current} · ${current.version}`}>
            {grouped.map(({ group, leaves: ls }) => (
              <Descriptions
                key={group}
                size="small"
                title={label(p.groups, group)}
                column={1}
                style={{ marginBottom: 16 }}
                items={ls.map(([path, v]) => ({
                  key: path,
                  label: policyItemLabel(path, t),
                  children: policyValue(v, t, fmt.number),
                }))}
              />
            ))}
          </Card>
        </Col>
      </Row>

      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={p.publishTitle}
        size={screens.md ? 640 : '100%'}
        destroyOnHidden={false}
        extra={
          <Button
            type="primary"
            loading={publish.isPending}
            onClick={() => void form.validateFields().then((v) => setConfirming(v), invalidShown)}
          >
            {p.publish}
          </Button>
        }
      >
        {problemLines ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            style={{ marginBottom: 16 }}
            title={p.problemsTitle}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {problemLines.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            }
          />
        ) : (
          <ProblemAlert error={publish.error} />
        )}
        <Form<PublishForm> form={form} layout="vertical">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name={['policy', 'version']}
                label={p.version}
                extra={p.versionHelp}
                rules={[
                  { required: true, whitespace: true, message: p.versionRequired },
                  { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, message: p.versionHelp },
                ]}
              >
                <Input maxLength={64} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="effectiveFrom"
                label={p.effectiveFrom}
                extra={p.effectiveHelp}
                rules={[
                  { required: true, message: p.effectiveRequired },
                  {
                    validator: (_, v?: Dayjs) =>
                      v && !v.isAfter(dayjs())
                        ? Promise.reject(new Error(p.effectiveFuture))
                        : Promise.resolve(),
                  },
                ]}
              >
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
          </Row>
          {grouped.map(({ group, leaves: ls }) => (
            <Card key={group} size="small" title={label(p.groups, group)} style={{ marginBottom: 12 }}>
              <Row gutter={16}>
                {ls.map(([path, v]) => (
                  <Col key={path} xs={24} md={12}>
                    <Form.Item
                      name={namePath(path)}
                      label={policyItemLabel(path, t)}
                      valuePropName={typeof v === 'boolean' ? 'checked' : 'value'}
                      rules={typeof v === 'boolean' ? [] : [{ required: true, message: t.common.required }]}
                    >
                      {typeof v === 'boolean' ? (
                        <Switch />
                      ) : typeof v === 'number' ? (
                        <InputNumber style={{ width: '100%' }} />
                      ) : (
                        <Input maxLength={200} />
                      )}
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </Card>
          ))}
        </Form>
      </Drawer>
      <ConfirmPending
        value={confirming}
        title={p.publishTitle}
        okText={p.publishConfirm}
        loading={publish.isPending}
        onClose={() => setConfirming(null)}
        onConfirm={(v) => publish.mutate(v)}
      >
        {(v) => p.publishContent(v.policy.version, fmt.dateTime(toBeijingIso(v.effectiveFrom)))}
      </ConfirmPending>
    </PageContainer>
  );
}
