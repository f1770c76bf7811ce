/**
 * Settings → Webhooks in a real browser, against the API on an embedded PostgreSQL whose worker
 * sends to a receiver in this test (OUTBOUND_ALLOW_LOOPBACK lets it be this machine): on Basic the
 * page says which plan has webhooks; on Pro an owner adds an endpoint (a private address is refused
 * beside the field), copies its secret, sends a test that the SDK verifies as the receiver would,
 * sees failures in the log and sends them again, makes a new secret, turns the endpoint off and
 * removes it. Pages are photographed at desktop and phone widths.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@accessplus/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  type AdminStack,
  type Call,
  cli,
  launchChromium,
  PHONE,
  type SignedInState,
  shot,
  signedInPages,
  signedInState,
  signUp,
  startAdminStack,
  submitForm,
} from './harness';

const SLOW = 120_000;

let stack: AdminStack;
let adminUrl: string;
let call: Call;
let browser: Browser;
let owner: Account;
let staff: Account;
let ownerState: SignedInState;
let tierId = '';
const cspViolations: string[] = [];

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
let answer = 200;
const receiver = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    response.writeHead(answer, { 'content-type': 'application/json' });
    response.end(answer < 300 ? '{"received":true}' : '{"error":"our database is down"}');
  });
});
let receiverUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/access-plus`;
  stack = await startAdminStack({ OUTBOUND_ALLOW_LOOPBACK: 'true', WEBHOOK_RETRY_DELAYS_MS: '500,500' });
  ({ adminUrl, call } = stack);
  owner = await signUp(call, 'Harlem Griot Society', 'Aminata Diallo');
  staff = await signUp(call, 'Access Plus Desk', 'Jordan Reyes');
  expect(await cli(stack, 'grant-staff', staff.email)).toContain('is now platform staff');
  const starts = new Date(Date.now() + 21 * 86_400_000);
  const event = await call<{ id: string; tiers: { id: string }[] }>('POST', '/v1/events', {
    token: owner.token,
    body: {
      title: { en: 'Griot Night' },
      category: 'community-meeting',
      time_zone: 'America/New_York',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 3 * 3_600_000).toISOString(),
      tiers: [{ name: { en: 'General' }, price_cents: 1500, quantity: 100 }],
    },
  });
  tierId = event.tiers[0]?.id ?? '';
  await call('POST', `/v1/events/${event.id}/publish`, { token: owner.token });

  browser = await launchChromium();
  ownerState = await signedInState(browser, adminUrl, owner.email);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  receiver.closeAllConnections();
  receiver.close();
}, 60_000);

const open = signedInPages(
  () => browser,
  () => adminUrl,
  () => ownerState,
  cspViolations,
);
const submit = submitForm;

/** Reloads until `probe` holds: the worker sends after the request that asked for it. */
async function reloadUntil(page: Page, probe: () => Promise<boolean>, what: string) {
  for (let waited = 0; ; waited += 500) {
    if (await probe()) return;
    if (waited > 30_000) throw new Error(`the page never showed ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.reload({ waitUntil: 'networkidle' });
  }
}

const endpoints = () =>
  call<{ data: { id: string; url: string; enabled: boolean }[] }>('GET', '/v1/webhook-endpoints', {
    token: owner.token,
  });

async function buyOne() {
  const held = await call<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders`,
    {
      body: { buyer: { name: 'Kofi Mensah', email: 'kofi@example.org' }, tickets: [{ tier_id: tierId, quantity: 1 }] },
    },
  );
  await call('POST', `/v1/public/organizers/${owner.slug}/orders/${held.order.id}/pay?token=${held.access_token}`, {
    body: { method: 'card', card_number: '4242424242424242' },
  });
  return held.order.id;
}

describe('Settings → Webhooks', { timeout: SLOW }, () => {
  let endpointId = '';
  let secret = '';

  it('says on Basic that webhooks come with Pro, and offers nothing to add', async () => {
    const { context, page } = await open('/settings/profile');
    try {
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Webhooks' }).click();
      await page.waitForURL(`${adminUrl}/settings/webhooks`);
      await expect(page.getByTestId('webhooks-plan').innerText()).resolves.toContain(
        'Webhooks come with the Pro and Enterprise plans',
      );
      await expect(page.getByRole('link', { name: 'Add an endpoint' }).count()).resolves.toBe(0);
      await shot(page, 'webhooks-basic');
    } finally {
      await context.close();
    }
    await call('PUT', `/v1/staff/organizers/${owner.organizerId}/plan`, {
      token: staff.token,
      body: { plan: 'pro', reason: 'Pilot of the CRM sync' },
    });
  });

  it("refuses an address on a private network with the API's sentence beside it, keeping what was typed", async () => {
    const { context, page } = await open('/settings/webhooks/new');
    try {
      await page.getByLabel('Address (URL)').fill('http://10.0.0.7/hooks');
      await page.getByLabel('What it is for (optional)').fill('Our CRM');
      await submit(page, 'Add the endpoint');
      await page.locator('#url-error').waitFor();
      await expect(page.locator('#url-error').innerText()).resolves.toBe(
        '10.0.0.7 is a private network address; use a public address.',
      );
      await expect(page.getByLabel('Address (URL)').getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(page.getByLabel('What it is for (optional)').inputValue()).resolves.toBe('Our CRM');
      expect((await endpoints()).data).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('adds an endpoint for chosen changes, shows its secret, and sends a test the SDK verifies', async () => {
    const { context, page } = await open('/settings/webhooks/new');
    try {
      await page.getByLabel('Address (URL)').fill(receiverUrl);
      await page.getByLabel('What it is for (optional)').fill('Our CRM');
      await page.getByRole('checkbox', { name: /^order\.paid / }).check();
      await page.getByRole('checkbox', { name: /^ticket\.checked_in / }).check();
      await shot(page, 'webhooks-new');
      await submit(page, 'Add the endpoint');
      await page.getByText('Endpoint added.').waitFor();
      endpointId = page.url().split('/settings/webhooks/')[1]?.split('?')[0] ?? '';
      secret = await page.getByLabel('Secret', { exact: true }).inputValue();
      expect(secret).toMatch(/^whsec_/);
      await expect(page.getByText('order.paid, ticket.checked_in').count()).resolves.toBe(1);

      await submit(page, 'Send a test');
      await page.getByText('A test is on its way').waitFor();
      await reloadUntil(
        page,
        async () =>
          (
            await page
              .getByTestId('deliveries')
              .innerText()
              .catch(() => '')
          ).includes('Delivered'),
        'the test delivered',
      );
      const log = await page.getByTestId('deliveries').innerText();
      expect(log).toContain('ping');
      expect(log).toMatch(/1 attempt; latest: 200 in \d+ ms/);
      const ping = received.find((request) => JSON.parse(request.body).type === 'ping') as Received;
      expect(verifyWebhook(ping.body, ping.headers, secret)).toMatchObject({ type: 'ping' });
      await page.locator('main summary').first().click();
      await expect(page.locator('.excerpt').first().innerText()).resolves.toBe('{"received":true}');
      await shot(page, 'webhooks-endpoint');
    } finally {
      await context.close();
    }
  });

  it('shows deliveries that failed, and sends one and then all of them again', async () => {
    answer = 500;
    const first = await buyOne();
    await buyOne();
    const { context, page } = await open(`/settings/webhooks/${endpointId}?status=failed`);
    try {
      await reloadUntil(
        page,
        async () => (await page.locator('.delivery', { hasText: 'Failed' }).count()) === 2,
        'two failed deliveries',
      );
      const log = await page.getByTestId('deliveries').innerText();
      expect(log).toMatch(/3 attempts; latest: 500 in \d+ ms/);
      await page.locator('main summary').first().click();
      await expect(page.locator('.excerpt').first().innerText()).resolves.toBe('{"error":"our database is down"}');
      await shot(page, 'webhooks-failed');

      answer = 200;
      await page
        .getByRole('button', { name: /^Send again chg_/ })
        .first()
        .click();
      await page.waitForURL(/done=redelivered/);
      await page.getByText('The delivery is being sent again').waitFor();
      await page.goto(`${adminUrl}/settings/webhooks/${endpointId}?status=succeeded`, { waitUntil: 'networkidle' });
      await reloadUntil(
        page,
        async () =>
          (
            await page
              .getByTestId('deliveries')
              .innerText()
              .catch(() => '')
          ).includes('order.paid'),
        'the delivery sent again',
      );
      await page.locator('main summary').first().click();
      await expect(page.getByTestId('deliveries').innerText()).resolves.toContain('(sent again by a person)');

      await page.getByLabel('Failed deliveries made since').fill('2020-01-01T00:00');
      await submit(page, 'Send them again');
      await page.getByText('1 failed delivery is being sent again.').waitFor();
      const paid = received.filter((request) => JSON.parse(request.body).type === 'order.paid');
      expect(paid.map((request) => JSON.parse(request.body).data.id)).toContain(first);
    } finally {
      await context.close();
    }
  });

  it('makes a new secret; the old one keeps signing for 24 hours', async () => {
    const { context, page } = await open(`/settings/webhooks/${endpointId}`);
    try {
      await page.getByRole('link', { name: 'Show the secret' }).click();
      await expect(page.getByLabel('Secret', { exact: true }).inputValue()).resolves.toBe(secret);
      await submit(page, 'Make a new secret');
      await page.getByText('New secret made.').waitFor();
      const fresh = await page.getByLabel('Secret', { exact: true }).inputValue();
      expect(fresh).not.toBe(secret);
      await expect(page.getByLabel(/^Previous secret, still signing until/).inputValue()).resolves.toBe(secret);
    } finally {
      await context.close();
    }
  });

  it('turns the endpoint off, and removes it once confirmed', async () => {
    const { context, page } = await open(`/settings/webhooks/${endpointId}/edit`);
    try {
      await page.getByRole('checkbox', { name: /^On: changes are sent to it/ }).uncheck();
      await submit(page, 'Save the endpoint');
      await page.getByText('Endpoint saved.').waitFor();
      await expect(page.getByTestId('endpoint-state').innerText()).resolves.toBe('Off');
      await expect(page.getByText('Turned off by a person.').count()).resolves.toBe(1);
      expect((await endpoints()).data[0]?.enabled).toBe(false);

      await page.goto(`${adminUrl}/settings/webhooks/${endpointId}/edit`, { waitUntil: 'networkidle' });
      await page.getByRole('link', { name: 'Remove this endpoint…' }).click();
      await submit(page, 'Remove the endpoint');
      await page.getByText('Endpoint removed.').waitFor();
      expect((await endpoints()).data).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('fits a phone: the list, the form and an endpoint', async () => {
    const created = await call<{ id: string }>('POST', '/v1/webhook-endpoints', {
      token: owner.token,
      body: { url: receiverUrl, description: 'Accounting' },
    });
    await buyOne();
    for (const path of ['/settings/webhooks', '/settings/webhooks/new', `/settings/webhooks/${created.id}`]) {
      const { context, page } = await open(path, PHONE);
      try {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(0);
        await shot(page, `webhooks-phone${path.replaceAll('/', '-').replace(created.id, 'endpoint')}`);
      } finally {
        await context.close();
      }
    }
    expect(cspViolations).toEqual([]);
  });
});
