import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Schemas } from '../../api/types';

/** 名优教师工作室 (seed 000 §五(三); DOMAIN.md "Mentorship and studios"): what the studio pages read. */
export type StudioListItem = Schemas['StudioList']['items'][number];
export type UnfoundedStudio = Schemas['StudioList']['unfounded'][number];
export type Studio = Schemas['StudioDetail'];

export const STUDIO_LIMIT = 100;

/** My studios (`mine`) or, for an office, those of its unit and below with the approvals not yet founded. */
export function useStudios(mine: boolean) {
  return useQuery({
    queryKey: ['studios', mine ? 'mine' : 'office'],
    queryFn: () =>
      unwrap(
        api.GET('/api/studios', {
          params: { query: { ...(mine ? { mine: '1' as const } : {}), limit: String(STUDIO_LIMIT) } },
        }),
      ),
  });
}

export function useStudio(id: string) {
  return useQuery({
    queryKey: ['studios', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/studios/{id}', { params: { path: { id } } })),
  });
}
