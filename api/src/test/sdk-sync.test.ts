import { type ChildProcess, execFile, fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PackedSdk, packSdk } from '../../../sdk/src/testing/packed-sdk.ts';
import { runInTenant } from '../context.ts';
import { scanTicket } from '../modules/checkin/checkin.service.ts';
import {
  apiKeyOf,
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

/**
 * An integrator's program as it runs: the packed SDK, imported by plain node from a folder of its
 * own, sells through the API listening on a port and mirrors the organizer's events, tiers,
 * orders and tickets with `updated_since`, while orders, refunds, check-ins, deletions and a
 * transaction that commits late keep arriving.
 *
 * What the API promises (README "Incremental sync", api/src/db/sync.ts), and so what is checked:
 * - none missed: once polls catch up, the mirror holds every record the database holds, each in
 *   its latest state, tombstones (deleted tiers and events, cancelled orders, revoked tickets)
 *   included; a write whose transaction began before a poll and committed after it comes later;
 * - none twice: each row version, that is each committed write of a row, is given once. A
 *   record comes again only when a later transaction wrote it. Versions are told apart by what
 *   the API shows of them: `updated_at` (when the writing transaction began) with the record's
 *   state, so the same record given twice with both unchanged is one version given twice;
 * - nothing early: while a writing transaction is open, what commits after it began is held back
 *   with it, so a position never passes it.
 */

/** Orders of free tickets made by the test before the program syncs, besides the ones the program sells. */
const BULK_ORDERS = 1000;
/** Orders the program sells through the SDK: held at the storefront, reserved for cash, marked paid. */
const SDK_ORDERS = 12;

const PROGRAM = `
import { createAccessPlusClient, syncPages } from '@accessplus/sdk';

const baseUrl = process.env.ACCESSPLUS_API_URL;
const client = createAccessPlusClient({ baseUrl, token: process.env.ACCESSPLUS_API_KEY });
const storefront = createAccessPlusClient({ baseUrl });
const told = () => new Promise((resolve) => process.once('message', resolve));
const tell = (message) =>
  new Promise((resolve, reject) => process.send(message, (error) => (error ? reject(error) : resolve())));
const daysFromNow = (days) => new Date(Date.now() + days * 86_400_000).toISOString();

// Selling: an event with its tiers, published, and orders paid in cash at the door.
const { slug } = await client.getOrganizer();
await client.updateCheckoutSettings({ body: { offline_methods: ['cash'] } });
const event = await client.createEvent({
  body: {
    title: { en: 'Harvest Festival' },
    category: 'festival',
    time_zone: 'America/New_York',
    starts_at: daysFromNow(20),
    ends_at: daysFromNow(20.2),
  },
});
const onEvent = { params: { path: { event_id: event.id } } };
const general = await client.createTier({ ...onEvent, body: { name: { en: 'General' }, price_cents: 2500, quantity: 5000 } });
const balcony = await client.createTier({ ...onEvent, body: { name: { en: 'Balcony' }, price_cents: 4000, quantity: 40 } });
await client.publishEvent(onEvent);
const draft = await client.createEvent({
  body: {
    title: { en: 'Volunteers meeting' },
    category: 'festival',
    time_zone: 'America/New_York',
    starts_at: daysFromNow(10),
    ends_at: daysFromNow(10.1),
    tiers: [{ name: { en: 'Volunteer' }, price_cents: 0, quantity: 30 }],
  },
});
const sold = [];
for (let n = 0; n < ${SDK_ORDERS}; n++) {
  const held = await storefront.createOrder({
    params: { path: { slug } },
    body: { buyer: { name: 'Buyer ' + n, email: 'sdk-buyer-' + n + '@example.org' }, tickets: [{ tier_id: general.id, quantity: 2 }] },
  });
  const onOrder = { params: { path: { slug, order_id: held.order.id }, query: { token: held.access_token } } };
  await storefront.payOrder({ ...onOrder, body: { method: 'cash' } });
  const paid = await client.markOrderPaid({
    params: { path: { order_id: held.order.id } },
    body: { receipt_reference: 'Cash box, receipt ' + n },
  });
  sold.push({ id: paid.id, status: paid.status, tickets: paid.tickets.map((ticket) => ticket.short_code) });
}
await tell({ kind: 'sold', slug, event: event.id, draft: draft.id, tiers: { general: general.id, balcony: balcony.id }, sold });

// Syncing: every list from the beginning, then from where the last page left it, one poll per turn.
await told();
const lists = {
  events: (query) => client.listEvents({ params: { query } }),
  tiers: (query) => client.listAllTiers({ params: { query } }),
  orders: (query) => client.listOrders({ params: { query } }),
  tickets: (query) => client.listTickets({ params: { query } }),
};
const positions = {};
for (let poll = 1; ; poll++) {
  const pages = {};
  for (const [name, list] of Object.entries(lists)) {
    pages[name] = [];
    const since = positions[name] ?? '1970-01-01T00:00:00Z';
    for await (const page of syncPages((query) => list({ ...query, limit: 100 }), since)) {
      pages[name].push(page.data);
      positions[name] = page.updatedSince;
    }
  }
  await tell({ kind: 'polled', poll, pages });
  if ((await told()).kind === 'stop') break;
}
process.disconnect();
`;

type Row = Record<string, unknown> & { id: string };
const LISTS = ['events', 'tiers', 'orders', 'tickets'] as const;
type List = (typeof LISTS)[number];

/** What tells two versions of a record apart, as the API shows it and as the database holds it. */
const versionOf: Record<List, (row: Row) => string> = {
  events: (row) => `updated ${row.updated_at}, ${row.status}, deleted ${row.deleted_at}`,
  tiers: (row) => `updated ${row.updated_at}, deleted ${row.deleted_at}`,
  orders: (row) => `updated ${row.updated_at}, ${row.status}, refunded ${row.refunded_cents}`,
  tickets: (row) => `updated ${row.updated_at}, ${row.status}, checked in ${row.checked_in_at}`,
};

interface Sold {
  kind: 'sold';
  slug: string;
  event: string;
  draft: string;
  tiers: { general: string; balcony: string };
  sold: { id: string; status: string; tickets: string[] }[];
}
interface Polled {
  kind: 'polled';
  poll: number;
  pages: Record<List, Row[][]>;
}

/** The program in its own node process, and the messages it sends, in order. */
class Program {
  private readonly child: ChildProcess;
  private readonly inbox: unknown[] = [];
  private waiting: ((message: unknown) => void) | null = null;
  private stderr = '';
  private exited: string | null = null;

  constructor(file: string, cwd: string, env: Record<string, string>) {
    // Plain node: no loader, no flags of the test runner, only the environment the program reads.
    this.child = fork(file, [], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, execArgv: [], silent: true });
    this.child.stderr?.on('data', (chunk) => {
      this.stderr += chunk;
    });
    this.child.on('message', (message) => this.deliver(message));
    this.child.on('exit', (code, signal) => {
      this.exited = `the program exited (code ${code}, signal ${signal})`;
      this.deliver(undefined);
    });
  }

  private deliver(message: unknown) {
    if (this.waiting) {
      const waiting = this.waiting;
      this.waiting = null;
      waiting(message);
    } else if (message !== undefined) this.inbox.push(message);
  }

  async next<T>(kind: string): Promise<T> {
    const message =
      this.inbox.shift() ??
      (this.exited
        ? undefined
        : await new Promise<unknown>((resolve) => {
            this.waiting = resolve;
          }));
    if ((message as { kind?: string } | undefined)?.kind !== kind) {
      throw new Error(
        `expected "${kind}" from the program, but ${this.exited ?? 'it said something else'}\n${this.stderr}`,
      );
    }
    return message as T;
  }

  tell(kind: 'sync' | 'poll' | 'stop') {
    this.child.send({ kind });
  }

  async ended(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await new Promise((resolve) => this.child.once('exit', resolve));
    }
    expect(this.child.exitCode, this.stderr).toBe(0);
  }

  kill() {
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** The program's mirror, built from every page it was given, and what it was given twice. */
class Mirror {
  readonly records = Object.fromEntries(LISTS.map((list) => [list, new Map<string, Row>()])) as Record<
    List,
    Map<string, Row>
  >;
  readonly versions = Object.fromEntries(LISTS.map((list) => [list, new Map<string, Set<string>>()])) as Record<
    List,
    Map<string, Set<string>>
  >;
  readonly twice: string[] = [];

  apply(pages: Record<List, Row[][]>) {
    for (const list of LISTS) {
      for (const page of pages[list]) {
        for (const row of page) {
          const version = versionOf[list](row);
          const seen = this.versions[list].get(row.id) ?? new Set<string>();
          if (seen.has(version)) this.twice.push(`${list} ${row.id} came again unchanged (${version})`);
          seen.add(version);
          this.versions[list].set(row.id, seen);
          this.records[list].set(row.id, row);
        }
      }
    }
  }

  /** Where the mirror differs from the database: records missing, records it should not have, records out of date. */
  differences(truth: Record<List, Map<string, string>>): string[] {
    const found: string[] = [];
    for (const list of LISTS) {
      for (const [id, version] of truth[list]) {
        const mirrored = this.records[list].get(id);
        if (!mirrored) found.push(`${list} ${id} is missing (the server has ${version})`);
        else if (versionOf[list](mirrored) !== version) {
          found.push(`${list} ${id} is out of date: ${versionOf[list](mirrored)}; the server has ${version}`);
        }
      }
      for (const id of this.records[list].keys()) {
        if (!truth[list].has(id)) found.push(`${list} ${id} is not on the server`);
      }
    }
    return found;
  }
}

let t: TestApp;
let packed: PackedSdk | undefined;
let baseUrl = '';
let owner: Organizer;
let apiKey = '';
/** The community day's event, and the orders of its free tickets. */
let bulkEvent = '';
const bulk: { id: string; tickets: BoughtTicket[] }[] = [];

/** The bulk of the sales, free tickets of a community day taken at the storefront, a few at a time. */
async function sellInBulk() {
  bulkEvent = await publishedEvent(t.app, owner.token, {
    title: { en: 'Community Day' },
    tiers: [{ name: { en: 'Community' }, price_cents: 0, quantity: BULK_ORDERS }],
  });
  const tierId = (await as(t.app, owner.token).get(`/v1/events/${bulkEvent}`)).json().tiers[0].id;
  for (let n = 0; n < BULK_ORDERS; n += 10) {
    const batch = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: `/v1/public/organizers/${owner.slug}/orders`,
          payload: {
            buyer: { name: `Community guest ${n + i}`, email: `guest-${n + i}@example.org` },
            tickets: [{ tier_id: tierId, quantity: 1 }],
          },
        }),
      ),
    );
    for (const held of batch) {
      expect(held.statusCode, held.body).toBe(201);
      bulk.push(held.json().order);
    }
  }
}

