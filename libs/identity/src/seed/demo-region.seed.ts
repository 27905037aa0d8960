import {
  eventIdFor,
  runCommand,
  WrongExpectedVersionError,
  type CommandMetadata,
  type DomainEvent,
  type EventStore,
  type StreamDecider,
} from '#libs/event-store';
import { SYSTEM_ROLE, type OrgLevel, type Role, type TeacherTier } from '../identity.model.js';
import { createOrgUnit } from '../org-unit/org-unit.handler.js';
import { hashPassword, type ScryptParams } from '../password/password-hasher.js';

/**
 * The demo users' passwords are `demo-<username>`, printed at start-up and in the README: a costly hash
 * protects nothing of theirs, and 42 of them at the full cost (~0.1 s each) were the largest part of the
 * embedded default's cold start (BENCHMARKS.md, S1). Every other password (registration, change) is hashed
 * at DEFAULT_SCRYPT, and needsRehash() names these as weaker.
 */
const DEMO_SCRYPT: ScryptParams = { N: 2 ** 12, r: 8, p: 1 };
import type { UnitFacts } from '../user/user.decider.js';
import { registerUser } from '../user/user.handler.js';

/**
 * The demo region (DOMAIN.md "People and roles": "First start seeds a demo region … and prints the demo logins; seeding
 * never runs twice"): a province, one city, two districts, four schools, 40 teachers across all five
 * tiers (DOMAIN.md ladder), a committee (a chair at the city and five reviewers who are senior teachers
 * at different schools — two at one school, so "same school" conflicts of interest have something to
 * refuse), mentors, and an admin at the city.
 *
 * Demo passwords follow one documented pattern: `demo-<username>`. They are public by design; never
 * seed a production database (main.ts seeds only outside NODE_ENV=production).
 *
 * Tiers: the registration event carries the tier the teacher starts with (`UserRegistered.tier`); the
 * ladder context will own tier changes with its own events.
 *
 * Runs once per database: the `seed-demo` stream is appended with `no_stream` before anything else, so
 * of two processes starting at once only one seeds, and a second start does nothing. Every id and
 * command id is derived from a fixed name, so a seed interrupted half-way is completed — not
 * duplicated — by the next start once the interrupted one is clearly dead (STALE_AFTER_MS).
 */
export const DEMO_PASSWORD_PATTERN = 'demo-<username>';
export const demoPassword = (username: string) => `demo-${username}`;

export interface DemoLogin {
  username: string;
  password: string;
  displayName: string;
  roles: Role[];
  orgUnit: string;
  orgUnitName: string;
  tier: TeacherTier | null;
}

export interface DemoSeedResult {
  /** False when the region was already there (or another process is seeding it right now). */
  seeded: boolean;
  logins: DemoLogin[];
  orgUnits: { id: string; name: string; level: OrgLevel; parentId: string | null }[];
}

const STREAM = 'demo';
const STALE_AFTER_MS = 10 * 60_000;

type SeedEvent =
  | DomainEvent<'DemoSeedStarted', { startedAt: string }>
  | DomainEvent<'DemoSeedCompleted', { users: number; orgUnits: number }>;
type SeedState = { started: false } | { started: true; startedAt: string; completed: boolean };
type SeedCommand =
  { type: 'Start' } | { type: 'Resume' } | { type: 'Complete'; users: number; orgUnits: number };

const seedDecider: StreamDecider<SeedCommand, SeedEvent, SeedState> = {
  category: 'seed',
  initialState: { started: false },
  evolve(s, e) {
    switch (e.type) {
      case 'DemoSeedStarted':
        return { started: true, startedAt: e.data.startedAt, completed: false };
      case 'DemoSeedCompleted':
        return s.started ? { ...s, completed: true } : s;
    }
  },
  decide(c, s, meta) {
    switch (c.type) {
      case 'Start':
        return s.started ? [] : [{ type: 'DemoSeedStarted', data: { startedAt: meta.now.toISOString() } }];
      case 'Resume':
        return [{ type: 'DemoSeedStarted', data: { startedAt: meta.now.toISOString() } }];
      case 'Complete':
        return s.started && !s.completed
          ? [{ type: 'DemoSeedCompleted', data: { users: c.users, orgUnits: c.orgUnits } }]
          : [];
    }
  },
};

/** Stable UUIDs from names, so a resumed seed addresses the same streams. */
const seedId = (name: string) => eventIdFor(`seed-demo:${name}`, 0);
/** The id the demo seed gives an org unit (`orgunit:city`) or user (`user:chair`): other demo data refers to them. */
export const demoSeedId = seedId;

interface UnitPlan {
  key: string;
  name: string;
  level: OrgLevel;
  parent: string | null;
}

