import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, eventBody, type Organizer, publishedEvent, signUpOrganizer, startTestApp, type TestApp } from './app.ts';

/**
 * Tenant B's credentials against tenant A's data, over every operation of the API. Each
 * operation of the OpenAPI document must appear in exactly one of the tables below, so a new
 * endpoint cannot ship without saying how it is isolated.
 */

let t: TestApp;
let a: Organizer;
let b: Organizer;
const ids = { aEvent: '', aTier: '', aDraft: '', bEvent: '', bTier: '', aStaff: '' };

beforeAll(async () => {
  t = await startTestApp();
  a = await signUpOrganizer(t.app);
  b = await signUpOrganizer(t.app);
  ids.aEvent = await publishedEvent(t.app, a.token, { title: { en: 'A-only published gala' } });
  const aEvent = await as(t.app, a.token).get(`/v1/events/${ids.aEvent}`);
  ids.aTier = aEvent.json().tiers[0].id;
  const draft = await as(t.app, a.token).post('/v1/events', eventBody({ title: { en: 'A-only draft' } }));
  ids.aDraft = draft.json().id;
  const staff = await as(t.app, a.token).post('/v1/organizer/members', { email: 'a-staff@example.org', role: 'staff' });
  ids.aStaff = staff.json().user_id;
  ids.bEvent = await publishedEvent(t.app, b.token, { title: { en: 'B event' } });
  ids.bTier = (await as(t.app, b.token).get(`/v1/events/${ids.bEvent}`)).json().tiers[0].id;
});
afterAll(() => t.stop());

const fill = (path: string) =>
  path
    .replace('{event_id}', ids.aEvent)
    .replace('{tier_id}', ids.aTier)
    .replace('{user_id}', ids.aStaff)
    .replace('{slug}', 'unused');

const bodies: Record<string, unknown> = {
  'PATCH /v1/events/{event_id}': { title: { en: 'Hijacked by B' } },
  'POST /v1/events/{event_id}/tiers': { name: { en: 'B tier on A event' }, price_cents: 1, quantity: 1 },
  'PATCH /v1/events/{event_id}/tiers/{tier_id}': { price_cents: 1 },
  'PATCH /v1/organizer/members/{user_id}': { role: 'admin' },
};

/** Operations on one of A's records by id: B must get 404 and change nothing. */
const byId: [string, string][] = [
  ['GET', '/v1/events/{event_id}'],
  ['PATCH', '/v1/events/{event_id}'],
  ['DELETE', '/v1/events/{event_id}'],
  ['POST', '/v1/events/{event_id}/publish'],
  ['POST', '/v1/events/{event_id}/unpublish'],
  ['POST', '/v1/events/{event_id}/cancel'],
  ['GET', '/v1/events/{event_id}/tiers'],
  ['POST', '/v1/events/{event_id}/tiers'],
  ['GET', '/v1/events/{event_id}/tiers/{tier_id}'],
  ['PATCH', '/v1/events/{event_id}/tiers/{tier_id}'],
  ['DELETE', '/v1/events/{event_id}/tiers/{tier_id}'],
  ['PATCH', '/v1/organizer/members/{user_id}'],
  ['DELETE', '/v1/organizer/members/{user_id}'],
];

/** Lists and singletons of the session's own tenant: B must see none of A's rows. */
const ownScope: [string, string, (body: string) => void][] = [
  ['GET', '/v1/events', (body) => expect(body).toContain(ids.bEvent)],
  ['GET', '/v1/organizer', (body) => expect(JSON.parse(body).id).toBe(b.organizerId)],
  ['GET', '/v1/organizer/members', (body) => expect(body).toContain(b.email)],
];

/** Writes that create in the session's tenant: B's request must land in B, never in A. */
const ownWrites: [string, string, () => unknown][] = [
  ['POST', '/v1/events', () => eventBody({ title: { en: 'Created by B' } })],
  ['PATCH', '/v1/organizer', () => ({ name: 'Renamed by B' })],
  ['POST', '/v1/organizer/members', () => ({ email: 'b-new-staff@example.org', role: 'staff' })],
];

/** Not tenant-scoped: the public catalog (published rows only) and the person's own account. */
const notTenantScoped = new Set([
  'GET /v1/public/events',
  'GET /v1/public/events/{event_id}',
  'GET /v1/public/organizers/{slug}',
  'GET /v1/categories',
  'POST /v1/auth/sign-up',
  'POST /v1/auth/sign-in',
  'POST /v1/auth/sign-out',
  'GET /v1/auth/session',
  'PUT /v1/auth/session/organizer',
  'POST /v1/auth/email-verification',
  'POST /v1/auth/email-verification/confirm',
  'POST /v1/auth/password-reset',
  'POST /v1/auth/password-reset/confirm',
]);

async function snapshotOfA() {
  const client = as(t.app, a.token);
  return {
    event: (await client.get(`/v1/events/${ids.aEvent}`)).json(),
    draft: (await client.get(`/v1/events/${ids.aDraft}`)).json(),
    organizer: (await client.get('/v1/organizer')).json(),
    members: (await client.get('/v1/organizer/members')).json(),
  };
}

