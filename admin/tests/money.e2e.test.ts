/**
 * The organizer's money pages in a real browser: the API runs with Stripe pointed at the tests'
 * local Stripe server, whose events are delivered to the API's webhook signed as Stripe signs
 * them. Stripe's hosted pages (onboarding, Checkout, billing portal) cannot load here, so the
 * browser is given a stand-in page at the address the Stripe server issued.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeStripe, type StripeObject, startFakeStripe } from '../../api/src/test/stripe-server';
import {
  type Account,
  type AdminStack,
  type Call,
  launchChromium,
  type SignedInState,
  shot,
  signedInState,
  signIn as signInAt,
  signUp,
  startAdminStack,
  watchCsp,
} from './harness';

const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'en-US' };

let fake: FakeStripe;
let stack: AdminStack;
let adminUrl: string;
let call: Call;
let browser: Browser;
let owner: Account;
let ownerState: SignedInState;
let eventId: string;
let tierId: string;
const cspViolations: string[] = [];

/** Waits until `check` holds, polling. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `change` in the Stripe server and delivers the events it caused to the API, signed. */
async function inStripe<T>(change: () => T): Promise<T> {
  const before = fake.events.length;
  const result = change();
  for (const event of fake.events.slice(before)) await deliver(event);
  return result;
}

async function deliver(event: StripeObject) {
  const { payload, headers } = fake.signedDelivery(event);
  const response = await fetch(`${stack.apiUrl}/v1/webhooks/stripe`, { method: 'POST', headers, body: payload });
  expect(response.status, await response.text()).toBe(200);
}

/** The Pro price, made once in Stripe's dashboard in real life; here through Stripe's API. */
async function createProPrice(): Promise<string> {
  const response = await fetch(`${fake.url}/v1/prices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      currency: 'usd',
      unit_amount: '4900',
      'recurring[interval]': 'month',
      'product_data[name]': 'Access Plus Pro',
    }),
  });
  return ((await response.json()) as { id: string }).id;
}

interface SqlClient {
  connect(): Promise<void>;
  query<Row>(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
  end(): Promise<void>;
}

/**
 * Runs one event's payout job through the API's worker, as the hourly `payouts__schedule` does:
 * nothing a person can do starts it sooner, so the test adds the job to the API's embedded
 * PostgreSQL itself (with the API's own `pg`) and waits for the worker to finish it.
 */
async function runPayoutJob(tenantId: string, forEvent: string) {
  const { Client } = createRequire(new URL('../../api/package.json', import.meta.url))('pg') as {
    Client: new (config: { connectionString: string }) => SqlClient;
  };
  const credentials = JSON.parse(await readFile(path.join(stack.postgresDir, 'credentials.json'), 'utf8'));
  const db = new Client({
    connectionString: `postgres://postgres:${encodeURIComponent(credentials.superuserPassword)}@127.0.0.1:${credentials.port}/accessplus`,
  });
  await db.connect();
  try {
    const [job] = (
      await db.query<{ id: string }>(
        "select (graphile_worker.add_job('payouts__run_event', json_build_object('tenantId', $1::text, 'eventId', $2::text))).id",
        [tenantId, forEvent],
      )
    ).rows;
    await until(
      async () => (await db.query('select 1 from graphile_worker.jobs where id = $1', [job?.id])).rows.length === 0,
      'the payout job',
    );
  } finally {
    await db.end();
  }
}

interface PayoutRow {
  id: string;
  status: string;
  amount_cents: number;
  status_reason: string | null;
}

const payoutsOf = async (token: string) =>
  (await call<{ data: PayoutRow[] }>('GET', '/v1/organizer/payouts', { token })).data;

/** A card sale on the storefront: Stripe's Payment Element confirms, then the buyer's page asks the API. */
async function buyByCard(buyer: string, quantity: number) {
  const email = `${buyer.split(' ')[0]?.toLowerCase()}-${Date.now()}@example.org`;
  const held = await call<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders`,
    { body: { buyer: { name: buyer, email }, tickets: [{ tier_id: tierId, quantity }] } },
  );
  const orderPath = `/v1/public/organizers/${owner.slug}/orders/${held.order.id}`;
  const access = `token=${encodeURIComponent(held.access_token)}`;
  const started = await call<{ payment_action: { client_secret: string } }>('POST', `${orderPath}/pay?${access}`, {
    body: { method: 'card' },
  });
  const intent = started.payment_action.client_secret.split('_secret_')[0] as string;
  fake.confirmPaymentIntent(intent);
  const paid = await call<{ order: { status: string } }>('POST', `${orderPath}/payment-confirmations?${access}`);
  expect(paid.order.status).toBe('paid');
}

/** Serves a stand-in for a Stripe-hosted page under `prefix` of the Stripe server's address. */
async function standIn(context: BrowserContext, prefix: string, title: string) {
  await context.route(`${fake.url}${prefix}**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>${title}</title><h1>${title} (stand-in for Stripe's page)</h1>`,
    }),
  );
}

