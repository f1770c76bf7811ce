/**
 * Form posts from other sites, against a production build of the storefront (SvelteKit checks a
 * form post's Origin only there). The storefront serves every organizer's host, and no ORIGIN is
 * set: each request's own host is its origin, so the check holds on every tenant host and on a
 * custom domain (here, a host outside the base domain served as one organizer) alike. Organizers'
 * hosts are subdomains of one site, so a page on one of them, or on any `*.example.test`, posts to
 * another with that host's SameSite=Lax cookie: SvelteKit must refuse it.
 *
 * As in production, a proxy in front says which scheme the browser used (`PROTOCOL_HEADER`):
 * without it adapter-node takes every request for HTTPS. Here the "proxy" says plain HTTP.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp, freePort, startPnpm, stopPnpm } from '../../scripts/e2e-processes';
import { launchBrowser, screenshot } from './browser';

const apiUrl = inject('apiUrl');
const buildDir = `node_modules/.e2e-build/csrf-${randomBytes(4).toString('hex')}`;
// Seeded on the tests' API, as `pnpm start` seeds them.
const ORGANIZERS = ['addis-cultural-center', 'casa-latina-houston'];
const CUSTOM_DOMAIN = 'tickets.lagos-to-atlanta.org';

let storefront: ChildProcess | undefined;
let port: number;
let attacker: Server;
let attackerPort: number;
let attack = '';
let browser: Browser;
let context: BrowserContext;

const hostOf = (slug: string) => `${slug}.example.test:${port}`;

/** POSTs a form to `host`'s `/account?/signOut` with `origin` (none when null), as a browser would send it. */
function postForm(host: string, origin: string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/account?/signOut',
        headers: {
          host,
          'x-forwarded-proto': 'http',
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
          ...(origin === null ? {} : { origin }),
        },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    sent.on('error', reject);
    sent.end('');
  });
}

beforeAll(async () => {
  port = await freePort();
  storefront = await startPnpm(
    await buildApp('@accessplus/storefront', buildDir),
    {
      API_URL: apiUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      STOREFRONT_BASE_DOMAIN: 'example.test',
      PROTOCOL_HEADER: 'x-forwarded-proto',
      // Any host outside the base domain is this organizer's, as a custom domain is.
      STOREFRONT_ORGANIZER: 'lagos-to-atlanta',
    },
    /Listening on/,
  );
  attacker = createServer((_request, response) => {
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        `<!doctype html><title>Free tickets</title><form method="POST" action="${attack}"></form><script>document.forms[0].submit()</script>`,
      );
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerPort = (attacker.address() as AddressInfo).port;
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'en-US', extraHTTPHeaders: { 'x-forwarded-proto': 'http' } });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
  await stopPnpm(storefront);
  await rm(path.join(import.meta.dirname, '..', buildDir), { recursive: true, force: true });
}, 60_000);

describe("the storefront's form actions, built for production", () => {
  const hosts = () => [...ORGANIZERS.map(hostOf), `${CUSTOM_DOMAIN}:${port}`];

  it.each([0, 1, 2])('take a post from their own host, and refuse one from another site (host %i)', async (index) => {
    const host = hosts()[index] as string;
    expect(await postForm(host, `http://${host}`)).toBe(303);
    for (const other of hosts().filter((candidate) => candidate !== host)) {
      expect(await postForm(host, `http://${other}`), `from ${other}`).toBe(403);
    }
    expect(await postForm(host, `http://evil.example.test:${attackerPort}`)).toBe(403);
    expect(await postForm(host, `https://${host}`)).toBe(403);
    expect(await postForm(host, 'null')).toBe(403);
    expect(await postForm(host, null)).toBe(403);
  });

  it("takes the order page's own post, though its address carries the order's token", async () => {
    const slug = ORGANIZERS[0] as string;
    const events = (await (await fetch(`${apiUrl}/v1/public/events?organizer=${slug}`)).json()) as {
      data: { id: string }[];
    };
    const event = (await (await fetch(`${apiUrl}/v1/public/events/${events.data[0]?.id}`)).json()) as {
      tiers: { id: string }[];
    };
    const held = await fetch(`${apiUrl}/v1/public/organizers/${slug}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        buyer: { name: 'Hana Tesfaye', email: 'hana@example.org' },
        tickets: [{ tier_id: event.tiers[0]?.id, quantity: 1 }],
      }),
    });
    expect(held.status).toBe(201);
    const { order, access_token: token } = (await held.json()) as { order: { id: string }; access_token: string };
    const page = await context.newPage();
    // Once the page's scripts have loaded, so the click is not lost to hydration on a busy machine.
    await page.goto(`http://${hostOf(slug)}/orders/${order.id}?token=${encodeURIComponent(token)}`, {
      waitUntil: 'networkidle',
    });
    const [cancelled] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.getByRole('button', { name: 'Cancel this order' }).click(),
    ]);
    expect(cancelled.status()).not.toBe(403);
    const after = await fetch(
      `${apiUrl}/v1/public/organizers/${slug}/orders/${order.id}?token=${encodeURIComponent(token)}`,
    );
    expect(((await after.json()) as { order: { status: string } }).order.status).toBe('cancelled');
    await page.close();
  });

  it("keeps a signed-in customer signed in when another site's page posts to the sign-out action", async () => {
    const shop = `http://${hostOf(ORGANIZERS[0] as string)}`;
    const email = `amara-${randomBytes(3).toString('hex')}@example.org`;
    const asked = await fetch(`${apiUrl}/v1/public/organizers/${ORGANIZERS[0]}/customer/sign-in-links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    expect(asked.status).toBe(202);
    let token: string | null = null;
    for (let waited = 0; !token; waited += 100) {
      const mailbox = (await (await fetch(`${apiUrl}/v1/dev/mailbox?limit=200`)).json()) as {
        data: { to: string; text: string }[];
      };
      const link = mailbox.data
        .filter((mail) => mail.to === email)
        .flatMap((mail) => [...mail.text.matchAll(/https?:\/\/\S+/g)].map(([href]) => new URL(href)))
        .find((url) => url.pathname === '/account/sign-in');
      token = link?.searchParams.get('token') ?? null;
      if (!token && waited > 30_000) throw new Error(`no sign-in link reached ${email}`);
      if (!token) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const page = await context.newPage();
    await page.goto(`${shop}/account/sign-in?token=${encodeURIComponent(token)}`);
    // The sign-in page's own post: its address carries a token, and the browser must still say
    // where the post comes from.
    await Promise.all([page.waitForURL(`${shop}/account`), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.getByText(email).waitFor();

    attack = `${shop}/account?/signOut`;
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.url() === attack),
      page.goto(`http://evil.example.test:${attackerPort}/`),
    ]);
    expect((await answer.request().allHeaders()).cookie ?? '', 'the browser sent the customer cookie').toContain(
      'ap_customer_session=',
    );
    expect(answer.status()).toBe(403);
    await screenshot(page, 'csrf-refused');
    await page.goto(`${shop}/account`);
    await page.getByText(email).waitFor();

    // From the storefront's own page, the same post signs the customer out.
    await Promise.all([
      page.waitForURL(`${shop}/account/sign-in?signed_out`),
      page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
    await page.goto(`${shop}/account`);
    await page.waitForURL(`${shop}/account/sign-in`);
    await page.close();
  });
});
