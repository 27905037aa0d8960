import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ApiError, type Problem } from '../../api/problem';
import type { Schemas } from '../../api/types';

/**
 * The admin's reads (统计报表 and 工作台, UI.md §5), typed from the API's OpenAPI document: each report
 * for a unit and school year, the dashboard, and the report's .xlsx as the API makes it.
 */
export const REPORTS = ['tiers', 'hours', 'credits', 'applications', 'overdue'] as const;
export type ReportName = (typeof REPORTS)[number];
export type Reports = {
  tiers: Schemas['TiersReport'];
  hours: Schemas['HoursReport'];
  credits: Schemas['CreditsReport'];
  applications: Schemas['ApplicationsReport'];
  overdue: Schemas['OverdueReport'];
};
export type Dashboard = Schemas['Dashboard'];

export function useReport<N extends ReportName>(name: N, orgUnit: string | undefined, schoolYear: string) {
  return useQuery({
    queryKey: ['reports', name, orgUnit, schoolYear],
    enabled: !!orgUnit,
    queryFn: async () =>
      (await unwrap(
        api.GET(`/api/reports/${name}` as '/api/reports/tiers', {
          params: { query: { orgUnit, schoolYear } },
        }),
      )) as unknown as Reports[N],
  });
}

export function useDashboard(orgUnit: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', orgUnit],
    enabled: !!orgUnit,
    queryFn: () => unwrap(api.GET('/api/dashboard', { params: { query: { orgUnit } } })),
  });
}

/** Downloads the report's .xlsx under the name the API gives it (统计报表_<报表>_YYYYMMDD-HHmm.xlsx). */
export async function downloadReport(name: ReportName, orgUnit: string, schoolYear: string): Promise<string> {
  const { data, error, response } = await api.GET('/api/reports/{name}/export', {
    params: { path: { name }, query: { orgUnit, schoolYear } } as never,
    parseAs: 'blob',
  });
  if (!response.ok || !data) {
    const problem: Problem =
      error && typeof error === 'object' && 'status' in error
        ? (error as Problem)
        : { type: 'about:blank', title: response.statusText || 'Error', status: response.status, detail: '' };
    throw new ApiError(response.status, problem, response);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const file = star ? decodeURIComponent(star[1]!) : `report-${name}.xlsx`;
  saveBlob(data as Blob, file);
  return file;
}

export function saveBlob(blob: Blob, file: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The school year (1 September – 31 August, Beijing time) of an instant, `2026-2027`. */
export function schoolYearOf(at: Date): string {
  const b = new Date(at.getTime() + 8 * 3_600_000);
  const start = b.getUTCMonth() >= 8 ? b.getUTCFullYear() : b.getUTCFullYear() - 1;
  return `${start}-${start + 1}`;
}

/** The current school year and the four before it: the choices of the school-year select. */
export function recentSchoolYears(now = new Date()): string[] {
  const start = Number(schoolYearOf(now).slice(0, 4));
  return Array.from({ length: 5 }, (_, i) => `${start - i}-${start - i + 1}`);
}
