import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Skeleton,
  Table,
  Tree,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { invalidShown, useCommand } from '../../components/useCommand';
import { label, useI18n } from '../../i18n/locale';
import { useOrgUnit, type OrgUnit } from './people-api';

/** DOMAIN.md "Organisation": four levels, each unit exactly one level below its parent; none under a school. */
const CHILD_LEVEL: Record<OrgUnit['level'], OrgUnit['level'] | null> = {
  province: 'city',
  city: 'district',
  district: 'school',
  school: null,
};

function useChildren(parent: string | undefined) {
  return useQuery({
    queryKey: ['org-units', 'children', parent],
    enabled: !!parent,
    queryFn: async () =>
      (await unwrap(api.GET('/api/org-units', { params: { query: { parent: parent!, limit: 500 } } }))).items,
  });
}

interface UnitNode {
  key: string;
  title: string;
  isLeaf: boolean;
  children?: UnitNode[];
}

/** The tree from the admin's own unit down, each branch read when first opened (`GET /api/org-units?parent=`). */
function UnitTree({
  root,
  selected,
  onSelect,
}: {
  root: OrgUnit;
  selected: string;
  onSelect: (id: string) => void;
}) {
  const { t } = useI18n();
  const toNode = (u: OrgUnit): UnitNode => ({
    key: u.id,
    title: `${u.name}（${label(t.levels, u.level)}）`,
    isLeaf: u.level === 'school',
  });
  const [nodes, setNodes] = useState<UnitNode[]>(() => [toNode(root)]);
  const attach = (list: UnitNode[], key: string, children: UnitNode[]): UnitNode[] =>
    list.map((n) =>
      n.key === key
        ? { ...n, children, isLeaf: children.length === 0 && n.isLeaf }
        : n.children
          ? { ...n, children: attach(n.children, key, children) }
          : n,
    );
  const loadData = async (node: { key: React.Key }) => {
    const items = (
      await unwrap(api.GET('/api/org-units', { params: { query: { parent: String(node.key), limit: 500 } } }))
    ).items;
    setNodes((prev) => attach(prev, String(node.key), items.map(toNode)));
  };
  return (
    <Tree<UnitNode>
      blockNode
      showLine
      treeData={nodes}
      loadData={loadData}
      defaultExpandedKeys={[root.id]}
      selectedKeys={[selected]}
      onSelect={(keys) => {
        if (keys[0]) onSelect(String(keys[0]));
      }}
    />
  );
}

/**
 * 组织机构 (UI.md §5): the tree 省 → 市 → 区县 → 学校 from the admin's own unit down, each branch read when
 * opened; the selected unit's Descriptions and its children on the right; 「新建下级单位」 at the level below
 * (DOMAIN.md "Organisation"), never under a school.
 */
export default function OrgUnitsPage() {
  const { t } = useI18n();
  const o = t.orgUnitsPage;
  const me = useMe();
  const root = useOrgUnit(me.orgUnit);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  // A new unit shows in the tree once it is read again: the tree is rebuilt after each creation.
  const [treeVersion, setTreeVersion] = useState(0);
  const [form] = Form.useForm<{ name: string }>();
  const queryClient = useQueryClient();
  const selected = useOrgUnit(selectedId ?? me.orgUnit);
  const unit = selected.data;
  const children = useChildren(unit && unit.level !== 'school' ? unit.id : undefined);
  const parent = useOrgUnit(unit?.parentId ?? undefined);
  const childLevel = unit ? CHILD_LEVEL[unit.level] : null;

  const create = useCommand<{ name: string }>({
    form,
    run: (v, key) =>
      unwrap(
        api.POST('/api/org-units', {
          params: { header: { 'Idempotency-Key': key } },
          body: { name: v.name.trim(), level: childLevel!, parentId: unit!.id },
        }),
      ),
    invalidate: [['org-units']],
    successMessage: o.created,
    onSuccess: () => {
      form.resetFields();
      setCreating(false);
      setTreeVersion((v) => v + 1);
      void queryClient.invalidateQueries({ queryKey: ['org-units', 'children', unit!.id] });
    },
  });

  if (root.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (root.isError) return <ErrorResult error={root.error} onRetry={() => void root.refetch()} />;

  const createButton = (primary: boolean) =>
    childLevel ? (
      <Button
        type={primary ? 'primary' : 'default'}
        icon={<PlusOutlined />}
        onClick={() => setCreating(true)}
      >
        {o.create}
      </Button>
    ) : null;

  return (
    <PageContainer
      title={o.title}
      subTitle={o.subTitle}
      breadcrumb={[{ title: o.title }]}
      refreshing={selected.isFetching}
      extra={createButton(true)}
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card title={o.tree}>
            <UnitTree
              key={treeVersion}
              root={root.data}
              selected={selectedId ?? me.orgUnit}
              onSelect={setSelectedId}
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card title={o.details}>
            {!unit ? (
              <Skeleton active />
            ) : (
              <>
                <Descriptions column={1} bordered size="small" style={{ marginBottom: 16 }}>
                  <Descriptions.Item label={o.name}>{unit.name}</Descriptions.Item>
                  <Descriptions.Item label={o.level}>{label(t.levels, unit.level)}</Descriptions.Item>
                  <Descriptions.Item label={o.parent}>
                    {unit.parentId ? (parent.data?.name ?? t.common.none) : t.common.none}
                  </Descriptions.Item>
                  <Descriptions.Item label={o.children}>
                    {unit.level === 'school' ? o.noChildrenAllowed : o.childCount(children.data?.length ?? 0)}
                  </Descriptions.Item>
                </Descriptions>
                <Link to={`/admin/users?orgUnitId=${unit.id}`}>
                  <Button style={{ marginBottom: 16 }}>{o.users}</Button>
                </Link>
                {unit.level === 'school' ? null : (
                  <Table<OrgUnit>
                    rowKey="id"
                    size="small"
                    loading={children.isPending}
                    dataSource={children.data ?? []}
                    pagination={false}
                    locale={{ emptyText: <EmptyState description={o.empty} action={createButton(true)} /> }}
                    onRow={(u) => ({ onClick: () => setSelectedId(u.id), style: { cursor: 'pointer' } })}
                    columns={[
                      {
                        title: o.name,
                        dataIndex: 'name',
                        render: (v: string, u) => (
                          <Typography.Link onClick={() => setSelectedId(u.id)}>{v}</Typography.Link>
                        ),
                      },
                      {
                        title: o.level,
                        dataIndex: 'level',
                        width: 100,
                        render: (l: string) => label(t.levels, l),
                      },
                    ]}
                  />
                )}
              </>
            )}
          </Card>
        </Col>
      </Row>
      <Modal
        open={creating}
        title={unit && childLevel ? o.createTitle(label(t.levels, childLevel), unit.name) : o.create}
        okText={t.common.submit}
        okButtonProps={{ loading: create.isPending }}
        cancelText={t.common.cancel}
        onOk={() => void form.validateFields().then((v) => create.mutate(v), invalidShown)}
        onCancel={() => setCreating(false)}
        destroyOnHidden
        focusable={{ focusTriggerAfterClose: true }}
      >
        <ProblemAlert error={create.error} />
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item label={o.level}>
            <Typography.Text>{childLevel ? label(t.levels, childLevel) : t.common.none}</Typography.Text>
          </Form.Item>
          <Form.Item
            name="name"
            label={o.name}
            extra={o.nameHelp}
            rules={[
              { required: true, whitespace: true, message: o.nameRequired },
              { max: 100, message: o.nameRequired },
            ]}
          >
            <Input maxLength={100} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
