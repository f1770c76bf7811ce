import { randomInt } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buyTickets,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
  until,
} from '../../test/app.ts';
import { type FakeStripe, type StripeObject, startFakeStripe } from '../../test/stripe-server.ts';
import { tasks as registeredTasks } from '../../worker/tasks.ts';
import type { TaskDefinition, TaskHelpers } from '../../worker/worker.ts';

let t: TestApp;
let stripe: FakeStripe;
/** How often the worker has run the processing job of each Stripe event. */
const processingRuns = new Map<string, number>();
const processStripeEvent = registeredTasks.payments__process_stripe_event as TaskDefinition;

beforeAll(async () => {
  stripe = await startFakeStripe();
  t = await startTestApp(
    {
      stripe: {
        secretKey: stripe.secretKey,
        publishableKey: 'pk_test_local',
        webhookSecret: stripe.webhookSecret,
        proPriceId: undefined,
        apiBase: stripe.sdkConfig,
      },
      payoutSettlementDays: 0,
    },
    {
      tasks: {
        async payments__process_stripe_event(payload, helpers) {
          const { eventId } = payload as { eventId: string };
          processingRuns.set(eventId, (processingRuns.get(eventId) ?? 0) + 1);
          await processStripeEvent(payload, helpers);
        },
      },
    },
  );
});
afterAll(async () => {
  await t?.stop();
  await stripe?.close();
  expect(t.serverErrors).toEqual([]);
});

function deliver(event: StripeObject, options?: { timestamp?: number; secret?: string; tamper?: boolean }) {
  const { payload, headers } = stripe.signedDelivery(event, options);
  return t.app.inject({
    method: 'POST',
    url: '/v1/webhooks/stripe',
    headers,
    payload: options?.tamper ? payload.replace(/"livemode":\s*false/, '"livemode": true') : payload,
  });
}

/** Waits until the worker has processed every delivered event. */
async function processed(ids: string[]) {
  await until(
    async () => {
      const { rows } = await t.admin.query<{ n: number }>(
        'select count(*)::int as n from stripe_events where id = any($1) and processed_at is not null',
        [ids],
      );
      return rows[0]?.n === new Set(ids).size;
    },
    15_000,
    `${ids.length} Stripe events to be processed`,
  );
}

function lastEvent(type: string, about?: string): StripeObject {
  const found = stripe.events.filter((e) => e.type === type && (!about || e.data.object.id === about)).at(-1);
  if (!found) throw new Error(`no ${type} event`);
  return found;
}

/** An organizer whose Stripe Express account has finished onboarding. */
async function connectedOrganizer(): Promise<Organizer & { account: string }> {
  const organizer = await signUpOrganizer(t.app);
  const link = await as(t.app, organizer.token).post('/v1/organizer/payout-account/onboarding-links', {
    return_url: 'https://admin.example.test/payouts',
    refresh_url: 'https://admin.example.test/payouts?again=1',
  });
  expect(link.statusCode, link.body).toBe(201);
  const account = (await as(t.app, organizer.token).get('/v1/organizer/payout-account')).json().account_id as string;
  stripe.updateAccount(account, {
    charges_enabled: true,
    payouts_enabled: true,
    details_submitted: true,
    requirements: { currently_due: [], disabled_reason: null },
  });
  const event = lastEvent('account.updated', account);
  expect((await deliver(event)).statusCode).toBe(200);
  await processed([event.id]);
  return { ...organizer, account };
}

