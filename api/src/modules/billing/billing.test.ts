import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  expectErrorShape,
  type Organizer,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
  until,
} from '../../test/app.ts';
import { type FakeStripe, type StripeObject, startFakeStripe } from '../../test/stripe-server.ts';

let stripe: FakeStripe;
let t: TestApp;
let proPrice: string;
let staff: Organizer;

const urls = {
  success_url: 'https://admin.example.org/billing?done=1',
  cancel_url: 'https://admin.example.org/billing',
};

beforeAll(async () => {
  stripe = await startFakeStripe();
  // The Pro price is made once in Stripe's dashboard and configured; here, made through the API.
  const sdk = new Stripe(stripe.secretKey, stripe.sdkConfig);
  proPrice = (
    await sdk.prices.create({
      currency: 'usd',
      unit_amount: 4900,
      recurring: { interval: 'month' },
      product_data: { name: 'Access Plus Pro' },
    })
  ).id;
  t = await startTestApp({
    stripe: {
      secretKey: stripe.secretKey,
      publishableKey: 'pk_test_x',
      webhookSecret: stripe.webhookSecret,
      proPriceId: proPrice,
      apiBase: stripe.sdkConfig,
    },
  });
  staff = await signUpOrganizer(t.app);
  await t.admin.query('update users set is_platform_staff = true where id = $1', [staff.userId]);
});
afterAll(async () => {
  await t.stop();
  await stripe.close();
});

/** Delivers events the way Stripe does, signed, and waits until the worker has processed each. */
async function deliver(events: StripeObject[]) {
  for (const event of events) {
    const delivery = stripe.signedDelivery(event);
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/webhooks/stripe',
      headers: delivery.headers,
      payload: delivery.payload,
    });
    expect(response.statusCode, response.body).toBe(200);
  }
  const ids = [...new Set(events.map((event) => event.id as string))];
  await until(
    async () => {
      const done = await t.admin.query<{ n: number }>(
        'select count(*)::int as n from stripe_events where id = any($1) and processed_at is not null',
        [ids],
      );
      return done.rows[0]?.n === ids.length;
    },
    10_000,
    `events ${ids.join(', ')} to be processed`,
  );
}

/** Runs `change` in the fake Stripe and delivers the events it caused. */
async function inStripe<T>(change: () => T): Promise<T> {
  const before = stripe.events.length;
  const result = change();
  await deliver(stripe.events.slice(before));
  return result;
}

const checkoutIdOf = (url: string) => new URL(url).pathname.split('/').at(-1) as string;

/** Starts a Pro checkout as the owner and pays it: the session completes and Stripe's events arrive. */
async function subscribeToPro(organizer: Organizer): Promise<string> {
  const started = await as(t.app, organizer.token).post('/v1/organizer/billing/checkout-sessions', {
    plan: 'pro',
    ...urls,
  });
  expect(started.statusCode, started.body).toBe(201);
  const session = await inStripe(() => stripe.completeCheckoutSession(checkoutIdOf(started.json().url)));
  return session.subscription as string;
}

const billingOf = async (organizer: Organizer) =>
  (await as(t.app, organizer.token).get('/v1/organizer/billing')).json();
const organizerOf = async (organizer: Organizer) => (await as(t.app, organizer.token).get('/v1/organizer')).json();
const storefrontOf = async (organizer: Organizer) =>
  (await t.app.inject({ method: 'GET', url: `/v1/public/organizers/${organizer.slug}` })).json();
const hideBranding = (organizer: Organizer) =>
  as(t.app, organizer.token).patch('/v1/organizer', { platform_branding: false });

const PRO_FEATURES = ['remove_branding', 'api_keys', 'webhooks', 'custom_domains', 'themes'];
const ALL_FEATURES = PRO_FEATURES;

