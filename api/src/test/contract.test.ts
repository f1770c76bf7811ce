import { describe, expect, it } from 'vitest';
import { formatViolation, type ObservedAnswer, type OpenApiDocument, ResponseContract } from './contract.ts';

const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const document: OpenApiDocument = {
  paths: {
    '/v1/events/{event_id}': {
      get: {
        responses: {
          200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Event' } } } },
          404: error,
        },
      },
      delete: { responses: { 204: { description: 'No content.' }, 404: error } },
    },
    '/v1/images/{file}': {
      get: { responses: { 200: { content: { 'image/webp': { schema: { type: 'string', format: 'binary' } } } } } },
    },
  },
  components: {
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
      Event: {
        type: 'object',
        required: ['id', 'starts_at', 'tiers'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', format: 'uuid' },
          starts_at: { type: 'string', format: 'date-time' },
          status: { type: 'string', enum: ['draft', 'published'] },
          tiers: { type: 'array', items: { type: 'object', properties: { price_cents: { type: 'integer' } } } },
        },
      },
    },
  },
};

const contract = new ResponseContract(document);
const event = { id: '7d7e2c1a-4a51-4f6c-9d3e-6c1f3e0b9a10', starts_at: '2030-05-01T18:00:00.000Z', tiers: [] };

function answer(overrides: Partial<ObservedAnswer>): ObservedAnswer {
  return {
    method: 'GET',
    route: '/v1/events/:event_id',
    url: '/v1/events/7d7e2c1a-4a51-4f6c-9d3e-6c1f3e0b9a10',
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(event),
    ...overrides,
  };
}

const check = (overrides: Partial<ObservedAnswer>) => contract.check(answer(overrides)).map(formatViolation);

describe('the response contract', () => {
  it('lets an answer through that is as documented', () => {
    expect(check({})).toEqual([]);
    expect(
      check({ status: 404, body: JSON.stringify({ error: { code: 'not_found', message: 'Not found.' } }) }),
    ).toEqual([]);
    expect(check({ method: 'DELETE', status: 204, contentType: undefined, body: 'null' })).toEqual([]);
    expect(check({ route: '/v1/images/:file', contentType: 'image/webp', body: null })).toEqual([]);
  });

  it('names a status the operation does not document', () => {
    expect(check({ status: 409, body: JSON.stringify({ error: { code: 'x', message: 'y' } }) })).toEqual([
      'GET /v1/events/{event_id} → 409: status 409 is not a documented response (documented: 200, 404)',
    ]);
  });

  it('names a content type the response does not document', () => {
    expect(check({ route: '/v1/images/:file', contentType: 'image/png', body: null })).toEqual([
      'GET /v1/images/{file} → 200: content type image/png is not documented for this response (documented: image/webp)',
    ]);
    expect(check({ contentType: 'text/plain' })).toEqual([
      'GET /v1/events/{event_id} → 200: content type text/plain is not documented for this response (documented: application/json)',
    ]);
  });

  it('points into the body at each place its schema refuses, following $refs', () => {
    const body = { ...event, starts_at: 'tomorrow', status: 'archived', tiers: [{ price_cents: '25.00' }], extra: 1 };
    const { id: _id, ...withoutId } = body;
    expect(check({ body: JSON.stringify(withoutId) })).toEqual([
      'GET /v1/events/{event_id} → 200 at /: lacks "id", which the schema requires',
      'GET /v1/events/{event_id} → 200 at /: has "extra", which the schema does not allow',
      'GET /v1/events/{event_id} → 200 at /starts_at: must match format "date-time"',
      'GET /v1/events/{event_id} → 200 at /status: must be equal to one of the allowed values: ["draft","published"]',
      'GET /v1/events/{event_id} → 200 at /tiers/0/price_cents: must be integer',
    ]);
  });

  it('refuses a body on a response that documents none, and a body that is not JSON', () => {
    expect(check({ method: 'DELETE', status: 200, contentType: undefined, body: '' })).toEqual([
      'DELETE /v1/events/{event_id} → 200: status 200 is not a documented response (documented: 204, 404)',
    ]);
    expect(check({ body: 'OK' })).toEqual(['GET /v1/events/{event_id} → 200: the body is not JSON: OK']);
  });

  it('holds an answer no route gave to the one error shape', () => {
    const unrouted = { route: undefined, url: '/v1/nowhere?x=1', status: 404 };
    expect(
      check({ ...unrouted, body: JSON.stringify({ error: { code: 'route_not_found', message: 'No.' } }) }),
    ).toEqual([]);
    expect(check({ ...unrouted, body: JSON.stringify({ message: 'Not found' }) })).toEqual([
      'GET /v1/nowhere → 404 at /: lacks "error", which the schema requires',
    ]);
  });

  it('names a route that the document leaves out', () => {
    expect(check({ route: '/v1/secret' })).toEqual([
      'GET /v1/secret → 200: the operation is not in openapi/openapi.json',
    ]);
  });
});
