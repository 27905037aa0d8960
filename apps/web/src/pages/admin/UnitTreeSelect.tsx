import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { OrgUnit } from '../chair/committee-api';

interface Node {
  value: string;
  title: string;
  children: Node[];
}

/** The admin's units as a tree (市 → 区县 → 学校): roots are the units whose parent is outside the list. */
export function unitTree(units: OrgUnit[]): Node[] {
  const nodes = new Map(units.map((u) => [u.id, { value: u.id, title: u.name, children: [] as Node[] }]));
  const roots: Node[] = [];
  for (const u of [...units].sort((a, b) => a.path.localeCompare(b.path))) {
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    (parent ? parent.children : roots).push(nodes.get(u.id)!);
  }
  return roots;
}

/** The chain of units from the top of the admin's tree down to `id` (for the drill-down breadcrumb). */
export function unitChain(units: OrgUnit[], id: string | undefined): OrgUnit[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const chain: OrgUnit[] = [];
  for (let u = id ? byId.get(id) : undefined; u; u = u.parentId ? byId.get(u.parentId) : undefined)
    chain.unshift(u);
  return chain;
}

/** The unit picker of the admin's pages (UI.md §5: 「单位 TreeSelect」), limited to their subtree. */
export function UnitTreeSelect(props: {
  units: OrgUnit[];
  value: string | undefined;
  onChange: (id: string) => void;
  label: string;
}) {
  const tree = useMemo(() => unitTree(props.units), [props.units]);
  return (
    <TreeSelect
      aria-label={props.label}
      data-testid="unit-select"
      style={{ width: '100%', maxWidth: 320, minWidth: 200 }}
      treeData={tree}
      value={props.value}
      onChange={(v: string) => props.onChange(v)}
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      popupMatchSelectWidth={false}
    />
  );
}
