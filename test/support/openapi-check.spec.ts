import type { OpenAPIObject } from '@nestjs/swagger';
import { OpenApiResponseCheck } from './openapi-check.js';

// The check every e2e suite runs on its answers: it must catch what it is there to catch.
const problem = { $ref: '#/components/schemas/Problem' };
const document: OpenAPIObject = {
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/api/things/{id}': {
      get: {
        operationId: 'thing',
        responses: {
          '200': {
            description: 'a thing',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
    },
    '/api/things/mine': {
      get: {
        operationId: 'mine',
        responses: {
          '200': { description: 'x', content: { 'application/json': { schema: { type: 'array' } } } },
        },
      },
    },
    '/api/things/{id}/export': {
      get: {
        operationId: 'export',
        responses: { '200': { description: 'csv', content: { 'text/csv': { schema: { type: 'string' } } } } },
      },
    },
  },
  components: {
    schemas: {
      Problem: {
        type: 'object',
        required: ['status', 'title'],
        properties: { status: { type: 'integer' }, title: { type: 'string' } },
      },
      Thing: {
        type: 'object',
        required: ['id', 'owner', 'at'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          owner: { type: 'object', allOf: [{ $ref: '#/components/schemas/Owner' }], nullable: true },
          at: { type: 'string', format: 'date-time' },
          score: { type: 'number', nullable: true },
        },
        additionalProperties: false,
      },
      Owner: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    },
    responses: {
      NotFound: { description: 'no', content: { 'application/problem+json': { schema: problem } } },
    },
  },
};

const json = (body: unknown, status = 200, contentType = 'application/json; charset=utf-8') => ({
  status,
  contentType,
  text: JSON.stringify(body),
  body,
});
const id = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';
const thing = { id, owner: { name: 'w' }, at: '2026-09-01T00:00:00.000Z', score: null };

describe('OpenApiResponseCheck', () => {
  const check = new OpenApiResponseCheck(document);

  it('passes an answer as documented, null where nullable, a query string aside', () => {
    expect(check.check('GET', `/api/things/${id}?x=1`, json(thing))).toEqual([]);
    expect(check.check('GET', `/api/things/${id}`, json({ ...thing, owner: null }))).toEqual([]);
    expect(check.check('GET', '/api/things/mine', json([]))).toEqual([]);
  });

  it('fails an undocumented status', () => {
    expect(check.check('GET', `/api/things/${id}`, json({ status: 409, title: 'x' }, 409))).toEqual([
      expect.stringMatching(/status 409 is not documented for thing/),
    ]);
  });

  it('fails a body that does not match: a missing, an extra or a wrongly typed member', () => {
    const { at: _at, ...noAt } = thing;
    expect(check.check('GET', `/api/things/${id}`, json(noAt))[0]).toMatch(
      /must have required property 'at'/,
    );
    expect(check.check('GET', `/api/things/${id}`, json({ ...thing, extra: 1 }))[0]).toMatch(
      /must NOT have additional properties/,
    );
    expect(check.check('GET', `/api/things/${id}`, json({ ...thing, id: 'nope' }))[0]).toMatch(/format/);
    expect(check.check('GET', `/api/things/${id}`, json({ ...thing, owner: {} })).join('\n')).toMatch(
      /must have required property 'name'/,
    );
  });

  it('fails a media type the status does not document', () => {
    expect(check.check('GET', `/api/things/${id}`, json(thing, 200, 'text/html'))[0]).toMatch(
      /answered text\/html, documented application\/json/,
    );
    expect(
      check.check('GET', `/api/things/${id}/export`, json('a,b', 200, 'text/csv; charset=utf-8')),
    ).toEqual([]);
  });

  it('checks problem bodies too, and lets an unknown route be a 404 problem', () => {
    expect(
      check.check(
        'GET',
        `/api/things/${id}`,
        json({ status: 404, title: 'x' }, 404, 'application/problem+json'),
      ),
    ).toEqual([]);
    expect(
      check.check('GET', `/api/things/${id}`, json({ status: 'x' }, 404, 'application/problem+json')),
    ).not.toEqual([]);
    expect(
      check.check('GET', '/api/nothing', json({ status: 404, title: 'x' }, 404, 'application/problem+json')),
    ).toEqual([]);
    expect(check.check('POST', '/api/nothing', json({}, 200))[0]).toMatch(/no documented operation/);
  });

  it('leaves out what the document does not describe: the web app’s pages, preflights, HEAD bodies', () => {
    expect(check.check('GET', '/', json('<html>', 200, 'text/html'))).toEqual([]);
    expect(check.check('GET', '/assets/index-abc.js', json('x', 200, 'text/javascript'))).toEqual([]);
    expect(check.check('OPTIONS', `/api/things/${id}`, json('', 204, ''))).toEqual([]);
    expect(check.check('HEAD', `/api/things/${id}`, json('', 200))).toEqual([]);
    expect(check.check('HEAD', `/api/things/${id}`, json('', 409))[0]).toMatch(/not documented/);
  });
});
