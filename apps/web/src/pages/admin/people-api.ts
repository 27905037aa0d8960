import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Schemas } from '../../api/types';

/**
 * The reads the office's people pages share (UI.md §5 用户管理 · 组织机构 · 教师档案), typed from the API's
 * OpenAPI document.
 */
export type UserRow = Schemas['UserListItem'];
export type OrgUnit = Schemas['OrgUnit'];
export type UserQuery = NonNullable<Parameters<typeof listUsers>[0]>;

/** What the identity directory shows instead of an erased person's name (personal-data.ts). */
export const ERASED_NAME = '[erased]';

/** The user's name as the office may show it: an erased person's is gone (UI.md §5). */
export function shownName(name: string, erasedText: string): string {
  return name === ERASED_NAME ? erasedText : name;
}

export function listUsers(query: {
  q?: string;
  role?: UserRow['roles'][number];
  tier?: NonNullable<UserRow['tier']>;
  orgUnitId?: string;
  active?: 'true' | 'false';
  limit?: number;
  offset?: number;
}) {
  return unwrap(api.GET('/api/users', { params: { query } }));
}

export function useUsers(query: Parameters<typeof listUsers>[0]) {
  return useQuery({
    queryKey: ['users', query],
    queryFn: () => listUsers(query),
    placeholderData: (previous) => previous,
  });
}

export function useUser(id: string | undefined) {
  return useQuery({
    queryKey: ['user', id],
    enabled: !!id,
    queryFn: () => unwrap(api.GET('/api/users/{id}', { params: { path: { id: id! } } })),
  });
}

export function useUnitHistory(id: string | undefined) {
  return useQuery({
    queryKey: ['user', id, 'org-unit-history'],
    enabled: !!id,
    queryFn: () => unwrap(api.GET('/api/users/{id}/org-unit-history', { params: { path: { id: id! } } })),
  });
}

/** My unit and every unit below it (≤ 500), for the unit pickers. */
export function useUnitsInScope() {
  return useQuery({
    queryKey: ['org-units', 'mine'],
    queryFn: async () =>
      (await unwrap(api.GET('/api/org-units', { params: { query: { limit: 500 } } }))).items,
    staleTime: 60_000,
  });
}

export function useOrgUnit(id: string | undefined) {
  return useQuery({
    queryKey: ['org-unit', id],
    enabled: !!id,
    queryFn: () => unwrap(api.GET('/api/org-units/{id}', { params: { path: { id: id! } } })),
  });
}

export interface UnitTreeNode {
  value: string;
  title: string;
  key: string;
  level: OrgUnit['level'];
  children?: UnitTreeNode[];
}

/** The flat list as a tree for TreeSelect, rooted at the units whose parent is not in the list. */
export function unitTree(units: OrgUnit[], levelLabel: (level: string) => string): UnitTreeNode[] {
  const byParent = new Map<string | null, OrgUnit[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), u]);
  }
  const build = (parent: string | null): UnitTreeNode[] =>
    (byParent.get(parent) ?? []).map((u) => {
      const children = build(u.id);
      return {
        value: u.id,
        key: u.id,
        title: `${u.name}（${levelLabel(u.level)}）`,
        level: u.level,
        ...(children.length ? { children } : {}),
      };
    });
  return build(null);
}
