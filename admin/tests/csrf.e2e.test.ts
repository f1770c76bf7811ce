/**
 * Form posts from other sites, against a production build of the admin (SvelteKit checks a form
 * post's Origin only there): a page on another port of the same host is the same site, so the
 * browser sends the admin's SameSite=Lax session cookie with its post, as a sibling subdomain's
 * page would in production. SvelteKit must refuse it, and the admin's own pages must still post.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  type AdminStack,
  askToSignUp,
  emailedLink,
  launchChromium,
  shot,
  signIn,
  signUp,
  startAdminStack,
} from './harness';

let stack: AdminStack;
let browser: Browser;
let owner: Account;
let context: BrowserContext;
let attacker: Server;
let attackerUrl: string;
/** What the attacker's page posts: a form to `action`, sent as soon as the page opens. */
let attack = { action: '', fields: {} as Record<string, string> };
let tierId: string;

/** A reservation waiting to be paid in cash, which the admin's order page can cancel. */
async function reservation(): Promise<string> {
  const held = await stack.call<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders`,
    {
      body: {
        buyer: { name: 'Kebede Alemayehu', email: 'kebede@example.org' },
        tickets: [{ tier_id: tierId, quantity: 1 }],
      },
    },
  );
  await stack.call(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders/${held.order.id}/pay?token=${encodeURIComponent(held.access_token)}`,
    {
      body: { method: 'cash' },
    },
  );
  return held.order.id;
}

const orderStatus = async (id: string) =>
  (await stack.call<{ status: string }>('GET', `/v1/orders/${id}`, { token: owner.token })).status;

beforeAll(async () => {
  stack = await startAdminStack();
  owner = await signUp(stack.call, 'Addis Cultural Center', 'Selam Tesfaye');
  const starts = new Date(Date.now() + 10 * 86_400_000);
  const event = await stack.call<{ id: string; tiers: { id: string }[] }>('POST', '/v1/events', {
    token: owner.token,
    body: {
      title: { en: 'Enkutatash Gala' },
      category: 'gala-fundraiser',
      time_zone: 'America/Chicago',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 4 * 3_600_000).toISOString(),
      tiers: [{ name: { en: 'General admission' }, price_cents: 2500, quantity: 100 }],
    },
  });
  tierId = event.tiers[0]?.id ?? '';
  await stack.call('PATCH', '/v1/organizer/checkout-settings', {
    token: owner.token,
    body: { offline_methods: ['cash'] },
  });
  await stack.call('POST', `/v1/events/${event.id}/publish`, { token: owner.token });

  attacker = createServer((_request, response) => {
    const inputs = Object.entries(attack.fields)
      .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
      .join('');
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        `<!doctype html><title>You won a prize</title><form method="POST" action="${attack.action}">${inputs}</form><script>document.forms[0].submit()</script>`,
      );
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;

  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US' });
  // Signing in is itself a form post from the admin's own page.
  await (await signIn(stack.adminUrl, context, owner.email)).close();
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
  await stack?.stop();
}, 60_000);

describe("the admin's form actions, built for production", () => {
  it('refuses a form post from another site, with the session cookie and all, and changes nothing', async () => {
    const orderId = await reservation();
    attack = { action: `${stack.adminUrl}/orders/${orderId}?/cancel`, fields: {} };
    const page = await context.newPage();
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.url().startsWith(`${stack.adminUrl}/orders/${orderId}`)),
      page.goto(attackerUrl),
    ]);
    expect((await answer.request().allHeaders()).cookie ?? '', 'the browser sent the session cookie').toContain(
      'ap_admin_session=',
    );
    expect(answer.status()).toBe(403);
    await expect(page.locator('body').innerText()).resolves.toContain('Cross-site POST form submissions are forbidden');
    await shot(page, 'csrf-refused');
    expect(await orderStatus(orderId)).toBe('pending');

    // Signing out from another site is refused too: the admin still knows the owner.
    attack = { action: `${stack.adminUrl}/sign-out`, fields: {} };
    const signOut = await Promise.all([
      page.waitForResponse((response) => response.url() === `${stack.adminUrl}/sign-out`),
      page.goto(attackerUrl),
    ]);
    expect(signOut[0].status()).toBe(403);
    await page.goto(`${stack.adminUrl}/`);
    await expect(page.locator('.account').innerText()).resolves.toContain('Selam Tesfaye');
    await page.close();
  });

  it("takes the sign-up link page's own post, though its address carries a token", async () => {
    const newcomer = await askToSignUp(stack.call, 'Harlem Griot Society', 'Amina Diallo');
    const link = await emailedLink(stack.call, newcomer.email, '/confirm-sign-up');
    const fresh = await browser.newContext({ locale: 'en-US' });
    try {
      const page = await fresh.newPage();
      await page.goto(link.href, { waitUntil: 'networkidle' });
      await Promise.all([
        page.waitForURL(`${stack.adminUrl}/`),
        page.getByRole('button', { name: 'Create my account' }).click(),
      ]);
      await expect(page.locator('.account').innerText()).resolves.toContain('Amina Diallo');
    } finally {
      await fresh.close();
    }
  });

  it('takes the same post from its own page', async () => {
    const orderId = await reservation();
    const page = await context.newPage();
    await page.goto(`${stack.adminUrl}/orders/${orderId}`, { waitUntil: 'networkidle' });
    await Promise.all([
      page.waitForURL(`${stack.adminUrl}/orders/${orderId}?done=cancelled`),
      page.evaluate((action) => {
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = action;
        document.body.append(form);
        form.submit();
      }, `/orders/${orderId}?/cancel`),
    ]);
    expect(await orderStatus(orderId)).toBe('cancelled');
    await page.close();
  });
});
