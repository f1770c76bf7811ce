import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../lib/logger.ts';
import {
  as,
  eventBody,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../test/app.ts';
import { createDb, createPool, type Db } from './database.ts';
import { withPublicCatalog, withTenant, withUser } from './tenant.ts';

/**
 * The tenant, user and scope of a transaction are settings of that transaction only. A pooled
 * connection goes from one request to the next, so a setting that outlived its transaction would
 * show one organizer's rows to whoever used the connection after. With a pool of one connection,
 * every step below runs on the backend that just served organizer A.
 */

let t: TestApp;
let db: Db;
let a: Organizer;
let b: Organizer;
let aDraft = '';

beforeAll(async () => {
  t = await startTestApp();
  a = await signUpOrganizer(t.app);
  b = await signUpOrganizer(t.app);
  await publishedEvent(t.app, a.token, { title: { en: 'A published' } });
  aDraft = (await as(t.app, a.token).post('/v1/events', eventBody({ title: { en: 'A draft' } }))).json().id;
  await publishedEvent(t.app, b.token, { title: { en: 'B published' } });
  db = createDb(createPool(t.appRoleUrl, createLogger('silent'), { max: 1, prepareStatements: true }));
});
afterAll(async () => {
  await db?.destroy();
  await t?.stop();
});

const backend = async (runner: Db | Parameters<Parameters<typeof withTenant>[2]>[0]) =>
  (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(runner)).rows[0]?.pid;

const settings = async (runner: Db | Parameters<Parameters<typeof withTenant>[2]>[0]) =>
  (
    await sql<{ tenant: string | null; user: string | null; scope: string | null }>`
      select nullif(current_setting('app.tenant_id', true), '') as tenant,
             nullif(current_setting('app.user_id', true), '') as user,
             nullif(current_setting('app.scope', true), '') as scope`.execute(runner)
  ).rows[0];

async function aServed(): Promise<number | undefined> {
  return withTenant(
    db,
    a.organizerId,
    async (trx) => {
      const events = await trx.selectFrom('events').select('id').execute();
      expect(events.map((event) => event.id)).toContain(aDraft);
      return backend(trx);
    },
    a.userId,
  );
}

describe('a pooled connection after serving organizer A', () => {
  it('keeps nothing of A for work without a tenant', async () => {
    const pid = await aServed();
    expect(await backend(db)).toBe(pid);
    expect(await settings(db)).toEqual({ tenant: null, user: null, scope: null });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from events`.execute(db);
    expect(rows[0]?.n).toBe(0);
  });

  it("shows the public catalog only published events, never A's draft", async () => {
    const pid = await aServed();
    await withPublicCatalog(db, async (trx) => {
      expect(await backend(trx)).toBe(pid);
      expect(await settings(trx)).toEqual({ tenant: null, user: null, scope: 'public_catalog' });
      const events = await trx.selectFrom('events').select(['id', 'status']).execute();
      expect(events.length).toBeGreaterThan(1);
      expect(events.map((event) => event.id)).not.toContain(aDraft);
      expect(new Set(events.map((event) => event.status))).toEqual(new Set(['published']));
    });
    expect(await settings(db)).toEqual({ tenant: null, user: null, scope: null });
  });

  it("shows B signed in as a person B's own memberships and none of A's rows", async () => {
    const pid = await aServed();
    await withUser(db, b.userId, async (trx) => {
      expect(await backend(trx)).toBe(pid);
      expect(await settings(trx)).toEqual({ tenant: null, user: b.userId, scope: null });
      expect(await trx.selectFrom('events').select('id').execute()).toEqual([]);
      const memberships = await trx.selectFrom('memberships').select('tenant_id').execute();
      expect(memberships.map((membership) => membership.tenant_id)).toEqual([b.organizerId]);
    });
  });

  it("gives tenant B B's rows only", async () => {
    const pid = await aServed();
    await withTenant(db, b.organizerId, async (trx) => {
      expect(await backend(trx)).toBe(pid);
      const tenants = await trx.selectFrom('events').select('tenant_id').distinct().execute();
      expect(tenants.map((row) => row.tenant_id)).toEqual([b.organizerId]);
    });
  });

  it('keeps nothing of A after its transaction failed', async () => {
    const pid = await withTenant(db, a.organizerId, (trx) => backend(trx));
    await expect(
      withTenant(db, a.organizerId, async (trx) => {
        await trx.selectFrom('events').select('id').execute();
        throw new Error('the request failed');
      }),
    ).rejects.toThrow('the request failed');
    expect(await backend(db)).toBe(pid);
    expect(await settings(db)).toEqual({ tenant: null, user: null, scope: null });
  });
});