describe('plan-gated features', () => {
  it('A plan downgrade removes the gated features (and they come back on upgrade)', async () => {
    const organizer = await signUpOrganizer(t.app);
    expect(await billingOf(organizer)).toMatchObject({
      plan: 'basic',
      override: null,
      subscription: null,
      billing_available: true,
    });
    expect((await billingOf(organizer)).features).toContainEqual({
      feature: 'remove_branding',
      allowed: false,
      lowest_plan: 'pro',
    });
    expect((await billingOf(organizer)).features).toContainEqual({
      feature: 'api_keys',
      allowed: false,
      lowest_plan: 'pro',
    });
    expect((await billingOf(organizer)).api_key_limits).toEqual([
      { plan: 'pro', requests_per_minute: 300 },
      { plan: 'enterprise', requests_per_minute: 1200 },
    ]);

    const first = await subscribeToPro(organizer);
    const subscribed = await billingOf(organizer);
    expect(subscribed).toMatchObject({
      plan: 'pro',
      subscription: { status: 'active', plan: 'pro', cancel_at_period_end: false },
    });
    expect(Date.parse(subscribed.subscription.current_period_end)).toBeGreaterThan(Date.now() + 27 * 86_400_000);
    expect((await organizerOf(organizer)).features).toEqual(PRO_FEATURES);

    const hidden = await hideBranding(organizer);
    expect(hidden.statusCode, hidden.body).toBe(200);
    expect(hidden.json()).toMatchObject({ platform_branding: false, plan: 'pro' });
    expect((await storefrontOf(organizer)).show_platform_branding).toBe(false);

    // The card fails: Stripe retries it, and the plan stays meanwhile.
    await inStripe(() => stripe.updateSubscription(first, { status: 'past_due' }));
    expect((await billingOf(organizer)).plan).toBe('pro');
    expect((await storefrontOf(organizer)).show_platform_branding).toBe(false);

    // Stripe gives up: the organizer is back on Basic, and the storefront shows the branding
    // again although the organizer's setting still says to hide it.
    await inStripe(() => stripe.updateSubscription(first, { status: 'unpaid' }));
    expect(await billingOf(organizer)).toMatchObject({ plan: 'basic', subscription: { status: 'unpaid' } });
    expect(await organizerOf(organizer)).toMatchObject({ plan: 'basic', features: [], platform_branding: false });
    expect((await storefrontOf(organizer)).show_platform_branding).toBe(true);
    expectErrorShape(await hideBranding(organizer), 403, 'plan_required');

    // Subscribing again hides it again, without the organizer touching the setting.
    const second = await subscribeToPro(organizer);
    expect(second).not.toBe(first);
    expect(await organizerOf(organizer)).toMatchObject({ plan: 'pro', features: PRO_FEATURES });
    expect((await storefrontOf(organizer)).show_platform_branding).toBe(false);

    // Stripe later cancels the old, unpaid subscription: that does not displace the new one.
    await inStripe(() => stripe.updateSubscription(first, { status: 'canceled' }));
    expect(await billingOf(organizer)).toMatchObject({ plan: 'pro', subscription: { status: 'active' } });
    expect((await storefrontOf(organizer)).show_platform_branding).toBe(false);

    // Canceled in the billing portal: Basic again, the branding back.
    await inStripe(() => stripe.updateSubscription(second, { status: 'canceled' }));
    expect(await billingOf(organizer)).toMatchObject({ plan: 'basic', subscription: { status: 'canceled' } });
    expect((await organizerOf(organizer)).features).toEqual([]);
    expect((await storefrontOf(organizer)).show_platform_branding).toBe(true);
  });

  it('a Basic organizer cannot hide the platform branding', async () => {
    const organizer = await signUpOrganizer(t.app);
    const refused = expectErrorShape(await hideBranding(organizer), 403, 'plan_required');
    expect(refused.message).toContain('Pro plan or higher');
    expect(await organizerOf(organizer)).toMatchObject({ plan: 'basic', platform_branding: true, features: [] });
    expect((await storefrontOf(organizer)).show_platform_branding).toBe(true);
    // Showing it is always allowed.
    const shown = await as(t.app, organizer.token).patch('/v1/organizer', { platform_branding: true });
    expect(shown.statusCode, shown.body).toBe(200);
  });

  it('lets nobody pick a paid plan at sign-up', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-up',
      payload: {
        email: 'wants-pro@example.org',
        password: 'long enough password',
        display_name: 'Wants Pro',
        organizer: { name: 'Wants Pro', slug: 'wants-pro', plan: 'pro' },
      },
    });
    expectErrorShape(response, 400);
    const rows = await t.admin.query("select count(*)::int as n from tenants where slug = 'wants-pro'");
    expect(rows.rows[0].n).toBe(0);
  });
});