async function holdOrder(slug: string, tierId: string, quantity = 1) {
  const held = await t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${slug}/orders`,
    payload: {
      buyer: { name: 'Amina Yusuf', email: `buyer-${randomInt(1e9)}@example.org` },
      tickets: [{ tier_id: tierId, quantity }],
    },
  });
  expect(held.statusCode, held.body).toBe(201);
  return { id: held.json().order.id as string, token: held.json().access_token as string };
}

/** Starts a Stripe payment; returns the PaymentIntent's id (the Payment Element would confirm it). */
async function startCardPayment(slug: string, order: { id: string; token: string }) {
  const started = await t.app.inject({
    method: 'POST',
    url: `/v1/public/organizers/${slug}/orders/${order.id}/pay?token=${order.token}`,
    payload: { method: 'card' },
  });
  expect(started.statusCode, started.body).toBe(200);
  const action = started.json().payment_action;
  expect(action.publishable_key).toBe('pk_test_local');
  return (action.client_secret as string).split('_secret_')[0] as string;
}

async function tierOf(organizer: Organizer, eventId: string): Promise<string> {
  return (await as(t.app, organizer.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

describe('Stripe webhooks', () => {
  it('refuse a stale, future, forged or tampered signature with 400 and store nothing', async () => {
    const organizer = await connectedOrganizer();
    const event = lastEvent('account.updated', organizer.account);
    const before = await t.admin.query('select count(*)::int as n from stripe_events');
    const stale = await deliver({ ...event, id: 'evt_stale1' }, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    const future = await deliver({ ...event, id: 'evt_future1' }, { timestamp: Math.floor(Date.now() / 1000) + 600 });
    const forged = await deliver({ ...event, id: 'evt_forged1' }, { secret: 'whsec_not_ours' });
    const tampered = await deliver({ ...event, id: 'evt_tampered1' }, { tamper: true });
    const unsigned = await t.app.inject({ method: 'POST', url: '/v1/webhooks/stripe', payload: event });
    for (const response of [stale, future, forged, tampered, unsigned]) {
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(/Stripe-Signature/);
    }
    const after = await t.admin.query('select count(*)::int as n from stripe_events');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuse a correctly signed body that is not an event with 400 and store nothing', async () => {
    const before = await t.admin.query('select count(*)::int as n from stripe_events');
    for (const payload of [
      '[]',
      '{"id": 42, "type": "x", "created": 1}',
      '{"id": "evt_1", "type": "x\\u0000", "created": 1}',
      `${'['.repeat(5_000)}{}${']'.repeat(5_000)}`,
    ]) {
      const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: stripe.webhookSecret });
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/webhooks/stripe',
        headers: { 'stripe-signature': signature, 'content-type': 'application/json' },
        payload,
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe('invalid_event');
    }
    const after = await t.admin.query('select count(*)::int as n from stripe_events');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('store a repeated delivery once, queue its job once, and apply it once however often the job runs', async () => {
    const organizer = await connectedOrganizer();
    const eventId = await publishedEvent(t.app, organizer.token);
    const tierId = await tierOf(organizer, eventId);
    const order = await holdOrder(organizer.slug, tierId, 2);
    const intent = await startCardPayment(organizer.slug, order);
    stripe.confirmPaymentIntent(intent, 'pm_card_visa');
    const event = lastEvent('payment_intent.succeeded', intent);

    const first = await deliver(event);
    expect(first.json()).toEqual({ received: true, duplicate: false });
    await processed([event.id]);
    for (const _ of [1, 2]) {
      const again = await deliver(event);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toEqual({ received: true, duplicate: true });
    }
    // A repeat queues nothing: give the worker time to run a job if one had been queued.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const stored = await t.admin.query('select deliveries, processed_at, outcome from stripe_events where id = $1', [
      event.id,
    ]);
    expect(stored.rows[0].deliveries).toBe(3);
    expect(processingRuns.get(event.id)).toBe(1);

    // A job can run again (a worker that died after committing, before graphile-worker knew):
    // the processed event is skipped before anything is asked of Stripe or written.
    const stripeCalls = stripe.requests.length;
    const helpers = {
      services: t.runtime.services,
      logger: t.runtime.services.logger,
      job: { id: 'again', attempts: 1, maxAttempts: 25 },
      signal: new AbortController().signal,
    } satisfies TaskHelpers;
    await Promise.all([
      processStripeEvent({ eventId: event.id }, helpers),
      processStripeEvent({ eventId: event.id }, helpers),
    ]);
    expect(stripe.requests.length).toBe(stripeCalls);
    const after = await t.admin.query('select deliveries, processed_at, outcome from stripe_events where id = $1', [
      event.id,
    ]);
    expect(after.rows[0]).toEqual(stored.rows[0]);
    const effects = await t.admin.query(
      `select (select count(*) from payments where order_id = $1)::int as payments,
              (select count(*) from tickets where order_id = $1)::int as tickets,
              (select count(*) from ledger_transactions where order_id = $1 and kind = 'sale')::int as sales`,
      [order.id],
    );
    expect(effects.rows[0]).toEqual({ payments: 1, tickets: 2, sales: 1 });
  });

  it('take effect once each, every handled type delivered three times in shuffled order', async () => {
    const organizer = await connectedOrganizer();
    const eventId = await publishedEvent(t.app, organizer.token);
    const tierId = await tierOf(organizer, eventId);
    const paid = await holdOrder(organizer.slug, tierId, 2);
    const disputed = await holdOrder(organizer.slug, tierId, 1);
    const intents = [await startCardPayment(organizer.slug, paid), await startCardPayment(organizer.slug, disputed)];
    for (const intent of intents) stripe.confirmPaymentIntent(intent, 'pm_card_visa');
    const charge = stripe.objects.get(intents[1] as string)?.latest_charge as string;
    const dispute = stripe.openDispute(charge, 'fraudulent');
    stripe.closeDispute(dispute.id, 'lost');
    stripe.updateAccount(organizer.account, { requirements: { currently_due: ['individual.verification.document'] } });

    // Stripe sends charge.dispute.updated when evidence or status changes; its handler re-reads
    // the dispute, so it is the created event's object under the other type.
    const created = lastEvent('charge.dispute.created', dispute.id);
    const events = [
      lastEvent('payment_intent.succeeded', intents[0]),
      lastEvent('payment_intent.succeeded', intents[1]),
      created,
      { ...created, id: `${created.id}u`, type: 'charge.dispute.updated' },
      lastEvent('charge.dispute.closed', dispute.id),
      lastEvent('account.updated', organizer.account),
    ];
    for (const delivery of shuffled(events.flatMap((event) => [event, event, event]))) {
      const response = await deliver(delivery);
      expect(response.statusCode, response.body).toBe(200);
    }
    await processed(events.map((event) => event.id));

    const deliveries = await t.admin.query('select deliveries from stripe_events where id = any($1)', [
      events.map((e) => e.id),
    ]);
    expect(deliveries.rows.map((row) => row.deliveries)).toEqual([3, 3, 3, 3, 3, 3]);
    const charges = await t.admin.query(
      "select order_id, count(*)::int as n from payments where kind = 'charge' and order_id = any($1) group by order_id",
      [[paid.id, disputed.id]],
    );
    expect(charges.rows.map((row) => row.n)).toEqual([1, 1]);
    const orders = await t.admin.query(
      'select status, disputed_at from orders where id = any($1) order by total_cents',
      [[paid.id, disputed.id]],
    );
    expect(orders.rows.map((row) => row.status)).toEqual(['paid', 'paid']);
    const tickets = await t.admin.query('select count(*)::int as n from tickets where order_id = any($1)', [
      [paid.id, disputed.id],
    ]);
    expect(tickets.rows[0].n).toBe(3);
    const disputes = await t.admin.query('select status from disputes where stripe_dispute_id = $1', [dispute.id]);
    expect(disputes.rows).toEqual([{ status: 'lost' }]);
    const ledger = await t.admin.query(
      'select kind, count(*)::int as n from ledger_transactions where order_id = any($1) group by kind order by kind',
      [[paid.id, disputed.id]],
    );
    expect(ledger.rows).toEqual([
      { kind: 'dispute', n: 1 },
      { kind: 'processor_fee', n: 2 },
      { kind: 'sale', n: 2 },
    ]);
    const account = (await as(t.app, organizer.token).get('/v1/organizer/payout-account')).json();
    expect(account.requirements_due).toEqual(['individual.verification.document']);
    await until(() => t.mail.sent.find((mail) => mail.kind === 'dispute_opened' && mail.to === organizer.email));
    expect(t.mail.sent.filter((mail) => mail.kind === 'dispute_opened' && mail.to === organizer.email)).toHaveLength(1);
  });

  it('settle each payout once, paid or failed, delivered three times in shuffled order', async () => {
    const organizer = await connectedOrganizer();
    const tenantId = await tenantIdOf(organizer.slug);
    const ended: string[] = [];
    for (const title of ['Eid bazaar', 'Diwali night']) {
      const eventId = await publishedEvent(t.app, organizer.token, { title: { en: title } }, 3);
      await payByCard(organizer.slug, await holdOrder(organizer.slug, await tierOf(organizer, eventId), 2));
      await t.admin.query(
        "update events set starts_at = now() - interval '4 days', ends_at = now() - interval '3 days' where id = $1",
        [eventId],
      );
      await runPayout(tenantId, eventId);
      ended.push(eventId);
    }
    const sent = (
      await t.admin.query<{ id: string; stripe_payout_id: string; amount_cents: string; event_id: string }>(
        "select id, stripe_payout_id, amount_cents, event_id from payouts where tenant_id = $1 and status = 'in_transit'",
        [tenantId],
      )
    ).rows;
    const arrived = sent.find((payout) => payout.event_id === ended[0]);
    const bounced = sent.find((payout) => payout.event_id === ended[1]);
    if (!arrived || !bounced) throw new Error('both standard payouts should be in transit');
    stripe.settlePayout(arrived.stripe_payout_id, 'paid');
    stripe.settlePayout(bounced.stripe_payout_id, 'failed');
    const events = [
      lastEvent('payout.paid', arrived.stripe_payout_id),
      lastEvent('payout.failed', bounced.stripe_payout_id),
    ];
    for (const delivery of shuffled(events.flatMap((event) => [event, event, event]))) {
      const response = await deliver(delivery);
      expect(response.statusCode, response.body).toBe(200);
    }
    await processed(events.map((event) => event.id));

    const deliveries = await t.admin.query('select deliveries from stripe_events where id = any($1)', [
      events.map((e) => e.id),
    ]);
    expect(deliveries.rows.map((row) => row.deliveries)).toEqual([3, 3]);
    const settled = await t.admin.query(
      'select id, status, paid_at is not null as paid, status_reason from payouts where id = any($1)',
      [[arrived.id, bounced.id]],
    );
    expect(settled.rows.find((row) => row.id === arrived.id)).toMatchObject({ status: 'paid', paid: true });
    expect(settled.rows.find((row) => row.id === bounced.id)).toMatchObject({ status: 'failed', paid: false });
    expect(settled.rows.find((row) => row.id === bounced.id)?.status_reason).toBeTruthy();
    // The bounced money is owed to the organizer again, once; the paid payout stays paid out.
    const failures = await t.admin.query(
      "select count(*)::int as n from ledger_transactions where tenant_id = $1 and kind = 'payout_failed'",
      [tenantId],
    );
    expect(failures.rows[0].n).toBe(1);
    const owed = await t.admin.query<{ event_id: string; n: number }>(
      "select event_id, -sum(amount_cents)::int as n from ledger_lines where tenant_id = $1 and account in ('organizer_payable', 'sales_tax_payable', 'reserve') group by event_id",
      [tenantId],
    );
    expect(owed.rows.find((row) => row.event_id === arrived.event_id)?.n).toBe(0);
    expect(owed.rows.find((row) => row.event_id === bounced.event_id)?.n).toBe(Number(bounced.amount_cents));
    const told = await t.mail.received('payout_failed', organizer.email);
    expect(told.link).toMatch(/\/payouts$/);
    expect(t.mail.sent.filter((mail) => mail.kind === 'payout_failed' && mail.to === organizer.email)).toHaveLength(1);
  });
});

describe('a payment that succeeds after its hold expired', () => {
  it('takes the seats again when they are still free', async () => {
    const organizer = await connectedOrganizer();
    const eventId = await publishedEvent(t.app, organizer.token, {
      tiers: [{ name: { en: 'Seat' }, price_cents: 3000, quantity: 1 }],
    });
    const tierId = await tierOf(organizer, eventId);
    const order = await holdOrder(organizer.slug, tierId);
    const intent = await startCardPayment(organizer.slug, order);
    // The hold ends (here the buyer gives up in another tab) and the seat goes back on sale.
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${organizer.slug}/orders/${order.id}/cancel?token=${order.token}`,
    });
    expect(cancelled.json().order.status).toBe('cancelled');

    stripe.confirmPaymentIntent(intent, 'pm_card_visa');
    const succeeded = lastEvent('payment_intent.succeeded', intent);
    await deliver(succeeded);
    await processed([succeeded.id]);

    const { rows } = await t.admin.query(
      'select status, outcome from orders, stripe_events where orders.id = $1 and stripe_events.id = $2',
      [order.id, succeeded.id],
    );
    expect(rows[0]).toEqual({ status: 'paid', outcome: 'paid_seats_taken_again' });
    const tier = await t.admin.query('select taken_count from ticket_tiers where id = $1', [tierId]);
    expect(tier.rows[0].taken_count).toBe(1);
    const refunds = stripe.requests.filter((request) => request.path === '/v1/refunds');
    expect(refunds.filter((request) => request.body.payment_intent === intent)).toHaveLength(0);
  });

  it('refunds in full and tells the buyer when the seats were sold meanwhile', async () => {
    const organizer = await connectedOrganizer();
    const eventId = await publishedEvent(t.app, organizer.token, {
      tiers: [{ name: { en: 'Seat' }, price_cents: 3000, quantity: 1 }],
    });
    const tierId = await tierOf(organizer, eventId);
    const late = await holdOrder(organizer.slug, tierId);
    const intent = await startCardPayment(organizer.slug, late);
    await t.admin.query("update orders set expires_at = now() - interval '1 minute' where id = $1", [late.id]);
    // Another buyer takes the lapsed seat (checkout releases the lapsed hold first) and pays.
    const other = await holdOrder(organizer.slug, tierId);
    stripe.confirmPaymentIntent(await startCardPayment(organizer.slug, other), 'pm_card_visa');

    stripe.confirmPaymentIntent(intent, 'pm_card_visa');
    const succeeded = lastEvent('payment_intent.succeeded', intent);
    await deliver(succeeded);
    await processed([succeeded.id]);

    const order = await t.admin.query('select status from orders where id = $1', [late.id]);
    expect(order.rows[0].status).toBe('expired');
    const refund = stripe.requests.find(
      (request) => request.path === '/v1/refunds' && request.body.payment_intent === intent,
    );
    expect(refund?.body.amount).toBe(String(stripe.objects.get(intent)?.amount));
    expect(refund?.idempotencyKey).toBeTruthy();
    const payments = await t.admin.query('select kind, amount_cents from payments where order_id = $1 order by kind', [
      late.id,
    ]);
    expect(payments.rows).toEqual([
      { kind: 'charge', amount_cents: 3000 },
      { kind: 'refund', amount_cents: 3000 },
    ]);
    const number = (await t.admin.query('select number from orders where id = $1', [late.id])).rows[0].number;
    const told = await until(() =>
      t.buyerMail.sent.find((mail) => mail.kind === 'order_refunded' && mail.orderNumber === number),
    );
    expect(told.latePayment).toBe(true);
    // The buyer who came back to the order page learns the same.
    const confirm = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${organizer.slug}/orders/${late.id}/payment-confirmations?token=${late.token}`,
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json().order.status).toBe('expired');
  });
});

describe('cards with the test provider still work', () => {
  it('pays at once with a card number', async () => {
    const plain = await startTestApp();
    try {
      const organizer = await signUpOrganizer(plain.app);
      const eventId = await publishedEvent(plain.app, organizer.token);
      const bought = await buyTickets(plain.app, organizer.slug, {
        tickets: [
          {
            tier_id: (await as(plain.app, organizer.token).get(`/v1/events/${eventId}`)).json().tiers[0].id,
            quantity: 1,
          },
        ],
      });
      const status = await plain.admin.query('select status from orders where id = $1', [bought.order.id]);
      expect(status.rows[0].status).toBe('paid');
      const ledger = await plain.admin.query('select kind from ledger_transactions where order_id = $1', [
        bought.order.id,
      ]);
      expect(ledger.rows.map((row) => row.kind)).toEqual(['sale']);
    } finally {
      await plain.stop();
    }
  });
});

/** Runs one event's payout job through the worker and waits for it to finish. */
async function runPayout(tenantId: string, eventId: string) {
  const { rows } = await t.admin.query<{ id: string }>(
    "select (graphile_worker.add_job('payouts__run_event', json_build_object('tenantId', $1::text, 'eventId', $2::text))).id",
    [tenantId, eventId],
  );
  await until(
    async () => {
      const left = await t.admin.query('select 1 from graphile_worker.jobs where id = $1', [rows[0]?.id]);
      return left.rowCount === 0;
    },
    15_000,
    'the payout job',
  );
}

async function tenantIdOf(slug: string): Promise<string> {
  return (await t.admin.query('select id from tenants where slug = $1', [slug])).rows[0].id;
}

async function payByCard(slug: string, order: { id: string; token: string }) {
  const intent = await startCardPayment(slug, order);
  stripe.confirmPaymentIntent(intent, 'pm_card_visa');
  const succeeded = lastEvent('payment_intent.succeeded', intent);
  await deliver(succeeded);
  await processed([succeeded.id]);
  return intent;
}

describe('the ledger', () => {
  it('balances every transaction and agrees to the cent with orders, refunds, disputes and payouts', async () => {
    const organizer = await connectedOrganizer();
    const tenantId = await tenantIdOf(organizer.slug);
    const client = as(t.app, organizer.token);
    await client.patch('/v1/organizer/checkout-settings', {
      service_fee_percent_bp: 500,
      service_fee_flat_cents: 50,
      impact_fee_share_bp: 1000,
      impact_fund_name: 'Youth scholarships',
      offline_methods: ['cash'],
    });
    await client.post('/v1/tax-rates', { state: 'MD', rate_ppm: 60_000 });
    // A record that earns early payouts: an account over a year old with a verified owner.
    await t.admin.query("update tenants set created_at = now() - interval '400 days' where id = $1", [tenantId]);
    await t.admin.query(
      'update users set email_verified_at = now() where id in (select user_id from memberships where tenant_id = $1)',
      [tenantId],
    );
    const upcoming = await publishedEvent(t.app, organizer.token, { title: { en: 'Harvest festival' } }, 20);
    const past = await publishedEvent(t.app, organizer.token, { title: { en: 'Spring gala' } }, 5);
    const upcomingTier = await tierOf(organizer, upcoming);
    const pastTier = await tierOf(organizer, past);

    const refunded = await holdOrder(organizer.slug, upcomingTier, 2);
    await payByCard(organizer.slug, refunded);
    const disputed = await holdOrder(organizer.slug, upcomingTier, 1);
    const disputedIntent = await payByCard(organizer.slug, disputed);
    const cash = await holdOrder(organizer.slug, upcomingTier, 1);
    await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${organizer.slug}/orders/${cash.id}/pay?token=${cash.token}`,
      payload: { method: 'cash' },
    });
    const markPaid = await client.post(`/v1/orders/${cash.id}/mark-paid`, { receipt_reference: 'door #12' });
    expect(markPaid.statusCode, markPaid.body).toBe(200);
    await payByCard(organizer.slug, await holdOrder(organizer.slug, upcomingTier, 4));
    const laterSale = await holdOrder(organizer.slug, pastTier, 3);
    await payByCard(organizer.slug, laterSale);

    const ticket = (await client.get(`/v1/orders/${refunded.id}`)).json().tickets[0].id;
    const refund = await client.post(`/v1/orders/${refunded.id}/refunds`, { ticket_ids: [ticket] });
    expect(refund.statusCode, refund.body).toBe(200);

    const dispute = stripe.openDispute(stripe.objects.get(disputedIntent)?.latest_charge as string);
    stripe.closeDispute(dispute.id, 'lost');
    const disputeEvents = [
      lastEvent('charge.dispute.created', dispute.id),
      lastEvent('charge.dispute.closed', dispute.id),
    ];
    for (const event of disputeEvents) await deliver(event);
    await processed(disputeEvents.map((event) => event.id));

    // Early payout before the upcoming event; standard payout for the one that has ended.
    await runPayout(tenantId, upcoming);
    await t.admin.query(
      "update events set starts_at = now() - interval '5 days', ends_at = now() - interval '4 days' where id = $1",
      [past],
    );
    await runPayout(tenantId, past);
    const payouts = (
      await t.admin.query('select kind, status, amount_cents, event_id from payouts where tenant_id = $1', [tenantId])
    ).rows;
    expect(payouts.map((p) => [p.kind, p.status]).sort()).toEqual([
      ['early', 'in_transit'],
      ['standard', 'in_transit'],
    ]);

    const unbalanced = await t.admin.query(
      'select transaction_id from ledger_lines where tenant_id = $1 group by transaction_id, currency having sum(amount_cents) <> 0',
      [tenantId],
    );
    expect(unbalanced.rows).toEqual([]);

    const balance = Object.fromEntries(
      (
        await t.admin.query<{ account: string; cents: string }>(
          'select account, sum(amount_cents)::text as cents from ledger_lines where tenant_id = $1 group by account',
          [tenantId],
        )
      ).rows.map((row) => [row.account, Number(row.cents)]),
    );
    const sum = async (query: string) => Number((await t.admin.query(query, [tenantId])).rows[0].n ?? 0);
    const cardCharges = await sum(
      "select sum(amount_cents) as n from payments where tenant_id = $1 and kind = 'charge' and provider = 'stripe'",
    );
    const cardRefunds = await sum(
      "select sum(amount_cents) as n from payments where tenant_id = $1 and kind = 'refund' and provider = 'stripe'",
    );
    const processorFees = await sum('select sum(processor_fee_cents) as n from payments where tenant_id = $1');
    const disputeTaken = await sum('select sum(amount_cents + fee_cents) as n from disputes where tenant_id = $1');
    const paidOut = await sum('select sum(amount_cents) as n from payouts where tenant_id = $1');
    const cardFees = await sum(
      "select sum(fee_cents + organizer_fee_cents) as n from orders where tenant_id = $1 and payment_method = 'stripe'",
    );
    const cardTax = await sum(
      "select sum(tax_cents) as n from orders where tenant_id = $1 and payment_method = 'stripe'",
    );
    const cardTotals = await sum(
      "select sum(total_cents) as n from orders where tenant_id = $1 and payment_method = 'stripe'",
    );
    const cashFees = await sum(
      "select sum(fee_cents + organizer_fee_cents) as n from orders where tenant_id = $1 and payment_method = 'cash'",
    );
    const impact = await sum(
      'select sum(impact_fee_cents) as n from orders where tenant_id = $1 and paid_at is not null',
    );

    // The refunded ticket: one of a line of two at 25.00 with a 5 % + 0.50 fee (3.50, impact 0.35) and 6 % tax.
    const line = (await t.admin.query('select * from order_lines where order_id = $1', [refunded.id])).rows[0];
    expect([line.fee_cents, line.impact_fee_cents, line.tax_cents, line.refunded_cents]).toEqual([350, 35, 300, 2825]);
    const refundedFee = 175;
    const refundedImpact = 17;
    const refundedTax = 150;

    expect(cardRefunds).toBe(2825);
    expect(balance.processor_clearing).toBe(cardCharges - processorFees - disputeTaken);
    expect(balance.processor_fees).toBe(processorFees);
    expect(balance.refunds).toBe(-cardRefunds);
    expect(balance.payouts).toBe(-paidOut);
    expect(balance.impact_fund).toBe(-(impact - refundedImpact));
    expect(balance.platform_fees).toBe(-(cardFees + cashFees - impact - (refundedFee - refundedImpact)));
    const owed = cardTotals - cardFees - (cardRefunds - refundedFee) - disputeTaken - cashFees - paidOut;
    const held = (account: string) => balance[account] ?? 0;
    expect(
      -(held('organizer_payable') + held('sales_tax_payable') + held('reserve') + held('organizer_collected')),
    ).toBe(owed);
    const cashTax = await sum(
      "select sum(tax_cents) as n from orders where tenant_id = $1 and payment_method = 'cash' and paid_at is not null",
    );
    expect(-(balance.sales_tax_payable ?? 0)).toBeLessThanOrEqual(cardTax + cashTax - refundedTax);

    // The standard payout paid out everything the ended event owed; Stripe saw the same amounts.
    const standard = payouts.find((p) => p.kind === 'standard');
    const sent = stripe.requests.filter((r) => r.path === '/v1/payouts' && r.stripeAccount === organizer.account);
    expect(sent.map((r) => Number(r.body.amount)).sort()).toEqual(payouts.map((p) => Number(p.amount_cents)).sort());
    const pastOwed = await t.admin.query(
      "select -sum(amount_cents)::int as n from ledger_lines where tenant_id = $1 and event_id = $2 and account in ('organizer_payable', 'sales_tax_payable', 'reserve', 'organizer_collected')",
      [tenantId, standard?.event_id],
    );
    expect(pastOwed.rows[0].n).toBe(0);
  });
});