async function openAsOwner(pathname: string) {
  const context = await browser.newContext({ ...DESKTOP, storageState: ownerState });
  const page = await context.newPage();
  watchCsp(page, cspViolations);
  const response = await page.goto(`${adminUrl}${pathname}`, { waitUntil: 'networkidle' });
  expect(response?.status()).toBe(200);
  return { context, page };
}

const text = async (page: Page, selector: string) => (await page.locator(selector).innerText()).replace(/\s+/g, ' ');

beforeAll(async () => {
  fake = await startFakeStripe();
  const proPrice = await createProPrice();
  stack = await startAdminStack({
    STRIPE_SECRET_KEY: fake.secretKey,
    STRIPE_PUBLISHABLE_KEY: 'pk_test_admin_money',
    STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
    STRIPE_API_BASE: fake.url,
    STRIPE_PRO_PRICE_ID: proPrice,
    // Card sales count towards an early payout at once instead of after Stripe's settlement days.
    PAYOUT_SETTLEMENT_DAYS: '0',
  });
  ({ adminUrl, call } = stack);

  owner = await signUp(call, 'Harlem Mosque Community', 'Aminata Diallo');
  const starts = new Date(Date.now() + 21 * 86_400_000);
  const created = await call<{ id: string; tiers: { id: string }[] }>('POST', '/v1/events', {
    token: owner.token,
    body: {
      title: { en: 'Eid community dinner' },
      category: 'religious-celebration',
      time_zone: 'America/New_York',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 4 * 3_600_000).toISOString(),
      tiers: [{ name: { en: 'Dinner' }, price_cents: 4000, quantity: 200, position: 0 }],
    },
  });
  eventId = created.id;
  tierId = created.tiers[0]?.id as string;
  await call('POST', `/v1/events/${eventId}/publish`, { token: owner.token });

  // Her sign-up link confirmed her email address, which counts toward her early payout tier.
  browser = await launchChromium();
  ownerState = await signedInState(browser, adminUrl, owner.email);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await fake?.close();
}, 60_000);