const UNITS: UnitPlan[] = [
  { key: 'province', name: '江南省 Jiangnan Province', level: 'province', parent: null },
  { key: 'city', name: '青溪市 Qingxi City', level: 'city', parent: 'province' },
  { key: 'district-donghu', name: '东湖区 Donghu District', level: 'district', parent: 'city' },
  { key: 'district-xishan', name: '西山县 Xishan County', level: 'district', parent: 'city' },
  {
    key: 'school-donghu-1',
    name: '东湖第一中学 Donghu No.1 Middle School',
    level: 'school',
    parent: 'district-donghu',
  },
  {
    key: 'school-donghu-2',
    name: '东湖实验小学 Donghu Experimental Primary',
    level: 'school',
    parent: 'district-donghu',
  },
  {
    key: 'school-xishan-1',
    name: '西山中学 Xishan Middle School',
    level: 'school',
    parent: 'district-xishan',
  },
  {
    key: 'school-xishan-2',
    name: '西山第二小学 Xishan No.2 Primary',
    level: 'school',
    parent: 'district-xishan',
  },
];
const SCHOOLS = UNITS.filter((u) => u.level === 'school').map((u) => u.key);

const SURNAMES: [string, string][] = [
  ['wang', '王'],
  ['li', '李'],
  ['zhang', '张'],
  ['liu', '刘'],
  ['chen', '陈'],
  ['yang', '杨'],
  ['zhao', '赵'],
  ['huang', '黄'],
  ['zhou', '周'],
  ['wu', '吴'],
];
const GIVEN: [string, string][] = [
  ['wei', '伟'],
  ['fang', '芳'],
  ['min', '敏'],
  ['jing', '静'],
  ['lei', '磊'],
  ['qiang', '强'],
  ['yan', '艳'],
  ['jun', '军'],
];
/** Ten teachers per school, all five tiers at each: 2 new, 3 young, 3 backbone, 1 leader, 1 master. */
const SCHOOL_TIERS: TeacherTier[] = [
  'new',
  'new',
  'young',
  'young',
  'young',
  'backbone',
  'backbone',
  'backbone',
  'leader',
  'master',
];

interface UserPlan {
  key: string;
  username: string;
  displayName: string;
  unit: string;
  roles: Role[];
  tier: TeacherTier | null;
}

function plannedUsers(): UserPlan[] {
  const users: UserPlan[] = [
    {
      key: 'admin',
      username: 'admin',
      displayName: '陈静 Chen Jing (教师发展中心)',
      unit: 'city',
      roles: ['admin'],
      tier: null,
    },
    {
      key: 'chair',
      username: 'chair',
      displayName: '林国华 Lin Guohua (评审组长)',
      unit: 'city',
      roles: ['chair'],
      tier: null,
    },
  ];
  SCHOOLS.forEach((school, s) => {
    SCHOOL_TIERS.forEach((tier, k) => {
      // Surname k with given name (2s + k) mod 8: unique for every (school, k).
      const [sp, sc] = SURNAMES[k]!;
      const [gp, gc] = GIVEN[(2 * s + k) % GIVEN.length]!;
      const roles: Role[] = ['teacher'];
      // The committee's five reviewers: the master teacher of each school, and the Donghu No.1 subject
      // leader as well — two reviewers at one school.
      if (tier === 'master' || (tier === 'leader' && s === 0)) roles.push('reviewer');
      // One mentor per school (导师制度, seed 002 (三)4): the first backbone teacher.
      if (k === 5) roles.push('mentor');
      users.push({
        key: `teacher-${school}-${k}`,
        username: `${sp}.${gp}${s + 1}`,
        displayName: `${sc}${gc} ${sp[0]!.toUpperCase()}${sp.slice(1)} ${gp[0]!.toUpperCase()}${gp.slice(1)}`,
        unit: school,
        roles,
        tier,
      });
    });
  });
  return users;
}

