import { Empty } from 'antd';
import type { ReactNode } from 'react';

/**
 * An empty list says why it is empty and what to do next, with the button for that step (UI.md §1.9):
 * never a bare 「暂无数据」 on a page's main list.
 */
export function EmptyState({ description, action }: { description: ReactNode; action?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} style={{ padding: '24px 0' }}>
      {action}
    </Empty>
  );
}
