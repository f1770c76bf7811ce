import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  type BoughtTicket,
  buyTickets,
  eventBody,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
  until,
} from './app.ts';

/**
 * Incremental sync through `updated_since`: every list an integrator mirrors returns each change
 * once, in order, tombstones included, and never misses a change that commits late.
 */

let t: TestApp;
let staffToken = '';
beforeAll(async () => {
  t = await startTestApp();
  const staff = await signUpOrganizer(t.app);
  await t.admin.query('update users set is_platform_staff = true where id = $1', [staff.userId]);
  staffToken = staff.token;
});
afterAll(() => t.stop());

type Client = ReturnType<typeof as>;
type Row = Record<string, unknown> & { id: string };

/** A client's mirror of one list: it polls with the position the last page gave, as an integrator does. */
class SyncClient {
  readonly received: Row[] = [];
  position: string;

  constructor(
    private readonly client: Client,
    private readonly path: string,
    since = '1970-01-01T00:00:00Z',
    private readonly limit = 2,
  ) {
    this.position = since;
  }

  /** One poll: every page there is now, following `next_cursor`. */
  async poll(): Promise<Row[]> {
    const got: Row[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ updated_since: this.position, limit: String(this.limit) });
      if (cursor) query.set('cursor', cursor);
      const page = await this.client.get(`${this.path}${this.path.includes('?') ? '&' : '?'}${query}`);
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json() as { data: Row[]; next_cursor: string | null; next_updated_since: string };
      expect(body.data.length).toBeLessThanOrEqual(this.limit);
      expect(body.next_updated_since).toMatch(/^pos_/);
      got.push(...body.data);
      this.position = body.next_updated_since;
      cursor = body.next_cursor;
    } while (cursor);
    this.received.push(...got);
    return got;
  }

  /**
   * Polls until the sync stands past every transaction begun before this call. A row written
   * before the sync started comes late, and once, when another transaction (of another test, on
   * the same server) was open meanwhile: the sync would rather give an older change than miss a
   * late one. Settled, nothing written before can come with a later step's changes.
   */
  async settle(): Promise<void> {
    const { rows } = await t.admin.query<{ xid: string }>('select pg_current_xact_id()::text as xid');
    const before = BigInt(rows[0]?.xid ?? '0');
    const standsAt = () =>
      BigInt(JSON.parse(Buffer.from(this.position.slice('pos_'.length), 'base64url').toString('utf8'))[1]);
    await until(
      async () => {
        await this.poll();
        return this.position.startsWith('pos_') && standsAt() > before;
      },
      10_000,
      `the sync of ${this.path} to pass the setup`,
    );
    this.received.length = 0;
  }

  /** Polls until `count` more records came (a change shows once every older transaction has ended). */
  async next(count: number): Promise<Row[]> {
    const from = this.received.length;
    await until(
      async () => {
        await this.poll();
        return this.received.length - from >= count;
      },
      10_000,
      `${count} change(s) of ${this.path}`,
    );
    return this.received.slice(from);
  }
}

/** A list an integrator syncs, and what to do to one of its records, step by step. */
interface SyncedList {
  list: string;
  path: string;
  /** Makes what the steps need, before the sync starts; returns a place for the steps to share. */
  setup(owner: Organizer, client: Client): Promise<Record<string, string>>;
  steps: {
    what: string;
    act(owner: Organizer, client: Client, ids: Record<string, string>): Promise<void>;
    /** Exactly the records this step's poll must return, in order. */
    expected(ids: Record<string, string>): Record<string, unknown>[];
  }[];
}

async function tierOf(client: Client, eventId: string): Promise<string> {
  return (await client.get(`/v1/events/${eventId}`)).json().tiers[0].id;
}

async function oneTicket(owner: Organizer, client: Client, ids: Record<string, string>) {
  const eventId = await publishedEvent(t.app, owner.token);
  const { order } = await buyTickets(t.app, owner.slug, {
    buyer: { name: 'Sync Buyer', email: 'sync-buyer@example.org' },
    tickets: [{ tier_id: await tierOf(client, eventId), quantity: 1 }],
  });
  const ticket = order.tickets[0] as BoughtTicket;
  Object.assign(ids, { event: eventId, order: order.id, ticket: ticket.id, code: ticket.code });
}