describe('payout risk', () => {
  it('gives organizers of different histories their tiers, with the reasons', async () => {
    const newcomer = await signUpOrganizer(t.app);
    const newcomerEvent = await publishedEvent(t.app, newcomer.token, { category: 'afrobeat-concert' });
    const veteran = await connectedOrganizer();
    const veteranId = await tenantIdOf(veteran.slug);
    await t.admin.query("update tenants set created_at = now() - interval '1000 days' where id = $1", [veteranId]);
    await t.admin.query(
      'update users set email_verified_at = now() where id in (select user_id from memberships where tenant_id = $1)',
      [veteranId],
    );
    const veteranEvent = await publishedEvent(t.app, veteran.token, { category: 'religious-celebration' });

    const outlook = async (organizer: Organizer, eventId: string) => {
      const response = await as(t.app, organizer.token).get(`/v1/events/${eventId}/payout-outlook`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const first = await outlook(newcomer, newcomerEvent);
    expect(first.tier).toBe('none');
    expect(first.early_share_bp).toBe(0);
    expect(first.reasons.map((r: { factor: string }) => r.factor)).toContain('payout_account');
    expect(first.reasons.find((r: { factor: string }) => r.factor === 'payout_account').message).toMatch(/Stripe/);
    // Amounts in the organizer's currency, as the admin shows money (the event's one tier is $25.00).
    expect(first.reasons.find((r: { factor: string }) => r.factor === 'ticket_price').message).toMatch(
      /^Tickets for this event average \$25\.00 /,
    );

    const second = await outlook(veteran, veteranEvent);
    expect(second.tier).toBe('early_50');
    expect(second.score).toBe(70);
    expect(second.reasons.find((r: { factor: string }) => r.factor === 'account_age').points).toBe(15);
    expect(second.reasons.find((r: { factor: string }) => r.factor === 'event_type').points).toBe(5);
    expect([second.payable_early_cents, second.reserve_cents, second.currency]).toEqual([0, 0, 'USD']);

    // Once tickets sell, the tier's share of the settled sales is payable before the event.
    await payByCard(veteran.slug, await holdOrder(veteran.slug, await tierOf(veteran, veteranEvent), 4));
    const selling = await outlook(veteran, veteranEvent);
    expect(selling.owed_cents).toBeGreaterThan(0);
    expect(selling.payable_early_cents).toBe(Math.floor((selling.owed_cents * selling.early_share_bp) / 10_000));
    expect(selling.reserve_cents).toBe(Math.floor((selling.owed_cents * selling.reserve_bp) / 10_000));
    const ends = (await as(t.app, veteran.token).get(`/v1/events/${veteranEvent}`)).json().ends_at;
    expect(Date.parse(selling.standard_payout_at) - Date.parse(ends)).toBe(2 * 86_400_000);

    // Someone else's event is not found, whoever asks.
    const foreign = await as(t.app, newcomer.token).get(`/v1/events/${veteranEvent}/payout-outlook`);
    expect(foreign.statusCode).toBe(404);
  });
});
