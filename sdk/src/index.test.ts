import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AccessPlusClient,
  AccessPlusError,
  type Category,
  createAccessPlusClient,
  type ErrorResponse,
  type Event,
  type Image,
  type OperationData,
  type OperationInit,
  type PublicEventSummary,
  type PublicOrganizer,
  paginate,
  retryAfterMs,
  syncPages,
  type Tier,
  unwrap,
} from './index.js';

interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
}

type Answer = (request: ReceivedRequest, response: ServerResponse) => void;

// A stand-in for the API on a real socket, so the tests see exactly what the client puts on the wire.
const received: ReceivedRequest[] = [];
let answer: Answer = (_request, response) => response.writeHead(500).end();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const bytes = Buffer.concat(chunks);
    // An upload's body is a file's bytes, kept as they came.
    const json = /json/.test(req.headers['content-type'] ?? 'json');
    const request: ReceivedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: bytes.length === 0 ? undefined : json ? JSON.parse(bytes.toString('utf8')) : bytes,
    };
    received.push(request);
    answer(request, res);
  });
});

let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

beforeEach(() => {
  received.length = 0;
});

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    .end(JSON.stringify(body));
}

function summary(id: string, title: string): PublicEventSummary {
  return {
    id,
    organizer: { slug: 'addis-cultural-center', name: 'Addis Cultural Center' },
    title: { en: title },
    category: 'afrobeat-concert',
    tags: [],
    languages: ['am'],
    venue_name: 'Community Hall',
    address_line: '1 Main St',
    city: 'Silver Spring',
    state: 'MD',
    postal_code: '20910',
    country: 'US',
    time_zone: 'America/New_York',
    starts_at: '2031-05-01T23:00:00.000Z',
    ends_at: '2031-05-02T03:00:00.000Z',
    image_url: null,
    image_srcset: null,
    is_online: false,
    currency: 'USD',
    price_from_cents: 2500,
    price_to_cents: 4000,
    remaining: 120,
    sold_out: false,
  };
}

describe('createAccessPlusClient', () => {
  it('sends the bearer token, the method, the path and the query of searchCatalog', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    const page = { data: [summary('e1', 'Ethiopian New Year')], next_cursor: null };
    answer = (_request, response) => json(response, 200, page);

    const data = unwrap(
      await client.GET('/v1/public/events', { params: { query: { organizer: 'addis-cultural-center', limit: 2 } } }),
    );

    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'GET',
      path: '/v1/public/events',
      query: { organizer: 'addis-cultural-center', limit: '2' },
    });
    expect(received[0]?.headers.authorization).toBe('Bearer ak_live_123');
    expect(data).toEqual(page);
    expectTypeOf(data).toEqualTypeOf<{ data: PublicEventSummary[]; next_cursor: string | null }>();
  });

  it('sends no Authorization header without a token', async () => {
    const client = createAccessPlusClient({ baseUrl });
    answer = (_request, response) => json(response, 200, { data: [], next_cursor: null });

    await client.GET('/v1/public/events');

    expect(received[0]?.headers).not.toHaveProperty('authorization');
  });

  it('posts createEvent as a JSON body and unwraps the created event', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    const created = { id: 'e1', status: 'draft', title: { en: 'Eid Festival' } };
    answer = (_request, response) => json(response, 201, created);
    const body = {
      title: { en: 'Eid Festival' },
      category: 'festival',
      time_zone: 'America/New_York',
      starts_at: '2031-04-10T16:00:00.000Z',
      ends_at: '2031-04-10T22:00:00.000Z',
    };

    const event = unwrap(await client.POST('/v1/events', { body }));

    expect(received[0]).toMatchObject({ method: 'POST', path: '/v1/events', query: {}, body });
    expect(received[0]?.headers['content-type']).toMatch(/^application\/json/);
    expect(received[0]?.headers.authorization).toBe('Bearer ak_live_123');
    expect(event).toEqual(created);
    expectTypeOf(event).toEqualTypeOf<Event>();
  });

  it('lets one call override the token with its own Authorization header', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    answer = (_request, response) => json(response, 200, { data: [], next_cursor: null });

    await client.GET('/v1/events', { headers: { Authorization: 'Bearer ak_other' } });

    expect(received[0]?.headers.authorization).toBe('Bearer ak_other');
  });
});

