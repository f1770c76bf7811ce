import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../../db/migrate.ts';
import {
  as,
  buyTickets,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';
import { SHORT_CODE_ALPHABET } from './short-codes.ts';

let t: TestApp;
let org: Organizer;

beforeAll(async () => {
  t = await startTestApp();
  org = await signUpOrganizer(t.app);
});
afterAll(() => t.stop());

const STORED = /^[0-9A-HJKMNP-TV-Z]{10}$/;

async function eventWithTier(organizer: Organizer, title: string, quantity = 100) {
  const eventId = await publishedEvent(t.app, organizer.token, {
    title: { en: title },
    tiers: [{ name: { en: 'General' }, price_cents: 1500, quantity, max_per_order: 50 }],
  });
  const tierId = (await as(t.app, organizer.token).get(`/v1/events/${eventId}`)).json().tiers[0].id as string;
  return { eventId, tierId };
}

async function codesAt(eventId: string): Promise<string[]> {
  const { rows } = await t.admin.query('select short_code from tickets where event_id = $1 order by short_code', [
    eventId,
  ]);
  return rows.map((row) => row.short_code as string);
}

/**
 * Replaces the database's draw with `codes`, one per draw in order, for the length of `work`:
 * collisions on demand, which real draws (50 bits) practically never give.
 */
async function withScriptedDraws(codes: string[], work: () => Promise<void>) {
  const { rows } = await t.admin.query(
    `select pg_get_functiondef('app.random_ticket_short_code()'::regprocedure) as definition`,
  );
  const original = rows[0].definition as string;
  await t.admin.query('drop sequence if exists public.scripted_draws');
  await t.admin.query('create sequence public.scripted_draws');
  await t.admin.query('grant usage on sequence public.scripted_draws to accessplus_app');
  await t.admin.query(`
    create or replace function app.random_ticket_short_code() returns text language sql volatile as $$
      select (array[${codes.map((code) => `'${code}'`).join(', ')}])[nextval('public.scripted_draws')]
    $$`);
  try {
    await work();
  } finally {
    await t.admin.query(original);
  }
}

describe('issuing short codes', () => {
  it('gives every ticket of a busy event its own code, all valid Crockford base32, however many sales run at once', async () => {
    const { eventId, tierId } = await eventWithTier(org, 'Busy night', 600);
    // 12 buyers at once, 50 tickets each.
    const orders = await Promise.all(
      Array.from({ length: 12 }, () => buyTickets(t.app, org.slug, { tickets: [{ tier_id: tierId, quantity: 50 }] })),
    );
    const codes = await codesAt(eventId);
    expect(codes).toHaveLength(600);
    for (const code of codes) expect(code).toMatch(STORED);
    expect(new Set(codes).size).toBe(600);
    const shown = orders.flatMap(({ order }) => order.tickets.map((ticket) => ticket.short_code.replaceAll('-', '')));
    expect(shown.sort()).toEqual(codes);
  });

  it('draws every symbol in every position about equally often, never the same code twice', async () => {
    const draws = 32_000;
    const { rows } = await t.admin.query<{ code: string }>(
      'select app.random_ticket_short_code() as code from generate_series(1, $1)',
      [draws],
    );
    const codes = rows.map((row) => row.code);
    expect(new Set(codes).size).toBe(draws);
    for (let position = 0; position < 10; position++) {
      const counts = new Map<string, number>();
      for (const code of codes) counts.set(code[position] ?? '', (counts.get(code[position] ?? '') ?? 0) + 1);
      expect([...counts.keys()].sort().join('')).toBe(SHORT_CODE_ALPHABET);
      // 1,000 expected per symbol; the standard deviation is about 31.
      for (const [symbol, count] of counts) expect(count, `${symbol} at ${position}`).toBeGreaterThan(800);
      for (const [symbol, count] of counts) expect(count, `${symbol} at ${position}`).toBeLessThan(1200);
    }
  });

  it('draws again when a code is already taken at the event, in the same sale or an earlier one', async () => {
    const { eventId, tierId } = await eventWithTier(org, 'Collision night');
    await withScriptedDraws(
      ['AAAAAAAAAA', 'AAAAAAAAAA', 'BBBBBBBBBB', 'AAAAAAAAAA', 'BBBBBBBBBB', 'CCCCCCCCCC'],
      async () => {
        const pair = await buyTickets(t.app, org.slug, { tickets: [{ tier_id: tierId, quantity: 2 }] });
        expect(pair.order.tickets.map((ticket) => ticket.short_code).sort()).toEqual(['AAAA-AAAA-AA', 'BBBB-BBBB-BB']);
        const third = await buyTickets(t.app, org.slug, { tickets: [{ tier_id: tierId, quantity: 1 }] });
        expect(third.order.tickets.map((ticket) => ticket.short_code)).toEqual(['CCCC-CCCC-CC']);
      },
    );
    expect(await codesAt(eventId)).toEqual(['AAAAAAAAAA', 'BBBBBBBBBB', 'CCCCCCCCCC']);
  });

  it('draws again when a sale paying at the same moment drew the same code', async () => {
    const { eventId, tierId } = await eventWithTier(org, 'Race night');
    const held = await Promise.all(
      [1, 2].map(() => buyTickets(t.app, org.slug, { tickets: [{ tier_id: tierId, quantity: 1 }], pay: false })),
    );
    await withScriptedDraws(['DDDDDDDDDD', 'DDDDDDDDDD', 'EEEEEEEEEE'], async () => {
      const paid = await Promise.all(
        held.map(({ order, accessToken }) =>
          t.app.inject({
            method: 'POST',
            url: `/v1/public/organizers/${org.slug}/orders/${order.id}/pay?token=${encodeURIComponent(accessToken)}`,
            payload: { method: 'card', card_number: '4242424242424242' },
          }),
        ),
      );
      for (const response of paid) expect(response.statusCode, response.body).toBe(200);
    });
    expect(await codesAt(eventId)).toEqual(['DDDDDDDDDD', 'EEEEEEEEEE']);
  });

  it('uses the same code at two events without confusing them', async () => {
    const first = await eventWithTier(org, 'First of two');
    const second = await eventWithTier(org, 'Second of two');
    await withScriptedDraws(['FFFFFFFFFF', 'FFFFFFFFFF'], async () => {
      await buyTickets(t.app, org.slug, { tickets: [{ tier_id: first.tierId, quantity: 1 }] });
      await buyTickets(t.app, org.slug, { tickets: [{ tier_id: second.tierId, quantity: 1 }] });
    });
    expect(await codesAt(first.eventId)).toEqual(['FFFFFFFFFF']);
    expect(await codesAt(second.eventId)).toEqual(['FFFFFFFFFF']);
    const scanned = await as(t.app, org.token).post(`/v1/events/${second.eventId}/scans`, {
      code: 'ffff-ffff-ff',
      device_id: 'Door',
    });
    expect(scanned.json()).toMatchObject({ outcome: 'admitted', ticket: { event_id: second.eventId } });
  });
});

describe('the migration that brought short codes', () => {
  it("gives every existing ticket of every organizer a code, drawing again where two of an event's tickets drew the same", async () => {
    const other = await signUpOrganizer(t.app);
    const mine = await eventWithTier(org, 'Before short codes');
    const theirs = await eventWithTier(other, 'Theirs before short codes');
    await buyTickets(t.app, org.slug, { tickets: [{ tier_id: mine.tierId, quantity: 5 }] });
    await buyTickets(t.app, other.slug, { tickets: [{ tier_id: theirs.tierId, quantity: 4 }] });

    // Back to the database as it was before migration 0014, tickets and all.
    await t.admin.query('alter table tickets drop column short_code');
    await t.admin.query('drop function app.random_ticket_short_code()');
    const { rows: before } = await t.admin.query<{ n: number }>('select count(*)::int as n from tickets');

    // Every draw while the column is added returns the same UUID, so every ticket first gets the
    // same code; later draws are random again.
    const database = new URL(t.adminUrl).pathname.slice(1);
    await t.admin.query('create sequence public.uuid_draws');
    await t.admin.query('grant usage on sequence public.uuid_draws to accessplus_owner');
    await t.admin.query(`
      create function public.gen_random_uuid() returns uuid language sql volatile as $$
        select case when nextval('public.uuid_draws') <= ${before[0]?.n}
          then '00000000-0000-4000-8000-000000000000'::uuid else pg_catalog.gen_random_uuid() end
      $$`);
    await t.admin.query(`alter database ${database} set search_path = public, pg_catalog`);
    try {
      // Applied as the migrator applies a file (later migrations are already in place, so the
      // runner itself would refuse to go back to this one).
      const migration = (await readMigrations()).find((file) => file.version === 14);
      const client = new pg.Client({ connectionString: t.adminUrl });
      await client.connect();
      try {
        await client.query('begin');
        await client.query('set local role accessplus_owner');
        await client.query(migration?.sql ?? '');
        await client.query('commit');
      } finally {
        await client.end();
      }
    } finally {
      await t.admin.query(`alter database ${database} reset search_path`);
      await t.admin.query('drop function public.gen_random_uuid()');
    }

    const { rows } = await t.admin.query<{ tenant_id: string; event_id: string; codes: string[]; first: string }>(
      `select tenant_id, event_id, array_agg(short_code order by created_at, id) as codes,
              (array_agg(short_code order by created_at, id))[1] as first
       from tickets group by tenant_id, event_id`,
    );
    expect(rows.reduce((sum, row) => sum + row.codes.length, 0)).toBe(before[0]?.n);
    expect(new Set(rows.map((row) => row.tenant_id))).toEqual(new Set([org.organizerId, other.organizerId]));
    for (const row of rows) {
      for (const code of row.codes) expect(code).toMatch(STORED);
      expect(new Set(row.codes).size).toBe(row.codes.length);
      // The first ticket kept the code all drew; the others drew again.
      expect(row.codes.filter((code) => code === '0000000000')).toHaveLength(1);
    }
    const { rows: indexes } = await t.admin.query(
      `select indexdef from pg_indexes where tablename = 'tickets' and indexname = 'tickets_short_code_key'`,
    );
    expect(indexes[0]?.indexdef).toMatch(/UNIQUE INDEX .* \(tenant_id, event_id, short_code\)/);

    // And tickets issued from now on get codes of their own, by an API started after the migration
    // (as deployments run them): the re-added column now follows later ones, so statements this
    // app prepared before no longer fit the table.
    const restarted = await t.anotherInstance();
    const after = await buyTickets(restarted.app, org.slug, { tickets: [{ tier_id: mine.tierId, quantity: 2 }] });
    for (const ticket of after.order.tickets) expect(ticket.short_code).toMatch(/^.{4}-.{4}-.{2}$/);
    expect(new Set(await codesAt(mine.eventId)).size).toBe(7);
  });
});
