/**
 * The organizer portal in a real browser: the API (embedded PostgreSQL) and the admin's server
 * run as they do under `pnpm start`, the organizer and their sales are made through the API as a
 * buyer would make them, and Chromium works the door, the orders and the waitlist.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tabTo } from '../../scripts/e2e-keyboard';
import {
  type Account,
  type AdminStack,
  askToSignUp,
  type Call,
  emailedLink,
  launchChromium,
  PASSWORD,
  PHONE,
  type SignedInState,
  shot,
  signIn as signInAt,
  signUp,
  startAdminStack,
  watchCsp,
} from './harness';

const CARD_OK = '4242424242424242';

let stack: AdminStack;
let apiUrl: string;
let adminUrl: string;
let call: Call;
let browser: Browser;

interface Ticket {
  id: string;
  code: string;
  /** Grouped, as printed under the QR code: `7KQ4-M2XD-9P`. */
  short_code: string;
  attendee_name: string;
}

interface Sale {
  orderId: string;
  number: string;
  email: string;
  accessToken: string;
  tickets: Ticket[];
}

/** Buys and pays by test card through the public checkout, as a buyer on the storefront does. */
async function buy(slug: string, tierId: string, buyer: string, attendees: string[]): Promise<Sale> {
  const email = `${buyer.split(' ')[0]?.toLowerCase()}-${randomBytes(3).toString('hex')}@example.org`;
  const held = await call<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${slug}/orders`,
    {
      body: {
        buyer: { name: buyer, email },
        tickets: [{ tier_id: tierId, quantity: attendees.length, attendee_names: attendees }],
      },
    },
  );
  const paid = await call<{ order: { id: string; number: string; status: string; tickets: Ticket[] } }>(
    'POST',
    `/v1/public/organizers/${slug}/orders/${held.order.id}/pay?token=${encodeURIComponent(held.access_token)}`,
    { body: { method: 'card', card_number: CARD_OK } },
  );
  expect(paid.order.status).toBe('paid');
  return {
    orderId: paid.order.id,
    number: paid.order.number,
    email,
    accessToken: held.access_token,
    tickets: paid.order.tickets,
  };
}

/** Holds tickets and chooses to pay in person: the order waits for staff to mark it paid. */
async function reserve(slug: string, tierId: string, buyer: string, payment: Record<string, string>) {
  const email = `${buyer.split(' ')[0]?.toLowerCase()}-${randomBytes(3).toString('hex')}@example.org`;
  const held = await call<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${slug}/orders`,
    { body: { buyer: { name: buyer, email }, tickets: [{ tier_id: tierId, quantity: 1 }] } },
  );
  const reserved = await call<{ order: { id: string; status: string } }>(
    'POST',
    `/v1/public/organizers/${slug}/orders/${held.order.id}/pay?token=${encodeURIComponent(held.access_token)}`,
    { body: payment },
  );
  expect(reserved.order.status).toBe('pending');
  return reserved.order.id;
}

let owner: Account;
let cashOrderId: string;
let partnerOrderId: string;
/** The owner's signed-in browser state: sign-in attempts are limited, so the owner signs in once. */
let ownerState: SignedInState;
let eventId: string;
let frontRowTierId: string;
let generalTierId: string;
let family: Sale;
let walkIn: Sale;
const ticketOf = (sale: Sale, name: string) => {
  const ticket = sale.tickets.find((candidate) => candidate.attendee_name === name);
  if (!ticket) throw new Error(`no ticket for ${name}`);
  return ticket;
};

const signIn = (context: BrowserContext, email: string) => signInAt(adminUrl, context, email);

beforeAll(async () => {
  stack = await startAdminStack();
  ({ apiUrl, adminUrl, call } = stack);

  owner = await signUp(call, 'Addis Cultural Center', 'Selam Tesfaye');
  const starts = new Date(Date.now() + 10 * 86_400_000);
  const created = await call<{ id: string; tiers: { id: string; position: number }[] }>('POST', '/v1/events', {
    token: owner.token,
    body: {
      title: { en: 'Enkutatash Gala' },
      category: 'gala-fundraiser',
      time_zone: 'America/Chicago',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 4 * 3_600_000).toISOString(),
      tiers: [
        { name: { en: 'General admission' }, price_cents: 2500, quantity: 100, position: 0 },
        { name: { en: 'Front row' }, price_cents: 9000, quantity: 1, position: 1 },
      ],
    },
  });
  eventId = created.id;
  await call('PATCH', '/v1/organizer/checkout-settings', {
    token: owner.token,
    body: { offline_methods: ['cash', 'partner'], community_partners: ['St. Mary Church'] },
  });
  await call('POST', `/v1/events/${eventId}/publish`, { token: owner.token });
  const [general, frontRow] = [...created.tiers].sort((a, b) => a.position - b.position);
  if (!general || !frontRow) throw new Error('the event has no tiers');
  frontRowTierId = frontRow.id;
  generalTierId = general.id;
  family = await buy(owner.slug, general.id, 'Hana Tesfaye', ['Hana Tesfaye', 'Dawit Bekele', 'Selam Girma']);
  walkIn = await buy(owner.slug, general.id, 'Meron Alemu', ['Meron Alemu']);
  cashOrderId = await reserve(owner.slug, general.id, 'Kebede Alemayehu', { method: 'cash' });
  partnerOrderId = await reserve(owner.slug, general.id, 'Almaz Ayana', {
    method: 'partner',
    partner: 'St. Mary Church',
  });
  // The front row sells out, and two people join its waitlist.
  await buy(owner.slug, frontRow.id, 'Tigist Worku', ['Tigist Worku']);
  for (const name of ['Abebe Kebede', 'Liya Haile']) {
    await call('POST', `/v1/public/organizers/${owner.slug}/waitlist`, {
      body: { tier_id: frontRow.id, name, email: `${name.split(' ')[0]?.toLowerCase()}@example.org`, quantity: 1 },
    });
  }

  browser = await launchChromium();
  const first = await browser.newContext({ ...PHONE, locale: 'en-US' });
  const page = await signIn(first, owner.email);
  await shot(page, 'dashboard-phone');
  ownerState = await first.storageState();
  await first.close();
}, 240_000);