describe('operation methods', () => {
  const notFound: ErrorResponse = {
    error: {
      code: 'event_not_found',
      message: 'No event has this id. List your events with GET /v1/events.',
      details: [],
      request_id: 'req-7b1d',
    },
  };

  it('gets an event by the event_id in its path and resolves to the event itself', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    const stored = { id: 'e1', status: 'published', title: { en: 'Meskel' }, tiers: [] };
    answer = (_request, response) => json(response, 200, stored);

    const event = await client.getEvent({ params: { path: { event_id: 'e1' } } });

    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'GET', path: '/v1/events/e1', query: {}, body: undefined });
    expect(received[0]?.headers.authorization).toBe('Bearer ak_live_123');
    expect(event).toEqual(stored);
    expectTypeOf(event).toEqualTypeOf<Event>();
  });

  it('posts createEvent with its JSON body and resolves to the created event', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    const created = { id: 'e2', status: 'draft', title: { en: 'Eid Festival' } };
    answer = (_request, response) => json(response, 201, created);
    const body = {
      title: { en: 'Eid Festival' },
      category: 'festival',
      time_zone: 'America/New_York',
      starts_at: '2031-04-10T16:00:00.000Z',
      ends_at: '2031-04-10T22:00:00.000Z',
      tiers: [{ name: { en: 'General' }, price_cents: 2500, quantity: 200 }],
    };

    const event = await client.createEvent({ body });

    expect(received[0]).toMatchObject({ method: 'POST', path: '/v1/events', query: {}, body });
    expect(received[0]?.headers['content-type']).toMatch(/^application\/json/);
    expect(event).toEqual(created);
    expectTypeOf(event).toEqualTypeOf<Event>();
  });

  it('sends the Idempotency-Key of a write as its header parameter, typed from the document', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    answer = (_request, response) => json(response, 201, { id: 'e3', status: 'draft', title: { en: 'Gala' } });
    const body = {
      title: { en: 'Gala' },
      category: 'gala-fundraiser',
      time_zone: 'America/New_York',
      starts_at: '2031-05-10T22:00:00.000Z',
      ends_at: '2031-05-11T02:00:00.000Z',
    };

    await client.createEvent({ params: { header: { 'Idempotency-Key': 'sync-2031-05-gala' } }, body });

    expect(received[0]?.headers['idempotency-key']).toBe('sync-2031-05-gala');
    expectTypeOf<NonNullable<OperationInit<'createEvent'>['params']>['header']>().toEqualTypeOf<
      { 'Idempotency-Key'?: string } | undefined
    >();
  });

  it('uploads a file with uploadImage: its bytes as they are, under its own Content-Type', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    const stored = { id: 'i1', url: 'https://api.accessplus.example/v1/images/a.webp', srcset: '…' };
    answer = (_request, response) => json(response, 201, stored);
    const file = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], { type: 'image/jpeg' });

    const image = await client.uploadImage({
      body: file,
      // The file goes as it is, not as JSON.
      bodySerializer: (body) => body as Blob,
      headers: { 'content-type': file.type },
    });

    expect(received[0]).toMatchObject({ method: 'POST', path: '/v1/images' });
    expect(received[0]?.headers['content-type']).toBe('image/jpeg');
    expect(received[0]?.body).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    expect(image).toEqual(stored);
    expectTypeOf(image).toEqualTypeOf<Image>();
  });

  it("reads an operation that answers with a file as a Blob of the file's bytes and type", async () => {
    const client = createAccessPlusClient({ baseUrl });
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><path d="M0 0h7v7H0z"/></svg>';
    answer = (_request, response) => response.writeHead(200, { 'content-type': 'image/svg+xml' }).end(svg);
    const path = { slug: 'addis-cultural-center', order_id: 'o1', ticket_id: 't1' };

    const code = await client.getTicketQrSvg({ params: { path, query: { token: 'order-access-token' } } });

    expect(received[0]).toMatchObject({
      method: 'GET',
      path: '/v1/public/organizers/addis-cultural-center/orders/o1/tickets/t1/qr.svg',
      query: { token: 'order-access-token' },
    });
    expect(code).toBeInstanceOf(Blob);
    expect(code.type).toBe('image/svg+xml');
    await expect(code.text()).resolves.toBe(svg);

    answer = (_request, response) => json(response, 404, notFound);
    await expect(client.getTicketQrSvg({ params: { path, query: { token: 'wrong' } } })).rejects.toMatchObject({
      status: 404,
      code: 'event_not_found',
    });
  });

  it('resolves deleteEvent, answered 204 No Content, to undefined', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    answer = (_request, response) => response.writeHead(204).end();

    const result = await client.deleteEvent({ params: { path: { event_id: 'e1' } } });

    expect(received[0]).toMatchObject({ method: 'DELETE', path: '/v1/events/e1' });
    expect(result).toBeUndefined();
    expectTypeOf(result).toEqualTypeOf<undefined>();
  });

  it('sends the query of searchCatalog, and may be called without one', async () => {
    const client = createAccessPlusClient({ baseUrl });
    const page = { data: [summary('e1', 'Ethiopian New Year')], next_cursor: null };
    answer = (_request, response) => json(response, 200, page);

    const found = await client.searchCatalog({
      params: { query: { organizer: 'addis-cultural-center', language: 'am', q: 'new year', limit: 20 } },
    });
    await client.searchCatalog();

    expect(received.map(({ method, path, query }) => ({ method, path, query }))).toEqual([
      {
        method: 'GET',
        path: '/v1/public/events',
        query: { organizer: 'addis-cultural-center', language: 'am', q: 'new year', limit: '20' },
      },
      { method: 'GET', path: '/v1/public/events', query: {} },
    ]);
    expect(received[0]?.headers).not.toHaveProperty('authorization');
    expect(found).toEqual(page);
    expectTypeOf(found).toEqualTypeOf<{ data: PublicEventSummary[]; next_cursor: string | null }>();
  });

  it.each<[string, string, (client: AccessPlusClient) => Promise<unknown>, unknown?]>([
    ['POST', '/v1/events/e1/publish', (client) => client.publishEvent({ params: { path: { event_id: 'e1' } } })],
    [
      'PATCH',
      '/v1/events/e1/tiers/t9',
      (client) => client.updateTier({ params: { path: { event_id: 'e1', tier_id: 't9' } }, body: { quantity: 300 } }),
      { quantity: 300 },
    ],
    [
      'PUT',
      '/v1/auth/session/organizer',
      (client) => client.switchOrganizer({ body: { organizer: 'harlem-arts' } }),
      { organizer: 'harlem-arts' },
    ],
    ['DELETE', '/v1/organizer/members/u3', (client) => client.removeMember({ params: { path: { user_id: 'u3' } } })],
    [
      'GET',
      '/v1/public/organizers/addis',
      (client) => client.getPublicOrganizer({ params: { path: { slug: 'addis' } } }),
    ],
    ['GET', '/v1/categories', (client) => client.listCategories()],
  ])('sends %s %s', async (method, path, call, body) => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    answer = (_request, response) => json(response, 200, {});

    await call(client);

    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method, path, body });
  });

  it('throws AccessPlusError with the code and status of an error answer', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    answer = (_request, response) => json(response, 404, notFound);

    const call = client.getEvent({ params: { path: { event_id: 'missing' } } });

    await expect(call).rejects.toBeInstanceOf(AccessPlusError);
    await expect(call).rejects.toMatchObject({
      status: 404,
      code: 'event_not_found',
      message: 'No event has this id. List your events with GET /v1/events.',
      requestId: 'req-7b1d',
    });
    expect(received[0]).toMatchObject({ method: 'GET', path: '/v1/events/missing' });
  });

  it('carries how long a 429 or a busy Idempotency-Key asked to wait, for a caller that does not retry', async () => {
    const client = createAccessPlusClient({ baseUrl, retry: false });
    const tooMany: ErrorResponse = {
      error: {
        code: 'rate_limited',
        message: 'Too many requests. Try again in 7 seconds.',
        details: [],
        request_id: 'req-9c3e',
      },
    };
    answer = (_request, response) => json(response, 429, tooMany, { 'retry-after': '7' });

    const call = client.getCatalogEvent({ params: { path: { event_id: 'e1' } } });

    await expect(call).rejects.toMatchObject({ status: 429, code: 'rate_limited', retryAfterMs: 7000 });
    expect(received).toHaveLength(1);

    answer = (_request, response) => json(response, 404, notFound);
    await expect(client.getCatalogEvent({ params: { path: { event_id: 'e1' } } })).rejects.toMatchObject({
      status: 404,
      retryAfterMs: null,
    });
  });

  it('throws on a 204 operation that fails, instead of resolving to undefined', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    answer = (_request, response) => json(response, 404, notFound);

    await expect(client.deleteEvent({ params: { path: { event_id: 'missing' } } })).rejects.toMatchObject({
      status: 404,
      code: 'event_not_found',
    });
  });

  it('has a method for every operation of openapi/openapi.json, beside the path-based calls', () => {
    const client = createAccessPlusClient({ baseUrl });
    const spec = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const operationIds = Object.values(spec.paths).flatMap((pathItem) =>
      Object.values(pathItem).flatMap((operation) => operation.operationId ?? []),
    );

    expect(operationIds.length).toBeGreaterThan(0);
    for (const operationId of operationIds) expect(client).toHaveProperty(operationId, expect.any(Function));
    for (const member of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'request', 'use']) {
      expect(client).toHaveProperty(member, expect.any(Function));
    }
  });

  it('types each method from the operation: required path parameters, body and exact results', () => {
    const client = createAccessPlusClient({ baseUrl });

    expectTypeOf(client.getEvent).parameter(0).toEqualTypeOf<OperationInit<'getEvent'>>();
    expectTypeOf<OperationInit<'getEvent'>['params']['path']>().toEqualTypeOf<{ event_id: string }>();
    expectTypeOf(client.getEvent).returns.resolves.toEqualTypeOf<Event>();
    expectTypeOf(client.getTier).returns.resolves.toEqualTypeOf<Tier>();
    expectTypeOf(client.getPublicOrganizer).returns.resolves.toEqualTypeOf<PublicOrganizer>();
    expectTypeOf(client.deleteEvent).returns.resolves.toEqualTypeOf<undefined>();
    expectTypeOf(client.getTicketQrSvg).returns.resolves.toEqualTypeOf<Blob>();
    expectTypeOf(client.getImageFile).returns.resolves.toEqualTypeOf<Blob>();
    // An operation that documents no error answer still resolves to its data alone.
    expectTypeOf(client.listCategories).returns.resolves.toEqualTypeOf<{ data: Category[] }>();
    expectTypeOf<OperationData<'listEvents'>>().toEqualTypeOf<{
      data: Event[];
      next_cursor: string | null;
      next_updated_since: string | null;
    }>();
    expectTypeOf(client.listEvents).toBeCallableWith();
    expectTypeOf(client.listEvents).toBeCallableWith({ params: { query: { status: 'draft', limit: 20 } } });

    // Never called: these lines exist for the compiler, which must refuse each of them.
    const _refused = () => [
      // @ts-expect-error getEvent needs the event_id path parameter.
      client.getEvent(),
      // @ts-expect-error getEvent needs the event_id path parameter.
      client.getEvent({ params: { path: {} } }),
      // @ts-expect-error event_id is a string.
      client.getEvent({ params: { path: { event_id: 7 } } }),
      // @ts-expect-error createEvent needs a body.
      client.createEvent(),
      // @ts-expect-error title is a map of locale to text.
      client.updateEvent({ params: { path: { event_id: 'e1' } }, body: { title: 'Meskel' } }),
      // @ts-expect-error listEvents has no such query parameter.
      client.listEvents({ params: { query: { organizer: 'addis' } } }),
      // @ts-expect-error operation methods choose how to read their answer.
      client.listCategories({ parseAs: 'text' }),
    ];
  });
});

