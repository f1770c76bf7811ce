/**
 * A buyer's "Continue to payment" sent twice, in a real browser on an organizer's own host name:
 * the buy form carries a key made when the page was shown, the storefront sends it to the API as
 * `Idempotency-Key`, and both submits land on one order, holding the seats once.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, origin, screenshot } from './browser';
import { api, signUpOrganizer } from './organizer';

const slug = `e2e-twice-${randomBytes(3).toString('hex')}`;
const apiUrl = inject('apiUrl');

let browser: Browser;
let page: Page;
let ownerToken: string;
let eventId: string;
let tierId: string;

/** The API, as the organizer's owner. */
function ownerApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  return api<T>(method, path, body, ownerToken);
}

/** The organizer's orders from `email`, as the admin lists them. */
async function ordersOf(email: string) {
  return (await ownerApi<{ data: { id: string }[] }>('GET', `/v1/orders?email=${encodeURIComponent(email)}`)).data;
}

async function seatsTaken(): Promise<number> {
  const event = await ownerApi<{ tiers: { id: string; sold_count: number; held_count: number }[] }>(
    'GET',
    `/v1/events/${eventId}`,
  );
  const tier = event.tiers.find((candidate) => candidate.id === tierId);
  return (tier?.sold_count ?? 0) + (tier?.held_count ?? 0);
}

beforeAll(async () => {
  ({ token: ownerToken } = await signUpOrganizer(apiUrl, {
    email: `owner-${slug}@example.org`,
    password: 'correct horse battery staple',
    display_name: 'Yaw Boateng',
    organizer: { name: 'Accra Friends of Columbus', slug, time_zone: 'America/New_York' },
  }));
  const startsAt = new Date(Date.now() + 15 * 86_400_000);
  const event = await ownerApi<{ id: string; tiers: { id: string }[] }>('POST', '/v1/events', {
    title: { en: 'Highlife Evening' },
    category: 'festival',
    languages: ['en'],
    venue_name: 'Lincoln Theatre',
    city: 'Columbus',
    state: 'OH',
    time_zone: 'America/New_York',
    starts_at: startsAt.toISOString(),
    ends_at: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
    tiers: [{ name: { en: 'General admission' }, price_cents: 3000, quantity: 20, max_per_order: 6 }],
  });
  eventId = event.id;
  tierId = event.tiers[0]?.id ?? '';
  await ownerApi('POST', `/v1/events/${eventId}/publish`);

  browser = await launchBrowser();
  page = await (await browser.newContext({ locale: 'en-US' })).newPage();
});

afterAll(async () => {
  await browser?.close();
});

/**
 * Sends a request the browser made to the storefront from here, as the browser would have, and
 * returns the answer unfollowed. (Playwright's own `route.fetch` cannot resolve the organizers'
 * host names, which only the browser maps to this machine.)
 */
async function sendToServer(
  request: Request,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const target = new URL(request.url());
  const headers = await request.allHeaders();
  const body = request.postDataBuffer() ?? Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port: target.port,
        method: request.method(),
        path: `${target.pathname}${target.search}`,
        headers: { ...headers, host: target.host, 'content-length': String(body.length) },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const answerHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value !== undefined) answerHeaders[name] = Array.isArray(value) ? value.join('\n') : value;
          }
          resolve({ status: incoming.statusCode ?? 502, headers: answerHeaders, body: Buffer.concat(chunks) });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function fillCart(email: string) {
  await page.goto(`${origin(slug)}/events/${eventId}`);
  await page.getByLabel('Quantity: General admission').selectOption('2');
  const checkout = page.locator('#checkout');
  await checkout.getByLabel('Full name').fill('Akosua Mensah');
  await checkout.getByLabel('Email', { exact: true }).fill(email);
  // The quantity asks for the all-in price, which shows above the button: the button has moved
  // once that answer is in, and only then does it stay where the buyer clicks.
  await page.waitForLoadState('networkidle');
}