/** A browser context signed in as the owner. */
async function asOwner(options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options, storageState: ownerState });
  const page = await context.newPage();
  await page.goto(`${adminUrl}/`, { waitUntil: 'networkidle' });
  return { context, page };
}

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

describe('check-in at the door, on a phone', () => {
  let context: BrowserContext;
  let page: Page;
  const verdict = () => page.getByTestId('scan-result');
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ({ context, page } = await asOwner(PHONE));
    watchCsp(page, cspViolations);
    if (process.env.E2E_VERBOSE) {
      page.on('console', (message) => console.log(`[browser] ${message.text()}`));
      page.on('pageerror', (error) => console.log(`[pageerror] ${error.message}`));
      page.on('framenavigated', (frame) => console.log(`[navigated] ${frame.url()}`));
    }
  }, 60_000);
  afterAll(() => context?.close());

  async function scan(code: string, tone: 'admitted' | 'already' | 'refused' | 'order') {
    // The answer before this one, which the new answer replaces even when it says the same.
    const previous = await page.$('[data-testid="scan-result"]');
    await page.getByLabel('Ticket code', { exact: true }).fill(code);
    await page.getByLabel('Ticket code', { exact: true }).press('Enter');
    await previous?.waitForElementState('hidden');
    await page.locator(`[data-testid="scan-result"].${tone}`).waitFor();
    return (await verdict().innerText()).replace(/\s+/g, ' ');
  }

  it('opens from the event list, with a device named by the staff', async () => {
    await page.getByRole('link', { name: 'Check-in' }).first().click();
    await page.waitForURL(`${adminUrl}/events/${eventId}/check-in`);
    // The camera button is added once the page's script runs.
    await page.getByRole('button', { name: 'Scan with camera' }).waitFor();
    await expect(page.locator('.count-line').innerText()).resolves.toMatch(/0 \/ 5\s+checked in/);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('code');

    await page.getByText('This device:').click();
    await page.getByLabel('Device name').fill('Door 2 – test phone');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Saved.').waitFor();
    const stored = await page.evaluate(() => localStorage.getItem('accessplus.door-device'));
    expect(JSON.parse(stored ?? '{}')).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{8}$/),
      name: 'Door 2 – test phone',
    });
    await shot(page, 'check-in-phone-empty');
  });

  it('admits a ticket once, then says when and by which device it was checked in', async () => {
    const hana = ticketOf(family, 'Hana Tesfaye');
    const first = await scan(hana.code, 'admitted');
    expect(first).toContain('ADMITTED');
    expect(first).toContain('Hana Tesfaye');
    expect(first).toContain('General admission');
    await expect(page.locator('.count-line').innerText()).resolves.toMatch(/1 \/ 5/);
    await shot(page, 'check-in-phone-admitted');

    const second = await scan(hana.code, 'already');
    expect(second).toContain('ALREADY CHECKED IN');
    expect(second).toMatch(/First checked in at \d{1,2}:\d{2}\s[AP]M by Door 2 – test phone · [0-9a-f]{8}/u);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('code');
    await shot(page, 'check-in-phone-already');
  });

  it('refuses a forged code with the reason', async () => {
    const [prefix, kid, payload, signature] = ticketOf(family, 'Dawit Bekele').code.split('.');
    const forged = [prefix, kid, payload, `${signature?.startsWith('A') ? 'B' : 'A'}${signature?.slice(1)}`].join('.');
    const text = await scan(forged, 'refused');
    expect(text).toContain('REFUSED');
    expect(text).toContain('Not a valid ticket code');
    await shot(page, 'check-in-phone-refused');
    const log = await page.locator('.log').innerText();
    expect(log).toMatch(/Refused: not a valid ticket code/);
    expect(log).toMatch(/Already checked in/);
  });

  it('finds an attendee by name and undoes a mistaken admission', async () => {
    await page.getByLabel('Name, email, order number or ticket code').fill('Hana');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const row = page.locator('.attendee', { hasText: 'Hana Tesfaye' });
    await row.getByText(/Checked in .* Door 2 – test phone/).waitFor();
    await shot(page, 'check-in-phone-search');
    await row.getByRole('button', { name: 'Undo check-in of Hana Tesfaye' }).click();
    await page.getByText('Check-in undone for Hana Tesfaye.').waitFor();
    await row.getByText('Not checked in').waitFor();
    await expect(page.locator('.count-line').innerText()).resolves.toMatch(/0 \/ 5/);
    const summary = await call<{ checked_in: number }>('GET', `/v1/events/${eventId}/check-ins/summary`, {
      token: owner.token,
    });
    expect(summary.checked_in).toBe(0);

    // Checked in again by hand, from the same search.
    await row.getByRole('button', { name: 'Check in Hana Tesfaye' }).click();
    await page.locator('[data-testid="scan-result"].admitted').waitFor();
    await row.getByText(/Checked in/).waitFor();
  });

  it('reads the QR code with the camera', async () => {
    const selam = ticketOf(family, 'Selam Girma');
    const svg = await (
      await fetch(
        `${apiUrl}/v1/public/organizers/${owner.slug}/orders/${family.orderId}/tickets/${selam.id}/qr.svg?token=${encodeURIComponent(family.accessToken)}`,
      )
    ).text();
    const camera = await browser.newContext({ ...PHONE, locale: 'en-US', storageState: ownerState });
    try {
      // The "camera" films the ticket's QR code as printed from the buyer's order.
      await camera.addInitScript(
        (image: string) => {
          navigator.mediaDevices.getUserMedia = async () => {
            const canvas = document.createElement('canvas');
            canvas.width = 640;
            canvas.height = 480;
            const context = canvas.getContext('2d') as CanvasRenderingContext2D;
            const qr = new Image();
            qr.src = image;
            await qr.decode();
            const draw = () => {
              context.fillStyle = '#fff';
              context.fillRect(0, 0, 640, 480);
              context.drawImage(qr, 150, 70, 340, 340);
            };
            draw();
            setInterval(draw, 100);
            return canvas.captureStream(10);
          };
        },
        `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      );
      const door = await camera.newPage();
      watchCsp(door, cspViolations);
      const response = await door.goto(`${adminUrl}/events/${eventId}/check-in`);
      const headers = response?.headers() ?? {};
      expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^';]+';/);
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['referrer-policy']).toBe('same-origin');
      await door.getByRole('button', { name: 'Scan with camera' }).click();
      await door.locator('[data-testid="scan-result"].admitted').waitFor({ timeout: 15_000 });
      await expect(door.getByTestId('scan-result').innerText()).resolves.toContain('Selam Girma');
      await shot(door, 'check-in-phone-camera');
    } finally {
      await camera.close();
    }
  });

  it('admits a ticket by its short code typed in small letters without dashes, and refuses it the second time', async () => {
    await expect(page.locator('#code-hint').innerText()).resolves.toMatch(
      /type the code under it, like 7KQ4-M2XD-9P \(small letters and no dashes are fine\), and press Enter\./,
    );
    const dawit = ticketOf(family, 'Dawit Bekele');
    expect(dawit.short_code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    const typed = dawit.short_code.replaceAll('-', '').toLowerCase();
    const first = await scan(typed, 'admitted');
    expect(first).toContain('ADMITTED');
    expect(first).toContain('Dawit Bekele');
    expect(first).toContain(`order ${family.number} · ticket ${dawit.short_code}`);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('code');
    console.info(
      `Door page, a short code typed and admitted: ${await shot(page, 'check-in-phone-short-code-admitted')}`,
    );

    const second = await scan(dawit.short_code, 'already');
    expect(second).toContain('ALREADY CHECKED IN');
    expect(second).toContain('Dawit Bekele');
    expect(second).toMatch(/First checked in at \d{1,2}:\d{2}\s[AP]M by Door 2 – test phone/u);
    console.info(`Door page, the same code typed again: ${await shot(page, 'check-in-phone-short-code-already')}`);
    const log = await page.locator('.log').innerText();
    expect(log).toMatch(/Admitted · Dawit Bekele/);

    // A mistyped code says so, and shows the code it read.
    const wrong = `${typed.slice(0, 9)}${typed.endsWith('z') ? 'y' : 'z'}`;
    const refused = await scan(wrong, 'refused');
    expect(refused).toContain('No such ticket');
    expect(refused).toContain('No ticket of yours has the code');
  });

  it("answers an order number with the order's tickets, to check each person in with one tap", async () => {
    const group = await buy(owner.slug, generalTierId, 'Almaz Worku', ['Almaz Worku', 'Dawit Worku']);
    const text = await scan(group.number.toLowerCase(), 'order');
    expect(text).toContain('ORDER NUMBER');
    expect(text).toContain('This is the order number of Almaz Worku, not a ticket code.');
    expect(text).not.toMatch(/not a valid ticket code/i);
    const panel = page.getByTestId('order-at-door');
    await expect(panel.locator('h2').innerText()).resolves.toBe(`Order ${group.number} · Almaz Worku`);
    for (const ticket of group.tickets) {
      const row = panel.locator('.attendee', { hasText: ticket.attendee_name });
      await expect(row.innerText()).resolves.toContain(ticket.short_code);
      await row.getByText('Not checked in').waitFor();
    }
    console.info(`Door page, an order number typed: ${await shot(page, 'check-in-phone-order-number')}`);

    // The list is in view, the keyboard closed, to tap through the group.
    await expect(page.evaluate(() => document.activeElement?.id ?? '')).resolves.not.toBe('code');
    await expect(panel.getByRole('button', { name: 'Check in Almaz Worku' }).isVisible()).resolves.toBe(true);
    const box = await panel.getByRole('button', { name: 'Check in Dawit Worku' }).boundingBox();
    expect((box?.y ?? Number.POSITIVE_INFINITY) + (box?.height ?? 0)).toBeLessThanOrEqual(PHONE.viewport.height);

    await panel.getByRole('button', { name: 'Check in Almaz Worku' }).click();
    await page.locator('[data-testid="scan-result"].admitted', { hasText: 'Almaz Worku' }).waitFor();
    await panel.locator('.attendee', { hasText: 'Almaz Worku' }).getByText('ADMITTED').waitFor();
    // The order stays listed, for the next person of the group.
    await panel
      .locator('.attendee', { hasText: 'Almaz Worku' })
      .getByText(/Checked in at/)
      .waitFor();
    await panel.getByRole('button', { name: 'Check in Dawit Worku' }).click();
    await page.locator('[data-testid="scan-result"].admitted', { hasText: 'Dawit Worku' }).waitFor();
    await panel
      .locator('.attendee', { hasText: 'Dawit Worku' })
      .getByText(/Checked in at/)
      .waitFor();
    await expect(panel.getByRole('button', { name: /^Check in / }).count()).resolves.toBe(0);
    console.info(`Door page, an order's tickets checked in: ${await shot(page, 'check-in-phone-order-admitted')}`);
  });

  it('finds a ticket by its short code in the attendee search', async () => {
    const meron = ticketOf(walkIn, 'Meron Alemu');
    await page.getByLabel('Name, email, order number or ticket code').fill(meron.short_code.toLowerCase());
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const row = page.locator('.attendee', { hasText: 'Meron Alemu' });
    await expect(row.innerText()).resolves.toContain(meron.short_code);
    await expect(page.locator('.side-column .attendee').count()).resolves.toBe(1);
  });

  it('met nothing its content security policy refused, camera scanner included', () => {
    expect(cspViolations).toEqual([]);
  });
});