describe('an owner connects Stripe for payouts', () => {
  let context: BrowserContext;
  let page: Page;
  let accountId: string;

  beforeAll(async () => {
    ({ context, page } = await openAsOwner('/'));
    await standIn(context, '/connect/onboarding/', 'Stripe Express onboarding');
  }, 60_000);
  afterAll(() => context?.close());

  it('finds Payouts in the navigation and sees the account is not connected', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payouts' }).click();
    await page.waitForURL(`${adminUrl}/payouts`);
    await expect(page.getByRole('heading', { level: 2 }).first().innerText()).resolves.toBe(
      'Not connected to Stripe yet',
    );
    await expect(page.getByRole('status').innerText()).resolves.toContain('No payouts yet.');
    await shot(page, 'payouts-not-connected');
  });

  it('is sent to the onboarding page Stripe issued, and comes back to this page', async () => {
    await Promise.all([
      page.waitForURL(`${fake.url}/connect/onboarding/**`),
      page.getByRole('button', { name: 'Connect with Stripe' }).click(),
    ]);
    const account = await call<{ account_id: string; connected: boolean }>('GET', '/v1/organizer/payout-account', {
      token: owner.token,
    });
    expect(account.connected).toBe(true);
    accountId = account.account_id;
    expect(page.url()).toBe(`${fake.url}/connect/onboarding/${accountId}`);
    const linkRequest = fake.requests.filter((request) => request.path === '/v1/account_links').at(-1);
    expect(linkRequest?.body).toMatchObject({
      account: accountId,
      return_url: `${adminUrl}/payouts?stripe=returned`,
      refresh_url: `${adminUrl}/payouts?stripe=expired`,
    });

    // The owner gave some details, not all; Stripe tells the API.
    await inStripe(() => fake.updateAccount(accountId, { details_submitted: true }));
    await until(
      async () =>
        (await call<{ requirements_due: string[] }>('GET', '/v1/organizer/payout-account', { token: owner.token }))
          .requirements_due.length > 0,
      'the account.updated event to be applied',
    );
    await page.goto(`${adminUrl}/payouts?stripe=returned`, { waitUntil: 'networkidle' });
    const panel = page.getByTestId('payout-account');
    await expect(panel.getByRole('heading').innerText()).resolves.toBe('Stripe setup is not finished');
    await expect(panel.getByRole('status').innerText()).resolves.toContain('Welcome back from Stripe');
    await expect(page.getByTestId('requirements-due').locator('li').allInnerTexts()).resolves.toEqual([
      'a bank account for your payouts',
      'your date of birth',
    ]);
    // Stripe calls the unfinished account past due; the list above already says what to do.
    await expect(page.getByTestId('disabled-reason').count()).resolves.toBe(0);
    await shot(page, 'payouts-setup-unfinished');
  });

  it('continues the setup with a fresh link to the same account', async () => {
    const links = fake.requests.filter((request) => request.path === '/v1/account_links').length;
    await Promise.all([
      page.waitForURL(`${fake.url}/connect/onboarding/${accountId}`),
      page.getByRole('button', { name: 'Continue Stripe setup' }).click(),
    ]);
    expect(fake.requests.filter((request) => request.path === '/v1/account_links')).toHaveLength(links + 1);
    expect(
      fake.requests.filter((request) => request.path === '/v1/accounts' && request.method === 'POST'),
    ).toHaveLength(1);
  });

  it('says payouts are enabled once Stripe reports the account ready', async () => {
    await inStripe(() =>
      fake.updateAccount(accountId, { charges_enabled: true, payouts_enabled: true, details_submitted: true }),
    );
    await until(
      async () =>
        (await call<{ payouts_enabled: boolean }>('GET', '/v1/organizer/payout-account', { token: owner.token }))
          .payouts_enabled,
      'payouts to be enabled',
    );
    await page.goto(`${adminUrl}/payouts?stripe=returned`, { waitUntil: 'networkidle' });
    const panel = page.getByTestId('payout-account');
    await expect(panel.getByRole('heading').innerText()).resolves.toBe('Connected: payouts are enabled');
    await expect(panel.innerText()).resolves.toContain('Your Stripe account is connected.');
    await expect(page.getByRole('button', { name: /Stripe/ }).count()).resolves.toBe(0);
    await shot(page, 'payouts-connected');
  });
});