describe('the buy form sent twice', () => {
  it('holds once when "Continue to payment" is clicked twice on a slow connection', async () => {
    const email = `double-click-${slug}@example.org`;
    const before = await seatsTaken();
    await fillCart(email);
    // A slow connection: each submit reaches the server at once, and the first one's answer does
    // not come back before the buyer clicks again. The browser then gives up the first
    // navigation, but the server has the first submit all the same.
    const submits: string[] = [];
    let secondSent!: () => void;
    const second = new Promise<void>((resolve) => {
      secondSent = resolve;
    });
    const isOrderSubmit = (url: URL) => url.search === '?/order';
    await page.route(isOrderSubmit, async (route) => {
      const n = submits.push(route.request().method());
      if (n === 2) secondSent();
      const answer = await sendToServer(route.request());
      if (n === 1) await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      // The first submit's navigation was given up for the second: nothing is waiting for it.
      await route.fulfill(answer).catch(() => undefined);
    });
    try {
      const button = page.getByRole('button', { name: 'Continue to payment' });
      await button.scrollIntoViewIfNeeded();
      const box = await button.boundingBox();
      if (!box) throw new Error('the button is not on the screen');
      const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
      await page.mouse.click(x, y);
      await expect.poll(() => submits.length).toBe(1);
      // The page is still there, waiting for the answer: the buyer clicks again.
      await page.mouse.click(x, y);
      await expect.poll(() => submits.length).toBe(2);
      await page.waitForURL(/\/orders\/[0-9a-f-]+\?token=/);
    } finally {
      await page.unroute(isOrderSubmit);
    }
    expect(submits).toEqual(['POST', 'POST']);
    await expect(page.locator('.order-head .badge.status').textContent()).resolves.toBe('Awaiting payment');
    await screenshot(page, 'clicked-twice-order');

    const orders = await ordersOf(email);
    expect(orders).toHaveLength(1);
    expect(page.url()).toContain(`/orders/${orders[0]?.id}?`);
    expect(await seatsTaken()).toBe(before + 2);
  });

  it('answers two submits of one form, sent at the same moment, with the same order', async () => {
    const email = `two-submits-${slug}@example.org`;
    const before = await seatsTaken();
    await fillCart(email);
    // Both carry the form as it is, its key included, as the browser would post it twice.
    const locations = await page.evaluate(async () => {
      const form = document.getElementById('checkout') as HTMLFormElement;
      const submit = () =>
        fetch(new URL('?/order', window.location.href), {
          method: 'POST',
          headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
          body: new URLSearchParams([...new FormData(form)].map(([name, value]) => [name, String(value)])),
        }).then(async (response) => (await response.json()) as { type: string; location?: string });
      return Promise.all([submit(), submit()]);
    });
    expect(locations.map((result) => result.type)).toEqual(['redirect', 'redirect']);
    const [first, second] = locations.map((result) => new URL(result.location ?? '', origin(slug)).pathname);
    expect(first).toMatch(/^\/orders\/[0-9a-f-]+$/);
    expect(second).toBe(first);

    const orders = await ordersOf(email);
    expect(orders).toHaveLength(1);
    expect(first).toBe(`/orders/${orders[0]?.id}`);
    expect(await seatsTaken()).toBe(before + 2);
  });

  it('gives a form shown again a key of its own: another purchase is another order', async () => {
    const email = `again-${slug}@example.org`;
    const keys: string[] = [];
    for (let purchase = 0; purchase < 2; purchase++) {
      await fillCart(email);
      keys.push(await page.locator('#checkout input[name="order_key"]').inputValue());
      await page.getByRole('button', { name: 'Continue to payment' }).click();
      await page.waitForURL(/\/orders\/[0-9a-f-]+\?token=/);
    }
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(keys[1]).not.toBe(keys[0]);
    expect(await ordersOf(email)).toHaveLength(2);
  });
});