const syncedLists: SyncedList[] = [
  {
    list: 'events',
    path: '/v1/events',
    setup: async () => ({}),
    steps: [
      {
        what: 'created',
        act: async (_owner, client, ids) => {
          ids.event = (await client.post('/v1/events', eventBody())).json().id;
        },
        expected: (ids) => [{ id: ids.event, status: 'draft', deleted_at: null, tiers: [expect.anything()] }],
      },
      {
        what: 'changed',
        act: async (_owner, client, ids) => {
          expect((await client.patch(`/v1/events/${ids.event}`, { city: 'Takoma Park' })).statusCode).toBe(200);
        },
        expected: (ids) => [{ id: ids.event, city: 'Takoma Park', deleted_at: null }],
      },
      {
        what: 'deleted',
        act: async (_owner, client, ids) => {
          expect((await client.delete(`/v1/events/${ids.event}`)).statusCode).toBe(204);
        },
        expected: (ids) => [{ id: ids.event, deleted_at: expect.any(String), tiers: [] }],
      },
    ],
  },
  {
    list: 'tiers',
    path: '/v1/tiers',
    setup: async (_owner, client) => ({ event: (await client.post('/v1/events', eventBody({ tiers: [] }))).json().id }),
    steps: [
      {
        what: 'created',
        act: async (_owner, client, ids) => {
          const created = await client.post(`/v1/events/${ids.event}/tiers`, {
            name: { en: 'Balcony' },
            price_cents: 1500,
            quantity: 20,
          });
          ids.tier = created.json().id;
        },
        expected: (ids) => [{ id: ids.tier, event_id: ids.event, price_cents: 1500, deleted_at: null }],
      },
      {
        what: 'changed',
        act: async (_owner, client, ids) => {
          await client.patch(`/v1/events/${ids.event}/tiers/${ids.tier}`, { price_cents: 1200 });
        },
        expected: (ids) => [{ id: ids.tier, price_cents: 1200, deleted_at: null }],
      },
      {
        what: 'deleted',
        act: async (_owner, client, ids) => {
          expect((await client.delete(`/v1/events/${ids.event}/tiers/${ids.tier}`)).statusCode).toBe(204);
        },
        expected: (ids) => [{ id: ids.tier, deleted_at: expect.any(String) }],
      },
    ],
  },
  {
    list: 'orders',
    path: '/v1/orders',
    setup: async (owner, client) => {
      await client.patch('/v1/organizer/checkout-settings', { offline_methods: ['cash'] });
      const eventId = await publishedEvent(t.app, owner.token);
      return { tier: await tierOf(client, eventId) };
    },
    steps: [
      {
        what: 'held',
        act: async (owner, _client, ids) => {
          const { order, accessToken } = await buyTickets(t.app, owner.slug, {
            tickets: [{ tier_id: ids.tier as string, quantity: 2 }],
            pay: false,
          });
          Object.assign(ids, { order: order.id, token: accessToken });
        },
        expected: (ids) => [{ id: ids.order, status: 'pending', payment_method: null }],
      },
      {
        what: 'reserved for cash at the door',
        act: async (owner, _client, ids) => {
          const reserved = await t.app.inject({
            method: 'POST',
            url: `/v1/public/organizers/${owner.slug}/orders/${ids.order}/pay?token=${encodeURIComponent(ids.token as string)}`,
            payload: { method: 'cash' },
          });
          expect(reserved.statusCode, reserved.body).toBe(200);
        },
        expected: (ids) => [{ id: ids.order, status: 'pending', payment_method: 'cash' }],
      },
      {
        what: 'cancelled',
        act: async (_owner, client, ids) => {
          expect((await client.post(`/v1/orders/${ids.order}/cancel`)).statusCode).toBe(200);
        },
        expected: (ids) => [{ id: ids.order, status: 'cancelled' }],
      },
    ],
  },
  {
    list: 'tickets',
    path: '/v1/tickets',
    setup: async () => ({}),
    steps: [
      {
        what: 'issued',
        act: oneTicket,
        expected: (ids) => [{ id: ids.ticket, order_id: ids.order, status: 'valid', checked_in_at: null }],
      },
      {
        what: 'checked in',
        act: async (_owner, client, ids) => {
          await client.post(`/v1/events/${ids.event}/scans`, { code: ids.code, device_id: 'Door 1' });
        },
        expected: (ids) => [{ id: ids.ticket, status: 'valid', checked_in_at: expect.any(String) }],
      },
      {
        what: 'refunded',
        act: async (_owner, client, ids) => {
          expect((await client.post(`/v1/orders/${ids.order}/refunds`, {})).statusCode).toBe(200);
        },
        expected: (ids) => [{ id: ids.ticket, status: 'revoked', revoked_reason: 'refunded' }],
      },
    ],
  },
  {
    list: 'check-ins',
    path: '/v1/check-ins',
    setup: async (owner, client) => {
      const ids: Record<string, string> = {};
      await oneTicket(owner, client, ids);
      return ids;
    },
    steps: [
      {
        what: 'admitted',
        act: async (_owner, client, ids) => {
          await client.post(`/v1/events/${ids.event}/scans`, { code: ids.code, device_id: 'Door 1' });
        },
        expected: (ids) => [{ event_id: ids.event, ticket_id: ids.ticket, action: 'admitted' }],
      },
      {
        what: 'undone (a new entry: the log is never changed)',
        act: async (_owner, client, ids) => {
          await client.post(`/v1/tickets/${ids.ticket}/undo-check-in`, { device_id: 'Door 1' });
        },
        expected: (ids) => [{ ticket_id: ids.ticket, action: 'undone' }],
      },
      {
        what: 'refused once refunded',
        act: async (_owner, client, ids) => {
          await client.post(`/v1/orders/${ids.order}/refunds`, {});
          await client.post(`/v1/events/${ids.event}/scans`, { code: ids.code, device_id: 'Door 2' });
        },
        expected: (ids) => [{ ticket_id: ids.ticket, action: 'refused', reason: 'revoked' }],
      },
    ],
  },
  {
    list: 'refunds',
    path: '/v1/refunds',
    setup: async (owner, client) => {
      const eventId = await publishedEvent(t.app, owner.token);
      const { order } = await buyTickets(t.app, owner.slug, {
        tickets: [{ tier_id: await tierOf(client, eventId), quantity: 2 }],
      });
      const [first, second] = order.tickets as [BoughtTicket, BoughtTicket];
      return { order: order.id, first: first.id, second: second.id };
    },
    steps: [
      {
        what: 'one ticket refunded',
        act: async (_owner, client, ids) => {
          const refunded = await client.post(`/v1/orders/${ids.order}/refunds`, { ticket_ids: [ids.first] });
          expect(refunded.statusCode, refunded.body).toBe(200);
        },
        expected: (ids) => [{ order_id: ids.order, amount_cents: 2500, method: 'test', test_mode: true }],
      },
      {
        what: 'the other refunded (a refund of its own: refunds never change)',
        act: async (_owner, client, ids) => {
          await client.post(`/v1/orders/${ids.order}/refunds`, { ticket_ids: [ids.second] });
        },
        expected: (ids) => [{ order_id: ids.order, amount_cents: 2500 }],
      },
    ],
  },
  {
    list: 'payouts',
    path: '/v1/organizer/payouts',
    setup: async (owner) => ({ event: await publishedEvent(t.app, owner.token) }),
    steps: [
      {
        // Payouts are made by the hourly schedule; the row it would write is written here.
        what: 'scheduled',
        act: async (owner, _client, ids) => {
          const { rows } = await t.admin.query(
            `insert into payouts (tenant_id, event_id, kind, method, amount_cents, currency, due_at)
             values ($1, $2, 'early', 'manual', 5000, 'USD', now() + interval '1 day') returning id`,
            [owner.organizerId, ids.event],
          );
          ids.payout = rows[0].id;
        },
        expected: (ids) => [{ id: ids.payout, status: 'scheduled', amount_cents: 5000 }],
      },
      {
        what: 'held by staff',
        act: async (owner, _client, ids) => {
          const held = await as(t.app, staffToken).post(
            `/v1/staff/organizers/${owner.organizerId}/payouts/${ids.payout}/hold`,
            { reason: 'Checking the sales' },
          );
          expect(held.statusCode, held.body).toBe(200);
        },
        expected: (ids) => [{ id: ids.payout, status: 'held', status_reason: 'Checking the sales' }],
      },
      {
        what: 'cancelled',
        act: async (_owner, _client, ids) => {
          await t.admin.query(`update payouts set status = 'cancelled' where id = $1`, [ids.payout]);
        },
        expected: (ids) => [{ id: ids.payout, status: 'cancelled' }],
      },
    ],
  },
  {
    list: 'customers',
    path: '/v1/customers',
    setup: async () => ({}),
    steps: [
      {
        what: 'signed up by emailed link',
        act: async (owner, _client, ids) => {
          const before = t.buyerMail.sent.length;
          await t.app.inject({
            method: 'POST',
            url: `/v1/public/organizers/${owner.slug}/customer/sign-in-links`,
            payload: { email: 'Sync.Customer@example.org' },
          });
          const mail = await until(() =>
            t.buyerMail.sent.slice(before).find((m) => m.kind === 'customer_sign_in' && m.link.includes(owner.slug)),
          );
          const session = await t.app.inject({
            method: 'POST',
            url: `/v1/public/organizers/${owner.slug}/customer/sessions`,
            payload: { token: new URL(mail.link).searchParams.get('token') },
          });
          expect(session.statusCode, session.body).toBe(201);
          Object.assign(ids, { customer: session.json().customer.id, token: session.json().token });
        },
        expected: (ids) => [{ id: ids.customer, email: 'sync.customer@example.org', name: '' }],
      },
      {
        what: 'renamed',
        act: async (owner, _client, ids) => {
          const renamed = await as(t.app, ids.token as string).patch(`/v1/public/organizers/${owner.slug}/customer`, {
            name: 'Selam',
          });
          expect(renamed.statusCode, renamed.body).toBe(200);
        },
        expected: (ids) => [{ id: ids.customer, name: 'Selam' }],
      },
    ],
  },
  {
    list: 'waitlist entries',
    path: '/v1/waitlist-entries',
    setup: async (owner, client) => {
      const eventId = await publishedEvent(t.app, owner.token, {
        tiers: [{ name: { en: 'Only seat' }, price_cents: 0, quantity: 1 }],
      });
      const tierId = await tierOf(client, eventId);
      await buyTickets(t.app, owner.slug, { tickets: [{ tier_id: tierId, quantity: 1 }], pay: false });
      const first = await join(owner, tierId, 'first-in-line@example.org');
      return { tier: tierId, first };
    },
    steps: [
      {
        what: 'joined',
        act: async (owner, _client, ids) => {
          ids.entry = await join(owner, ids.tier as string, 'second-in-line@example.org');
        },
        expected: (ids) => [{ id: ids.entry, status: 'waiting', position_in_line: 2 }],
      },
      {
        what: 'moved to the front',
        act: async (_owner, client, ids) => {
          const moved = await client.post(`/v1/waitlist/${ids.entry}/move`, { before_entry_id: ids.first });
          expect(moved.statusCode, moved.body).toBe(200);
        },
        expected: (ids) => [{ id: ids.entry, status: 'waiting', position_in_line: 1 }],
      },
      {
        what: 'removed',
        act: async (_owner, client, ids) => {
          expect((await client.delete(`/v1/waitlist/${ids.entry}`)).statusCode).toBe(204);
        },
        expected: (ids) => [{ id: ids.entry, status: 'removed', position_in_line: null }],
      },
    ],
  },
];