describe('orders', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await asOwner({ viewport: { width: 1280, height: 900 } }));
  }, 60_000);
  afterAll(() => context?.close());

  it('finds an order by the buyer email and refunds one ticket after a confirmation', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
    await page.waitForURL(`${adminUrl}/orders`);
    // Typing before the page's script has started would be undone as it starts.
    await page.waitForLoadState('networkidle');
    // The five sales made first, and the group checked in at the door by its order number.
    await expect(page.locator('tbody tr').count()).resolves.toBe(6);
    await page.getByLabel('Event').selectOption(eventId);
    await page.getByLabel('Buyer email').fill(family.email);
    await page.getByRole('button', { name: 'Show orders' }).click();
    await page.waitForURL(/email=/);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    const row = await page.locator('tbody tr').innerText();
    expect(row).toContain('Hana Tesfaye');
    expect(row).toContain('TEST MODE');
    expect(row).toMatch(/\$\d+\.\d{2}/);
    await shot(page, 'orders-list');

    await page.getByRole('link', { name: `#${family.number}` }).click();
    await page.waitForURL(`${adminUrl}/orders/${family.orderId}`);
    await expect(page.getByTestId('order-status').innerText()).resolves.toBe('Paid');
    await page.getByText('TEST MODE').first().waitFor();
    // Each ticket with the code printed under its QR code, which the buyer may read out on the phone.
    for (const ticket of family.tickets) {
      const ticketRow = page.getByTestId('ticket-row').filter({ hasText: ticket.attendee_name });
      await expect(ticketRow.innerText()).resolves.toContain(ticket.short_code);
    }
    await page.getByLabel('Refund the ticket of Dawit Bekele').check();
    await page.getByRole('button', { name: 'Refund chosen tickets…' }).click();
    await page.getByRole('heading', { name: 'Refund 1 ticket?' }).waitFor();
    const confirmation = await page.locator('.confirm').innerText();
    expect(confirmation).toContain('Dawit Bekele');
    expect(confirmation).toMatch(/\$\d+\.\d{2} goes back to Hana Tesfaye/);
    await shot(page, 'order-refund-confirm');

    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await page.waitForURL(/done=refunded/);
    await expect(page.getByTestId('order-status').innerText()).resolves.toBe('Partly refunded');
    const dawit = page.getByTestId('ticket-row').filter({ hasText: 'Dawit Bekele' });
    await expect(dawit.innerText()).resolves.toContain('Refunded');
    await expect(page.getByTestId('ticket-row').filter({ hasText: 'Selam Girma' }).innerText()).resolves.toContain(
      'Checked in',
    );
    await shot(page, 'order-refunded');

    const order = await call<{ status: string; tickets: { attendee_name: string; status: string }[] }>(
      'GET',
      `/v1/orders/${family.orderId}`,
      { token: owner.token },
    );
    expect(order.status).toBe('partially_refunded');
    expect(order.tickets.find((ticket) => ticket.attendee_name === 'Dawit Bekele')?.status).toBe('revoked');
  });

  it('shows the API sentence next to a refund that another tab already made', async () => {
    const selam = ticketOf(family, 'Selam Girma');
    await page.goto(`${adminUrl}/orders/${family.orderId}?review=refund&ticket=${selam.id}`, {
      waitUntil: 'networkidle',
    });
    await page.getByRole('heading', { name: 'Refund 1 ticket?' }).waitFor();
    // Meanwhile someone else refunds the same ticket.
    await call('POST', `/v1/orders/${family.orderId}/refunds`, {
      token: owner.token,
      body: { ticket_ids: [selam.id] },
    });
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    const problem = page.locator('.confirm [role="alert"]');
    await problem.waitFor();
    await expect(problem.innerText()).resolves.toMatch(/not a valid ticket of this order/);
    await shot(page, 'order-refund-conflict');
  });

  it('refunds a donation on its own, and an order that is only a donation as a whole', async () => {
    const starts = new Date(Date.now() + 12 * 86_400_000);
    const appeal = await call<{ id: string; tiers: { id: string }[] }>('POST', '/v1/events', {
      token: owner.token,
      body: {
        title: { en: 'Library building appeal' },
        category: 'gala-fundraiser',
        time_zone: 'America/Chicago',
        starts_at: starts.toISOString(),
        ends_at: new Date(starts.getTime() + 3 * 3_600_000).toISOString(),
        donations_enabled: true,
        tiers: [{ name: { en: 'Dinner' }, price_cents: 4000, quantity: 50 }],
      },
    });
    await call('POST', `/v1/events/${appeal.id}/publish`, { token: owner.token });
    const give = async (cart: Record<string, unknown>) => {
      const held = await call<{ order: { id: string }; access_token: string }>(
        'POST',
        `/v1/public/organizers/${owner.slug}/orders`,
        {
          body: {
            buyer: { name: 'Yonas Girma', email: `yonas-${randomBytes(3).toString('hex')}@example.org` },
            ...cart,
          },
        },
      );
      await call(
        'POST',
        `/v1/public/organizers/${owner.slug}/orders/${held.order.id}/pay?token=${encodeURIComponent(held.access_token)}`,
        {
          body: { method: 'card', card_number: CARD_OK },
        },
      );
      return held.order.id;
    };
    const gift = { event_id: appeal.id, amount_cents: 1500 };
    const dinner = await give({ tickets: [{ tier_id: appeal.tiers[0]?.id, quantity: 1 }], donations: [gift] });
    const giftOnly = await give({ donations: [{ ...gift, amount_cents: 2000 }] });

    await page.goto(`${adminUrl}/orders/${dinner}`, { waitUntil: 'networkidle' });
    await page.getByLabel('Refund the donation').check();
    await page.getByRole('button', { name: 'Refund chosen items…' }).click();
    await page.getByRole('heading', { name: 'Refund the donation?' }).waitFor();
    const confirmation = await page.locator('.confirm').innerText();
    expect(confirmation).toContain('$15.00 goes back to Yonas Girma');
    expect(confirmation).not.toContain('seats go back on sale');
    await shot(page, 'order-refund-donation-confirm');
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await page.waitForURL(/done=refunded/);
    await expect(page.getByTestId('order-status').innerText()).resolves.toBe('Partly refunded');
    await expect(page.locator('.data-table').first().innerText()).resolves.toContain('1 refunded ($15.00)');
    await expect(page.getByTestId('ticket-row').innerText()).resolves.toContain('Valid');
    await shot(page, 'order-refunded-donation');

    await page.goto(`${adminUrl}/orders/${giftOnly}`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Refund the whole order…' }).click();
    await page.getByRole('heading', { name: 'Refund the whole order?' }).waitFor();
    await expect(page.locator('.confirm').innerText()).resolves.toContain('$20.00 goes back to Yonas Girma');
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await page.waitForURL(/done=refunded/);
    await expect(page.getByTestId('order-status').innerText()).resolves.toBe('Refunded');
    const orders = await Promise.all(
      [dinner, giftOnly].map((id) =>
        call<{ refunded_cents: number; total_cents: number }>('GET', `/v1/orders/${id}`, { token: owner.token }),
      ),
    );
    expect(orders.map((order) => order.refunded_cents)).toEqual([1500, 2000]);
  });
});

