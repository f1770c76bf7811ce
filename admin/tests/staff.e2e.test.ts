/**
 * The platform-staff area in a real browser: two organizers sign up and sell through the API, one
 * is owed a payout, a person is made platform staff with the CLI (`grant-staff`) as operators do,
 * and Chromium finds the organizer, changes its plan and works its payout.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  type AdminStack,
  type Call,
  cli,
  databaseUrl,
  launchChromium,
  PHONE,
  type SignedInState,
  shot,
  signIn,
  signUp,
  startAdminStack,
  watchCsp,
} from './harness';

const repoDir = fileURLToPath(new URL('../..', import.meta.url));
const PLAN_REASON = 'Community partner: Pro free for 2026';
const HOLD_REASON = 'Buyer complaints: checking the event took place';
const REFERENCE = 'ACH 2026-0611-77';

interface PgClient {
  connect(): Promise<void>;
  query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
  end(): Promise<void>;
}
// The API's own PostgreSQL driver: the admin has no database dependency of its own.
const pg = createRequire(path.join(repoDir, 'api', 'package.json'))('pg') as {
  Client: new (options: { connectionString: string }) => PgClient;
};

let stack: AdminStack;
let adminUrl: string;
let call: Call;
let browser: Browser;
let desk: Account;
let griot: Account;
let casa: Account;
let payoutId: string;
let payoutAmount: string;
/** The staff member's signed-in browser state: sign-in attempts are limited, so staff sign in once. */
let staffState: SignedInState;
const cspViolations: string[] = [];

/**
 * Lets three days pass for an event (it ended then) and runs its payout job as the hourly schedule
 * would: the organizer has no Stripe account, so its payout waits for staff to pay it by hand.
 * Returns the payout's id and amount.
 */