async function join(owner: Organizer, tierId: string, email: string): Promise<string> {
  const joined = await t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${owner.slug}/waitlist`,
    payload: { tier_id: tierId, email, name: 'Waiting', quantity: 1 },
  });
  expect(joined.statusCode, joined.body).toBe(201);
  return joined.json().id;
}

describe('every synced list', () => {
  it.each(syncedLists.map((synced) => [synced.list, synced] as const))(
    '%s: each change once, in order, with its tombstone',
    async (_list, synced) => {
      const owner = await signUpOrganizer(t.app);
      const client = as(t.app, owner.token);
      const ids = await synced.setup(owner, client);
      // What the setup wrote happened before this time: the sync starts after it.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const sync = new SyncClient(client, synced.path, new Date().toISOString());
      await sync.settle();
      for (const step of synced.steps) {
        await step.act(owner, client, ids);
        const expected = step.expected(ids);
        const changes = await sync.next(expected.length);
        expect(changes, step.what).toHaveLength(expected.length);
        expect(changes, step.what).toMatchObject(expected);
      }
      // Nothing is returned twice: a last poll finds nothing more.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await sync.poll()).toEqual([]);
    },
  );
});

describe('positions and bad input', () => {
  it('answers a position of another list, a broken one and a cursor without updated_since with 400', async () => {
    const owner = await signUpOrganizer(t.app);
    const client = as(t.app, owner.token);
    const position = (await client.get('/v1/events?updated_since=1970-01-01T00:00:00Z')).json().next_updated_since;
    expect(position).toMatch(/^pos_/);
    expectErrorShape(await client.get(`/v1/orders?updated_since=${position}`), 400, 'invalid_updated_since');
    for (const bad of ['yesterday', 'pos_garbage', '2024-13-45T00:00:00Z', 'pos_WyJldmVudHMiLCJ4IiwieSJd']) {
      const error = expectErrorShape(
        await client.get(`/v1/events?updated_since=${encodeURIComponent(bad)}`),
        400,
        'invalid_updated_since',
      );
      expect(error.details[0]?.field).toBe('query.updated_since');
    }
    expectErrorShape(
      await client.get(`/v1/events?updated_since=1970-01-01T00:00:00Z&cursor=not-a-position`),
      400,
      'invalid_cursor',
    );
    expectErrorShape(await client.get(`/v1/events?cursor=${position}`), 400, 'invalid_cursor');
    expectErrorShape(
      await client.get('/v1/orders?updated_since=1970-01-01T00:00:00Z&order=newest_first'),
      400,
      'invalid_order',
    );
  });

  it('moves a position only forward, also when nothing changed, and keeps plain listings as they were', async () => {
    const owner = await signUpOrganizer(t.app);
    const client = as(t.app, owner.token);
    const created = (await client.post('/v1/events', eventBody())).json();
    const sync = new SyncClient(client, '/v1/events');
    await sync.next(1);
    const stands = sync.position;
    expect(await sync.poll()).toEqual([]);
    const plain = (await client.get('/v1/events')).json();
    expect(plain).toMatchObject({ data: [{ id: created.id, deleted_at: null }], next_updated_since: null });
    expect(decodePosition(sync.position).xid).toBeGreaterThanOrEqual(decodePosition(stands).xid);
  });
});

/** The transaction id in a position token (the test reads what is opaque to clients). */
function decodePosition(token: string): { xid: bigint; id: string } {
  const [, xid, id] = JSON.parse(Buffer.from(token.slice('pos_'.length), 'base64url').toString('utf8'));
  return { xid: BigInt(xid), id };
}

describe('a change that commits late', () => {
  it('is held back while its transaction is open, then returned once, though its time is older', async () => {
    const owner = await signUpOrganizer(t.app);
    const client = as(t.app, owner.token);
    const late = (await client.post('/v1/events', eventBody({ city: 'Before' }))).json();
    const other = (await client.post('/v1/events', eventBody({ city: 'Other' }))).json();
    const sync = new SyncClient(client, '/v1/events');
    await sync.next(2);

    // A writer as the API role: its transaction starts now (its time), writes later and commits last.
    const writer = new pg.Client({ connectionString: t.appRoleUrl });
    await writer.connect();
    try {
      await writer.query('begin');
      await writer.query(`select set_config('app.tenant_id', $1, true)`, [owner.organizerId]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await client.patch(`/v1/events/${other.id}`, { city: 'Committed first' })).statusCode).toBe(200);
      const [changed] = await sync.next(1);
      expect(changed).toMatchObject({ id: other.id, city: 'Committed first' });
      const watermark = changed?.updated_at as string;

      await writer.query(`update events set city = 'Committed late' where id = $1`, [late.id]);
      const { rows } = await writer.query<{ xid: string }>('select pg_current_xact_id()::text as xid');
      const lateXid = BigInt(rows[0]?.xid ?? '0');
      // Changes committed meanwhile wait behind it too, and the position never passes it.
      expect((await client.patch(`/v1/events/${other.id}`, { city: 'After the late one began' })).statusCode).toBe(200);
      for (let poll = 0; poll < 3; poll++) {
        expect(await sync.poll()).toEqual([]);
        expect(decodePosition(sync.position).xid).toBeLessThanOrEqual(lateXid);
      }

      await writer.query('commit');
      const after = await sync.next(2);
      expect(after).toMatchObject([
        { id: late.id, city: 'Committed late' },
        { id: other.id, city: 'After the late one began' },
      ]);
      // By time the late change is older than what the client had already seen: a timestamp
      // watermark would have passed it for good.
      expect(Date.parse(after[0]?.updated_at as string)).toBeLessThan(Date.parse(watermark));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await sync.poll()).toEqual([]);
    } finally {
      await writer.query('rollback').catch(() => undefined);
      await writer.end();
    }
  });
});

describe('concurrent writers and one reader', () => {
  it("ends with the reader's mirror equal to the database", async () => {
    const owner = await signUpOrganizer(t.app);
    const client = as(t.app, owner.token);
    const seeded: string[] = [];
    for (let i = 0; i < 4; i++)
      seeded.push((await client.post('/v1/events', eventBody({ city: `Seed ${i}` }))).json().id);

    type Op = { kind: 'create' | 'update' | 'delete'; target: number; hold: number; city: string };
    const op = fc.record({
      kind: fc.constantFrom('create', 'update', 'update', 'delete'),
      target: fc.nat(50),
      hold: fc.integer({ min: 0, max: 40 }),
      city: fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'é'), minLength: 1, maxLength: 6 }),
    }) as fc.Arbitrary<Op>;

    const sync = new SyncClient(client, '/v1/events', '1970-01-01T00:00:00Z', 3);
    const mirror = new Map<string, Row>();
    const mirrored = () =>
      [...mirror.values()]
        .map((row) => ({ id: row.id, city: row.city, updated_at: row.updated_at }))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
    // Every version written is told apart by its city.
    let written = 0;
    const apply = (rows: Row[]) => {
      for (const row of rows) {
        if (row.deleted_at) mirror.delete(row.id);
        else mirror.set(row.id, row);
      }
    };

    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 4 }),
        async (writers) => {
          const events = [...seeded];
          let writing = true;
          // Each writer runs its operations one transaction each, as the API role, sometimes holding
          // the transaction open after writing so that others commit first.
          const runWriter = async (ops: Op[]) => {
            const connection = new pg.Client({ connectionString: t.appRoleUrl });
            await connection.connect();
            try {
              for (const step of ops) {
                await connection.query('begin');
                await connection.query(`select set_config('app.tenant_id', $1, true)`, [owner.organizerId]);
                const target = events[step.target % events.length] as string;
                if (step.kind === 'create') {
                  const { rows } = await connection.query<{ id: string }>(
                    `insert into events (tenant_id, title, category_id, time_zone, starts_at, ends_at, city)
                   values ($1, '{"en": "Written concurrently"}', 'comedy', 'UTC', now() + interval '1 day',
                     now() + interval '2 days', $2) returning id`,
                    [owner.organizerId, `${step.city} ${++written}`],
                  );
                  events.push(rows[0]?.id as string);
                } else if (step.kind === 'update') {
                  await connection.query('update events set city = $2 where id = $1 and deleted_at is null', [
                    target,
                    `${step.city} ${++written}`,
                  ]);
                } else {
                  await connection.query('update events set deleted_at = now() where id = $1 and deleted_at is null', [
                    target,
                  ]);
                }
                await new Promise((resolve) => setTimeout(resolve, step.hold));
                await connection.query('commit');
              }
            } finally {
              await connection.end();
            }
          };
          const reader = (async () => {
            while (writing) {
              apply(await sync.poll());
              await new Promise((resolve) => setTimeout(resolve, 5));
            }
          })();
          await Promise.all(writers.map(runWriter));
          writing = false;
          await reader;

          const { rows } = await t.admin.query<{ id: string; city: string; updated_at: Date }>(
            'select id, city, updated_at from events where tenant_id = $1 and deleted_at is null order by id',
            [owner.organizerId],
          );
          const expected = rows.map((row) => ({
            id: row.id,
            city: row.city,
            updated_at: row.updated_at.toISOString(),
          }));
          await until(
            async () => {
              apply(await sync.poll());
              return JSON.stringify(mirrored()) === JSON.stringify(expected);
            },
            10_000,
            'the mirror to catch up',
          ).catch(() => undefined);
          expect(mirrored()).toEqual(expected);
        },
      ),
      { numRuns: 6 },
    );
    // Every version came once: no (id, city, deleted_at) twice in everything the reader received.
    const versions = sync.received.map((row) => `${row.id} ${row.city} ${row.deleted_at}`);
    expect(new Set(versions).size).toBe(versions.length);
  }, 120_000);
});
