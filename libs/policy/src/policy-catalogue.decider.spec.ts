import { given } from '#testing/event-store';
import { DEFAULT_POLICY, type Policy } from './policy.js';
import {
  policyCatalogueDecider as d,
  policyInForce,
  POLICY_CATALOGUE_ID,
  type PolicyCatalogueEvent,
} from './policy-catalogue.decider.js';

// DOMAIN.md preamble: policy numbers are versioned configuration an admin can change, and every decision
// records which version it used; DOMAIN.md "The progression ladder" (an admin publishes a new version).
const NOW = '2026-09-01T08:00:00.000Z';
const admin = { actorId: 'admin-1', actorRole: 'admin' };
const v2: Policy = {
  ...DEFAULT_POLICY,
  version: 'city-2026',
  ladder: { ...DEFAULT_POLICY.ladder, annualHours: 60 },
};
const published = (policy: Policy, effectiveFrom = NOW): PolicyCatalogueEvent => ({
  type: 'PolicyPublished',
  data: { version: policy.version, policy, effectiveFrom, publishedAt: NOW, publishedBy: 'admin-1' },
});

describe('publishing a policy version (DOMAIN.md: policy defaults are versioned data)', () => {
  it('publishes a new version, effective now by default', () => {
    given(d)
      .when({ type: 'PublishPolicy', policy: v2 }, admin)
      .then([published(v2)]);
  });

  it('publishes a version that takes effect later', () => {
    given(d)
      .when({ type: 'PublishPolicy', policy: v2, effectiveFrom: '2027-09-01T00:00:00+08:00' }, admin)
      .then([published(v2, '2027-08-31T16:00:00.000Z')]);
  });

  it.each(['chair', 'teacher', 'reviewer'])('refuses a %s (DOMAIN.md: admins configure policy)', (role) => {
    given(d).when({ type: 'PublishPolicy', policy: v2 }, { actorRole: role }).thenRefuses('admin_only');
  });

  it('refuses a duplicate version id, including the seeded default-1', () => {
    given(d, [published(v2)])
      .when({ type: 'PublishPolicy', policy: v2 }, admin)
      .thenRefuses('policy_version_exists');
    given(d)
      .when({ type: 'PublishPolicy', policy: DEFAULT_POLICY }, admin)
      .thenRefuses('policy_version_exists');
  });

  it('refuses invalid numbers with every problem in the details', () => {
    const bad: Policy = {
      ...v2,
      gradeThresholds: { excellent: 60, good: 80, qualified: 90 },
      ladder: { ...v2.ladder, creditSplit: { province: 10, city: 10, district: 10, school: 10 } },
    };
    const err = given(d)
      .when({ type: 'PublishPolicy', policy: bad }, admin)
      .thenRefuses('invalid_policy', /sum to 100/);
    expect(err.details.problems).toHaveLength(2);
  });

  it('never takes effect in the past: recorded decisions keep the version they used', () => {
    given(d)
      .when({ type: 'PublishPolicy', policy: v2, effectiveFrom: '2026-08-31T00:00:00.000Z' }, admin)
      .thenRefuses('effective_in_past');
    given(d)
      .when({ type: 'PublishPolicy', policy: v2, effectiveFrom: 'soon' }, admin)
      .thenRefuses('invalid_effective_date');
  });

  it('refuses a version that would start before one already scheduled', () => {
    given(d, [published(v2, '2027-01-01T00:00:00.000Z')])
      .when(
        {
          type: 'PublishPolicy',
          policy: { ...v2, version: 'v3' },
          effectiveFrom: '2026-12-01T00:00:00.000Z',
        },
        admin,
      )
      .thenRefuses('effective_before_scheduled');
  });
});

