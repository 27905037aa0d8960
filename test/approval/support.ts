import type { DemoLogin, DemoSeedResult } from '#libs/identity';
import type { TestDatabase } from '#testing/platform';
import type { TestApp, TestResponse } from '../support/test-app.js';
import { bearer, login } from '../identity/support/identity-test-app.js';

/** A signed-in demo user and a request helper that sends their token. */
export interface Person {
  login: DemoLogin;
  id: string;
  token: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
}

export async function signIn(api: TestApp, db: TestDatabase, who: DemoLogin): Promise<Person> {
  const token = await login(api, who.username, who.password);
  const me = await api.request('GET', '/api/auth/me', { headers: bearer(token) });
  if (me.status !== 200) throw new Error(`me: ${me.status}`);
  void db;
  return {
    login: who,
    id: (me.body.id ?? me.body.user?.id) as string,
    token,
    call: (method, path, body, headers = {}) =>
      api.request(method, path, { body, headers: { ...bearer(token), ...headers } }),
  };
}

/** Picks demo users by role and place. */
export function cast(seed: DemoSeedResult) {
  const unitName = (id: string) => seed.orgUnits.find((u) => u.id === id)!.name;
  const schoolOf = (l: DemoLogin) => unitName(l.orgUnit);
  const all = seed.logins;
  const reviewers = all.filter((l) => l.roles.includes('reviewer'));
  const teachers = all.filter((l) => l.roles.includes('teacher') && !l.roles.includes('reviewer'));
  return {
    admin: all.find((l) => l.username === 'admin')!,
    chair: all.find((l) => l.username === 'chair')!,
    reviewers,
    teachers,
    schoolOf,
    city: seed.orgUnits.find((u) => u.level === 'city')!,
    districts: seed.orgUnits.filter((u) => u.level === 'district'),
    schools: seed.orgUnits.filter((u) => u.level === 'school'),
  };
}

export const day = 86_400_000;
export const iso = (ms: number) => new Date(ms).toISOString();

export const rubricScores = (base: number) => ({
  ethics: base,
  classroom: base,
  subject: base,
  results: base,
  research: base,
});

export const fieldsFor = {
  training_project: {
    kind: 'training_project',
    level: 'district',
    targetTier: 'backbone',
    subject: '初中数学',
    hours: 60,
    capacity: 3,
    budget: 80000,
    startsOn: '2026-12-01',
    endsOn: '2027-01-20',
  },
  tier_promotion: { kind: 'tier_promotion', targetTier: 'backbone', evidence: ['公开课视频', '论文一篇'] },
  studio: { kind: 'studio', name: '数学名师工作室', subject: '数学', plan: '1+1 带教, 每月一次研讨' },
  school_plan: { kind: 'school_plan', schoolYear: '2026-2027', summary: '校本研修: 课堂观察与同课异构' },
} as const;

/**
 * Makes a 青年教师 eligible to apply for 骨干教师 (DOMAIN.md ladder: ≥150 training hours): waits for the
 * ladder reactor to open their record, then the office grants a recognised activity of 150 hours.
 */
export async function eligibleForBackbone(admin: Person, teacher: Person): Promise<void> {
  if (teacher.login.tier !== 'young') throw new Error(`${teacher.login.username} is not a young teacher`);
  for (let i = 0; ; i++) {
    const res = await admin.call('GET', `/api/teachers/${teacher.id}/progression`);
    if (res.status === 200) break;
    if (i > 100) throw new Error(`no ladder record for ${teacher.login.username}: ${res.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const res = await admin.call('POST', `/api/teachers/${teacher.id}/hours`, {
    hours: 150,
    level: 'city',
    kind: 'activity',
    completedAt: new Date().toISOString(),
    source: { type: 'activity', id: `backbone-prep-${teacher.id}`, approvingRecord: 'test grant' },
  });
  if (res.status !== 200) throw new Error(`grant: ${res.status} ${JSON.stringify(res.body)}`);
}
