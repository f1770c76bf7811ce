import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsStaff, runInTenantAsSystem } from '../../context.ts';
import {
  as,
  buyTickets,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
  until,
} from '../../test/app.ts';
import { planEventPayout, recordManualPayout } from '../payouts/payouts.service.ts';

let t: TestApp;
let staff: Organizer;
/** Sells by test card with no Stripe account: its payouts are paid by hand by staff. */
let alpha: Organizer;
/** Has a Stripe account, a subscription and payouts in several states (set up in the database). */
let beta: Organizer;
let alphaEvent: string;
const betaPayouts = { held: '', blocked: '', paid: '' };

interface ListedOrganizer {
  id: string;
  name: string;
  slug: string;
  owners: { email: string }[];
  plan: string;
  override: { plan: string; reason: string } | null;
  subscription: { plan: string | null; status: string } | null;
  stripe_account: { account_id: string; charges_enabled: boolean; payouts_enabled: boolean } | null;
  payouts: { held: number; waiting: number };
}

beforeAll(async () => {
  t = await startTestApp();
  staff = await signUpOrganizer(t.app, { slug: `platform-desk-${Date.now() % 100000}` });
  // As `grant-staff` does: no API path makes anyone staff.
  await t.admin.query('update users set is_platform_staff = true where id = $1', [staff.userId]);
  alpha = await signUpOrganizer(t.app, { slug: `harlem-griot-${Date.now() % 100000}` });
  beta = await signUpOrganizer(t.app, { slug: `casa-latina-${Date.now() % 100000}` });

  alphaEvent = await publishedEvent(t.app, alpha.token, { title: { en: 'Griot night' } }, 5);
  const tier = (await as(t.app, alpha.token).get(`/v1/events/${alphaEvent}`)).json().tiers[0].id;
  await buyTickets(t.app, alpha.slug, { tickets: [{ tier_id: tier, quantity: 2 }] });

  const betaEvent = await publishedEvent(t.app, beta.token, { title: { en: 'Noche de salsa' } });
  await t.admin.query(
    'insert into stripe_accounts (tenant_id, account_id, charges_enabled, payouts_enabled) values ($1, $2, true, false)',
    [beta.organizerId, 'acct_BetaSalsa'],
  );
  await t.admin.query(
    "insert into plan_subscriptions (tenant_id, stripe_customer_id, stripe_subscription_id, plan, status) values ($1, 'cus_beta', 'sub_beta', 'pro', 'past_due')",
    [beta.organizerId],
  );
  for (const [status, kind] of [
    ['held', 'early'],
    ['blocked', 'standard'],
    ['paid', 'early'],
  ] as const) {
    const payout = await t.admin.query(
      `insert into payouts (tenant_id, event_id, kind, method, status, amount_cents, currency, due_at)
       values ($1, $2, $3, 'stripe', $4, 4200, 'USD', now() - interval '1 day') returning id`,
      [beta.organizerId, betaEvent, kind, status],
    );
    betaPayouts[status] = payout.rows[0].id;
  }
});
afterAll(() => t?.stop());

const asStaff = () => as(t.app, staff.token);

