import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedDemo } from '../identity/support/identity-test-app.js';
import { cast, day, iso, signIn, type Person } from '../approval/support.js';
import { until } from '../support/until.js';

// Traces (README "Monitoring"): with OTEL_EXPORTER_OTLP_ENDPOINT set, the api sends its spans over
// OTLP/HTTP — a server span per request continuing the caller's traceparent and carrying the request's
// correlation id, a command span under it, an append span under that. The collector here is a plain HTTP
// endpoint that keeps what the exporter really sends (OTLP's JSON encoding), as a collector would receive it.

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  status?: { code?: number };
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

function attr(span: OtlpSpan, key: string): string | undefined {
  const v = span.attributes.find((a) => a.key === key)?.value;
  if (!v) return undefined;
  return v.stringValue ?? (v.intValue === undefined ? undefined : String(v.intValue));
}

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['embedded PGlite', createPgliteTestDatabase],
] as const)('OpenTelemetry traces on %s', (_store, createDatabase) => {
  let db: TestDatabase;
  let api: TestApp;
  let collector: Server;
  const received: { service: string | undefined; span: OtlpSpan }[] = [];
  const contentTypes = new Set<string>();
  let chair: Person;
  let city: string;

  beforeAll(async () => {
    collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/v1/traces') {
          contentTypes.add(String(req.headers['content-type']));
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            resourceSpans: {
              resource: { attributes: OtlpSpan['attributes'] };
              scopeSpans: { spans: OtlpSpan[] }[];
            }[];
          };
          for (const rs of body.resourceSpans) {
            const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
            for (const ss of rs.scopeSpans) for (const span of ss.spans) received.push({ service, span });
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    const { port } = collector.address() as AddressInfo;
    db = await createDatabase();
    api = await startTestApp(db, {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'tdw-api-test' },
    });
    const c = cast(await seedDemo(api, db));
    city = c.city.id;
    chair = await signIn(api, db, c.chair);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await new Promise((r) => collector?.close(r));
  });

  it('sends a request, its command and its append as one trace, continuing the caller’s and naming its correlation id', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const correlationId = 'trace-test-0001';
    const res = await chair.call(
      'POST',
      '/api/calls',
      {
        kind: 'school_plan',
        orgUnit: city,
        title: '追踪测试申报',
        opensAt: iso(Date.now() - day),
        closesAt: iso(Date.now() + 30 * day),
      },
      { traceparent: `00-${traceId}-${callerSpan}-01`, 'x-correlation-id': correlationId },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('x-correlation-id')).toBe(correlationId);

    // The batch goes out within about a second; wait for the server span to arrive.
    const ofTrace = () => received.filter((r) => r.span.traceId === traceId).map((r) => r.span);
    await until('the request’s spans to reach the collector', async () =>
      ofTrace().some((s) => s.name === 'POST /api/calls') ? true : null,
    );
    await until('its command and append spans too', async () =>
      ofTrace().some((s) => s.name.startsWith('append ')) ? true : null,
    );
    expect([...contentTypes]).toEqual(['application/json']);
    expect(received.find((r) => r.span.traceId === traceId)?.service).toBe('tdw-api-test');

    const server = ofTrace().find((s) => s.name === 'POST /api/calls')!;
    expect(server.parentSpanId).toBe(callerSpan);
    expect(server.kind).toBe(2); // SERVER
    expect(attr(server, 'http.route')).toBe('/api/calls');
    expect(attr(server, 'http.response.status_code')).toBe('201');
    expect(attr(server, 'tdw.correlation_id')).toBe(correlationId);

    const command = ofTrace().find((s) => s.name.startsWith('command '))!;
    expect(command).toBeDefined();
    expect(command.parentSpanId).toBe(server.spanId);
    expect(attr(command, 'tdw.outcome')).toBe('accepted');
    expect(attr(command, 'tdw.correlation_id')).toBe(correlationId);

    const append = ofTrace().find((s) => s.name.startsWith('append '))!;
    expect(append.parentSpanId).toBe(command.spanId);
    expect(attr(append, 'tdw.events')).toContain('CallOpened');
  });

  it('marks a refusal by a rule as an answer, not an error, and starts a new trace without a traceparent', async () => {
    const correlationId = 'trace-test-0002';
    const refused = await chair.call(
      'POST',
      '/api/calls',
      {
        kind: 'school_plan',
        orgUnit: city,
        title: '窗口颠倒',
        opensAt: iso(Date.now() + 2 * day),
        closesAt: iso(Date.now() + day),
      },
      { 'x-correlation-id': correlationId },
    );
    expect(refused.body.code).toBe('invalid_window');
    const byCorrelation = () =>
      received.map((r) => r.span).filter((s) => attr(s, 'tdw.correlation_id') === correlationId);
    await until('the refused request’s spans', async () =>
      byCorrelation().some((s) => s.name.startsWith('command ')) &&
      byCorrelation().some((s) => s.name === 'POST /api/calls')
        ? true
        : null,
    );
    const server = byCorrelation().find((s) => s.name === 'POST /api/calls')!;
    expect(server.parentSpanId ?? '').toBe('');
    expect(attr(server, 'http.response.status_code')).toBe(String(refused.status));
    const command = byCorrelation().find((s) => s.name.startsWith('command '))!;
    expect(command.traceId).toBe(server.traceId);
    expect(attr(command, 'tdw.outcome')).toBe('refused');
    expect(command.status?.code ?? 0).not.toBe(2); // not ERROR
  });
});
