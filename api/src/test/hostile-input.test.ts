import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from './app.ts';

/**
 * Input that no form sends but anyone can: control characters PostgreSQL cannot store, text that
 * is not valid Unicode, numbers past what a column holds, over-long paths. Each is refused as bad
 * input, in the one error shape and naming what is wrong, before anything is written.
 */

let t: TestApp;
let owner: Organizer;
const ids = { event: '', tier: '', order: '', token: '' };

beforeAll(async () => {
  t = await startTestApp();
  owner = await signUpOrganizer(t.app);
  ids.event = await publishedEvent(t.app, owner.token);
  ids.tier = (await as(t.app, owner.token).get(`/v1/events/${ids.event}`)).json().tiers[0].id;
  const held = await t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${owner.slug}/orders`,
    payload: {
      buyer: { name: 'Pending', email: 'pending@example.org' },
      tickets: [{ tier_id: ids.tier, quantity: 1 }],
    },
  });
  ids.order = held.json().order.id;
  ids.token = held.json().access_token;
});
afterAll(() => t.stop());

const NUL = '\u0000';
const LONE_SURROGATE = '\ud800';

async function rowCounts() {
  const { rows } = await t.admin.query(`select
    (select count(*) from users)::int as users, (select count(*) from tenants)::int as tenants,
    (select count(*) from events)::int as events, (select count(*) from orders)::int as orders,
    (select count(*) from waitlist_entries)::int as waitlist, (select count(*) from promo_codes)::int as promos,
    (select max(updated_at) from orders)::text as orders_changed, (select max(updated_at) from events)::text as events_changed`);
  return rows[0];
}

type Case = [label: string, method: 'GET' | 'POST' | 'PATCH', path: () => string, body: () => unknown, field: string];

const cart = () => ({ tickets: [{ tier_id: ids.tier, quantity: 1 }] });
const buyer = (name: string) => ({ name, email: 'nul@example.org' });

/** As a query string carries it: NUL percent-encoded, and anything else as a browser would. */
const inQuery = (text: string) => encodeURIComponent(text);

const withBadText = (text: string): Case[] => [
  [
    'the public catalog keyword',
    'GET',
    () => `/v1/public/events?q=a${inQuery(text)}b`,
    () => undefined,
    'querystring.q',
  ],
  [
    'the public catalog city',
    'GET',
    () => `/v1/public/events?city=${inQuery(text)}`,
    () => undefined,
    'querystring.city',
  ],
  [
    "a buyer's name",
    'POST',
    () => `/v1/public/organizers/${owner.slug}/orders`,
    () => ({ buyer: buyer(`Hana${text}`), ...cart() }),
    'body.buyer.name',
  ],
  [
    "an attendee's name",
    'POST',
    () => `/v1/public/organizers/${owner.slug}/orders`,
    () => ({ buyer: buyer('Hana'), tickets: [{ tier_id: ids.tier, quantity: 1, attendee_names: [`Abebe${text}`] }] }),
    'body.tickets.0.attendee_names.0',
  ],
  [
    'a promo code at checkout',
    'POST',
    () => `/v1/public/organizers/${owner.slug}/quote`,
    () => ({ ...cart(), promo_code: `SAVE${text}` }),
    'body.promo_code',
  ],
  [
    'a waitlist name',
    'POST',
    () => `/v1/public/organizers/${owner.slug}/waitlist`,
    () => ({ tier_id: ids.tier, email: 'wait@example.org', name: `Wait${text}`, quantity: 1 }),
    'body.name',
  ],
  [
    "a sign-up's person and organization names",
    'POST',
    () => '/v1/auth/sign-up',
    () => ({
      email: 'new-nul@example.org',
      password: 'long enough password',
      display_name: `Person${text}`,
      organizer: { name: 'Org', slug: 'nul-org' },
    }),
    'body.display_name',
  ],
  [
    'a promo code an organizer creates',
    'POST',
    () => '/v1/promo-codes',
    () => ({ code: `CODE${text}`, kind: 'amount', amount_off_cents: 100 }),
    'body.code',
  ],
  [
    "an event's title",
    'PATCH',
    () => `/v1/events/${ids.event}`,
    () => ({ title: { en: `Gala${text}` } }),
    'body.title.en',
  ],
  [
    'a key of localized text',
    'PATCH',
    () => `/v1/events/${ids.event}`,
    () => ({ title: { [`en${text}`]: 'Gala' } }),
    'body.title',
  ],
];

describe('text PostgreSQL cannot store, or that is not Unicode', () => {
  it.each([
    ...withBadText(NUL).map((row) => [`NUL in ${row[0]}`, ...row.slice(1)] as Case),
    // A query string cannot carry half a surrogate pair: percent-encoding is of UTF-8 bytes.
    ...withBadText(LONE_SURROGATE)
      .filter((row) => row[1] !== 'GET')
      .map((row) => [`a lone surrogate in ${row[0]}`, ...row.slice(1)] as Case),
  ])('%s → 400 naming the field, nothing written', async (_label, method, path, body, field) => {
    const before = await rowCounts();
    const response = await as(t.app, owner.token).send({
      method,
      url: path(),
      ...(body() === undefined ? {} : { payload: body() as Record<string, unknown> }),
    });
    const error = expectErrorShape(response, 400, 'invalid_request');
    expect(error.details.map((detail) => detail.field)).toContain(field);
    expect(error.message).toMatch(/[.!]$/);
    expect(await rowCounts()).toEqual(before);
  });

  it('a body nested past any need is refused without walking it all', async () => {
    const nested = `${'['.repeat(10_000)}"deep"${']'.repeat(10_000)}`;
    const response = await as(t.app, owner.token).send({
      method: 'PATCH',
      url: `/v1/events/${ids.event}`,
      headers: { 'content-type': 'application/json' },
      payload: `{"title": {"en": "x"}, "tags": ${nested}}`,
    });
    const error = expectErrorShape(response, 400, 'invalid_request');
    expect(error.message).toMatch(/nests more than 32 levels deep/);
  });

  it('still takes every other character, right to left and combining marks included', async () => {
    const title = { en: 'Gala \u{1F389}', ar: 'حفل\u200f', am: 'የማህበረሰብ ጋላ', yo: 'Ọjọ́ àṣà' };
    const response = await as(t.app, owner.token).patch(`/v1/events/${ids.event}`, { title });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().title).toEqual(title);
  });
});

describe('numbers past what a column holds', () => {
  it.each([
    ['price_min', `${2 ** 31}`],
    ['price_max', `${2 ** 31}`],
    ['price_min', '99999999999999999999999'],
    ['limit', `${2 ** 53}`],
  ])('GET /v1/public/events?%s=%s → 400', async (name, value) => {
    const response = await t.app.inject({ method: 'GET', url: `/v1/public/events?${name}=${value}` });
    const error = expectErrorShape(response, 400, 'invalid_request');
    expect(error.details.map((detail) => detail.field)).toContain(`querystring.${name}`);
  });

  it('every integer a request may carry has bounds an int4 or int8 column holds', () => {
    const document = t.app.swagger() as {
      paths: Record<string, Record<string, Operation>>;
      components?: { schemas?: Record<string, JsonSchema> };
    };
    const shared = document.components?.schemas ?? {};
    const eachInteger = (schema: unknown, at: string, visit: (at: string, node: JsonSchema) => void) =>
      walkIntegers(schema, at, visit, shared, new Set());
    const unbounded: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        for (const parameter of operation.parameters ?? []) {
          eachInteger(parameter.schema, `${where} ${parameter.in}.${parameter.name}`, (at, schema) => {
            if (!bounded(schema)) unbounded.push(at);
          });
        }
        const body = operation.requestBody?.content?.['application/json']?.schema;
        eachInteger(body, `${where} body`, (at, schema) => {
          if (!bounded(schema)) unbounded.push(at);
        });
      }
    }
    expect(unbounded).toEqual([]);
  });
});

describe('paths', () => {
  it('a path parameter past the router’s limit answers in the one error shape', async () => {
    const response = await as(t.app, owner.token).get(`/v1/events/${'a'.repeat(150)}`);
    expectErrorShape(response, [400, 404, 414]);
  });

  it('a path that is not valid percent-encoding answers in the one error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/v1/public/events/%E0%A4%A' });
    expectErrorShape(response, 400, 'invalid_path');
  });

  it('a path past even the router’s limit answers 414 in the one error shape', async () => {
    const response = await as(t.app, owner.token).get(`/v1/events/${'a'.repeat(600)}`);
    expectErrorShape(response, 414, 'path_too_long');
  });
});

describe('what Node’s HTTP parser refuses', () => {
  /** Sends raw bytes to the listening API and reads the whole answer. */
  async function raw(request: string): Promise<{ status: number; body: string }> {
    const address = t.app.server.address() as AddressInfo;
    const socket = connect(address.port, '127.0.0.1');
    socket.write(request);
    let answer = '';
    for await (const chunk of socket) answer += chunk;
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    return { status: Number(head.split(' ')[1]), body };
  }

  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });

  it.each([
    ['a request line that is not HTTP', 'NOT HTTP AT ALL\r\n\r\n', 400, 'malformed_request'],
    [
      'headers past the limit',
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
      'headers_too_large',
    ],
  ])('%s → %i in the one error shape', async (_label, request, status, code) => {
    const answer = await raw(request);
    expect(answer.status).toBe(status);
    const body = JSON.parse(answer.body);
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatchObject({ code, details: [] });
    expect(body.error.message).toMatch(/[.!]$/);
  });
});

interface Operation {
  parameters?: { in: string; name: string; schema: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

const INT8_MAX = Number.MAX_SAFE_INTEGER;

function bounded(schema: JsonSchema): boolean {
  return (
    typeof schema.minimum === 'number' &&
    typeof schema.maximum === 'number' &&
    schema.minimum >= -INT8_MAX &&
    schema.maximum <= INT8_MAX
  );
}

function walkIntegers(
  schema: unknown,
  at: string,
  visit: (at: string, schema: JsonSchema) => void,
  shared: Record<string, JsonSchema>,
  seen: Set<string>,
): void {
  if (!schema || typeof schema !== 'object') return;
  const node = schema as JsonSchema;
  if (node.$ref) {
    const name = node.$ref.split('/').at(-1) ?? '';
    if (!seen.has(name)) walkIntegers(shared[name], at, visit, shared, new Set([...seen, name]));
    return;
  }
  const eachInteger = (child: unknown, where: string) => walkIntegers(child, where, visit, shared, seen);
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes('integer')) visit(at, node);
  for (const [name, child] of Object.entries(node.properties ?? {})) eachInteger(child, `${at}.${name}`);
  for (const [name, child] of Object.entries(node.patternProperties ?? {})) eachInteger(child, `${at}.${name}`);
  if (node.items) eachInteger(node.items, `${at}[]`);
  for (const child of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) eachInteger(child, at);
}
