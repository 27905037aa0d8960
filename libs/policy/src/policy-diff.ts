/**
 * What changed between two policy versions, leaf by leaf (DOMAIN.md preamble: numbers are versioned
 * configuration, so an office must see what a new version changes before and after it is published).
 * Lists are compared entry by entry (the rubric's dimensions), objects key by key; each change names
 * its dotted path and the group of 政策配置 it belongs to (UI.md §5: 评分细则, 最低评审人数, 评审/修改期限,
 * 等级分数线, 绩效评估权重, 层级条件, 年度学时, 师德, 学分结构, 带教).
 */
export type PolicyGroup =
  | 'rubric'
  | 'reviewQuorum'
  | 'dueDays'
  | 'gradeThresholds'
  | 'performanceWeights'
  | 'tiers'
  | 'hours'
  | 'ethics'
  | 'creditSplit'
  | 'mentorship'
  | 'version';

export const POLICY_GROUPS: readonly PolicyGroup[] = [
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

export interface PolicyChange {
  /** Dotted path of the leaf, e.g. `ladder.tiers.backbone.trainingHours`, `rubric.dimensions.2.label`. */
  path: string;
  group: PolicyGroup;
  /** The value in the older version (null when the leaf is new). */
  from: string | number | boolean | null;
  /** The value in the newer version (null when the leaf is gone). */
  to: string | number | boolean | null;
}

/** The group a policy path belongs to (UI.md §5 政策配置's grouping). */
export function policyGroupOf(path: string): PolicyGroup {
  const [head, second] = path.split('.');
  if (head === 'version') return 'version';
  if (head === 'rubric') return 'rubric';
  if (head === 'reviewQuorum') return 'reviewQuorum';
  if (head === 'reviewDueDays' || head === 'revisionDueDays') return 'dueDays';
  if (head === 'gradeThresholds') return 'gradeThresholds';
  if (head === 'performanceWeights') return 'performanceWeights';
  if (head === 'ladder') {
    if (second === 'tiers') return 'tiers';
    if (second === 'ethics' || second === 'ethicsStudyHoursPerSemester') return 'ethics';
    if (second === 'creditSplit' || second === 'creditsPerHour') return 'creditSplit';
    if (second === 'mentorship') return 'mentorship';
    return 'hours';
  }
  return 'hours';
}

type Leaf = string | number | boolean | null;

function leaves(value: unknown, path: string, out: Map<string, Leaf>): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => leaves(v, path ? `${path}.${i}` : String(i), out));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
    return;
  }
  out.set(path, value === undefined ? null : (value as Leaf));
}

/** Every leaf that differs between `from` and `to`, by group, then in the order of `to`. */
export function policyDiff(from: unknown, to: unknown): PolicyChange[] {
  const a = new Map<string, Leaf>();
  const b = new Map<string, Leaf>();
  leaves(from, '', a);
  leaves(to, '', b);
  const changes: PolicyChange[] = [];
  for (const [path, value] of b) {
    const before = a.has(path) ? a.get(path)! : null;
    if (before !== value) changes.push({ path, group: policyGroupOf(path), from: before, to: value });
  }
  for (const [path, value] of a)
    if (!b.has(path)) changes.push({ path, group: policyGroupOf(path), from: value, to: null });
  // In the page's order of groups (a stored policy's keys come back in the database's order).
  const rank = (g: PolicyGroup) => POLICY_GROUPS.indexOf(g);
  return changes
    .map((c, i) => ({ c, i }))
    .sort((x, y) => rank(x.c.group) - rank(y.c.group) || x.i - y.i)
    .map((x) => x.c);
}