describe('customers', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await asOwner({ viewport: { width: 1280, height: 900 } }));
    // A buyer signs in at the store with the emailed link, which makes the account.
    await call('POST', `/v1/public/organizers/${owner.slug}/customer/sign-in-links`, {
      body: { email: family.email },
      expected: [202],
    });
    const link = await emailedLink(call, family.email, '/account/sign-in');
    await call('POST', `/v1/public/organizers/${owner.slug}/customer/sessions`, {
      body: { token: link.searchParams.get('token') },
    });
  }, 60_000);
  afterAll(() => context?.close());

  it('lists the accounts buyers made, finds one by email and opens its orders', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await page.waitForURL(`${adminUrl}/customers`);
    await page.waitForLoadState('networkidle');
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    await page.getByLabel('Email').fill(family.email.toUpperCase());
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForURL(/email=/);
    const row = await page.locator('tbody tr').innerText();
    expect(row).toContain(family.email);
    expect(row).toContain('English');
    await shot(page, 'customers');

    await page.getByRole('link', { name: `Orders of ${family.email}` }).click();
    await page.waitForURL(/\/orders\?email=/);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await expect(page.locator('tbody tr').innerText()).resolves.toContain(`#${family.number}`);
  });
});

describe('orders paid in person', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await asOwner({ viewport: { width: 1280, height: 900 } }));
  }, 60_000);
  afterAll(() => context?.close());

  it('records a cash payment with its receipt number', async () => {
    await page.goto(`${adminUrl}/orders/${cashOrderId}`, { waitUntil: 'networkidle' });
    await expect(page.getByTestId('order-status').innerText()).resolves.toBe('Awaiting payment');
    await expect(page.locator('.facts').innerText()).resolves.toContain('Cash at the door');
    await page.getByLabel('Receipt number, or who took the money').fill('R-0042, Selam at the door');
    await page.getByRole('button', { name: 'Mark paid' }).click();
    await page.waitForURL(/done=paid/);
    await expect(page.getByTestId('order-status').innerText()).resolves.toBe('Paid');
    await expect(page.locator('.facts').innerText()).resolves.toContain('R-0042, Selam at the door');
    await expect(page.getByTestId('ticket-row').count()).resolves.toBe(1);
  });

  it('cancels a partner reservation nobody will pay, after a confirmation', async () => {
    await page.goto(`${adminUrl}/orders/${partnerOrderId}`, { waitUntil: 'networkidle' });
    await expect(page.locator('.facts').innerText()).resolves.toContain('Community partner: St. Mary Church');
    await page.getByRole('link', { name: 'Cancel order…' }).click();
    await page.getByRole('button', { name: 'Confirm cancellation' }).click();
    await page.waitForURL(/done=cancelled/);
    await expect(page.getByTestId('order-status').innerText()).resolves.toBe('Cancelled');
    await expect(page.getByRole('button', { name: 'Mark paid' }).count()).resolves.toBe(0);
    await shot(page, 'order-cancelled');
  });
});

