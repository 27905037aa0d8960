import { Breadcrumb, Flex, Space, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../i18n/locale';

/**
 * A page's frame (UI.md §1.1): breadcrumb, the title on the left and the page's one primary action
 * (with its secondary ones beside it) on the right, then the content. `refreshing` shows the small
 * spinner a refetch gets while the data stays on screen (UI.md §1.8).
 */
export function PageContainer(props: {
  title: ReactNode;
  subTitle?: ReactNode;
  breadcrumb?: { title: ReactNode; to?: string }[];
  extra?: ReactNode;
  refreshing?: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const crumbs = [{ title: t.nav.home, to: '/' }, ...(props.breadcrumb ?? [])];
  return (
    <div className="page">
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={crumbs.map((c) => ({ title: c.to ? <Link to={c.to}>{c.title}</Link> : c.title }))}
      />
      <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 16 }}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {props.title} {props.refreshing ? <Spin size="small" /> : null}
          </Typography.Title>
          {props.subTitle ? <Typography.Text type="secondary">{props.subTitle}</Typography.Text> : null}
        </div>
        {props.extra ? <Space wrap>{props.extra}</Space> : null}
      </Flex>
      {props.children}
    </div>
  );
}