describe('unwrap', () => {
  it('throws AccessPlusError carrying the fields of the error shape', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    const body: ErrorResponse = {
      error: {
        code: 'event_not_found',
        message: 'No event has this id. List your events with GET /v1/events.',
        details: [{ field: 'params.event_id', message: 'unknown id' }],
        request_id: 'req-4f2a9c1e',
      },
    };
    answer = (_request, response) => json(response, 404, body);

    const result = await client.GET('/v1/events/{event_id}', { params: { path: { event_id: 'missing' } } });
    const error = (() => {
      try {
        unwrap(result);
      } catch (caught) {
        return caught;
      }
    })();

    expect(received[0]).toMatchObject({ method: 'GET', path: '/v1/events/missing' });
    expect(error).toBeInstanceOf(AccessPlusError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'AccessPlusError',
      status: 404,
      code: 'event_not_found',
      message: 'No event has this id. List your events with GET /v1/events.',
      details: [{ field: 'params.event_id', message: 'unknown id' }],
      requestId: 'req-4f2a9c1e',
    });
  });

  it('turns a body that is not the error shape into unexpected_response, keeping the request id header', async () => {
    const client = createAccessPlusClient({ baseUrl, retry: false });
    answer = (_request, response) =>
      response
        .writeHead(502, 'Bad Gateway', { 'content-type': 'text/html', 'x-request-id': 'req-from-header' })
        .end('<h1>502</h1>');

    const result = await client.GET('/v1/categories');

    expect(() => unwrap(result)).toThrow(
      expect.objectContaining({ status: 502, code: 'unexpected_response', details: [], requestId: 'req-from-header' }),
    );
  });

  it('returns undefined for 204 No Content', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    answer = (_request, response) => response.writeHead(204).end();

    const result = await client.DELETE('/v1/events/{event_id}', { params: { path: { event_id: 'e1' } } });

    expect(received[0]).toMatchObject({ method: 'DELETE', path: '/v1/events/e1' });
    expect(unwrap(result)).toBeUndefined();
  });
});

