import { performance } from 'node:perf_hooks';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  type BoughtTicket,
  buyTickets,
  type Organizer,
  publishedEvent,
  putOnPlan,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from './app.ts';
import { FakeDns } from './fake-dns.ts';
import { type FieldPath, type JsonSchema, type Mutation, SchemaInputs } from './fuzz/schema-inputs.ts';
import { type FakeStripe, startFakeStripe } from './stripe-server.ts';

/**
 * Every operation of the OpenAPI document, sent malformed input derived from its own schemas by a
 * caller allowed to use it: each path, query and header parameter and each body field (nested
 * objects and list items included) in turn gets wrong types, text PostgreSQL cannot store, over-long text,
 * numbers past their bounds and past what a column holds, unknown fields, `__proto__` keys,
 * arrays for objects and the reverse, bad ids and cursors; each body also comes empty, as
 * something other than an object, not JSON at all, and under other content types.
 *
 * Pass: no 5xx, no answer slower than 2 s, every error in the one shape, every unknown field of
 * an object that takes none refused, and no row of any table (or queued job) changed by a refused
 * request. A new operation is fuzzed as soon as it is in the document.
 */

const SLOW_MS = 2_000;

let t: TestApp;
let fakeStripe: FakeStripe;
/** The same API and database with Stripe configured, for the operations that need Stripe to act. */
let withStripe: FastifyInstance;
let inputs: SchemaInputs;
let owner: Organizer;
let staffToken = '';
let customerToken = '';
const ids = {
  event: '',
  tier: '',
  product: '',
  promo: '',
  taxRate: '',
  member: '',
  entry: '',
  secondEntry: '',
  pendingOrder: '',
  pendingToken: '',
  paidOrder: '',
  paidToken: '',
  ticket: '',
  ticketCode: '',
  checkedInTicket: '',
  payout: '',
  webhookEndpoint: '',
  webhookDelivery: '',
  domain: '',
};