beforeAll(async () => {
  // Built in a process of its own while the app starts.
  const packing = packSdk().then((done) => {
    packed = done;
  });
  packing.catch(() => undefined);
  // No job worker: its jobs (emails, mostly) are not what is synced here, and without them a
  // machine busy with other test files gets through this file's thousand orders sooner.
  t = await startTestApp({ runWorker: false });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  owner = await signUpOrganizer(t.app);
  await putOnPlan(t, owner, 'enterprise');
  apiKey = (await apiKeyOf(t.app, owner, ['organizer:read', 'events:write', 'catalog:write', 'orders:write'])).secret;
  await sellInBulk();
  await packing;
}, 180_000);

afterAll(async () => {
  await t?.stop();
  packed?.remove();
});

/** Every event, tier, order and ticket of the organizer, with its version, as the database holds it. */
async function serverTruth(): Promise<Record<List, Map<string, string>>> {
  const iso = (value: Date | null) => (value ? value.toISOString() : null);
  const read = async (list: List, query: string) => {
    const { rows } = await t.admin.query(query, [owner.organizerId]);
    const rowsById = rows.map((row): [string, string] => [
      row.id,
      versionOf[list]({
        ...row,
        updated_at: iso(row.updated_at),
        deleted_at: iso(row.deleted_at),
        checked_in_at: iso(row.checked_in_at),
      }),
    ]);
    return new Map(rowsById);
  };
  return {
    events: await read('events', 'select id, updated_at, status, deleted_at from events where tenant_id = $1'),
    tiers: await read('tiers', 'select id, updated_at, deleted_at from ticket_tiers where tenant_id = $1'),
    orders: await read('orders', 'select id, updated_at, status, refunded_cents from orders where tenant_id = $1'),
    tickets: await read('tickets', 'select id, updated_at, status, checked_in_at from tickets where tenant_id = $1'),
  };
}