async function listed(query = 'limit=100'): Promise<{ data: ListedOrganizer[]; next_cursor: string | null }> {
  const response = await asStaff().get(`/v1/staff/organizers?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function listedOne(organizer: Organizer): Promise<ListedOrganizer> {
  const found = (await listed()).data.find((row) => row.id === organizer.organizerId);
  if (!found) throw new Error(`${organizer.slug} is not listed`);
  return found;
}

/** Lets time pass for the event (it ended three days ago) and runs its payout job, as the hourly schedule would. */
async function standardPayout(organizer: Organizer, eventId: string): Promise<string> {
  await t.admin.query(
    "update events set starts_at = now() - interval '3 days 4 hours', ends_at = now() - interval '3 days' where id = $1",
    [eventId],
  );
  const job = await t.admin.query<{ id: string }>(
    "select (graphile_worker.add_job('payouts__run_event', json_build_object('tenantId', $1::text, 'eventId', $2::text))).id",
    [organizer.organizerId, eventId],
  );
  await until(
    async () =>
      (await t.admin.query('select 1 from graphile_worker.jobs where id = $1', [job.rows[0]?.id])).rowCount === 0,
    15_000,
    'the payout job',
  );
  const payout = await t.admin.query(
    "select id, method, status, amount_cents from payouts where tenant_id = $1 and kind = 'standard'",
    [organizer.organizerId],
  );
  expect(payout.rows).toHaveLength(1);
  expect(payout.rows[0]).toMatchObject({ method: 'manual', status: 'scheduled' });
  expect(Number(payout.rows[0].amount_cents)).toBeGreaterThan(0);
  return payout.rows[0].id;
}

describe('recording a payout while the schedule plans the same event', () => {
  it("leaves the ledger's checks on the event free while a payout is planned", async () => {
    // Staff recording a manual payout hold its row and have their ledger lines checked against
    // the event at commit; a planner holds the event and then waits for that payout. If planning
    // blocked the check, the two would deadlock (and the request answer 503).
    let planned!: () => void;
    const plannedNow = new Promise<void>((resolve) => {
      planned = resolve;
    });
    let finish!: () => void;
    const held = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const planning = runInTenantAsSystem(t.runtime.services, alpha.organizerId, async (ctx) => {
      await planEventPayout(ctx, alphaEvent);
      planned();
      await held;
    });
    await plannedNow;
    const client = await t.admin.connect();
    try {
      const check = await client.query('select 1 from events where id = $1 for key share nowait', [alphaEvent]);
      expect(check.rowCount).toBe(1);
    } finally {
      client.release();
      finish();
      await planning;
    }
  });
});

describe('who may use the staff area', () => {
  const paths = () => [
    '/v1/staff/organizers',
    `/v1/staff/organizers/${alpha.organizerId}`,
    '/v1/staff/payouts?status=held',
  ];

  it('refuses a request without a session with 401', async () => {
    for (const path of paths()) expectErrorShape(await as(t.app, null).get(path), 401, 'unauthorized');
  });

  it("refuses an organizer's owner with 403, even about their own organizer", async () => {
    for (const path of paths()) {
      const error = expectErrorShape(await as(t.app, alpha.token).get(path), 403, 'forbidden');
      expect(error.message).toMatch(/platform staff/);
    }
  });
});

describe('the organizer list', () => {
  it('shows platform staff every organizer, newest first, page after page', async () => {
    const all = await listed();
    expect(all.data.map((row) => row.id)).toEqual([beta.organizerId, alpha.organizerId, staff.organizerId]);
    expect(all.next_cursor).toBeNull();
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: ListedOrganizer[]; next_cursor: string | null } = await listed(
        `limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.data.length).toBeLessThanOrEqual(1);
      walked.push(...page.data.map((row) => row.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(walked).toEqual(all.data.map((row) => row.id));
  });

  it("finds organizers by part of the name, the slug or an owner's email, in any case", async () => {
    const ids = async (q: string) => (await listed(`q=${encodeURIComponent(q)}`)).data.map((row) => row.id);
    expect(await ids('GRIOT')).toEqual([alpha.organizerId]);
    expect(await ids(beta.slug)).toEqual([beta.organizerId]);
    expect(await ids(`  ${alpha.email.toUpperCase()} `)).toEqual([alpha.organizerId]);
    expect(await ids('owner-casa-latina')).toEqual([beta.organizerId]);
    // LIKE's wildcards are plain characters here.
    expect(await ids('%')).toEqual([]);
    expect(await ids('nobody-has-this-name')).toEqual([]);
  });

  it('shows each organizer’s owners, plan, subscription, Stripe account and payout counts', async () => {
    const row = await listedOne(beta);
    expect(row).toMatchObject({
      name: `Organizer ${beta.slug}`,
      slug: beta.slug,
      owners: [{ email: beta.email }],
      plan: 'basic',
      override: null,
      subscription: { plan: 'pro', status: 'past_due' },
      stripe_account: { account_id: 'acct_BetaSalsa', charges_enabled: true, payouts_enabled: false },
      // The paid payout needs nobody.
      payouts: { held: 1, waiting: 1 },
    });
    expect(await listedOne(alpha)).toMatchObject({
      subscription: null,
      stripe_account: null,
      payouts: { held: 0, waiting: 0 },
    });
  });

  it('answers a cursor of another list with 400', async () => {
    expectErrorShape(await asStaff().get('/v1/staff/organizers?cursor=WyJ4Il0'), 400, 'invalid_cursor');
  });
});