describe('every operation is classified', () => {
  it('the isolation tables cover every operation of the OpenAPI document', () => {
    const documented = Object.entries(t.app.swagger().paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const classified = new Set([
      ...byId.map(([m, p]) => `${m} ${p}`),
      ...ownScope.map(([m, p]) => `${m} ${p}`),
      ...ownWrites.map(([m, p]) => `${m} ${p}`),
      ...notTenantScoped,
    ]);
    expect(documented.filter((operation) => !classified.has(operation))).toEqual([]);
    expect([...classified].filter((operation) => !documented.includes(operation))).toEqual([]);
  });
});

describe("tenant B's credentials on tenant A's ids", () => {
  it.each(byId)('%s %s → 404, and A is unchanged', async (method, path) => {
    const before = await snapshotOfA();
    const payload = bodies[`${method} ${path}`];
    const response = await as(t.app, b.token).send({
      method: method as 'GET',
      url: fill(path),
      ...(payload ? { payload: payload as Record<string, unknown> } : {}),
    });
    expect(response.statusCode, response.body).toBe(404);
    expect(response.json().error.code).toBe('not_found');
    expect(response.body).not.toContain('A-only');
    expect(await snapshotOfA()).toEqual(before);
  });

  it("B's event id with A's tier id → 404", async () => {
    const response = await as(t.app, b.token).get(`/v1/events/${ids.bEvent}/tiers/${ids.aTier}`);
    expect(response.statusCode).toBe(404);
  });
});

describe("tenant B's lists and own records", () => {
  it.each(ownScope)('%s %s shows none of A', async (method, path, check) => {
    const response = await as(t.app, b.token).send({ method: method as 'GET', url: path });
    expect(response.statusCode, response.body).toBe(200);
    for (const value of [ids.aEvent, ids.aDraft, ids.aTier, ids.aStaff, a.organizerId, a.email, 'A-only']) {
      expect(response.body).not.toContain(value);
    }
    check(response.body);
  });

  it.each(ownWrites)('%s %s lands in B only', async (method, path, body) => {
    const before = await snapshotOfA();
    const response = await as(t.app, b.token).send({
      method: method as 'POST',
      url: path,
      payload: body() as Record<string, unknown>,
    });
    expect([200, 201], response.body).toContain(response.statusCode);
    expect(await snapshotOfA()).toEqual(before);
  });
});

describe('the public catalog', () => {
  it("lists A's published event but never its draft", async () => {
    const list = await t.app.inject({ method: 'GET', url: '/v1/public/events?limit=100' });
    expect(list.body).toContain(ids.aEvent);
    expect(list.body).not.toContain(ids.aDraft);
    const draft = await t.app.inject({ method: 'GET', url: `/v1/public/events/${ids.aDraft}` });
    expect(draft.statusCode).toBe(404);
  });
});

describe('the database itself', () => {
  async function tenantTables(client: pg.Client): Promise<string[]> {
    const result = await client.query<{ name: string }>(`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
      where c.relkind in ('r', 'p') and n.nspname = 'public' order by 1`);
    return result.rows.map((row) => row.name);
  }

  it('as the API role without a tenant, every tenant table shows 0 rows', async () => {
    const api = new pg.Client({ connectionString: t.appRoleUrl });
    await api.connect();
    try {
      const tables = await tenantTables(api);
      expect(tables).toEqual(expect.arrayContaining(['events', 'memberships', 'ticket_tiers']));
      for (const table of tables) {
        const owner = await t.admin.query(`select count(*)::int as n from ${table}`);
        expect(owner.rows[0].n, `${table} has rows to hide`).toBeGreaterThan(0);
        const seen = await api.query(`select count(*)::int as n from ${table}`);
        expect(seen.rows[0].n, `${table} without a tenant`).toBe(0);
      }
    } finally {
      await api.end();
    }
  });

  it("with tenant A set, the API role sees A's rows and only them, and cannot write B's", async () => {
    const api = new pg.Client({ connectionString: t.appRoleUrl });
    await api.connect();
    try {
      await api.query('begin');
      await api.query(`select set_config('app.tenant_id', $1, true)`, [a.organizerId]);
      for (const table of await tenantTables(api)) {
        const seen = await api.query(
          `select count(*)::int as n, count(*) filter (where tenant_id <> $1)::int as foreign from ${table}`,
          [a.organizerId],
        );
        expect(seen.rows[0].n, table).toBeGreaterThan(0);
        expect(seen.rows[0].foreign, table).toBe(0);
      }
      await expect(
        api.query(
          `insert into events (tenant_id, title, category_id, time_zone, starts_at, ends_at)
          values ($1, '{"en":"x"}', 'comedy', 'UTC', now(), now() + interval '1 hour')`,
          [b.organizerId],
        ),
      ).rejects.toThrow(/row-level security/);
      await api.query('rollback');
    } finally {
      await api.end();
    }
  });
});
