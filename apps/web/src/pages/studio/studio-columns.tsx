import { Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/locale';
import { shownName } from '../admin/people-api';
import type { StudioListItem } from './studio-api';

/**
 * The columns 我的工作室 and 工作室管理 share (UI.md §2, §5), by name; each page puts its own (我的身份,
 * 所属单位) between them.
 */
export function useStudioColumns() {
  const { t, fmt } = useI18n();
  const s = t.studios;
  const columns = {
    name: {
      title: s.name,
      fixed: 'left',
      width: 200,
      render: (_: unknown, r) => <Link to={`/studios/${r.id}`}>{r.name}</Link>,
    },
    subject: { title: s.subject, width: 110, dataIndex: 'subject' },
    leader: {
      title: s.leader,
      width: 120,
      render: (_: unknown, r) => shownName(r.leaderName ?? t.common.none, t.people.erased),
    },
    memberCount: { title: s.memberCount, width: 80, align: 'right', dataIndex: 'memberCount' },
    foundedAt: { title: s.foundedAt, width: 120, render: (_: unknown, r) => fmt.date(r.foundedAt) },
    status: {
      title: s.status,
      width: 90,
      render: (_: unknown, r) => (
        <Tag color={r.closed ? undefined : 'success'}>{s.statuses[r.closed ? 'closed' : 'open']}</Tag>
      ),
    },
  } satisfies Record<string, ColumnsType<StudioListItem>[number]>;
  return columns;
}