describe("an event's payout outlook and its payouts", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await buyByCard('Fatou Sow', 2);
    await buyByCard('Ibrahim Keita', 3);
    ({ context, page } = await openAsOwner(`/events/${eventId}/check-in`));
  }, 120_000);
  afterAll(() => context?.close());

  it('shows the tier in words, the score and every reason, as the API assesses them', async () => {
    await page.getByRole('navigation', { name: 'This event' }).getByRole('link', { name: 'Payouts' }).click();
    await page.waitForURL(`${adminUrl}/events/${eventId}/payouts`);
    const outlook = await call<{
      score: number;
      tier: string;
      owed_cents: number;
      payable_early_cents: number;
      reasons: { message: string }[];
    }>('GET', `/v1/events/${eventId}/payout-outlook`, { token: owner.token });
    // A verified owner, a verified Stripe account and a religious celebration: 40 + 5 + 5 + 5.
    expect(outlook).toMatchObject({ score: 55, tier: 'early_25' });

    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Payouts for this event');
    const panel = page.getByTestId('payout-outlook');
    await expect(panel.getByRole('heading').innerText()).resolves.toMatch(
      /^Early payout: 25\s% of settled sales before the event$/,
    );
    await expect(page.getByTestId('payout-score').innerText()).resolves.toBe('55');
    const reasons = await page.getByTestId('payout-reasons').locator('li').allInnerTexts();
    expect(reasons).toHaveLength(outlook.reasons.length);
    for (const [index, reason] of outlook.reasons.entries()) expect(reasons[index]).toContain(reason.message);
    expect(reasons.join('\n')).toContain('Your Stripe payout account is verified (+5).');
    // Every amount with its currency, as everywhere else in the admin.
    expect(reasons.join('\n')).toContain('Tickets for this event average $40.00 (+0).');
    expect(reasons.join('\n')).toMatch(/This event could sell up to \$[\d,]+\.\d\d in tickets/);
    // Owed now is what the five $40 tickets earned her; a quarter of it may be paid early.
    const payable = Math.floor((outlook.owed_cents * 2500) / 10_000);
    expect(outlook.payable_early_cents).toBe(payable);
    await expect(page.getByTestId('payable-early').innerText()).resolves.toBe(
      `$${(payable / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
    );
    await expect(text(page, '[data-testid="payout-outlook"]')).resolves.toMatch(/Reserve 5\s% of sales/);
    await expect(text(page, '[data-testid="payout-outlook"]')).resolves.toMatch(
      /Standard payout The rest, with the reserve, on \w{3} \d+, \d{4}/,
    );
    await shot(page, 'event-payout-outlook');
  });

  it('lists the early payout once it is sent, its failure with the reason, and the next one paid', async () => {
    await runPayoutJob(owner.organizerId, eventId);
    const [first] = await payoutsOf(owner.token);
    expect(first).toMatchObject({ status: 'in_transit' });
    const stripePayout = [...fake.objects.values()].find(
      (object) => object.object === 'payout' && object.metadata?.payout_id === first?.id,
    );
    expect(stripePayout?.amount).toBe(first?.amount_cents);

    await page.goto(`${adminUrl}/payouts`, { waitUntil: 'networkidle' });
    const rows = page.getByTestId('payout-row');
    await expect(rows.count()).resolves.toBe(1);
    const sent = (await rows.first().innerText()).replace(/\s+/g, ' ');
    expect(sent).toContain('Eid community dinner');
    expect(sent).toMatch(/Early \(25\s% tier\), through Stripe/);
    expect(sent).toContain(`$${((first?.amount_cents ?? 0) / 100).toFixed(2)}`);
    expect(sent).toContain('On its way');

    // The bank refuses it: the money is owed again, and the next run sends it anew.
    await inStripe(() => fake.settlePayout(stripePayout?.id, 'failed'));
    await until(async () => (await payoutsOf(owner.token))[0]?.status === 'failed', 'the payout to fail');
    await runPayoutJob(owner.organizerId, eventId);
    const second = (await payoutsOf(owner.token)).find((payout) => payout.status === 'in_transit');
    const secondStripe = [...fake.objects.values()].find(
      (object) => object.object === 'payout' && object.metadata?.payout_id === second?.id,
    );
    await inStripe(() => fake.settlePayout(secondStripe?.id, 'paid'));
    await until(async () => (await payoutsOf(owner.token)).some((payout) => payout.status === 'paid'), 'a paid payout');

    await page.reload({ waitUntil: 'networkidle' });
    await expect(rows.count()).resolves.toBe(2);
    const listed = (await rows.allInnerTexts()).map((row) => row.replace(/\s+/g, ' '));
    expect(listed.find((row) => row.includes('Failed'))).toContain('The bank account has been closed.');
    expect(listed.find((row) => row.includes('Paid'))).toMatch(/Paid \w{3} \d+, \d{4}/);
    await shot(page, 'payouts-list');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'payouts-list-phone');
    await page.goto(`${adminUrl}/events/${eventId}/payouts`, { waitUntil: 'networkidle' });
    await shot(page, 'event-payout-outlook-phone');
  });
});

describe('the plan: Pro through Stripe Checkout, and back to Basic', () => {
  let context: BrowserContext;
  let page: Page;
  let subscriptionId: string;

  const branding = () => page.getByTestId('branding');
  const storefrontShowsBranding = async () =>
    (await call<{ show_platform_branding: boolean }>('GET', `/v1/public/organizers/${owner.slug}`))
      .show_platform_branding;

  beforeAll(async () => {
    ({ context, page } = await openAsOwner('/'));
    await standIn(context, '/checkout/', 'Stripe Checkout');
    await standIn(context, '/billing/', 'Stripe billing portal');
  }, 60_000);
  afterAll(() => context?.close());

  it('shows Basic, what it lacks and which plan has it, with the branding locked', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Plan' }).click();
    await page.waitForURL(`${adminUrl}/plan`);
    await expect(page.getByTestId('current-plan').getByRole('heading').innerText()).resolves.toBe('Basic');
    const features = await page.getByTestId('plan-features').locator('tbody tr').allInnerTexts();
    expect(features.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
      'Hide "Tickets by Access Plus" on the storefront Not included Pro',
      'API keys for your own systems (a CRM, accounting) Pro: 300 requests a minute per key; Enterprise: 1,200 Not included Pro',
      'Webhooks: sales, refunds and check-ins sent to your own systems as they happen Not included Pro',
      'Your storefront on your own domain, with its certificate Not included Pro',
      'A theme of your own: templates and a stylesheet for your storefront Not included Pro',
    ]);
    await expect(branding().getByRole('checkbox').isDisabled()).resolves.toBe(true);
    await expect(branding().getByRole('button', { name: 'Save' }).count()).resolves.toBe(0);
    await expect(page.getByTestId('branding-locked').innerText()).resolves.toContain('needs the Pro plan or higher');
    await shot(page, 'plan-basic');
  });

  it('upgrades through the Checkout page Stripe issued, and is thanked on return', async () => {
    await Promise.all([
      page.waitForURL(`${fake.url}/checkout/**`),
      page.getByRole('button', { name: 'Upgrade to Pro' }).click(),
    ]);
    const session = [...fake.objects.values()].filter((object) => object.object === 'checkout.session').at(-1);
    expect(page.url()).toBe(session?.url);
    expect(session).toMatchObject({
      success_url: `${adminUrl}/plan?checkout=done`,
      cancel_url: `${adminUrl}/plan?checkout=cancelled`,
    });

    // The owner pays; Stripe sends her back before its webhooks have arrived.
    const before = fake.events.length;
    const completed = fake.completeCheckoutSession(session?.id);
    subscriptionId = completed.subscription;
    await page.goto(completed.success_url, { waitUntil: 'networkidle' });
    await expect(page.locator('.alert.success').innerText()).resolves.toBe(
      'Thanks — your plan changes as soon as Stripe confirms the payment.',
    );
    await expect(page.getByTestId('current-plan').getByRole('heading').innerText()).resolves.toBe('Basic');

    for (const event of fake.events.slice(before)) await deliver(event);
    await until(
      async () => (await call<{ plan: string }>('GET', '/v1/organizer/billing', { token: owner.token })).plan === 'pro',
      'the plan to become Pro',
    );
    await page.goto(`${adminUrl}/plan`, { waitUntil: 'networkidle' });
    await expect(page.getByTestId('current-plan').getByRole('heading').innerText()).resolves.toBe('Pro');
    await expect(text(page, '[data-testid="subscription"]')).resolves.toMatch(
      /^Subscription Pro, monthly Status Active Renews on \w{3} \d+, \d{4}$/,
    );
    await expect(page.getByRole('button', { name: 'Upgrade to Pro' }).count()).resolves.toBe(0);
    const hide = await page.getByTestId('plan-features').locator('tbody tr', { hasText: 'Hide' }).innerText();
    expect(hide).toContain('Included');
  });

  it('hides "Tickets by Access Plus" on the storefront', async () => {
    expect(await storefrontShowsBranding()).toBe(true);
    const checkbox = branding().getByLabel('Show "Tickets by Access Plus" on my storefront');
    await expect(checkbox.isChecked()).resolves.toBe(true);
    await checkbox.uncheck();
    await branding().getByRole('button', { name: 'Save' }).click();
    await branding().getByText('Saved. Your storefront no longer shows "Tickets by Access Plus".').waitFor();
    expect(await storefrontShowsBranding()).toBe(false);
    await page.reload({ waitUntil: 'networkidle' });
    await expect(checkbox.isChecked()).resolves.toBe(false);
    await shot(page, 'plan-pro');
  });

  it('opens the billing portal Stripe issued', async () => {
    await Promise.all([
      page.waitForURL(`${fake.url}/billing/**`),
      page.getByRole('button', { name: 'Manage billing' }).click(),
    ]);
    const portal = fake.requests.filter((request) => request.path === '/v1/billing_portal/sessions').at(-1);
    expect(portal?.body.return_url).toBe(`${adminUrl}/plan`);
    expect(page.url()).toBe(`${fake.url}/billing/${portal?.body.customer}`);
  });

  it('is back on Basic, with the branding shown and locked, once the subscription is cancelled', async () => {
    await inStripe(() => fake.updateSubscription(subscriptionId, { status: 'canceled' }));
    await until(
      async () =>
        (await call<{ plan: string }>('GET', '/v1/organizer/billing', { token: owner.token })).plan === 'basic',
      'the plan to go back to Basic',
    );
    await page.goto(`${adminUrl}/plan`, { waitUntil: 'networkidle' });
    await expect(page.getByTestId('current-plan').getByRole('heading').innerText()).resolves.toBe('Basic');
    await expect(text(page, '[data-testid="subscription"]')).resolves.toContain('Status Cancelled');
    await expect(branding().getByRole('checkbox').isDisabled()).resolves.toBe(true);
    await expect(branding().getByRole('checkbox').isChecked()).resolves.toBe(true);
    await expect(page.getByTestId('branding-locked').innerText()).resolves.toContain(
      'You chose to hide it before: that choice applies again',
    );
    expect(await storefrontShowsBranding()).toBe(true);
    await page.getByRole('button', { name: 'Upgrade to Pro' }).waitFor();
    await shot(page, 'plan-downgraded');
  });

  it('without JavaScript, hands over a link to the Checkout page Stripe issued', async () => {
    // The admin's policy lets a plain form post lead only back to the admin, so it cannot redirect.
    const plain = await browser.newContext({ ...DESKTOP, javaScriptEnabled: false, storageState: ownerState });
    await standIn(plain, '/checkout/', 'Stripe Checkout');
    const plainPage = await plain.newPage();
    watchCsp(plainPage, cspViolations);
    try {
      await plainPage.goto(`${adminUrl}/plan`);
      await plainPage.getByRole('button', { name: 'Upgrade to Pro' }).click();
      const link = plainPage.getByRole('link', { name: 'Continue to Stripe Checkout' });
      await link.waitFor();
      const session = [...fake.objects.values()].filter((object) => object.object === 'checkout.session').at(-1);
      expect(session?.status).toBe('open');
      await expect(link.getAttribute('href')).resolves.toBe(session?.url);
      await shot(plainPage, 'plan-no-js-handoff');
      await Promise.all([plainPage.waitForURL(session?.url), link.click()]);
    } finally {
      await plain.close();
    }
  });
});

describe('a staff member of the team', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const helper = await signUp(call, 'Mariam Home Group', 'Mariam Toure');
    await call('POST', '/v1/organizer/members', { token: owner.token, body: { email: helper.email, role: 'staff' } });
    context = await browser.newContext(DESKTOP);
    page = await signInAt(adminUrl, context, helper.email);
    watchCsp(page, cspViolations);
    const session = (await context.cookies()).find((cookie) => cookie.name === 'ap_admin_session');
    await call('PUT', '/v1/auth/session/organizer', { token: session?.value, body: { organizer: owner.slug } });
    await page.reload({ waitUntil: 'networkidle' });
  }, 60_000);
  afterAll(() => context?.close());

  it('sees the plan but none of the owner-only buttons', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link').allInnerTexts()).resolves.toEqual([
      'Events',
      'Orders',
      'Exports',
      'Customers',
      'Plan',
    ]);
    const response = await page.goto(`${adminUrl}/plan`, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId('current-plan').getByRole('heading').innerText()).resolves.toBe('Basic');
    await expect(page.getByRole('button').allInnerTexts()).resolves.toEqual(['Sign out']);
    await expect(page.getByTestId('current-plan').innerText()).resolves.toContain(
      'Only an owner of this organizer can change the plan.',
    );
    await shot(page, 'plan-staff');
  });

  it('is told in a sentence that payouts are for owners and admins', async () => {
    for (const pathname of ['/payouts', `/events/${eventId}/payouts`]) {
      const response = await page.goto(`${adminUrl}${pathname}`, { waitUntil: 'networkidle' });
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('alert').innerText()).resolves.toMatch(/^Only owners, admins of this organizer can/);
      await expect(page.getByRole('button').allInnerTexts()).resolves.toEqual(['Sign out']);
    }
    await expect(
      page.getByRole('navigation', { name: 'This event' }).getByRole('link').allInnerTexts(),
    ).resolves.toEqual(['Edit', 'Check-in', 'Attendees', 'Orders', 'Messages', 'Waitlist']);
    await shot(page, 'payouts-staff');
  });
});

describe('the content security policy', () => {
  it('refused nothing on any page', () => {
    expect(cspViolations).toEqual([]);
  });
});