async function eventEndsAndIsPaidOut(organizer: Account, eventId: string): Promise<{ id: string; cents: number }> {
  const client = new pg.Client({ connectionString: await databaseUrl(stack) });
  await client.connect();
  try {
    await client.query(
      "update events set starts_at = now() - interval '3 days 4 hours', ends_at = now() - interval '3 days' where id = $1",
      [eventId],
    );
    await client.query(
      "select graphile_worker.add_job('payouts__run_event', json_build_object('tenantId', $1::text, 'eventId', $2::text))",
      [organizer.organizerId, eventId],
    );
    for (let waited = 0; waited < 20_000; waited += 250) {
      const { rows } = await client.query<{ id: string; amount_cents: string; method: string; status: string }>(
        "select id, amount_cents, method, status from payouts where tenant_id = $1 and kind = 'standard'",
        [organizer.organizerId],
      );
      if (rows[0]) {
        expect(rows[0]).toMatchObject({ method: 'manual', status: 'scheduled' });
        return { id: rows[0].id, cents: Number(rows[0].amount_cents) };
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('the payout job made no payout');
  } finally {
    await client.end();
  }
}

/** An event with one paid tier, published, and two tickets of it sold by test card. */
async function eventWithSales(organizer: Account, title: string): Promise<string> {
  const starts = new Date(Date.now() + 5 * 86_400_000);
  const event = await call<{ id: string; tiers: { id: string }[] }>('POST', '/v1/events', {
    token: organizer.token,
    body: {
      title: { en: title },
      category: 'gala-fundraiser',
      time_zone: 'America/New_York',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 3 * 3_600_000).toISOString(),
      tiers: [{ name: { en: 'General admission' }, price_cents: 4000, quantity: 100 }],
    },
  });
  await call('POST', `/v1/events/${event.id}/publish`, { token: organizer.token });
  const held = await call<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${organizer.slug}/orders`,
    {
      body: {
        buyer: { name: 'Nia Okafor', email: `nia-${randomBytes(3).toString('hex')}@example.org` },
        tickets: [{ tier_id: event.tiers[0]?.id, quantity: 2 }],
      },
    },
  );
  await call(
    'POST',
    `/v1/public/organizers/${organizer.slug}/orders/${held.order.id}/pay?token=${encodeURIComponent(held.access_token)}`,
    { body: { method: 'card', card_number: '4242424242424242' } },
  );
  return event.id;
}

beforeAll(async () => {
  stack = await startAdminStack();
  ({ adminUrl, call } = stack);
  desk = await signUp(call, 'Access Plus Support Desk', 'Jordan Reyes');
  griot = await signUp(call, 'Harlem Griot Society', 'Amara Diallo');
  casa = await signUp(call, 'Casa Latina Houston', 'Lucia Moreno');
  const griotEvent = await eventWithSales(griot, 'Griot Night');
  await eventWithSales(casa, 'Noche de Salsa');
  const payout = await eventEndsAndIsPaidOut(griot, griotEvent);
  payoutId = payout.id;
  payoutAmount = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(payout.cents / 100);

  expect(await cli(stack, 'grant-staff', desk.email)).toContain('is now platform staff');
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await signIn(adminUrl, context, desk.email);
  staffState = await context.storageState();
  await context.close();
  expect(page.url()).toBe(`${adminUrl}/`);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

async function open(
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US', storageState: staffState, ...options });
  const page = await context.newPage();
  watchCsp(page, cspViolations);
  return { context, page };
}

describe('who reaches the staff area', () => {
  it('refuses an organizer’s owner at /staff with a 403 page, and shows them no Staff link', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const page = await signIn(adminUrl, context, griot.email);
      watchCsp(page, cspViolations);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Events' }).waitFor();
      await expect(nav.getByRole('link', { name: 'Staff' }).count()).resolves.toBe(0);
      for (const address of ['/staff', `/staff/organizers/${griot.organizerId}`, '/staff/payouts']) {
        const response = await page.goto(`${adminUrl}${address}`);
        expect(response?.status(), address).toBe(403);
        await page.getByRole('heading', { name: 'The staff area is for Access Plus platform staff only.' }).waitFor();
      }
      await shot(page, 'staff-refused-owner');
    } finally {
      await context.close();
    }
  });
});

describe('platform staff at work', () => {
  let context: BrowserContext;
  let page: Page;
  const detail = () => `${adminUrl}/staff/organizers/${griot.organizerId}`;
  const payoutRow = () => page.getByTestId('payout-row');

  beforeAll(async () => {
    ({ context, page } = await open());
    await page.goto(`${adminUrl}/`, { waitUntil: 'networkidle' });
  }, 60_000);
  afterAll(() => context?.close());

  it('lists every organizer and finds one by name and by its owner’s email', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff' }).click();
    await page.waitForURL(`${adminUrl}/staff`);
    const rows = page.getByTestId('organizer-row');
    await expect(rows.count()).resolves.toBe(3);
    await expect(rows.first().innerText()).resolves.toContain('Casa Latina Houston');
    await shot(page, 'staff-organizers');

    await page.getByLabel('Name, slug or owner’s email').fill('amara-harlem');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForURL(/\/staff\?q=amara-harlem$/);
    await expect(rows.count()).resolves.toBe(1);
    const row = await rows.first().innerText();
    expect(row).toContain('Harlem Griot Society');
    expect(row).toContain(griot.email);
    expect(row).toContain('1 waiting');
    expect(row).toContain('No Stripe account: paid by hand');

    await page.getByLabel('Name, slug or owner’s email').fill('GRIOT');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForURL(/\/staff\?q=GRIOT$/);
    await expect(rows.count()).resolves.toBe(1);
    await shot(page, 'staff-organizers-search');
    await page.getByRole('link', { name: 'Harlem Griot Society' }).click();
    await page.waitForURL(detail());
    await page.getByRole('heading', { name: 'Harlem Griot Society', level: 1 }).waitFor();
  });

  it('puts the organizer on Pro with a reason, which its owner then has', async () => {
    await expect(page.getByTestId('plan-in-force').innerText()).resolves.toBe('Basic');
    await page.getByRole('combobox', { name: 'Plan' }).selectOption('pro');
    await page.locator('#plan-reason').fill(PLAN_REASON);
    await page.getByRole('button', { name: 'Set plan' }).click();
    await page.getByText('Plan set. The organizer has it now.').waitFor();
    await expect(page.getByTestId('plan-in-force').innerText()).resolves.toBe('Pro');
    await expect(page.getByTestId('plan-override').innerText()).resolves.toContain(PLAN_REASON);
    const billing = await call<{ plan: string; override: { plan: string } | null }>('GET', '/v1/organizer/billing', {
      token: griot.token,
    });
    expect(billing).toMatchObject({ plan: 'pro', override: { plan: 'pro' } });
    await shot(page, 'staff-organizer-plan');
  });

  it('holds the payout with a reason after confirming, and the queue shows it held', async () => {
    const before = await payoutRow().innerText();
    for (const text of ['Griot Night', 'Standard payout', 'paid by hand', payoutAmount, 'Scheduled']) {
      expect(before).toContain(text);
    }
    await payoutRow().getByRole('link', { name: 'Hold…' }).click();
    const confirm = page.getByRole('region', { name: /Hold the standard payout of/ });
    await confirm.waitFor();
    await confirm.getByLabel('Reason').fill(HOLD_REASON);
    await shot(page, 'staff-hold-confirm');
    await confirm.getByRole('button', { name: 'Confirm hold' }).click();
    await page.getByText('Payout held. It waits until someone releases it.').waitFor();
    await expect(page.getByTestId('payout-status').innerText()).resolves.toBe('Held');
    await expect(payoutRow().innerText()).resolves.toContain(HOLD_REASON);

    await page.goto(`${adminUrl}/staff/payouts`);
    const queued = await page.locator('table').innerText();
    expect(queued).toContain('Harlem Griot Society');
    expect(queued).toContain(HOLD_REASON);
    await shot(page, 'staff-payout-queue');
    await page.goto(detail());
  });

  it('releases it after confirming', async () => {
    await payoutRow().getByRole('link', { name: 'Release…' }).click();
    const confirm = page.getByRole('region', { name: /Release the standard payout of/ });
    await confirm.getByRole('button', { name: 'Confirm release' }).click();
    await page.getByText('Payout released.').waitFor();
    await expect(page.getByTestId('payout-status').innerText()).resolves.toBe('Scheduled');
  });

  it('records the payment by hand with its reference; a second tab, without JavaScript, gets the API’s refusal', async () => {
    // Another staff tab opened the same confirmation earlier, in a browser without JavaScript.
    const other = await open({ javaScriptEnabled: false });
    await other.page.goto(`${detail()}?review=paid&payout=${payoutId}`);
    await other.page.getByLabel('Bank transfer or check reference').fill('CHK-0001');

    await payoutRow().getByRole('link', { name: 'Record payment…' }).click();
    const confirm = page.getByRole('region', { name: /as paid by hand\?/ });
    await page.getByLabel('Bank transfer or check reference').fill(REFERENCE);
    await confirm.getByRole('button', { name: 'Confirm payment recorded' }).click();
    await page.getByText('Payment recorded. The payout is paid.').waitFor();
    await expect(page.getByTestId('payout-status').innerText()).resolves.toBe('Paid');
    await expect(payoutRow().innerText()).resolves.toContain(`Ref. ${REFERENCE}`);

    await other.page.getByRole('button', { name: 'Confirm payment recorded' }).click();
    const refusal = other.page.getByRole('alert');
    await refusal.waitFor();
    await expect(refusal.innerText()).resolves.toBe(
      'This payout is paid; only a scheduled manual payout can be recorded as paid.',
    );
    await expect(other.page.getByTestId('payout-status').innerText()).resolves.toBe('Paid');
    await shot(other.page, 'staff-payment-refused-no-js');
    await other.context.close();
  });

  it('shows what staff did in the audit log, newest first', async () => {
    await page.reload();
    const entries = await page.getByTestId('audit-entry').allInnerTexts();
    expect(entries).toHaveLength(4);
    expect(entries[0]).toContain(`Recorded a payout of ${payoutAmount} as paid by hand, reference “${REFERENCE}”`);
    expect(entries[1]).toContain(`Released a payout of ${payoutAmount}`);
    expect(entries[2]).toContain(`Held a payout of ${payoutAmount}: “${HOLD_REASON}”`);
    expect(entries[3]).toContain(`Put the organizer on Pro: “${PLAN_REASON}”`);
    for (const entry of entries) expect(entry).toContain(desk.email);
    await shot(page, 'staff-organizer-audit-log');
  });

  it('reads on a phone', async () => {
    const phone = await open(PHONE);
    await phone.page.goto(detail());
    await phone.page.getByRole('heading', { name: 'Payouts' }).waitFor();
    // Wide tables scroll inside their panel; the page itself does not scroll sideways.
    await expect(phone.page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await shot(phone.page, 'staff-organizer-phone');
    await phone.page.goto(`${adminUrl}/staff`);
    await expect(phone.page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await shot(phone.page, 'staff-organizers-phone');
    await phone.context.close();
  });

  it('met no content security policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