describe('policyInForce: the version a decision at a moment uses', () => {
  const v3: Policy = { ...v2, version: 'v3' };
  const state = given(d, [
    published(v2, '2027-01-01T00:00:00.000Z'),
    published(v3, '2028-01-01T00:00:00.000Z'),
  ]).state;

  it('is default-1 before any published version takes effect', () => {
    expect(policyInForce(given(d).state, new Date(NOW)).version).toBe('default-1');
    expect(policyInForce(state, new Date('2026-12-31T23:59:59.999Z')).version).toBe('default-1');
  });

  it('is the last version whose effective date has come', () => {
    expect(policyInForce(state, new Date('2027-01-01T00:00:00.000Z')).version).toBe('city-2026');
    expect(policyInForce(state, new Date('2030-01-01T00:00:00.000Z')).version).toBe('v3');
  });

  it('keeps every version, so a recorded decision’s version can still be read', () => {
    expect(state.versions.map((v) => v.policy.version)).toEqual(['default-1', 'city-2026', 'v3']);
  });
});

describe('rules pinned by mutation testing', () => {
  it('keeps the catalogue on one policy stream, seeded by the system with default-1 in force from the epoch', () => {
    expect(d.category).toBe('policy');
    expect(POLICY_CATALOGUE_ID).toBe('catalogue');
    expect(given(d).state.versions).toEqual([
      {
        policy: DEFAULT_POLICY,
        effectiveFrom: '1970-01-01T00:00:00.000Z',
        publishedAt: '1970-01-01T00:00:00.000Z',
        publishedBy: 'system',
      },
    ]);
  });

  it('lets a later version take effect at the same moment as the one scheduled before it', () => {
    const at = '2027-01-01T00:00:00.000Z';
    const v3: Policy = { ...v2, version: 'v3' };
    given(d, [published(v2, at)])
      .when({ type: 'PublishPolicy', policy: v3, effectiveFrom: at }, admin)
      .then([published(v3, at)]);
  });

  it('says in each refusal why, naming the version', () => {
    given(d)
      .when({ type: 'PublishPolicy', policy: v2 }, { actorRole: 'chair' })
      .thenRefuses('admin_only', 'only an admin publishes policy');
    const dup = given(d, [published(v2)])
      .when({ type: 'PublishPolicy', policy: v2 }, admin)
      .thenRefuses('policy_version_exists', 'policy version city-2026 is already published');
    expect(dup.details).toEqual({ version: 'city-2026' });
    const bad: Policy = {
      ...v2,
      gradeThresholds: { excellent: 60, good: 80, qualified: 90 },
      ladder: { ...v2.ladder, creditSplit: { province: 10, city: 10, district: 10, school: 10 } },
    };
    const invalid = given(d)
      .when({ type: 'PublishPolicy', policy: bad }, admin)
      .thenRefuses('invalid_policy');
    const [first, second] = invalid.details.problems as string[];
    expect(invalid.message).toBe(`policy city-2026 is invalid: ${first}; ${second}`);
    given(d)
      .when({ type: 'PublishPolicy', policy: v2, effectiveFrom: 'soon' }, admin)
      .thenRefuses('invalid_effective_date', 'effectiveFrom is not a date');
    given(d)
      .when({ type: 'PublishPolicy', policy: v2, effectiveFrom: '2026-08-31T00:00:00.000Z' }, admin)
      .thenRefuses('effective_in_past', 'a policy takes effect now or later, never in the past');
    const early = given(d, [published(v2, '2027-01-01T00:00:00.000Z')])
      .when(
        {
          type: 'PublishPolicy',
          policy: { ...v2, version: 'v3' },
          effectiveFrom: '2026-12-01T00:00:00.000Z',
        },
        admin,
      )
      .thenRefuses(
        'effective_before_scheduled',
        'version city-2026 takes effect 2027-01-01T00:00:00.000Z; a later version cannot start earlier',
      );
    expect(early.details).toEqual({ scheduled: 'city-2026', effectiveFrom: '2027-01-01T00:00:00.000Z' });
  });
});