describe('paginate', () => {
  it('walks the pages by passing next_cursor back as cursor until it is null', async () => {
    const client = createAccessPlusClient({ baseUrl });
    const pages: Record<string, unknown> = {
      first: { data: [summary('e1', 'Meskel'), summary('e2', 'Timkat')], next_cursor: 'c2' },
      c2: { data: [summary('e3', 'Enkutatash')], next_cursor: null },
    };
    answer = (request, response) => json(response, 200, pages[request.query.cursor ?? 'first']);

    const titles: string[] = [];
    for await (const event of paginate((cursor) =>
      client.GET('/v1/public/events', { params: { query: { organizer: 'addis-cultural-center', limit: 2, cursor } } }),
    )) {
      expectTypeOf(event).toEqualTypeOf<PublicEventSummary>();
      titles.push(event.title.en ?? '');
    }

    expect(titles).toEqual(['Meskel', 'Timkat', 'Enkutatash']);
    expect(received.map((request) => request.query)).toEqual([
      { organizer: 'addis-cultural-center', limit: '2' },
      { organizer: 'addis-cultural-center', limit: '2', cursor: 'c2' },
    ]);
  });

  it('walks a list of operation method pages, which come already unwrapped', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    const event = (id: string) => ({ id, status: 'draft', title: { en: id }, tiers: [] });
    answer = (request, response) =>
      json(
        response,
        200,
        request.query.cursor === 'c2'
          ? { data: [event('e3')], next_cursor: null }
          : { data: [event('e1'), event('e2')], next_cursor: 'c2' },
      );

    const ids: string[] = [];
    for await (const event of paginate((cursor) => client.listEvents({ params: { query: { cursor, limit: 2 } } }))) {
      expectTypeOf(event).toEqualTypeOf<Event>();
      ids.push(event.id);
    }

    expect(ids).toEqual(['e1', 'e2', 'e3']);
    expect(received.map(({ path, query }) => ({ path, query }))).toEqual([
      { path: '/v1/events', query: { limit: '2' } },
      { path: '/v1/events', query: { limit: '2', cursor: 'c2' } },
    ]);
  });

  it('syncs page after page, each with the position to keep once it is applied', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'ak_live_123' });
    const event = (id: string) => ({ id, status: 'draft', title: { en: id }, tiers: [] });
    answer = (request, response) =>
      json(
        response,
        200,
        request.query.cursor === 'pos_2'
          ? { data: [event('e3')], next_cursor: null, next_updated_since: 'pos_end' }
          : { data: [event('e1'), event('e2')], next_cursor: 'pos_2', next_updated_since: 'pos_2' },
      );

    const pages: { ids: string[]; updatedSince: string }[] = [];
    for await (const page of syncPages((query) => client.listEvents({ params: { query } }), '2024-05-01T00:00:00Z')) {
      expectTypeOf(page.data).toEqualTypeOf<Event[]>();
      pages.push({ ids: page.data.map((e) => e.id), updatedSince: page.updatedSince });
    }

    expect(pages).toEqual([
      { ids: ['e1', 'e2'], updatedSince: 'pos_2' },
      { ids: ['e3'], updatedSince: 'pos_end' },
    ]);
    expect(received.map(({ query }) => query)).toEqual([
      { updated_since: '2024-05-01T00:00:00Z' },
      { updated_since: '2024-05-01T00:00:00Z', cursor: 'pos_2' },
    ]);
  });

  it('stops with an AccessPlusError when a page fails', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'expired' });
    answer = (_request, response) =>
      json(response, 401, {
        error: { code: 'unauthenticated', message: 'Sign in again.', details: [], request_id: 'req-401' },
      });

    const walk = async () => {
      for await (const _event of paginate((cursor) => client.GET('/v1/events', { params: { query: { cursor } } }))) {
        // never reached
      }
    };

    await expect(walk()).rejects.toMatchObject({ status: 401, code: 'unauthenticated', requestId: 'req-401' });
  });

  it('accepts pages that are already unwrapped', async () => {
    const calls: (string | undefined)[] = [];
    const numbers = paginate(async (cursor) => {
      calls.push(cursor);
      return cursor ? { data: [3], next_cursor: null } : { data: [1, 2], next_cursor: 'next' };
    });

    const seen: number[] = [];
    for await (const number of numbers) seen.push(number);

    expect(seen).toEqual([1, 2, 3]);
    expect(calls).toEqual([undefined, 'next']);
  });
});

