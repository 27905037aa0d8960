import { decodePosition, encodePosition } from '#libs/event-store';
import { fieldsFor } from '../approval/support.js';
import { BACKENDS, expectProblem, fieldsNamed, startSeededApp, type SeededApp } from './support.js';

// A read may send back the `X-Log-Position` of an earlier write as `X-Min-Position` to wait for it. A
// position past the log's head was waited for 5 s and answered 503 — a position the API never gave
// out is the client's error: 400 at once, naming the header.
describe.each(BACKENDS)('X-Min-Position past the head of the log (%s)', (_name, create) => {
  let s: SeededApp;
  let notificationsPath: string;
  const head = async () => {
    const res = await s.db.pool.query<{ tx: string; seq: string }>(
      'SELECT tx_id::text AS tx, seq::text AS seq FROM events ORDER BY tx_id DESC, seq DESC LIMIT 1',
    );
    return { tx: BigInt(res.rows[0]!.tx), seq: BigInt(res.rows[0]!.seq) };
  };

  beforeAll(async () => {
    s = await startSeededApp(await create());
    notificationsPath = '/api/notifications';
    // Reactors append after the seed (a ladder record per teacher): "one past the head" must not be
    // overtaken by them, so the log is let settle first.
    let last = '';
    for (;;) {
      const now = encodePosition(await head());
      if (now === last) break;
      last = now;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it.each([
    ['one past the head', (h: { tx: bigint; seq: bigint }) => ({ tx: h.tx, seq: h.seq + 1n })],
    ['a later transaction', (h: { tx: bigint; seq: bigint }) => ({ tx: h.tx + 1n, seq: 1n })],
    ['the largest a position can be', () => ({ tx: 10n ** 20n - 1n, seq: 10n ** 20n - 1n })],
  ])('answers %s with 400 at once, naming the header', async (_label, past) => {
    const position = encodePosition(past(await head()));
    for (const path of [notificationsPath, '/api/notifications/unread-count']) {
      const started = Date.now();
      const res = await s.teacher.call('GET', path, undefined, { 'x-min-position': position });
      expect(Date.now() - started).toBeLessThan(1500);
      expectProblem(res, 400);
      expect(fieldsNamed(res.body)).toEqual(['X-Min-Position']);
      expect(res.body.errors[0].message).toContain(position);
    }
  });

  it('still waits for a position it gave out, and names the header when it is malformed', async () => {
    const day = 86_400_000;
    const call = await s.chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: s.seed.orgUnits.find((u) => u.level === 'city')!.id,
      title: '校本研修方案申报',
      opensAt: new Date(Date.now() - day).toISOString(),
      closesAt: new Date(Date.now() + 30 * day).toISOString(),
    });
    expect(call.status).toBe(201);
    const draft = await s.teacher.call('POST', '/api/applications', {
      callId: call.body.id,
      title: '方案',
      fields: fieldsFor.school_plan,
    });
    expect(draft.status).toBe(201);
    const given = draft.headers.get('x-log-position')!;
    expect(decodePosition(given)).not.toBeNull();
    const path = `/api/applications/${draft.body.id}`;
    const read = await s.teacher.call('GET', path, undefined, { 'x-min-position': given });
    expect(read.status).toBe(200);
    const bad = await s.teacher.call('GET', path, undefined, { 'x-min-position': '12.x' });
    expectProblem(bad, 400);
    expect(fieldsNamed(bad.body)).toEqual(['X-Min-Position']);
  });
});
