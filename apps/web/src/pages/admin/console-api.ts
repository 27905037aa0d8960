import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Schemas } from '../../api/types';
import type { Messages } from '../../i18n/zh-CN';
import { label } from '../../i18n/locale';
import { useOrgUnits } from '../chair/committee-api';

/**
 * The reads the office console's audit, policy, queue and summary pages share, typed from the API's
 * OpenAPI document, and the labels that turn the API's codes and paths into the office's words
 * (GLOSSARY.md §11: the audit log shows code and label side by side; elsewhere only the label).
 */
export type AuditEntry = Schemas['AuditLogEntry'];
export type PolicyVersion = Schemas['PolicyVersions']['items'][number];
export type PolicyChange = Schemas['PolicyDiff']['changes'][number];
export type ConsoleJob = Schemas['QueueJobs']['items'][number];

/** The entity kinds with a history page (libs/audit ENTITY_KINDS). */
export const ENTITY_KINDS = ['application', 'teacher', 'mentorship', 'studio', 'call'] as const;
export const isEntityKind = (k: string): k is (typeof ENTITY_KINDS)[number] =>
  (ENTITY_KINDS as readonly string[]).includes(k);

/** `application-<id>` → the entity page of the audit log, when the stream is one of the five kinds. */
export function entityLink(streamId: string | null | undefined): string | null {
  if (!streamId) return null;
  const i = streamId.indexOf('-');
  if (i < 0) return null;
  const kind = streamId.slice(0, i);
  return isEntityKind(kind) ? `/admin/audit/${kind}/${encodeURIComponent(streamId.slice(i + 1))}` : null;
}

/** My org unit and the units below, with a name lookup and my own unit's level. */
export function useUnits(myUnit: string) {
  const units = useOrgUnits();
  const list = units.data ?? [];
  const names = new Map(list.map((u) => [u.id, u.name]));
  const mine = list.find((u) => u.id === myUnit);
  return { ...units, list, names, mine };
}

export function usePolicyVersions() {
  return useQuery({
    queryKey: ['policy', 'versions'],
    queryFn: () => unwrap(api.GET('/api/policies', {})),
  });
}

type Leaf = string | number | boolean | null;

/** Every leaf of a policy by its dotted path (`ladder.tiers.backbone.trainingHours` → 150). */
export function policyLeaves(value: unknown, path = '', out = new Map<string, Leaf>()): Map<string, Leaf> {
  if (Array.isArray(value)) value.forEach((v, i) => policyLeaves(v, path ? `${path}.${i}` : String(i), out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) policyLeaves(v, path ? `${path}.${k}` : k, out);
  else out.set(path, (value ?? null) as Leaf);
  return out;
}

/** The group of 政策配置 a policy path belongs to (UI.md §5; as libs/policy policyGroupOf). */
export function policyGroupOf(path: string): string {
  const [head, second] = path.split('.');
  if (head === 'reviewDueDays' || head === 'revisionDueDays') return 'dueDays';
  if (head !== 'ladder') return head ?? 'version';
  if (second === 'tiers') return 'tiers';
  if (second === 'ethics' || second === 'ethicsStudyHoursPerSemester') return 'ethics';
  if (second === 'creditSplit' || second === 'creditsPerHour') return 'creditSplit';
  if (second === 'mentorship') return 'mentorship';
  return 'hours';
}

export const POLICY_GROUP_ORDER = [
  'version',
  'rubric',
  'reviewQuorum',
  'dueDays',
  'gradeThresholds',
  'performanceWeights',
  'tiers',
  'hours',
  'ethics',
  'creditSplit',
  'mentorship',
];

/** A policy path in the office's words: 「骨干教师：培训学时」, 「评分项 1 名称」, 「市级学分占比（%）」. */
export function policyItemLabel(path: string, t: Messages): string {
  const p = t.officeConsole.policy;
  if (p.items[path]) return p.items[path];
  const parts = path.split('.');
  if (parts[0] === 'rubric' && parts[1] === 'dimensions') {
    const n = Number(parts[2]) + 1;
    return `${p.dimension(n)} ${parts[3] === 'key' ? p.dimensionKey : p.dimensionLabel}`;
  }
  if (parts[0] === 'ladder' && parts[1] === 'tiers')
    return p.tierItem(label(t.tiers, parts[2]), p.tierFields[parts[3] ?? ''] ?? parts[3] ?? '');
  if (parts[0] === 'ladder' && parts[1] === 'creditSplit') return p.splitItem(label(t.levels, parts[2]));
  return path;
}

/** A policy value as shown: numbers grouped, booleans 是/否, an absent one 「（无）」. */
export function policyValue(v: Leaf, t: Messages, number: (n: number, max?: number) => string): string {
  if (v === null) return t.officeConsole.policy.absent;
  if (typeof v === 'boolean') return v ? t.common.yes : t.common.no;
  if (typeof v === 'number') return number(v, 4);
  return v;
}