describe("one organizer's plan and payouts, worked by staff", () => {
  it('overrides the plan with a reason, which the organizer then has, and clears it', async () => {
    const set = await asStaff().put(`/v1/staff/organizers/${alpha.organizerId}/plan`, {
      plan: 'pro',
      reason: 'Community partner: Pro free for 2026',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect((await as(t.app, alpha.token).get('/v1/organizer/billing')).json().plan).toBe('pro');

    const detail = await asStaff().get(`/v1/staff/organizers/${alpha.organizerId}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({
      id: alpha.organizerId,
      plan: 'pro',
      override: { plan: 'pro', reason: 'Community partner: Pro free for 2026' },
      billing: { plan: 'pro', override: { plan: 'pro' }, subscription: null },
    });
    expect(detail.json().audit_log[0]).toMatchObject({
      action: 'plan.override',
      target: alpha.organizerId,
      details: { override: 'pro', reason: 'Community partner: Pro free for 2026', previous_plan: 'basic' },
      staff: { user_id: staff.userId, email: staff.email },
    });
    expect((await listedOne(alpha)).override).toEqual({ plan: 'pro', reason: 'Community partner: Pro free for 2026' });

    const cleared = await asStaff().put(`/v1/staff/organizers/${alpha.organizerId}/plan`, {
      plan: null,
      reason: 'Partnership ended',
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect((await listedOne(alpha)).plan).toBe('basic');
    expect((await as(t.app, alpha.token).get('/v1/organizer/billing')).json().plan).toBe('basic');
  });

  it('holds a manual payout with a reason, releases it and records it paid, each in the audit log and the counts', async () => {
    const payoutId = await standardPayout(alpha, alphaEvent);
    const base = `/v1/staff/organizers/${alpha.organizerId}/payouts/${payoutId}`;
    expect((await listedOne(alpha)).payouts).toEqual({ held: 0, waiting: 1 });

    const held = await asStaff().post(`${base}/hold`, { reason: 'Buyer complaints: checking the event happened' });
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json()).toMatchObject({
      status: 'held',
      status_reason: 'Buyer complaints: checking the event happened',
    });
    expect((await listedOne(alpha)).payouts).toEqual({ held: 1, waiting: 0 });
    // The organizer sees it held, with the reason.
    const own = (await as(t.app, alpha.token).get('/v1/organizer/payouts')).json().data[0];
    expect(own).toMatchObject({ id: payoutId, status: 'held' });

    const again = await asStaff().post(`${base}/hold`, { reason: 'Twice' });
    expect(expectErrorShape(again, 409, 'not_holdable').message).toMatch(/held/);
    // Held: not paid by hand until released.
    expectErrorShape(await asStaff().post(`${base}/paid`, { reference: 'WIRE-1' }), 409, 'not_manual');

    const released = await asStaff().post(`${base}/release`);
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ status: 'scheduled', status_reason: null });
    expect((await listedOne(alpha)).payouts).toEqual({ held: 0, waiting: 1 });

    const paid = await asStaff().post(`${base}/paid`, { reference: 'ACH 2026-0611-77' });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', manual_reference: 'ACH 2026-0611-77' });
    expect(paid.json().paid_at).not.toBeNull();
    expect((await listedOne(alpha)).payouts).toEqual({ held: 0, waiting: 0 });
    expectErrorShape(await asStaff().post(`${base}/release`), 409, 'not_held');
    // The money left the organizer's payable in the ledger.
    const ledger = await t.admin.query(
      "select count(*)::int as n from ledger_transactions where tenant_id = $1 and kind = 'payout' and payout_id = $2",
      [alpha.organizerId, payoutId],
    );
    expect(ledger.rows[0].n).toBe(1);

    const detail = (await asStaff().get(`/v1/staff/organizers/${alpha.organizerId}`)).json();
    expect(
      detail.audit_log.slice(0, 3).map((entry: { action: string; target: string }) => [entry.action, entry.target]),
    ).toEqual([
      ['payout.record_manual', payoutId],
      ['payout.release', payoutId],
      ['payout.hold', payoutId],
    ]);
    expect(detail.audit_log[0].details).toMatchObject({ reference: 'ACH 2026-0611-77' });
    expect(detail.audit_log[2].details).toMatchObject({ reason: 'Buyer complaints: checking the event happened' });
    expect(detail.payout_events).toEqual([expect.objectContaining({ id: alphaEvent, title: { en: 'Griot night' } })]);
  });

  it('answers an organizer that does not exist with 404', async () => {
    expectErrorShape(
      await asStaff().get('/v1/staff/organizers/00000000-0000-4000-8000-000000000000'),
      404,
      'not_found',
    );
  });
});

describe('the payout queue', () => {
  interface Queued {
    organizer: { id: string; slug: string };
    payout: { id: string; status: string; method: string };
  }

  async function queue(query: string): Promise<{ data: Queued[]; next_cursor: string | null }> {
    const response = await asStaff().get(`/v1/staff/payouts?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  it('lists what is held across organizers, each with its organizer', async () => {
    const held = await queue('status=held');
    expect(held.data.map((row) => [row.organizer.slug, row.payout.id])).toEqual([[beta.slug, betaPayouts.held]]);
    expect(held.data[0]?.payout.status).toBe('held');
  });

  it('filters by method and pages oldest due first', async () => {
    expect((await queue('status=paid&method=manual')).data.map((row) => row.organizer.id)).toEqual([alpha.organizerId]);
    expect((await queue('method=stripe&status=blocked')).data.map((row) => row.payout.id)).toEqual([
      betaPayouts.blocked,
    ]);
    const all = await queue('limit=100');
    expect(all.data).toHaveLength(4);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Queued[]; next_cursor: string | null } = await queue(
        `limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      walked.push(...page.data.map((row) => row.payout.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(walked).toEqual(all.data.map((row) => row.payout.id));
  });
});

describe('the staff_directory scope in the database', () => {
  /** What the API role sees under the scope, as `userId`. */
  async function seenAs(userId: string) {
    const api = new pg.Client({ connectionString: t.appRoleUrl });
    await api.connect();
    try {
      await api.query('begin');
      await api.query("select set_config('app.scope', 'staff_directory', true), set_config('app.user_id', $1, true)", [
        userId,
      ]);
      const count = async (query: string) => (await api.query(query)).rows[0].n as number;
      const seen = {
        payoutTenants: await count('select count(distinct tenant_id)::int as n from payouts'),
        accounts: await count('select count(*)::int as n from stripe_accounts'),
        subscriptions: await count('select count(*)::int as n from plan_subscriptions'),
        memberships: await count('select count(*)::int as n from memberships'),
        nonOwners: await count("select count(*)::int as n from memberships where role <> 'owner'"),
        events: await count('select count(*)::int as n from events'),
        orders: await count('select count(*)::int as n from orders'),
        ledger: await count('select count(*)::int as n from ledger_lines'),
      };
      const write = await api.query("update payouts set status = 'cancelled'");
      await api.query('rollback');
      return { ...seen, written: write.rowCount };
    } finally {
      await api.end();
    }
  }

  it('shows staff the owners, subscriptions, accounts and payouts of every organizer, and nothing else', async () => {
    await as(t.app, alpha.token).post('/v1/organizer/members', { email: 'door@example.org', role: 'check_in' });
    const seen = await seenAs(staff.userId);
    expect(seen).toEqual({
      payoutTenants: 2,
      accounts: 1,
      subscriptions: 1,
      memberships: 3,
      nonOwners: 0,
      events: 0,
      orders: 0,
      ledger: 0,
      written: 0,
    });
  });

  it('shows anyone not platform staff none of it, though the scope is set', async () => {
    expect(await seenAs(alpha.userId)).toEqual({
      payoutTenants: 0,
      accounts: 0,
      subscriptions: 0,
      // Their own, as every signed-in person sees theirs (memberships_own).
      memberships: 1,
      nonOwners: 0,
      events: 0,
      orders: 0,
      ledger: 0,
      written: 0,
    });
  });
});

describe('planning an event while staff record its manual payout paid', () => {
  it('sees the payment once it is committed, and plans no second payout of the same money', async () => {
    // Planning reads what the event still owes and the payout that is open. Read in the wrong
    // order, a planner that waited for the recording would still count the money as owed and
    // schedule it again: staff would be asked to pay the organizer twice.
    const gamma = await signUpOrganizer(t.app, { slug: `iqbal-hall-${Date.now() % 100000}` });
    const event = await publishedEvent(t.app, gamma.token, { title: { en: 'Eid bazaar' } }, 5);
    const tier = (await as(t.app, gamma.token).get(`/v1/events/${event}`)).json().tiers[0].id;
    await buyTickets(t.app, gamma.slug, { tickets: [{ tier_id: tier, quantity: 1 }] });
    const payoutId = await standardPayout(gamma, event);

    let recorded!: () => void;
    const recordedNow = new Promise<void>((resolve) => {
      recorded = resolve;
    });
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => {
      commit = resolve;
    });
    const recording = runAsStaff(
      t.runtime.services,
      { userId: staff.userId, isPlatformStaff: true },
      gamma.organizerId,
      async (ctx) => {
        await recordManualPayout(ctx, payoutId, 'Check 1042');
        recorded();
        await committing;
      },
    );
    await recordedNow;
    const planning = runInTenantAsSystem(t.runtime.services, gamma.organizerId, (ctx) => planEventPayout(ctx, event));
    // The planner now waits for the payout the recording holds.
    await until(
      async () =>
        (
          await t.admin.query(
            "select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
          )
        ).rowCount === 1,
      10_000,
      'the planner to wait for the payout',
    );
    commit();
    await recording;
    expect(await planning).toBeNull();
    const payouts = await t.admin.query('select status from payouts where tenant_id = $1', [gamma.organizerId]);
    expect(payouts.rows).toEqual([{ status: 'paid' }]);
  });
});