describe('the packed SDK syncing from a live API', () => {
  let program: Program | undefined;
  afterAll(() => program?.kill());

  it('mirrors every order and ticket once, tombstones and a late commit included', async () => {
    const consumer = packed?.consumerDir ?? '';
    writeFileSync(join(consumer, 'sell-and-sync.mjs'), PROGRAM);
    const running = new Program(join(consumer, 'sell-and-sync.mjs'), consumer, {
      ACCESSPLUS_API_URL: baseUrl,
      ACCESSPLUS_API_KEY: apiKey,
    });
    program = running;
    const sold = await running.next<Sold>('sold');
    expect(sold.sold.map((order) => order.status)).toEqual(Array(SDK_ORDERS).fill('paid'));
    const owned = as(t.app, owner.token);

    const sale = (n: number) => {
      const order = sold.sold[n];
      if (!order) throw new Error(`the program sold no order ${n}`);
      return order;
    };
    const bulkTicket = (n: number): BoughtTicket => {
      const ticket = bulk[n]?.tickets[0];
      if (!ticket) throw new Error(`bulk order ${n} has no ticket`);
      return ticket;
    };
    const sell = async (pay = true) =>
      (
        await buyTickets(t.app, sold.slug, {
          tickets: [{ tier_id: sold.tiers.general, quantity: 2 }],
          ...(pay ? {} : { pay: false }),
        })
      ).order;
    const refund = async (orderId: string) => {
      const refunded = await owned.post(`/v1/orders/${orderId}/refunds`, {});
      expect(refunded.statusCode, refunded.body).toBe(200);
    };
    const checkIn = async (code: string, eventId = bulkEvent) => {
      const scanned = await owned.post(`/v1/events/${eventId}/scans`, { code, device_id: 'Door 1' });
      expect(scanned.json().outcome, scanned.body).toBe('admitted');
    };
    const pending = await sell(false);

    const mirror = new Mirror();
    const poll = async (expected: number) => {
      const polled = await running.next<Polled>('polled');
      expect(polled.poll).toBe(expected);
      mirror.apply(polled.pages);
    };
    running.tell('sync');
    await poll(1);

    // Between the first poll and the second: sales, refunds (one of an order the program sold),
    // check-ins, a cancelled order, a deleted tier and a deleted event.
    const [refundedBySdkSale, refundedByCard] = [sale(0).id, (await sell()).id];
    await refund(refundedBySdkSale);
    await refund(refundedByCard);
    for (const n of [0, 1, 2]) await checkIn(bulkTicket(n).short_code);
    await checkIn(sale(1).tickets[0] as string, sold.event);
    expect((await owned.post(`/v1/orders/${pending.id}/cancel`)).statusCode).toBe(200);
    expect((await owned.delete(`/v1/events/${sold.event}/tiers/${sold.tiers.balcony}`)).statusCode).toBe(204);
    expect((await owned.delete(`/v1/events/${sold.draft}`)).statusCode).toBe(204);

    // A check-in whose transaction, through the app's own database access, stays open while the
    // program polls twice and others commit after it began.
    const lateTicket = bulkTicket(10);
    const admitted = Promise.withResolvers<void>();
    const commit = Promise.withResolvers<void>();
    const late = runInTenant(
      t.runtime.services,
      { tenantId: owner.organizerId, userId: owner.userId, isPlatformStaff: false },
      async (ctx) => {
        const scan = await scanTicket(ctx, bulkEvent, { code: lateTicket.short_code, device_id: 'Side door' });
        expect(scan.outcome).toBe('admitted');
        admitted.resolve();
        await commit.promise;
      },
    );
    late.catch(admitted.reject);
    // What the program was given while the check-in's transaction was open, of what committed after it began.
    const givenEarly: string[] = [];
    try {
      await admitted.promise;
      const behindTheLateOne = [(await sell()).id, (await sell()).id];
      await refund(sale(2).id);
      await checkIn(bulkTicket(11).short_code);
      const heldBack = (poll: number) => {
        if (mirror.records.tickets.get(lateTicket.id)?.checked_in_at) {
          givenEarly.push(`poll ${poll}: ticket ${lateTicket.id} checked in, not committed yet`);
        }
        for (const id of behindTheLateOne) {
          if (mirror.records.orders.has(id))
            givenEarly.push(`poll ${poll}: order ${id}, sold after the check-in began`);
        }
        if (mirror.records.orders.get(sale(2).id)?.status === 'refunded') {
          givenEarly.push(`poll ${poll}: order ${sale(2).id} refunded after the check-in began`);
        }
      };
      running.tell('poll');
      await poll(2);
      heldBack(2);
      behindTheLateOne.push((await sell()).id);
      await refund(sale(3).id);
      running.tell('poll');
      await poll(3);
      heldBack(3);
    } finally {
      commit.resolve();
      await late;
    }
    // After the late commit: more sales, a refund and a check-in.
    await sell();
    const refundedAfter = (await sell()).id;
    await refund(refundedAfter);
    await checkIn(bulkTicket(13).short_code);

    // Then the program polls until its mirror is the server's: a poll sees what committed below the
    // oldest transaction still open anywhere on the database server, so it may take a few.
    let differences: string[] = [];
    for (let n = 4; n <= 40; n++) {
      running.tell('poll');
      await poll(n);
      differences = mirror.differences(await serverTruth());
      if (differences.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    running.tell('stop');
    await running.ended();

    // Every record the server has, each in its latest version; no version given twice; and nothing
    // that committed after the open transaction began given before it ended.
    const firstOf = (found: string[]) =>
      found.length > 20 ? [...found.slice(0, 20), `… and ${found.length - 20} more`] : found;
    expect({
      outOfStep: firstOf(differences),
      givenTwice: firstOf(mirror.twice),
      givenEarly: firstOf(givenEarly),
    }).toEqual({ outOfStep: [], givenTwice: [], givenEarly: [] });
    expect(mirror.records.orders.size).toBeGreaterThanOrEqual(BULK_ORDERS + SDK_ORDERS);
    expect(mirror.records.tickets.size).toBeGreaterThanOrEqual(BULK_ORDERS + 2 * SDK_ORDERS);
    // The tombstones and the states that replace a record's earlier ones.
    expect(mirror.records.events.get(sold.draft)?.deleted_at).toEqual(expect.any(String));
    expect(mirror.records.tiers.get(sold.tiers.balcony)?.deleted_at).toEqual(expect.any(String));
    expect(mirror.records.orders.get(pending.id)?.status).toBe('cancelled');
    for (const id of [refundedBySdkSale, refundedByCard, sale(2).id, sale(3).id, refundedAfter]) {
      expect(mirror.records.orders.get(id)?.status, `order ${id}`).toBe('refunded');
    }
    const refundedTickets = [...mirror.records.tickets.values()].filter(
      (ticket) => ticket.order_id === refundedBySdkSale,
    );
    expect(refundedTickets.map((ticket) => ticket.status)).toEqual(['revoked', 'revoked']);
    // The late check-in, held back while its transaction was open, came once it committed.
    expect(mirror.records.tickets.get(lateTicket.id)?.checked_in_at).toEqual(expect.any(String));
  }, 180_000);
});

/** The code of the CRM example in sdk/README.md, as an integrator would copy it. */
function readmeExample(): string {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'sdk', 'README.md'), 'utf8');
  const heading = '\n## Example: keep a CRM in step\n';
  const section = readme.split(heading)[1]?.split('\n## ')[0] ?? '';
  const code = section.match(/```js\n([\s\S]*?)```/)?.[1];
  if (!code) throw new Error(`sdk/README.md has no js code block under "${heading.trim()}"`);
  return code;
}

