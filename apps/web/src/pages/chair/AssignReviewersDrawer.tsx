import {
  Alert,
  Button,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorResult } from '../../components/ErrorResult';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TierTag } from '../../components/Tags';
import { useCommand } from '../../components/useCommand';
import { label, useI18n } from '../../i18n/locale';
import { useCandidates, usePolicy, type Candidate } from './committee-api';

/**
 * 指派评审 (UI.md §4): the reviewers of the committee's area with their school, tier and load, each
 * conflict of interest named (利益回避, DOMAIN.md "People and roles"). Choosing a conflicted reviewer
 * asks for the 豁免理由 under their row; one's own application can never be overridden. The candidates
 * come from the API, which computes the conflicts exactly as the assignment will.
 */
export function AssignReviewersDrawer(props: {
  applicationId: string;
  title: string;
  version?: number;
  open: boolean;
  onClose: () => void;
}) {
  const { t, fmt } = useI18n();
  const screens = Grid.useBreakpoint();
  const candidates = useCandidates(props.applicationId, props.open);
  const policy = usePolicy();
  const [selected, setSelected] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const [form] = Form.useForm<{ reasons: Record<string, string> }>();

  const assign = useCommand<{ reviewerId: string; overrideReason?: string }[]>({
    form,
    run: (reviewers, key) =>
      unwrap(
        api.POST('/api/applications/{id}/reviewers', {
          params: {
            path: { id: props.applicationId },
            header: {
              'Idempotency-Key': key,
              ...(props.version ? { 'If-Match': `"${props.version}"` } : {}),
            },
          },
          body: { reviewers },
        }),
      ),
    invalidate: [['application', props.applicationId], ['board']],
    successMessage: t.assign.done,
    onSuccess: () => {
      setSelected([]);
      form.resetFields();
      props.onClose();
    },
  });

  const items = candidates.data?.items ?? [];
  const byId = useMemo(() => new Map(items.map((c) => [c.id, c])), [items]);
  const needle = search.trim().toLowerCase();
  const shown = needle
    ? items.filter((c) => [c.displayName, c.school, c.subject].some((v) => v?.toLowerCase().includes(needle)))
    : items;
  const conflicted = selected.map((id) => byId.get(id)).filter((c): c is Candidate => !!c?.conflicts.length);
  const due = dayjs()
    .add(policy.data?.reviewDueDays ?? 14, 'day')
    .toISOString();

  const confirm = async () => {
    let values: { reasons?: Record<string, string> };
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows each missing reason under its field
    }
    assign.mutate(
      selected.map((id) => {
        const reason = values.reasons?.[id]?.trim();
        return byId.get(id)?.conflicts.length && reason
          ? { reviewerId: id, overrideReason: reason }
          : { reviewerId: id };
      }),
    );
  };

  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={`${t.assign.title}：${props.title}`}
      size={screens.md ? 760 : '100%'}
      destroyOnHidden
      extra={
        <Button
          type="primary"
          disabled={selected.length === 0}
          loading={assign.isPending}
          onClick={() => void confirm()}
        >
          {t.assign.confirm}
        </Button>
      }
    >
      {candidates.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : candidates.isError ? (
        <ErrorResult error={candidates.error} onRetry={() => void candidates.refetch()} />
      ) : (
        <Flex vertical gap={12}>
          <Alert
            type="info"
            showIcon
            title={t.assign.hint(candidates.data.quorum)}
            description={t.assign.dueHint(fmt.due(due))}
          />
          <ProblemAlert error={assign.error} />
          <Input.Search
            allowClear
            placeholder={t.assign.search}
            aria-label={t.assign.search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ maxWidth: 360 }}
          />
          <Table<Candidate>
            size="small"
            rowKey="id"
            dataSource={shown}
            pagination={false}
            scroll={{ x: 680 }}
            locale={{ emptyText: t.assign.empty }}
            rowClassName={(c) => (selected.includes(c.id) && c.conflicts.length ? 'row-conflicted' : '')}
            rowSelection={{
              selectedRowKeys: selected,
              onChange: (keys) => setSelected(keys as string[]),
              getCheckboxProps: (c) => ({
                disabled: c.assigned || c.removed || c.conflicts.includes('own_application'),
                'aria-label': c.displayName,
              }),
            }}
            columns={[
              {
                title: t.assign.columns.name,
                fixed: 'left',
                width: 170,
                render: (_: unknown, c) => (
                  <Flex vertical>
                    <span>{c.displayName}</span>
                    {c.assigned ? (
                      <Tag color="processing" style={{ alignSelf: 'flex-start' }}>
                        {t.assign.assigned}
                      </Tag>
                    ) : c.removed ? (
                      <Tag style={{ alignSelf: 'flex-start' }}>{t.assign.removed}</Tag>
                    ) : null}
                  </Flex>
                ),
              },
              {
                title: t.assign.columns.school,
                width: 170,
                render: (_: unknown, c) => c.school ?? t.common.none,
              },
              {
                title: t.assign.columns.tier,
                width: 100,
                render: (_: unknown, c) => <TierTag tier={c.tier} />,
              },
              {
                title: t.assign.columns.load,
                width: 80,
                align: 'right',
                render: (_: unknown, c) => c.openReviews,
              },
              {
                title: t.assign.columns.conflicts,
                width: 160,
                render: (_: unknown, c) =>
                  c.conflicts.length === 0 ? (
                    <Typography.Text type="secondary">{t.assign.noConflict}</Typography.Text>
                  ) : c.conflicts.includes('own_application') ? (
                    <Tag color="error">{t.assign.ownApplication}</Tag>
                  ) : (
                    <Space size={4} wrap>
                      {c.conflicts.map((k) => (
                        <Tag key={k} color="error">
                          {label(t.conflicts, k)}
                        </Tag>
                      ))}
                    </Space>
                  ),
              },
            ]}
          />
          <Typography.Text type="secondary">{t.assign.selected(selected.length)}</Typography.Text>
          <Form form={form} layout="vertical" preserve={false}>
            {conflicted.map((c) => (
              <Form.Item
                key={c.id}
                name={['reasons', c.id]}
                label={
                  <Space wrap>
                    {t.assign.overrideReason(c.displayName)}
                    {c.conflicts.map((k) => (
                      <Tag key={k} color="error">
                        {label(t.conflicts, k)}
                      </Tag>
                    ))}
                  </Space>
                }
                extra={t.assign.overrideHelp}
                rules={[
                  { required: true, whitespace: true, message: t.assign.overrideRequired },
                  { max: 2000, message: t.assign.overrideRequired },
                ]}
              >
                <Input.TextArea rows={3} maxLength={2000} showCount />
              </Form.Item>
            ))}
          </Form>
        </Flex>
      )}
    </Drawer>
  );
}
