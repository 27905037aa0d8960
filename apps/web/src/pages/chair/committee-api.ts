import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Schemas } from '../../api/types';

/**
 * The reads the reviewer's and the chair's pages share, typed from the API's OpenAPI document (no casts):
 * the policy in force, the board, the reviewer candidates of an application and the org units in scope.
 */
export type Policy = Schemas['Policy'];
export type BoardItem = Schemas['Board']['items'][number];
export type Candidate = Schemas['ReviewerCandidates']['items'][number];
export type QueueItem = Schemas['ReviewQueue']['items'][number];
export type OrgUnit = Schemas['OrgUnit'];

export function usePolicy() {
  return useQuery({
    queryKey: ['policy', 'current'],
    queryFn: () => unwrap(api.GET('/api/policies/current', {})),
    staleTime: 5 * 60_000,
  });
}

export function useBoard() {
  return useQuery({
    queryKey: ['board'],
    queryFn: () => unwrap(api.GET('/api/board', { params: { query: { limit: '100' } } })),
  });
}

export function useCandidates(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['application', id, 'candidates'],
    enabled: !!id && enabled,
    queryFn: () =>
      unwrap(api.GET('/api/applications/{id}/reviewer-candidates', { params: { path: { id: id! } } })),
  });
}

/**
 * One tab of my review queue (待评审: not submitted, 已提交: submitted), in the API's keyset pages of 50
 * by due date; `fetchNextPage` loads the page after the last one while `hasNextPage`.
 */
export function useReviewQueue(submitted: boolean) {
  return useInfiniteQuery({
    queryKey: ['review-queue', submitted ? 'done' : 'todo'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/review-queue', {
          params: { query: { submitted: submitted ? 'true' : 'false', cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** My org unit and everything below it, by id (names for the tables, choices for a new call). */
export function useOrgUnits() {
  return useQuery({
    queryKey: ['org-units', 'mine'],
    queryFn: async () =>
      (await unwrap(api.GET('/api/org-units', { params: { query: { limit: 500 } } }))).items,
    staleTime: 10 * 60_000,
  });
}

/** seed 003 §七(二): ≥90 优秀, ≥80 良好, ≥60 合格, below 不合格 — with the policy's own thresholds. */
export function gradeOf(score: number, thresholds: Policy['gradeThresholds'] | undefined): string {
  const th = thresholds ?? { excellent: 90, good: 80, qualified: 60 };
  if (score >= th.excellent) return 'excellent';
  if (score >= th.good) return 'good';
  if (score >= th.qualified) return 'qualified';
  return 'unqualified';
}
