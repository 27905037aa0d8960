import { DEFAULT_POLICY } from './policy.js';
import { policyDiff, policyGroupOf } from './policy-diff.js';

describe('policyDiff', () => {
  it('finds nothing between a version and itself', () => {
    expect(policyDiff(DEFAULT_POLICY, structuredClone(DEFAULT_POLICY))).toEqual([]);
  });

  it('lists each changed leaf with its group, in the page’s order of groups', () => {
    const next = structuredClone(DEFAULT_POLICY);
    next.ladder.creditSplit = { province: 10, city: 30, district: 10, school: 50 };
    next.reviewDueDays = 10;
    next.version = 'v2';
    next.ladder.tiers.backbone.committeeSelection = false;
    expect(policyDiff(DEFAULT_POLICY, next)).toEqual([
      { path: 'version', group: 'version', from: 'default-1', to: 'v2' },
      { path: 'reviewDueDays', group: 'dueDays', from: 14, to: 10 },
      { path: 'ladder.tiers.backbone.committeeSelection', group: 'tiers', from: true, to: false },
      { path: 'ladder.creditSplit.city', group: 'creditSplit', from: 20, to: 30 },
      { path: 'ladder.creditSplit.district', group: 'creditSplit', from: 20, to: 10 },
    ]);
  });

  it('reports a rubric dimension added or removed as leaves that appear or vanish', () => {
    const next = structuredClone(DEFAULT_POLICY);
    next.rubric.dimensions.push({ key: 'growth', label: '专业成长 growth' });
    expect(policyDiff(DEFAULT_POLICY, next)).toEqual([
      { path: 'rubric.dimensions.5.key', group: 'rubric', from: null, to: 'growth' },
      { path: 'rubric.dimensions.5.label', group: 'rubric', from: null, to: '专业成长 growth' },
    ]);
    expect(policyDiff(next, DEFAULT_POLICY).map((c) => [c.path, c.to])).toEqual([
      ['rubric.dimensions.5.key', null],
      ['rubric.dimensions.5.label', null],
    ]);
  });

  it('groups every path as 政策配置 does', () => {
    expect(policyGroupOf('revisionDueDays')).toBe('dueDays');
    expect(policyGroupOf('ladder.ethicsStudyHoursPerSemester')).toBe('ethics');
    expect(policyGroupOf('ladder.creditsPerHour')).toBe('creditSplit');
    expect(policyGroupOf('ladder.mentorship.mentorLoadLimit')).toBe('mentorship');
    expect(policyGroupOf('ladder.trainingCycle.hours')).toBe('hours');
    expect(policyGroupOf('performanceWeights.archiveCheck')).toBe('performanceWeights');
  });
});