beforeAll(async () => {
  fakeStripe = await startFakeStripe();
  t = await startTestApp(
    {
      // Nothing may change rows behind the requests' backs while they are watched.
      runWorker: false,
      loginRateLimit: { max: 1_000_000, windowMs: 60_000 },
    },
    // Custom domains are checked against a zone of the test's own, which has none of their records.
    { dns: new FakeDns() },
  );
  withStripe = (
    await t.anotherInstance({
      stripe: {
        secretKey: fakeStripe.secretKey,
        publishableKey: 'pk_test_local',
        webhookSecret: fakeStripe.webhookSecret,
        proPriceId: 'price_pro_monthly',
        apiBase: fakeStripe.sdkConfig,
      },
    })
  ).app;
  owner = await signUpOrganizer(t.app);
  const client = as(t.app, owner.token);
  ids.event = await publishedEvent(t.app, owner.token, {
    donations_enabled: true,
    tiers: [
      { name: { en: 'General' }, price_cents: 2500, quantity: 100 },
      { name: { en: 'Last seat' }, price_cents: 1000, quantity: 1 },
    ],
  });
  const tiers = (await client.get(`/v1/events/${ids.event}`)).json().tiers;
  ids.tier = tiers[0].id;
  const soldOutTier = tiers[1].id;
  ids.product = (
    await client.post('/v1/products', { name: { en: 'Parking' }, price_cents: 1000, quantity: 10, event_id: ids.event })
  ).json().id;
  ids.promo = (
    await client.post('/v1/promo-codes', { code: 'FUZZ10', kind: 'percent', percent_off_bp: 1000 })
  ).json().id;
  ids.taxRate = (await client.post('/v1/tax-rates', { state: 'MD', rate_ppm: 60_000 })).json().id;
  ids.member = (
    await client.post('/v1/organizer/members', { email: 'door-fuzz@example.org', role: 'check_in' })
  ).json().user_id;

  const pending = await buyTickets(t.app, owner.slug, { tickets: [{ tier_id: ids.tier, quantity: 1 }], pay: false });
  ids.pendingOrder = pending.order.id;
  ids.pendingToken = pending.accessToken;
  const paid = await buyTickets(t.app, owner.slug, {
    buyer: { email: 'fuzz-buyer@example.org' },
    tickets: [{ tier_id: ids.tier, quantity: 2 }],
  });
  ids.paidOrder = paid.order.id;
  ids.paidToken = paid.accessToken;
  const [checkedIn, other] = paid.order.tickets as [BoughtTicket, BoughtTicket];
  ids.ticket = other.id;
  ids.ticketCode = other.code;
  ids.checkedInTicket = checkedIn.id;
  await client.post(`/v1/events/${ids.event}/scans`, { code: checkedIn.code, device_id: 'fuzz door' });

  await buyTickets(t.app, owner.slug, { tickets: [{ tier_id: soldOutTier, quantity: 1 }], pay: false });
  const join = (email: string) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${owner.slug}/waitlist`,
      payload: { tier_id: soldOutTier, email, name: 'Waiting', quantity: 1 },
    });
  ids.entry = (await join('first-wait@example.org')).json().id;
  ids.secondEntry = (await join('second-wait@example.org')).json().id;

  const payout = await t.admin.query(
    `insert into payouts (tenant_id, event_id, kind, method, status, amount_cents, currency, due_at)
     values ($1, $2, 'early', 'manual', 'held', 1000, 'USD', now()) returning id`,
    [owner.organizerId, ids.event],
  );
  ids.payout = payout.rows[0].id;

  const staff = await signUpOrganizer(t.app);
  await t.admin.query('update users set is_platform_staff = true where id = $1', [staff.userId]);
  staffToken = staff.token;

  customerToken = await signedInCustomer('fuzz-buyer@example.org');

  // After the queued jobs ran: the worker is off, so nothing is ever sent to this address.
  await putOnPlan(t, owner, 'pro');
  ids.webhookEndpoint = (await client.post('/v1/webhook-endpoints', { url: 'https://93.184.215.14/hooks' })).json().id;
  ids.webhookDelivery = (await client.post(`/v1/webhook-endpoints/${ids.webhookEndpoint}/ping`)).json().id;
  ids.domain = (await client.post('/v1/organizer/domains', { hostname: 'tickets.fuzz-society.org' })).json().id;

  const document = t.app.swagger() as unknown as OpenApi;
  inputs = new SchemaInputs(document.components?.schemas ?? {}, knownValue);
  await watchChanges();
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await fakeStripe?.close();
});

/** The customer's session token, from the sign-in link the worker would email (made here by hand). */
async function signedInCustomer(email: string): Promise<string> {
  const asked = await t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${owner.slug}/customer/sign-in-links`,
    payload: { email },
  });
  expect(asked.statusCode, asked.body).toBe(202);
  // The worker is off here: its job sends the link when asked to.
  await t.runQueuedJobs();
  const mail = t.buyerMail.sent.findLast((sent) => sent.kind === 'customer_sign_in' && sent.to === email);
  const token = new URL(mail?.link ?? 'http://x').searchParams.get('token');
  const session = await t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${owner.slug}/customer/sessions`,
    payload: { token },
  });
  expect(session.statusCode, session.body).toBe(201);
  return session.json().token as string;
}

/** Values that make a field or parameter valid in this world, by its name. */
function knownValue(name: string, schema: JsonSchema): unknown {
  const byName: Record<string, unknown> = {
    event_id: ids.event,
    tier_id: ids.tier,
    product_id: ids.product,
    promo_code_id: ids.promo,
    tax_rate_id: ids.taxRate,
    user_id: ids.member,
    entry_id: ids.entry,
    after_entry_id: ids.secondEntry,
    before_entry_id: ids.secondEntry,
    organizer_id: owner.organizerId,
    payout_id: ids.payout,
    slug: owner.slug,
    organizer: owner.slug,
    code: ids.ticketCode,
    email: 'someone-fuzz@example.org',
    password: 'correct horse battery staple',
    time_zone: 'America/New_York',
    currency: 'USD',
    locale: 'en',
    default_locale: 'en',
    category: 'gala-fundraiser',
    state: 'MD',
    card_number: '4242424242424242',
    device_id: 'fuzz door',
    endpoint_id: ids.webhookEndpoint,
    delivery_id: ids.webhookDelivery,
    url: 'https://93.184.215.14/hooks',
    since: '2026-01-01T00:00:00Z',
    domain_id: ids.domain,
    hostname: 'shop.fuzz-society.org',
    host: `${owner.slug}.localhost`,
    domain: 'tickets.fuzz-society.org',
  };
  if (name in byName) return byName[name];
  if (name.endsWith('_url') && schema.type === 'string') return 'https://admin.example.org/fuzz';
  return undefined;
}

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** One malformed request: what it changes, and what must hold of its answer. */
interface Probe {
  what: string;
  path?: Record<string, string>;
  query?: string;
  headers?: Record<string, string>;
  body?: { payload: string; contentType?: string } | null;
  /** An unknown field of an object that takes none: must be refused with 400. */
  mustRefuse?: boolean;
}

/** Path parameters as they travel: percent-encoded, some of it on purpose not valid. */
const PATH_VARIANTS: [string, string][] = [
  ['not an id', 'not-an-id'],
  ['an id of nothing', '00000000-0000-4000-8000-000000000000'],
  ['NUL', 'a%00b'],
  ['bytes that are not UTF-8', '%ED%A0%80%FF'],
  ['broken percent-encoding', '%E0%A4%A'],
  ['200 characters', 'a'.repeat(200)],
  ['600 characters', 'a'.repeat(600)],
  ['a quote and SQL', encodeURIComponent("x' or '1'='1")],
  ['a dot segment', '..'],
  ['__proto__', '__proto__'],
  ['a number', '12345'],
];

function queryVariants(schema: JsonSchema, name: string): [string, string][] {
  const types = inputs.typesOf(schema);
  const node = inputs.resolve(schema);
  const variants: [string, string][] = [
    ['NUL', 'a%00b'],
    ['bytes that are not UTF-8', '%ED%A0%80%FF'],
    ['broken percent-encoding', '%E0%A4%A'],
    ['over its length', 'x'.repeat((node.maxLength ?? 2000) + 1)],
    ['empty', ''],
    ['repeated', `a&${name}=b`],
    ['an object', `[x]=1`],
  ];
  if (types.includes('integer') || types.includes('number')) {
    variants.push(
      ['not a number', 'abc'],
      ['a fraction', '1.5'],
      ['below its minimum', String((node.minimum ?? 0) - 1)],
      ['above its maximum', String((node.maximum ?? 0) + 1)],
      ['past a 32-bit column', String(2 ** 31)],
      ['past any column', '99999999999999999999999'],
      ['in exponent form', '1e308'],
    );
  }
  if (node.enum) variants.push(['not one of its values', 'not-a-listed-value']);
  if (node.format === 'date-time')
    variants.push(['not a time', 'yesterday'], ['past the calendar', '275760-09-13T00:00:00.001Z']);
  if (node.format === 'uuid') variants.push(['not an id', 'not-a-uuid']);
  if (name === 'cursor') {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    variants.push(
      ['a cursor that is not one', 'garbage'],
      ['a cursor of another shape', encode({ a: 1 })],
      ['a cursor of another list', encode(['x'])],
      ['a cursor with a bad time', encode(['not a time', 'not an id'])],
      ['a cursor with huge numbers', encode([1e308, 2 ** 63])],
    );
  }
  return variants;
}

/** Header values as they can travel (HTTP carries no NUL or line breaks in a header). */
function headerVariants(schema: JsonSchema): [string, string][] {
  const node = inputs.resolve(schema);
  return [
    ['empty', ''],
    ['over its length', 'x'.repeat((node.maxLength ?? 8000) + 1)],
    ['not ASCII', 'clé'],
    ['a tab', 'a\tb'],
  ];
}

function bodyVariants(): [string, { payload: string; contentType?: string } | null][] {
  return [
    ['no body at all', null],
    ['an empty JSON body', { payload: '', contentType: 'application/json' }],
    ['JSON null', { payload: 'null', contentType: 'application/json' }],
    ['a JSON array', { payload: '[]', contentType: 'application/json' }],
    ['a JSON string', { payload: '"text"', contentType: 'application/json' }],
    ['a JSON number', { payload: '42', contentType: 'application/json' }],
    ['JSON cut short', { payload: '{"a": ', contentType: 'application/json' }],
    ['a __proto__ key', { payload: '{"__proto__": {"polluted": true}}', contentType: 'application/json' }],
    ['deeply nested JSON', { payload: `${'['.repeat(5_000)}${']'.repeat(5_000)}`, contentType: 'application/json' }],
    ['plain text', { payload: 'hello', contentType: 'text/plain' }],
    ['a form', { payload: 'a=b&c=d', contentType: 'application/x-www-form-urlencoded' }],
    ['XML', { payload: '<a>b</a>', contentType: 'application/xml' }],
    ['a multipart body', { payload: '--x\r\n\r\nb\r\n--x--', contentType: 'multipart/form-data; boundary=x' }],
  ];
}

function stringify(mutation: Mutation, baseline: unknown, root: JsonSchema, at: FieldPath): string {
  if ('value' in mutation) return JSON.stringify(inputs.place(root, baseline, at, mutation.value));
  const marker = '"__fuzz_raw_value__"';
  return JSON.stringify(inputs.place(root, baseline, at, '__fuzz_raw_value__')).replace(marker, mutation.rawJson);
}

function probesOf(operation: Operation): Probe[] {
  const probes: Probe[] = [];
  const parameters = operation.parameters ?? [];
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  const baselineBody = bodySchema ? inputs.sample(bodySchema) : undefined;
  const baseline = bodySchema ? { payload: JSON.stringify(baselineBody), contentType: 'application/json' } : undefined;

  for (const parameter of parameters.filter((p) => p.in === 'path')) {
    for (const [label, value] of PATH_VARIANTS) {
      probes.push({ what: `path ${parameter.name}: ${label}`, path: { [parameter.name]: value }, body: baseline });
    }
  }
  for (const parameter of parameters.filter((p) => p.in === 'query')) {
    for (const [label, value] of queryVariants(parameter.schema, parameter.name)) {
      probes.push({ what: `query ${parameter.name}: ${label}`, query: `${parameter.name}=${value}`, body: baseline });
    }
  }
  for (const parameter of parameters.filter((p) => p.in === 'header')) {
    for (const [label, value] of headerVariants(parameter.schema)) {
      probes.push({ what: `header ${parameter.name}: ${label}`, headers: { [parameter.name]: value }, body: baseline });
    }
  }
  if (parameters.some((p) => p.in === 'query') || operation.requestBody === undefined) {
    probes.push({ what: 'an unknown query parameter', query: 'not_a_parameter=1', body: baseline });
  }
  if (bodySchema) {
    for (const [label, body] of bodyVariants()) probes.push({ what: `body: ${label}`, body });
    probes.push({
      what: 'body: over 1 MB',
      body: { payload: JSON.stringify({ padding: 'x'.repeat(1_100_000) }), contentType: 'application/json' },
    });
    for (const field of inputs.fields(bodySchema)) {
      const name = field.path.join('.');
      for (const mutation of inputs.mutations(field.schema)) {
        probes.push({
          what: `body ${name}: ${mutation.label}`,
          body: { payload: stringify(mutation, baselineBody, bodySchema, field.path), contentType: 'application/json' },
          mustRefuse: mutation.label === 'an unknown field',
        });
      }
    }
    const top = inputs.resolve(bodySchema);
    if (top.additionalProperties === false) {
      probes.push({
        what: 'body: an unknown field',
        body: {
          payload: JSON.stringify({ ...(baselineBody as object), not_a_field: 1 }),
          contentType: 'application/json',
        },
        mustRefuse: true,
      });
    }
  } else {
    // No body is declared: whatever is sent is not read, but it must not break the request.
    for (const [label, body] of bodyVariants().filter(([, b]) => b && !['text/plain'].includes(b.contentType ?? ''))) {
      if (body && /^(JSON null|a JSON|an empty)/.test(label)) continue;
      probes.push({ what: `an undeclared body: ${label}`, body });
    }
  }
  return probes;
}

/** Who is allowed to call the operation: its own kind of credential, or none. */
function credentialsOf(path: string, operation: Operation): Record<string, string> {
  const security = operation.security;
  if (security?.length === 1 && security[0] && 'customerToken' in security[0]) {
    return { authorization: `Bearer ${customerToken}` };
  }
  if (security && (security.length === 0 || security.some((entry) => Object.keys(entry).length === 0))) return {};
  return { authorization: `Bearer ${path.startsWith('/v1/staff') ? staffToken : owner.token}` };
}

function fill(path: string, overrides: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name in overrides) return overrides[name] as string;
    if (name === 'order_id') return path.includes('/tickets/') ? ids.paidOrder : ids.pendingOrder;
    if (name === 'ticket_id') return path.includes('undo-check-in') ? ids.checkedInTicket : ids.ticket;
    return encodeURIComponent(String(knownValue(name, { type: 'string' })));
  });
}

function requiredQuery(path: string, operation: Operation, except?: string): string {
  return (operation.parameters ?? [])
    .filter((p) => p.in === 'query' && p.required && p.name !== except)
    .map((p) => {
      const value =
        p.name === 'token'
          ? path.includes('/tickets/')
            ? ids.paidToken
            : ids.pendingToken
          : inputs.sample(p.schema, p.name);
      return `${p.name}=${encodeURIComponent(String(value))}`;
    })
    .join('&');
}

/** Counts every row inserted, updated or deleted in any table, and every job queued, from here on. */
async function watchChanges() {
  await t.admin.query(`
    create schema fuzz_watch;
    create table fuzz_watch.changes (n bigint not null);
    insert into fuzz_watch.changes values (0);
    create function fuzz_watch.count_change() returns trigger language plpgsql security definer
      set search_path = pg_catalog as $$ begin update fuzz_watch.changes set n = n + 1; return null; end $$;`);
  const { rows } = await t.admin.query<{ name: string }>(`
    select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and not c.relispartition
      and (n.nspname = 'public' or (n.nspname = 'graphile_worker' and c.relname = '_private_jobs'))`);
  for (const { name } of rows) {
    const seen = /\.(customer_)?sessions$/.test(name);
    // A session's last_seen_at is touched by reading with it, every few minutes: not a change.
    const updates = seen
      ? `after update on ${name} for each row when ((to_jsonb(old) - 'last_seen_at') is distinct from (to_jsonb(new) - 'last_seen_at'))`
      : `after update on ${name} for each row`;
    await t.admin.query(`
      create trigger fuzz_watch_writes after insert or delete on ${name} for each row execute function fuzz_watch.count_change();
      create trigger fuzz_watch_updates ${updates} execute function fuzz_watch.count_change();`);
  }
}

async function changeCount(): Promise<number> {
  const { rows } = await t.admin.query<{ n: string }>('select n from fuzz_watch.changes');
  return Number(rows[0]?.n);
}

async function ownerStillSignedIn() {
  const session = await as(t.app, owner.token).get('/v1/auth/session');
  if (session.statusCode === 200) return;
  const signedIn = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/sign-in',
    payload: { email: owner.email, password: owner.password },
  });
  owner = { ...owner, token: signedIn.json().token };
}

/** Stripe's deliveries are signed: the fuzzer signs each body as Stripe would, so it reaches the parser. */
function stripeSigned(payload: string): Record<string, string> {
  return {
    'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: fakeStripe.webhookSecret }),
  };
}

const ORDER = ['get', 'put', 'patch', 'post', 'delete'];

describe('spec-driven fuzzing', () => {
  it('the watch counts what a request writes', async () => {
    const before = await changeCount();
    const renamed = await as(t.app, owner.token).patch('/v1/organizer', { name: 'Fuzzed Organizer' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await changeCount()).toBeGreaterThan(before);
  });

  it('no malformed request to any operation gets a 5xx, a slow answer, a misshapen error or a changed row', async () => {
    const document = t.app.swagger() as unknown as OpenApi;
    const operations = Object.entries(document.paths)
      .flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })))
      .sort(
        (a, b) =>
          Number(a.path === '/v1/auth/sign-out') - Number(b.path === '/v1/auth/sign-out') ||
          ORDER.indexOf(a.method) - ORDER.indexOf(b.method),
      );
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let requests = 0;
    let slowest = { ms: 0, what: '' };

    for (const { path, method, operation } of operations) {
      for (const probe of probesOf(operation)) {
        const query = [requiredQuery(path, operation, probe.query?.split('=')[0]), probe.query]
          .filter(Boolean)
          .join('&');
        const url = `${fill(path, probe.path)}${query ? `?${query}` : ''}`;
        const headers: Record<string, string> = { ...credentialsOf(path, operation), ...probe.headers };
        const options: InjectOptions = { method: method.toUpperCase() as 'GET', url, headers };
        if (probe.body) {
          options.payload = probe.body.payload;
          if (probe.body.contentType) headers['content-type'] = probe.body.contentType;
          if (path === '/v1/webhooks/stripe') Object.assign(headers, stripeSigned(probe.body.payload));
        }
        const label = `${method.toUpperCase()} ${path} — ${probe.what}`;
        const before = await changeCount();
        const started = performance.now();
        const app = /\/(webhooks\/stripe|billing|payout-account|enterprise-subscription)/.test(path)
          ? withStripe
          : t.app;
        const response = await app.inject(options);
        const ms = performance.now() - started;
        requests += 1;
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (ms > slowest.ms) slowest = { ms, what: label };

        const problem = await problemWith(response, ms, probe, before);
        if (problem) failures.push(`${label} → ${response.statusCode}: ${problem}`);
      }
      await ownerStillSignedIn();
    }

    const summary = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status} × ${count}`)
      .join(', ');
    const serverErrors = [...statuses.entries()].filter(([s]) => s >= 500).reduce((sum, [, n]) => sum + n, 0);
    console.log(
      `fuzzed ${operations.length} operations with ${requests} requests: ${summary}; ${serverErrors} × 5xx; ` +
        `slowest ${Math.round(slowest.ms)} ms (${slowest.what})`,
    );
    expect(failures).toEqual([]);
    expect(operations.length).toBeGreaterThan(80);
  }, 900_000);
});

async function problemWith(
  response: LightMyRequestResponse,
  ms: number,
  probe: Probe,
  changesBefore: number,
): Promise<string | null> {
  if (response.statusCode >= 500) return response.body.slice(0, 300);
  if (ms > SLOW_MS) return `answered after ${Math.round(ms)} ms`;
  if (probe.mustRefuse && response.statusCode !== 400) return 'an unknown field was not refused';
  if (response.statusCode < 400) return null;
  let body: { error?: { code?: unknown; message?: unknown; details?: unknown; request_id?: unknown } };
  try {
    body = response.json();
  } catch {
    return `the error is not JSON: ${response.body.slice(0, 200)}`;
  }
  const error = body.error;
  if (
    Object.keys(body).join() !== 'error' ||
    typeof error?.code !== 'string' ||
    typeof error.message !== 'string' ||
    !Array.isArray(error.details) ||
    error.request_id !== response.headers['x-request-id']
  ) {
    return `the error is not in the one shape: ${response.body.slice(0, 200)}`;
  }
  if (/\bat .+\.(ts|js):\d+/.test(response.body)) return 'the error shows a stack';
  if ((await changeCount()) !== changesBefore) return 'a refused request changed rows';
  return null;
}