// It runs after the test above, on its organizer and its thousand orders.
describe("the README's CRM example", () => {
  it('runs with plain node against the live API: the first run takes everything, the next ones what changed', async () => {
    const consumer = packed?.consumerDir ?? '';
    writeFileSync(join(consumer, 'crm-sync.mjs'), readmeExample());
    const store = join(consumer, 'crm.json');
    const readOnly = await apiKeyOf(t.app, owner, ['orders:read'], 'CRM sync');
    const run = () =>
      new Promise<Record<'orders' | 'tickets', { changed: number; kept: number }>>((resolve, reject) => {
        const env = {
          PATH: process.env.PATH ?? '',
          ACCESSPLUS_API_URL: baseUrl,
          ACCESSPLUS_API_KEY: readOnly.secret,
          CRM_STORE: store,
        };
        execFile(process.execPath, ['crm-sync.mjs'], { cwd: consumer, env }, (error, stdout, stderr) => {
          if (error) return reject(new Error(`${error.message}\n${stderr}`));
          const said = (list: string) => {
            const line = stdout.match(new RegExp(`^${list}: (\\d+) changed, (\\d+) in the CRM$`, 'm'));
            if (!line) throw new Error(`the example printed no line for ${list}:\n${stdout}`);
            return { changed: Number(line[1]), kept: Number(line[2]) };
          };
          resolve({ orders: said('orders'), tickets: said('tickets') });
        });
      });
    const crm = () =>
      JSON.parse(readFileSync(store, 'utf8')) as Record<'orders' | 'tickets', Record<string, Record<string, unknown>>>;
    const outOfStep = async () => {
      const { rows: orders } = await t.admin.query(
        'select id, status, refunded_cents from orders where tenant_id = $1',
        [owner.organizerId],
      );
      const { rows: tickets } = await t.admin.query(
        'select id, status, checked_in_at from tickets where tenant_id = $1',
        [owner.organizerId],
      );
      const kept = crm();
      const found: string[] = [];
      for (const order of orders) {
        const copy = kept.orders[order.id];
        if (copy?.status !== order.status || copy?.refunded_cents !== order.refunded_cents) {
          found.push(`order ${order.id}: the CRM has ${JSON.stringify(copy)}, the server ${order.status}`);
        }
      }
      for (const ticket of tickets) {
        const copy = kept.tickets[ticket.id];
        const checkedIn = ticket.checked_in_at?.toISOString() ?? null;
        if (copy?.status !== ticket.status || copy?.checked_in_at !== checkedIn) {
          found.push(
            `ticket ${ticket.id}: the CRM has ${JSON.stringify(copy)}, the server ${ticket.status}, ${checkedIn}`,
          );
        }
      }
      if (Object.keys(kept.orders).length !== orders.length) found.push('the CRM has orders the server does not');
      if (Object.keys(kept.tickets).length !== tickets.length) found.push('the CRM has tickets the server does not');
      return found;
    };
    /** Runs the example until the CRM is the server's (a run sees what committed before the oldest open transaction). */
    const runUntilInStep = async () => {
      let changed = 0;
      let differences: string[] = [];
      for (let runs = 0; runs < 10; runs++) {
        const said = await run();
        changed += said.orders.changed + said.tickets.changed;
        expect(said.orders.kept).toBe(Object.keys(crm().orders).length);
        differences = await outOfStep();
        if (differences.length === 0) return changed;
      }
      throw new Error(`the CRM is out of step after 10 runs:\n${differences.slice(0, 20).join('\n')}`);
    };

    const everything = await runUntilInStep();
    expect(everything).toBeGreaterThanOrEqual(2 * (BULK_ORDERS + SDK_ORDERS));

    // Then a sale, a refund and a check-in: the next runs bring only those.
    const owned = as(t.app, owner.token);
    const eventId = await publishedEvent(t.app, owner.token);
    const tierId = (await owned.get(`/v1/events/${eventId}`)).json().tiers[0].id;
    const { order } = await buyTickets(t.app, owner.slug, { tickets: [{ tier_id: tierId, quantity: 2 }] });
    const [kept, refunded] = order.tickets as [BoughtTicket, BoughtTicket];
    const refund = await owned.post(`/v1/orders/${order.id}/refunds`, { ticket_ids: [refunded.id] });
    expect(refund.statusCode, refund.body).toBe(200);
    const scan = await owned.post(`/v1/events/${eventId}/scans`, { code: kept.short_code, device_id: 'Door 1' });
    expect(scan.json().outcome, scan.body).toBe('admitted');

    const since = await runUntilInStep();
    expect(since).toBeGreaterThanOrEqual(3);
    expect(since, 'a run after the first goes on from where it stopped').toBeLessThan(50);
    expect(crm().orders[order.id]).toMatchObject({ status: 'partially_refunded', number: order.number });
    expect(crm().tickets[refunded.id]).toMatchObject({ status: 'revoked', order_id: order.id });
    expect(crm().tickets[kept.id]).toMatchObject({ status: 'valid', checked_in_at: expect.any(String) });
  }, 120_000);
});