/** A seeded shuffle, so a failing order can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const result = [...items];
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}

describe('Stripe events', () => {
  it.each([
    ['ends canceled', 7, ['canceled'], 'basic'],
    ['ends active after a failed card was paid', 11, ['past_due', 'active'], 'pro'],
    ['ends unpaid', 13, ['past_due', 'unpaid'], 'basic'],
  ] as [string, number, string[], string][])(
    'delivered three times each in shuffled order, a subscription that %s takes effect once, as Stripe has it',
    async (_label, seed, statuses, plan) => {
      const organizer = await signUpOrganizer(t.app);
      const started = await as(t.app, organizer.token).post('/v1/organizer/billing/checkout-sessions', {
        plan: 'pro',
        ...urls,
      });
      const before = stripe.events.length;
      const session = stripe.completeCheckoutSession(checkoutIdOf(started.json().url));
      const subscription = session.subscription as string;
      stripe.updateSubscription(subscription, { cancel_at_period_end: true });
      for (const status of statuses) stripe.updateSubscription(subscription, { status });
      const events = stripe.events.slice(before);
      expect(new Set(events.map((event) => event.type))).toEqual(
        new Set([
          'checkout.session.completed',
          'customer.subscription.created',
          'customer.subscription.updated',
          ...(statuses.at(-1) === 'canceled' ? ['customer.subscription.deleted'] : []),
        ]),
      );

      const retrievals = () =>
        stripe.requests.filter(
          (request) => request.method === 'GET' && request.path === `/v1/subscriptions/${subscription}`,
        ).length;
      const retrievedBefore = retrievals();
      await deliver(shuffled([...events, ...events, ...events], seed));

      const final = stripe.objects.get(subscription) as StripeObject;
      expect(await billingOf(organizer)).toMatchObject({
        plan,
        subscription: { status: final.status, plan: 'pro', cancel_at_period_end: true },
      });
      const stored = await t.admin.query(
        'select id, deliveries, processed_at, outcome from stripe_events where id = any($1)',
        [events.map((event) => event.id)],
      );
      expect(stored.rows).toHaveLength(events.length);
      for (const row of stored.rows) {
        expect(row).toMatchObject({ deliveries: 3, processed_at: expect.any(Date), outcome: expect.any(String) });
      }
      // Each event was processed once: one look at Stripe's subscription per event, not per delivery.
      expect(retrievals() - retrievedBefore).toBe(events.length);
      const rows = await t.admin.query('select * from plan_subscriptions where tenant_id = $1', [
        organizer.organizerId,
      ]);
      expect(rows.rows).toHaveLength(1);
      expect(rows.rows[0]).toMatchObject({ stripe_subscription_id: subscription, status: final.status });
    },
  );

  it("changes nothing for a customer that is no organizer's, or metadata naming another organizer", async () => {
    const a = await signUpOrganizer(t.app);
    const b = await signUpOrganizer(t.app);
    await subscribeToPro(b);
    const bCustomer = (
      await t.admin.query('select stripe_customer_id from plan_subscriptions where tenant_id = $1', [b.organizerId])
    ).rows[0].stripe_customer_id as string;
    const sdk = new Stripe(stripe.secretKey, stripe.sdkConfig);

    // B's customer, but metadata claiming A.
    const claimingA = await sdk.checkout.sessions.create({
      mode: 'subscription',
      customer: bCustomer,
      line_items: [{ price: proPrice, quantity: 1 }],
      success_url: urls.success_url,
      metadata: { tenant_id: a.organizerId },
      subscription_data: { metadata: { tenant_id: a.organizerId } },
    });
    // A customer nobody here made, naming A.
    const stranger = await sdk.customers.create({ metadata: { tenant_id: a.organizerId } });
    const strangers = await sdk.checkout.sessions.create({
      mode: 'subscription',
      customer: stranger.id,
      line_items: [{ price: proPrice, quantity: 1 }],
      success_url: urls.success_url,
      subscription_data: { metadata: { tenant_id: a.organizerId } },
    });
    const before = stripe.events.length;
    stripe.completeCheckoutSession(claimingA.id);
    stripe.completeCheckoutSession(strangers.id);
    const events = stripe.events.slice(before);
    await deliver(events);

    expect(await billingOf(a)).toMatchObject({ plan: 'basic', subscription: null });
    const rows = await t.admin.query('select count(*)::int as n from plan_subscriptions where tenant_id = $1', [
      a.organizerId,
    ]);
    expect(rows.rows[0].n).toBe(0);
    const outcomes = await t.admin.query<{ outcome: string }>('select outcome from stripe_events where id = any($1)', [
      events.map((event) => event.id),
    ]);
    expect(outcomes.rows.map((row) => row.outcome)).toEqual(
      expect.arrayContaining([expect.stringMatching(/names organizer/), expect.stringMatching(/no organizer's/)]),
    );
  });
});

describe('checkout and the billing portal', () => {
  it('makes one Stripe customer per organizer, and a new Checkout Session per request, each write with an idempotency key', async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    const fromRequest = stripe.requests.length;
    const first = await client.post('/v1/organizer/billing/checkout-sessions', { plan: 'pro', ...urls });
    const second = await client.post('/v1/organizer/billing/checkout-sessions', { plan: 'pro', ...urls });
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().url).not.toBe(first.json().url);

    const writes = stripe.requests.slice(fromRequest).filter((request) => request.method === 'POST');
    expect(writes.every((request) => request.idempotencyKey)).toBe(true);
    const customers = writes.filter((request) => request.path === '/v1/customers');
    expect(customers).toHaveLength(1);
    expect(customers[0]?.body).toMatchObject({ metadata: { tenant_id: organizer.organizerId } });
    const sessions = writes.filter((request) => request.path === '/v1/checkout/sessions');
    expect(sessions).toHaveLength(2);
    expect(new Set(sessions.map((request) => request.idempotencyKey)).size).toBe(2);
    const stored = await t.admin.query('select * from plan_subscriptions where tenant_id = $1', [
      organizer.organizerId,
    ]);
    expect(stored.rows).toHaveLength(1);
    for (const request of sessions) {
      expect(request.body).toMatchObject({
        mode: 'subscription',
        customer: stored.rows[0].stripe_customer_id,
        line_items: [{ price: proPrice, quantity: '1' }],
        subscription_data: { metadata: { tenant_id: organizer.organizerId } },
      });
    }
    // Nothing changes until Stripe reports a subscription.
    expect(await billingOf(organizer)).toMatchObject({ plan: 'basic', subscription: null });
  });

  it('refuses a second subscription, and opens the billing portal for the first', async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    expectErrorShape(
      await client.post('/v1/organizer/billing/portal-sessions', { return_url: urls.cancel_url }),
      409,
      'not_subscribed',
    );
    await subscribeToPro(organizer);
    expectErrorShape(
      await client.post('/v1/organizer/billing/checkout-sessions', { plan: 'pro', ...urls }),
      409,
      'already_subscribed',
    );
    const portal = await client.post('/v1/organizer/billing/portal-sessions', { return_url: urls.cancel_url });
    expect(portal.statusCode, portal.body).toBe(201);
    expect(portal.json().url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/billing\/cus_/);
  });

  it("acts for the session's organizer only: another organizer's customer and subscription stay out of reach", async () => {
    const a = await signUpOrganizer(t.app);
    const b = await signUpOrganizer(t.app);
    await subscribeToPro(a);
    const customerOf = async (organizer: Organizer) =>
      (
        await t.admin.query('select stripe_customer_id from plan_subscriptions where tenant_id = $1', [
          organizer.organizerId,
        ])
      ).rows[0]?.stripe_customer_id as string | undefined;
    const aCustomer = await customerOf(a);
    const aBefore = await billingOf(a);

    const client = as(t.app, b.token);
    expectErrorShape(
      await client.post('/v1/organizer/billing/portal-sessions', { return_url: urls.cancel_url }),
      409,
      'not_subscribed',
    );
    const fromRequest = stripe.requests.length;
    const started = await client.post('/v1/organizer/billing/checkout-sessions', { plan: 'pro', ...urls });
    expect(started.statusCode, started.body).toBe(201);
    const bCustomer = await customerOf(b);
    expect(bCustomer).toBeDefined();
    expect(bCustomer).not.toBe(aCustomer);
    const session = stripe.requests.slice(fromRequest).find((request) => request.path === '/v1/checkout/sessions');
    expect(session?.body).toMatchObject({ customer: bCustomer, client_reference_id: b.organizerId });
    expect(JSON.stringify(stripe.requests.slice(fromRequest))).not.toContain(a.organizerId);
    expect(await billingOf(a)).toEqual(aBefore);
  });

  it('lets every member see the plan, and only owners change it', async () => {
    const organizer = await signUpOrganizer(t.app);
    const admin = (await signedInMember(t, organizer, 'admin')).client;
    const door = (await signedInMember(t, organizer, 'check_in')).client;
    expect((await door.get('/v1/organizer/billing')).statusCode).toBe(200);
    const fromRequest = stripe.requests.length;
    expectErrorShape(
      await admin.post('/v1/organizer/billing/checkout-sessions', { plan: 'pro', ...urls }),
      403,
      'forbidden',
    );
    expectErrorShape(await admin.post('/v1/organizer/billing/portal-sessions', { return_url: urls.cancel_url }), 403);
    expect(stripe.requests.slice(fromRequest)).toEqual([]);
  });

  it('refuses Enterprise and unknown plans at checkout', async () => {
    const organizer = await signUpOrganizer(t.app);
    const response = await as(t.app, organizer.token).post('/v1/organizer/billing/checkout-sessions', {
      plan: 'enterprise',
      ...urls,
    });
    expect(expectErrorShape(response, 400).details[0]?.field).toBe('body.plan');
  });
});

describe('platform staff', () => {
  const overrides = (organizer: Organizer) =>
    t.admin.query<{ staff_user_id: string; action: string; target: string; details: Record<string, unknown> }>(
      'select staff_user_id, action, target, details from staff_audit_log where organizer_id = $1 order by id',
      [organizer.organizerId],
    );

  it("override the subscription's plan, up or down, audited; clearing it lets the subscription decide again", async () => {
    const organizer = await signUpOrganizer(t.app);
    const subscription = await subscribeToPro(organizer);
    expect((await hideBranding(organizer)).statusCode).toBe(200);
    const asStaff = as(t.app, staff.token);
    const path = `/v1/staff/organizers/${organizer.organizerId}/plan`;

    const down = await asStaff.put(path, { plan: 'basic', reason: 'Chargebacks under review' });
    expect(down.statusCode, down.body).toBe(200);
    expect(down.json()).toMatchObject({
      plan: 'basic',
      override: { plan: 'basic', reason: 'Chargebacks under review' },
      subscription: { status: 'active', plan: 'pro' },
    });
    expect((await organizerOf(organizer)).features).toEqual([]);
    expect((await storefrontOf(organizer)).show_platform_branding).toBe(true);

    // What Stripe reports meanwhile is kept, but the override stays in force.
    await inStripe(() => stripe.updateSubscription(subscription, { cancel_at_period_end: true }));
    expect(await billingOf(organizer)).toMatchObject({ plan: 'basic', subscription: { cancel_at_period_end: true } });
    // The owner cannot pay for a plan staff have set.
    expectErrorShape(
      await as(t.app, organizer.token).post('/v1/organizer/billing/checkout-sessions', { plan: 'pro', ...urls }),
      409,
      'plan_set_by_staff',
    );

    const up = await asStaff.put(path, { plan: 'enterprise', reason: 'Pilot partner' });
    expect(up.json()).toMatchObject({ plan: 'enterprise', override: { plan: 'enterprise' } });
    expect((await organizerOf(organizer)).features).toEqual(ALL_FEATURES);
    expect((await storefrontOf(organizer)).show_platform_branding).toBe(false);

    const cleared = await asStaff.put(path, { plan: null, reason: 'Pilot over' });
    expect(cleared.json()).toMatchObject({ plan: 'pro', override: null });
    expect((await organizerOf(organizer)).features).toEqual(PRO_FEATURES);

    const audit = await overrides(organizer);
    expect(audit.rows).toEqual([
      {
        staff_user_id: staff.userId,
        action: 'plan.override',
        target: organizer.organizerId,
        details: expect.objectContaining({ override: 'basic', reason: 'Chargebacks under review', plan: 'basic' }),
      },
      expect.objectContaining({ details: expect.objectContaining({ override: 'enterprise', plan: 'enterprise' }) }),
      expect.objectContaining({
        details: expect.objectContaining({ override: null, reason: 'Pilot over', plan: 'pro' }),
      }),
    ]);
  });

  it('offer Enterprise at an agreed price, audited; paying it puts the organizer on Enterprise', async () => {
    const organizer = await signUpOrganizer(t.app);
    const offered = await as(t.app, staff.token).post(
      `/v1/staff/organizers/${organizer.organizerId}/enterprise-subscription`,
      { monthly_amount_cents: 25_000, ...urls },
    );
    expect(offered.statusCode, offered.body).toBe(201);
    const session = stripe.objects.get(checkoutIdOf(offered.json().url)) as StripeObject;
    const price = [...stripe.objects.values()].find(
      (object) => object.object === 'price' && object.metadata.tenant_id === organizer.organizerId,
    ) as StripeObject;
    expect(price).toMatchObject({ unit_amount: 25_000, currency: 'usd', metadata: { plan: 'enterprise' } });
    expect(price.recurring).toMatchObject({ interval: 'month' });
    expect((await overrides(organizer)).rows).toEqual([
      expect.objectContaining({
        action: 'plan.enterprise_checkout',
        target: price.id,
        details: expect.objectContaining({ monthly_amount_cents: 25_000, checkout_session_id: session.id }),
      }),
    ]);

    await inStripe(() => stripe.completeCheckoutSession(session.id));
    expect(await billingOf(organizer)).toMatchObject({
      plan: 'enterprise',
      override: null,
      subscription: { status: 'active', plan: 'enterprise' },
    });
    expect((await organizerOf(organizer)).features).toEqual(ALL_FEATURES);
  });

  it('answer 404 for an organizer that does not exist', async () => {
    const response = await as(t.app, staff.token).put(
      '/v1/staff/organizers/00000000-0000-4000-8000-000000000000/plan',
      {
        plan: 'pro',
        reason: 'x',
      },
    );
    expectErrorShape(response, 404, 'not_found');
  });

  it('routes refuse everyone else with 403, changing nothing', async () => {
    const organizer = await signUpOrganizer(t.app);
    const owner = as(t.app, organizer.token);
    const fromRequest = stripe.requests.length;
    for (const response of [
      await owner.put(`/v1/staff/organizers/${organizer.organizerId}/plan`, { plan: 'enterprise', reason: 'Mine' }),
      await owner.post(`/v1/staff/organizers/${organizer.organizerId}/enterprise-subscription`, {
        monthly_amount_cents: 100,
        ...urls,
      }),
    ]) {
      expectErrorShape(response, 403, 'forbidden');
    }
    expectErrorShape(
      await as(t.app, null).put(`/v1/staff/organizers/${organizer.organizerId}/plan`, { plan: 'pro', reason: 'x' }),
      401,
    );
    expect(await billingOf(organizer)).toMatchObject({ plan: 'basic', override: null });
    expect((await overrides(organizer)).rows).toEqual([]);
    expect(stripe.requests.slice(fromRequest)).toEqual([]);
  });
});

describe('without Stripe', () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await startTestApp();
  });
  afterAll(() => bare.stop());

  it('says plan billing is not available, and refuses to start it with 422', async () => {
    const organizer = await signUpOrganizer(bare.app);
    const client = as(bare.app, organizer.token);
    expect((await client.get('/v1/organizer/billing')).json()).toMatchObject({
      plan: 'basic',
      billing_available: false,
    });
    const refused = expectErrorShape(
      await client.post('/v1/organizer/billing/checkout-sessions', { plan: 'pro', ...urls }),
      422,
      'billing_unavailable',
    );
    expect(refused.message).toMatch(/^Plan billing is not set up on this server/);
    expectErrorShape(
      await client.post('/v1/organizer/billing/portal-sessions', { return_url: urls.cancel_url }),
      422,
      'billing_unavailable',
    );
  });
});