describe('retries', () => {
  it('waits what Retry-After says after a 429 and tries again, with the same Idempotency-Key on a write', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'apk_test' });
    let calls = 0;
    answer = (_request, response) => {
      calls += 1;
      if (calls === 1) {
        json(
          response,
          429,
          { error: { code: 'rate_limited', message: 'Wait 1 second.', details: [], request_id: 'r1' } },
          { 'retry-after': '1' },
        );
      } else {
        json(response, 201, { id: 'evt_1' });
      }
    };
    const started = Date.now();
    await client.POST('/v1/events', {
      body: {
        title: { en: 'Eid al-Fitr bazaar' },
        category: 'festival',
        time_zone: 'America/New_York',
        starts_at: '2031-03-20T15:00:00Z',
        ends_at: '2031-03-20T21:00:00Z',
      },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(received).toHaveLength(2);
    const keys = received.map((request) => request.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(received[1]?.body).toEqual(received[0]?.body);
  });

  it('tries a read again after a 503 and after a dropped connection, then gives up after its retries', async () => {
    const client = createAccessPlusClient({ baseUrl, retry: { retries: 2, baseDelayMs: 10 } });
    let calls = 0;
    answer = (_request, response) => {
      calls += 1;
      if (calls === 1) return void response.socket?.destroy();
      json(response, 503, { error: { code: 'busy', message: 'Busy.', details: [], request_id: 'r' } });
    };
    const error = await client.listCategories().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AccessPlusError);
    expect((error as AccessPlusError).code).toBe('busy');
    expect(received).toHaveLength(3);
  });

  it('does not send a write again without an Idempotency-Key, and gives each write its own key', async () => {
    const client = createAccessPlusClient({ baseUrl, idempotencyKeys: false, retry: { baseDelayMs: 10 } });
    answer = (_request, response) =>
      json(response, 503, { error: { code: 'busy', message: 'Busy.', details: [], request_id: 'r' } });
    await expect(client.cancelOrder({ params: { path: { order_id: 'o1' } } })).rejects.toThrow(AccessPlusError);
    expect(received).toHaveLength(1);
    expect(received[0]?.headers['idempotency-key']).toBeUndefined();

    const keyed = createAccessPlusClient({ baseUrl, retry: false });
    answer = (_request, response) => json(response, 200, {});
    await keyed.POST('/v1/orders/{order_id}/cancel', { params: { path: { order_id: 'o1' } } });
    await keyed.POST('/v1/orders/{order_id}/cancel', {
      params: { path: { order_id: 'o1' } },
      headers: { 'idempotency-key': 'chosen-by-caller' },
    });
    const [, first, second] = received.map((request) => request.headers['idempotency-key']);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toBe('chosen-by-caller');
  });

  it('waits out a 409 whose Idempotency-Key is still being worked on, and takes the answer', async () => {
    const client = createAccessPlusClient({ baseUrl, retry: { baseDelayMs: 10 } });
    let calls = 0;
    answer = (_request, response) => {
      calls += 1;
      if (calls === 1) {
        json(
          response,
          409,
          { error: { code: 'idempotency_key_in_use', message: 'Still running.', details: [], request_id: 'r' } },
          { 'retry-after': '0' },
        );
      } else {
        json(response, 200, { id: 'o1', status: 'cancelled' }, { 'idempotent-replayed': 'true' });
      }
    };
    const result = await client.POST('/v1/orders/{order_id}/cancel', { params: { path: { order_id: 'o1' } } });
    expect(result.response.status).toBe(200);
    expect(received).toHaveLength(2);
    expect(received[1]?.headers['idempotency-key']).toBe(received[0]?.headers['idempotency-key']);

    // A 409 without Retry-After is a conflict to report, not to retry.
    received.length = 0;
    answer = (_request, response) =>
      json(response, 409, { error: { code: 'not_pending', message: 'Paid.', details: [], request_id: 'r' } });
    await expect(client.cancelOrder({ params: { path: { order_id: 'o1' } } })).rejects.toThrow('Paid.');
    expect(received).toHaveLength(1);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});

describe('iterate', () => {
  it('walks every page of a list operation, keeping the query and following the cursor', async () => {
    const client = createAccessPlusClient({ baseUrl, token: 'apk_test' });
    answer = (request, response) =>
      request.query.cursor === 'page-2'
        ? json(response, 200, { data: [{ id: 'o3' }], next_cursor: null })
        : json(response, 200, { data: [{ id: 'o1' }, { id: 'o2' }], next_cursor: 'page-2' });
    const ids: string[] = [];
    for await (const order of client.iterate('listOrders', { params: { query: { limit: 2, status: 'paid' } } })) {
      ids.push(order.id);
    }
    expect(ids).toEqual(['o1', 'o2', 'o3']);
    expect(received.map((request) => request.query)).toEqual([
      { limit: '2', status: 'paid' },
      { limit: '2', status: 'paid', cursor: 'page-2' },
    ]);
  });
});