describe('the waitlist', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await asOwner({ viewport: { width: 1280, height: 900 } }));
  }, 60_000);
  afterAll(() => context?.close());

  it('moves someone up the line and pauses a tier', async () => {
    await page.goto(`${adminUrl}/events/${eventId}/waitlist`, { waitUntil: 'networkidle' });
    const frontRow = page.locator('section.tier', { hasText: 'Front row' });
    const names = () => frontRow.locator('tbody th').allInnerTexts();
    await expect(names()).resolves.toEqual(['Abebe Kebede', 'Liya Haile']);

    await frontRow.getByRole('button', { name: 'Move Liya Haile up' }).click();
    await page.getByText('Liya Haile is now number 1 in line.').waitFor();
    await expect(names()).resolves.toEqual(['Liya Haile', 'Abebe Kebede']);

    await frontRow.getByRole('button', { name: 'Pause waitlist for Front row' }).click();
    await frontRow.getByText('Waitlist paused', { exact: true }).waitFor();
    await frontRow.getByRole('button', { name: 'Resume waitlist for Front row' }).waitFor();
    await shot(page, 'waitlist-paused');
    const event = await call<{ tiers: { id: string; waitlist_paused: boolean }[] }>('GET', `/v1/events/${eventId}`, {
      token: owner.token,
    });
    expect(event.tiers.find((tier) => tier.id === frontRowTierId)?.waitlist_paused).toBe(true);
  });

  it('takes someone off the line after a confirmation', async () => {
    const frontRow = page.locator('section.tier', { hasText: 'Front row' });
    await frontRow.getByRole('link', { name: 'Remove Abebe Kebede' }).click();
    await page.getByText('Take Abebe Kebede off the waitlist?').waitFor();
    await page.getByRole('button', { name: 'Remove Abebe Kebede' }).click();
    await page.getByText('Abebe Kebede was taken off the waitlist.').waitFor();
    await expect(frontRow.locator('tbody tr', { hasText: 'Abebe Kebede' }).innerText()).resolves.toContain('Removed');
  });
});

