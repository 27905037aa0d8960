import { useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Me, Schemas } from '../../api/types';
import type { Messages } from '../../i18n/zh-CN';

/**
 * The reads 导师带教 shares between its list and its detail (UI.md §2): my pairings as mentor or mentee
 * (`GET /api/mentorships?mine=1`) and one pairing with its meetings (`GET /api/mentorships/{id}`).
 */
export type Pairing = Schemas['MentorshipList']['items'][number];
export type PairingDetail = Schemas['MentorshipDetail'];

export const LIST_LIMIT = 100;
/** The API's cap on meetings per pairing (mentorship.decider.ts MEETINGS_MAX). */
export const MEETINGS_MAX = 500;
export const NOTES_MAX = 2000;

export const STATUS_COLOR: Record<Pairing['status'], 'processing' | 'success' | 'default'> = {
  active: 'processing',
  signed_off: 'success',
  ended: 'default',
};

export function useMyPairings() {
  return useQuery({
    queryKey: ['mentorships', 'mine'],
    queryFn: () =>
      unwrap(api.GET('/api/mentorships', { params: { query: { mine: '1', limit: String(LIST_LIMIT) } } })),
  });
}

export function usePairing(id: string | undefined) {
  return useQuery({
    queryKey: ['mentorships', 'detail', id],
    enabled: !!id,
    queryFn: () => unwrap(api.GET('/api/mentorships/{id}', { params: { path: { id: id! } } })),
  });
}

/** What the identity directory shows instead of an erased person's name (personal-data.ts). */
const ERASED_NAME = '[erased]';
export const personName = (name: string | null, t: Messages) =>
  name === null ? t.common.none : name === ERASED_NAME ? t.people.erased : name;

/** Which side of the pairing I am on: the mentor, else the mentee. */
export const iMentor = (p: Pick<Pairing, 'mentorId'>, me: Pick<Me, 'id'>) => p.mentorId === me.id;

/**
 * The names of the schools the pairings name. My own unit's name comes with my session; any other is
 * read from `GET /api/org-units/{id}`, which shows the units on my branch of the tree — one the API does
 * not show me stays 「—」 rather than an id (UI.md §1.3: an absent value is 「—」).
 */
export function useUnitNames(me: Pick<Me, 'orgUnit' | 'orgUnitName'>, unitIds: (string | null)[]) {
  const others = [...new Set(unitIds.filter((u): u is string => !!u && u !== me.orgUnit))];
  const results = useQueries({
    queries: others.map((id) => ({
      queryKey: ['org-units', id],
      retry: false,
      staleTime: 10 * 60_000,
      queryFn: () => unwrap(api.GET('/api/org-units/{id}', { params: { path: { id } } })),
    })),
  });
  const names = new Map<string, string>();
  if (me.orgUnitName) names.set(me.orgUnit, me.orgUnitName);
  others.forEach((id, i) => {
    const name = results[i]?.data?.name;
    if (name) names.set(id, name);
  });
  return (id: string | null) => (id ? names.get(id) : undefined);
}

/** Whether the mentor may sign off now: active, not signed, and the year is over (from `yearEndsAt`). */
export const signOffOpen = (p: Pairing, now = Date.now()) =>
  p.status === 'active' && !p.signedOffAt && new Date(p.yearEndsAt).getTime() <= now;