export async function seedDemoRegion(
  store: EventStore,
  options: { clock?: { now(): Date } } = {},
): Promise<DemoSeedResult> {
  const now = () => options.clock?.now() ?? new Date();
  const meta = (name: string): CommandMetadata => ({
    commandId: seedId(`command:${name}`),
    actorId: 'system',
    actorRole: SYSTEM_ROLE,
    orgUnit: 'system',
    correlationId: seedId('correlation'),
    now: now(),
    extra: { seed: 'demo-region' },
  });
  const nothing: DemoSeedResult = { seeded: false, logins: [], orgUnits: [] };

  // The once-only guard: the first append of `seed-demo` wins.
  try {
    const started = await runCommand(store, seedDecider, STREAM, { type: 'Start' }, meta('start'));
    if (started.events.length === 0 || started.duplicate) {
      const s = started.state;
      if (!s.started || s.completed || now().getTime() - Date.parse(s.startedAt) < STALE_AFTER_MS)
        return nothing;
      // Started long ago and never completed: the seeding process died. Take over, atomically.
      const resumed = await runCommand(
        store,
        seedDecider,
        STREAM,
        { type: 'Resume' },
        meta(`resume:${now().toISOString()}`),
        { expectedVersion: started.version },
      );
      if (resumed.events.length === 0) return nothing;
    }
  } catch (err) {
    if (err instanceof WrongExpectedVersionError) return nothing; // another process got there first
    throw err;
  }

  const users = plannedUsers();
  // scrypt runs on libuv's thread pool: the hashes are started now, all at once (every core), and each
  // user is registered as soon as theirs is ready — hashing overlaps the org units' and the users'
  // commands instead of preceding them (BENCHMARKS.md S1, the cold start).
  const hashes = users.map((u) => hashPassword(demoPassword(u.username), DEMO_SCRYPT));
  for (const h of hashes) h.catch(() => undefined); // awaited below; no unhandled rejection meanwhile

  // Every stream below has an id derived from a fixed name, which nothing but this seed uses: none is
  // read before its append (`fresh`), and an interrupted seed's events are found by the appends'
  // conflicts and answered as the first time (the answers' states are not used here; the guard above
  // reads its stream, as it needs the recorded start). A unit's parent is the one created just before
  // it. On the embedded default the reads were ~130 of the seed's statements on PGlite's one session,
  // ahead of ready (BENCHMARKS.md S1, the cold start).
  const units = new Map<string, UnitFacts>();
  const orgUnits: DemoSeedResult['orgUnits'] = [];
  for (const u of UNITS) {
    const id = seedId(`orgunit:${u.key}`);
    const parent = u.parent === null ? null : units.get(u.parent)!;
    await createOrgUnit(
      store,
      id,
      { name: u.name, level: u.level, parentId: parent?.id ?? null },
      meta(`orgunit:${u.key}`),
      { ...(parent && { parent }), fresh: true },
    );
    units.set(u.key, { id, level: u.level, ancestry: [...(parent?.ancestry ?? []), id] });
    orgUnits.push({ id, name: u.name, level: u.level, parentId: parent?.id ?? null });
  }

  // The users are registered all at once, each as soon as its hash is ready: the event store gathers
  // appends that wait while others are in flight into one statement (group commit), so the 84
  // reservations and registrations take a few statements instead of one each. Each user's reservation
  // still precedes their registration; no user depends on another.
  await Promise.all(
    users.map(async (u, i) => {
      const unit = units.get(u.unit)!;
      await registerUser(
        store,
        {
          userId: seedId(`user:${u.key}`),
          username: u.username,
          displayName: u.displayName,
          orgUnit: unit.id,
          roles: u.roles,
          tier: u.tier,
          passwordHash: await hashes[i]!,
        },
        meta(`user:${u.key}`),
        { unit, fresh: true },
      );
    }),
  );
  const logins: DemoLogin[] = [];
  for (const u of users) {
    const unit = units.get(u.unit)!;
    logins.push({
      username: u.username,
      password: demoPassword(u.username),
      displayName: u.displayName,
      roles: u.roles,
      orgUnit: unit.id,
      orgUnitName: UNITS.find((x) => x.key === u.unit)!.name,
      tier: u.tier,
    });
  }
  await runCommand(
    store,
    seedDecider,
    STREAM,
    { type: 'Complete', users: users.length, orgUnits: UNITS.length },
    meta(`complete:${now().toISOString()}`),
  );
  return { seeded: true, logins, orgUnits };
}

/** The demo logins as a few lines of text for a terminal (main.ts prints it on first start). */
export function formatDemoLogins(result: DemoSeedResult): string {
  const lines = [
    `Demo region seeded: ${result.orgUnits.length} org units, ${result.logins.length} users. Password of every demo user: ${DEMO_PASSWORD_PATTERN}`,
  ];
  for (const l of result.logins) {
    if (l.roles.some((r) => r !== 'teacher') || l.tier === 'new') {
      lines.push(
        `  ${l.username.padEnd(16)} ${l.password.padEnd(21)} ${l.roles.join('+').padEnd(17)} ${l.tier ?? ''}\t${l.orgUnitName}`,
      );
    }
  }
  lines.push(
    `  … and ${result.logins.filter((l) => !(l.roles.some((r) => r !== 'teacher') || l.tier === 'new')).length} more teachers (GET /api/users/:id, or the users table).`,
  );
  return lines.join('\n');
}