describe('a check-in staff member, without JavaScript', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // Someone with an account of their own joins the team for the door.
    const doorman = await signUp(call, 'Yonas Home Group', 'Yonas Tadesse');
    await call('POST', '/v1/organizer/members', {
      token: owner.token,
      body: { email: doorman.email, role: 'check_in' },
    });
    context = await browser.newContext({ ...PHONE, locale: 'en-US', javaScriptEnabled: false });
    page = await signIn(context, doorman.email);
    const session = (await context.cookies()).find((cookie) => cookie.name === 'ap_admin_session');
    await call('PUT', '/v1/auth/session/organizer', { token: session?.value, body: { organizer: owner.slug } });
    await page.reload();
  }, 60_000);
  afterAll(() => context?.close());

  it('sees only the door: no orders or waitlist links', async () => {
    await expect(page.locator('header').innerText()).resolves.toContain('Check-in staff');
    await expect(page.getByRole('navigation', { name: 'Main' }).count()).resolves.toBe(0);
    // Each event offers the door alone.
    const links = await page.locator('.event-links').allInnerTexts();
    expect(links.length).toBeGreaterThan(0);
    expect(links).toEqual(links.map(() => 'Check-in'));
    await shot(page, 'dashboard-check-in-staff');
  });

  it('is told in a sentence that orders are not for this role', async () => {
    await page.goto(`${adminUrl}/orders`);
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/Only owners, admins, staff .* can see orders/);
  });

  it('checks someone in by hand from the search, which needs no access to orders', async () => {
    const late = await buy(owner.slug, generalTierId, 'Tsion Bekele', ['Tsion Bekele']);
    await page.goto(`${adminUrl}/events/${eventId}/check-in?q=${encodeURIComponent('Tsion')}`);
    const row = page.locator('.attendee', { hasText: 'Tsion Bekele' });
    await expect(row.innerText()).resolves.toContain(late.tickets[0]?.short_code);
    await Promise.all([
      page.waitForURL(/\/check-in/),
      row.getByRole('button', { name: 'Check in Tsion Bekele' }).click(),
    ]);
    await page.locator('[data-testid="scan-result"].admitted').waitFor();
    await expect(page.getByTestId('scan-result').innerText()).resolves.toContain('Tsion Bekele');
  });

  it('scans a ticket with a plain form post', async () => {
    await page.goto(`${adminUrl}/events/${eventId}/check-in`);
    await page.getByLabel('Ticket code', { exact: true }).fill(ticketOf(walkIn, 'Meron Alemu').code);
    await Promise.all([page.waitForURL(/\/check-in/), page.getByLabel('Ticket code', { exact: true }).press('Enter')]);
    await page.locator('[data-testid="scan-result"].admitted').waitFor();
    await expect(page.getByTestId('scan-result').innerText()).resolves.toContain('Meron Alemu');
    await shot(page, 'check-in-phone-no-js');
  });
});

describe('the local mailbox, before signing in', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 60_000);
  afterAll(() => context?.close());

  it("opens a newcomer's sign-up email and creates the account with its link's button", async () => {
    // The API runs as under `pnpm start`: no SMTP_URL, so it keeps the email in its local sink.
    const newcomer = await askToSignUp(call, 'Casa Latina Houston', 'Lucia Ramirez');
    await emailedLink(call, newcomer.email, '/confirm-sign-up');
    await page.goto(`${adminUrl}/sign-in`);
    await page.getByRole('navigation', { name: 'Development' }).getByRole('link', { name: 'Mailbox' }).click();
    await page.waitForURL(`${adminUrl}/dev/mailbox`);

    const mail = page.getByTestId('mail').filter({ hasText: newcomer.email });
    await expect(mail.getByRole('heading').innerText()).resolves.toBe('Finish creating your Access Plus account');
    await expect(mail.locator('.headers').innerText()).resolves.toContain(`"Lucia Ramirez" <${newcomer.email}>`);
    await shot(page, 'dev-mailbox');

    const link = mail.locator('.body a', { hasText: '/confirm-sign-up?token=' });
    await expect(link.getAttribute('href')).resolves.toMatch(new RegExp(`^${adminUrl}/confirm-sign-up\\?token=apn_`));
    await link.click();
    await page.waitForURL(/\/confirm-sign-up\?token=/);
    await page.getByRole('button', { name: 'Create my account' }).waitFor();
    await shot(page, 'confirm-sign-up');
    // Opening the link, as a mail scanner does, created nothing yet.
    await call('POST', '/v1/auth/sign-in', {
      body: { email: newcomer.email, password: PASSWORD },
      expected: [401],
    });

    await Promise.all([
      page.waitForURL(`${adminUrl}/`),
      page.getByRole('button', { name: 'Create my account' }).click(),
    ]);
    await expect(page.locator('.account').innerText()).resolves.toContain('Casa Latina Houston');
    await shot(page, 'signed-up-dashboard');
    const signedIn = await call<{ session: { user: { email_verified: boolean } } }>('POST', '/v1/auth/sign-in', {
      body: { email: newcomer.email, password: PASSWORD },
    });
    expect(signedIn.session.user.email_verified).toBe(true);
  });

  it('lets a newcomer whose address was taken meanwhile choose another, on the same link', async () => {
    const slug = `lagos-to-atlanta-${Date.now().toString(36)}`;
    const late = await askToSignUp(call, 'Lagos to Atlanta', 'Tunde Bakare', slug);
    const early = await askToSignUp(call, 'Lagos to Atlanta', 'Ngozi Eze', slug);
    const earlyLink = await emailedLink(call, early.email, '/confirm-sign-up');
    await call('POST', '/v1/auth/sign-up/confirm', {
      body: { token: earlyLink.searchParams.get('token') },
      expected: [201],
    });

    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const tab = await context.newPage();
      await tab.goto((await emailedLink(call, late.email, '/confirm-sign-up')).href, { waitUntil: 'networkidle' });
      await tab.getByRole('button', { name: 'Create my account' }).click();
      await tab
        .getByRole('alert')
        .filter({ hasText: `"${slug}" was taken` })
        .waitFor();
      await shot(tab, 'confirm-sign-up-slug-taken');
      await tab.getByLabel('Another slug for your organizer').fill(`${slug}-atl`);
      await Promise.all([
        tab.waitForURL(`${adminUrl}/`),
        tab.getByRole('button', { name: 'Create my account' }).click(),
      ]);
      await expect(tab.locator('.account').innerText()).resolves.toContain('Tunde Bakare');
    } finally {
      await context.close();
    }
    const organizer = await call<{ slug: string }>('GET', `/v1/public/organizers/${slug}-atl`);
    expect(organizer.slug).toBe(`${slug}-atl`);
  });
});

describe('the door with the keyboard alone', () => {
  it('reaches the check-in from the event list, admits a ticket by its code and an attendee by name, without a pointer', async () => {
    const starts = new Date(Date.now() + 12 * 86_400_000);
    const night = await call<{ id: string; tiers: { id: string }[] }>('POST', '/v1/events', {
      token: owner.token,
      body: {
        title: { en: 'Timkat Night' },
        category: 'religious-celebration',
        time_zone: 'America/Chicago',
        starts_at: starts.toISOString(),
        ends_at: new Date(starts.getTime() + 3 * 3_600_000).toISOString(),
        tiers: [{ name: { en: 'General admission' }, price_cents: 1500, quantity: 50 }],
      },
    });
    await call('POST', `/v1/events/${night.id}/publish`, { token: owner.token });
    const sale = await buy(owner.slug, night.tiers[0]?.id ?? '', 'Yared Tadesse', [
      'Yared Tadesse',
      'Bethlehem Tadesse',
    ]);
    const { context, page } = await asOwner();
    try {
      await tabTo(page, (element) => element.href === `/events/${night.id}/check-in`);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${adminUrl}/events/${night.id}/check-in`);
      // The code field has the focus as the page opens: a door volunteer types at once.
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('code');
      const yared = ticketOf(sale, 'Yared Tadesse');
      await page.keyboard.type(yared.short_code);
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="scan-result"].admitted').waitFor();
      await expect(page.getByTestId('scan-result').innerText()).resolves.toContain('Yared Tadesse');
      // The verdict is read out to a screen reader as it appears.
      await expect(
        page
          .getByTestId('scan-result')
          .evaluate((element) => element.closest('[aria-live], [role="status"], [role="alert"]') !== null),
      ).resolves.toBe(true);

      await tabTo(page, (element) => element.tag === 'input' && element.name === 'q');
      await page.keyboard.type('Bethlehem');
      await page.keyboard.press('Enter');
      await page.locator('.attendee', { hasText: 'Bethlehem Tadesse' }).waitFor();
      await tabTo(page, (element) => element.label === 'Check in Bethlehem Tadesse');
      await page.keyboard.press('Space');
      await page.locator('[data-testid="scan-result"].admitted').waitFor();
      await page
        .locator('.attendee', { hasText: 'Bethlehem Tadesse' })
        .getByText(/Checked in/)
        .waitFor();
      await shot(page, 'check-in-keyboard-admitted');
      const summary = await call<{ checked_in: number }>('GET', `/v1/events/${night.id}/check-ins/summary`, {
        token: owner.token,
      });
      expect(summary.checked_in).toBe(2);
    } finally {
      await context.close();
    }
  });
});
