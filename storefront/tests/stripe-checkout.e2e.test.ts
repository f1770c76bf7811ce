/**
 * Paying by card through Stripe's Payment Element, in a real browser, against the API that takes
 * cards through Stripe (tests/global-setup.ts). Stripe's side is the harness's local Stripe server
 * (api/src/test/stripe-server.ts), which the API's `stripe` SDK talks to; the browser reaches it
 * as it would reach Stripe: Chromium asks https://js.stripe.com for Stripe.js and gets a small
 * stand-in for it (below), whose card-fields frame comes from js.stripe.com and which confirms
 * the payment at https://api.stripe.com, routed here to the local server. Nothing is injected
 * into the page, so the page's content security policy decides whether any of it may load.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page, Request, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from './browser';
import { apiAt, signUpOrganizer } from './organizer';

const slug = `e2e-stripe-${randomBytes(3).toString('hex')}`;
const apiUrl = inject('stripeApiUrl');
const api = apiAt(apiUrl);
const storefront = `http://${slug}.example.test:${inject('stripeStorefrontPort')}`;
const stripe = inject('stripe');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let tierId: string;
/** What Chromium refused under the pages' content security policy, as it reported it. */
const cspViolations: string[] = [];
/** Paths the browser fetched from js.stripe.com, and the confirmations it sent to api.stripe.com. */
const stripeJsRequests: string[] = [];
const confirmations: { intent: string; paymentMethod: string }[] = [];
/** While set, confirmations wait for it, so a test can see the page while Stripe answers. */
let holdConfirmation: Promise<void> | null = null;

/** The local Stripe server, called with the platform's secret key as the API's SDK calls it. */
function stripeServer(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Response> {
  return fetch(`${stripe.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${stripe.secretKey}`,
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
}

interface BuyerOrder {
  order: {
    id: string;
    number: string;
    status: string;
    total_cents: number;
    payment_method: string | null;
    payment_reference: string | null;
    tickets: { id: string; status: string }[];
  };
  access_token: string;
  payment_action?: { type: string; client_secret: string; publishable_key: string };
}

/** A buyer's order with tickets held, as the event page's "Continue to payment" makes it. */
async function holdTickets(quantity: number): Promise<{ order: BuyerOrder['order']; token: string; url: string }> {
  const held = await api<BuyerOrder>('POST', `/v1/public/organizers/${slug}/orders`, {
    buyer: { name: 'Amara Okafor', email: `amara-${slug}@example.org` },
    tickets: [{ tier_id: tierId, quantity }],
  });
  return {
    order: held.order,
    token: held.access_token,
    url: `${storefront}/orders/${held.order.id}?token=${encodeURIComponent(held.access_token)}`,
  };
}

/** The PaymentIntent the API started for an order: paying by card again answers the same one. */
async function paymentIntentOf(orderId: string, token: string): Promise<{ intent: string; secret: string }> {
  const paying = await api<BuyerOrder>(
    'POST',
    `/v1/public/organizers/${slug}/orders/${orderId}/pay?token=${encodeURIComponent(token)}`,
    { method: 'card' },
  );
  const secret = paying.payment_action?.client_secret ?? '';
  return { intent: secret.split('_secret_')[0] ?? '', secret };
}

/** Where Stripe sends the buyer back: return_url (the order page) with what Stripe adds to it. */
function returnFromStripe(url: string, { intent, secret }: { intent: string; secret: string }, redirectStatus: string) {
  return `${url}&payment_intent=${intent}&payment_intent_client_secret=${secret}&redirect_status=${redirectStatus}`;
}

function buyerOrder(orderId: string, token: string) {
  return api<BuyerOrder>('GET', `/v1/public/organizers/${slug}/orders/${orderId}?token=${encodeURIComponent(token)}`);
}

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

/**
 * Stands in for Stripe.js as @stripe/stripe-js loads it (`window.Stripe`, called with the
 * publishable key, reporting the release it is): `elements({ clientSecret })`, a Payment Element
 * whose card field lives in a frame from js.stripe.com and reports the number to the page as
 * Stripe's frames do (by message), and `confirmPayment`, which confirms at api.stripe.com with the
 * publishable key and client secret and then, as Stripe does, either answers `{ error }` (a
 * decline, an incomplete number) or takes the buyer to return_url with the parameters Stripe adds.
 */
const STRIPE_JS = `(() => {
  const origin = 'https://js.stripe.com';
  function Stripe(key) {
    if (typeof key !== 'string' || !key.startsWith('pk_')) throw new Error('Stripe.js needs a publishable key.');
    let cardNumber = '';
    window.addEventListener('message', (event) => {
      if (event.origin === origin && typeof event.data?.cardNumber === 'string') cardNumber = event.data.cardNumber;
    });
    return {
      elements(options) {
        window.stripeStandIn = { key, elementsOptions: options };
        return {
          clientSecret: options.clientSecret,
          create(type) {
            if (type !== 'payment') throw new Error('The stand-in has the Payment Element only.');
            const handlers = {};
            let frame;
            return {
              on(name, handler) {
                (handlers[name] ??= []).push(handler);
              },
              mount(target) {
                frame = document.createElement('iframe');
                frame.title = 'Secure payment input frame';
                frame.src = origin + '/stand-in/payment-element.html?locale=' + encodeURIComponent(options.locale ?? 'auto');
                frame.style.cssText = 'display:block;width:100%;height:96px;border:0';
                frame.addEventListener('load', () => (handlers.ready ?? []).forEach((handler) => handler({ elementType: 'payment' })));
                (typeof target === 'string' ? document.querySelector(target) : target).append(frame);
              },
              destroy() {
                frame?.remove();
              },
            };
          },
        };
      },
      async confirmPayment({ elements, confirmParams }) {
        const digits = cardNumber.replace(/\\D/g, '');
        if (digits.length < 12) {
          return { error: { type: 'validation_error', code: 'incomplete_number', message: 'Your card number is incomplete.' } };
        }
        const clientSecret = elements.clientSecret;
        const intent = clientSecret.split('_secret_')[0];
        const response = await fetch('https://api.stripe.com/v1/payment_intents/' + intent + '/confirm', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            payment_method: digits === '4000000000000002' ? 'pm_card_chargeDeclined' : 'pm_card_visa',
            key,
            client_secret: clientSecret,
            return_url: confirmParams.return_url,
          }),
        });
        const answer = await response.json();
        if (!response.ok) return { error: answer.error };
        const back = new URL(confirmParams.return_url);
        back.searchParams.set('payment_intent', intent);
        back.searchParams.set('payment_intent_client_secret', clientSecret);
        back.searchParams.set('redirect_status', answer.status === 'succeeded' ? 'succeeded' : answer.status === 'processing' ? 'processing' : 'failed');
        window.location.assign(back.href);
        return new Promise(() => {});
      },
    };
  }
  Stripe.version = 'endive';
  window.Stripe = Stripe;
})();`;

const PAYMENT_ELEMENT_FRAME = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <style>
      body { margin: 0; font: 16px system-ui, sans-serif; color: #1f2937; }
      label { display: block; margin-bottom: 4px; font-weight: 600; }
      input { box-sizing: border-box; width: 100%; max-width: 24rem; padding: 10px; border: 1px solid #d7dbe2; border-radius: 8px; font: inherit; }
    </style>
  </head>
  <body>
    <label for="number">Card number</label>
    <input id="number" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" />
    <script>
      document.getElementById('number').addEventListener('input', (event) => {
        parent.postMessage({ cardNumber: event.target.value }, '*');
      });
    </script>
  </body>
</html>`;

async function serveStripeJs(route: Route) {
  const { pathname } = new URL(route.request().url());
  stripeJsRequests.push(pathname);
  if (pathname.endsWith('/stripe.js')) {
    return route.fulfill({ contentType: 'application/javascript', body: STRIPE_JS });
  }
  if (pathname === '/stand-in/payment-element.html') {
    return route.fulfill({ contentType: 'text/html', body: PAYMENT_ELEMENT_FRAME });
  }
  return route.fulfill({ status: 404, body: '' });
}

/**
 * api.stripe.com as the buyer's browser meets it: Stripe.js confirms a PaymentIntent with the
 * publishable key and the intent's client secret, never the secret key. The route checks both and
 * then has the local Stripe server confirm it, with the secret key it takes.
 */
async function serveStripeApi(route: Route) {
  const request = route.request();
  const cors = { 'access-control-allow-origin': '*', 'content-type': 'application/json' };
  const confirm = /^\/v1\/payment_intents\/([^/]+)\/confirm$/.exec(new URL(request.url()).pathname);
  if (request.method() !== 'POST' || !confirm?.[1]) {
    return route.fulfill({
      status: 404,
      headers: cors,
      body: JSON.stringify({ error: { type: 'invalid_request_error' } }),
    });
  }
  const intent = confirm[1];
  const form = new URLSearchParams(request.postData() ?? '');
  const stored = (await (await stripeServer('GET', `/v1/payment_intents/${intent}`)).json()) as {
    client_secret?: string;
  };
  if (form.get('key') !== stripe.publishableKey || form.get('client_secret') !== stored.client_secret) {
    const error = {
      type: 'invalid_request_error',
      message: 'The client_secret provided does not match this PaymentIntent.',
    };
    return route.fulfill({ status: 400, headers: cors, body: JSON.stringify({ error }) });
  }
  const paymentMethod = form.get('payment_method') ?? '';
  confirmations.push({ intent, paymentMethod });
  await holdConfirmation;
  const response = await route.fetch({
    url: `${stripe.url}/v1/payment_intents/${intent}/confirm`,
    method: 'POST',
    headers: { authorization: `Bearer ${stripe.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    postData: new URLSearchParams({ payment_method: paymentMethod }).toString(),
  });
  return route.fulfill({ status: response.status(), headers: cors, body: await response.text() });
}

beforeAll(async () => {
  const signedUp = await signUpOrganizer(apiUrl, {
    email: `owner-${slug}@example.org`,
    password: 'correct horse battery staple',
    display_name: 'Rosa Delgado',
    organizer: {
      name: 'Casa de la Cumbia',
      slug,
      time_zone: 'America/Chicago',
      default_locale: 'en',
      locales: ['en', 'es'],
    },
  });
  await api('PATCH', '/v1/organizer/checkout-settings', { offline_methods: ['cash'] }, signedUp.token);
  const startsAt = new Date(Date.now() + 30 * 86_400_000);
  startsAt.setUTCHours(1, 0, 0, 0);
  const event = await api<{ id: string; tiers: { id: string }[] }>(
    'POST',
    '/v1/events',
    {
      title: { en: 'Cumbia Under the Stars', es: 'Cumbia bajo las estrellas' },
      description: { en: 'A night of cumbia and vallenato.', es: 'Una noche de cumbia y vallenato.' },
      category: 'festival',
      tags: ['latin'],
      languages: ['es', 'en'],
      venue_name: 'Discovery Green',
      city: 'Houston',
      state: 'TX',
      time_zone: 'America/Chicago',
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
      tiers: [{ name: { en: 'General admission', es: 'Entrada general' }, price_cents: 3000, quantity: 100 }],
    },
    signedUp.token,
  );
  tierId = event.tiers[0]?.id ?? '';
  await api('POST', `/v1/events/${event.id}/publish`, undefined, signedUp.token);

  browser = await launchBrowser();
  context = await buyerContext('en-US');
  page = await context.newPage();
});

/** A buyer's browser whose requests to Stripe reach the stand-in and the local Stripe server. */
async function buyerContext(locale: string): Promise<BrowserContext> {
  const buyer = await browser.newContext({ locale });
  await buyer.route('https://js.stripe.com/**', serveStripeJs);
  await buyer.route('https://api.stripe.com/**', serveStripeApi);
  buyer.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      cspViolations.push(message.text());
    }
  });
  return buyer;
}

afterAll(async () => {
  await browser?.close();
});

const status = () => page.locator('.order-head .badge.status').textContent();
const cardField = () => page.frameLocator('iframe[src^="https://js.stripe.com/"]').getByLabel('Card number');
const payButton = () => page.getByRole('button', { name: /^Pay \$/ });

/**
 * Opens the order, starts paying by card and waits for Stripe's card fields. The hold's countdown
 * appears once the page is live in the browser, so "Pay by card" is then sent by the page itself.
 */
async function openPaymentElement(url: string) {
  await page.goto(url);
  await page.getByRole('timer').waitFor();
  await page.getByRole('button', { name: 'Pay by card' }).click();
  await cardField().waitFor();
  await expect.poll(() => payButton().isEnabled()).toBe(true);
}

/**
 * Presses the Payment Element's pay button and follows Stripe's trip back to the order page;
 * answers the addresses the tab went to on the way (Stripe's frame has its own).
 */
async function payAndReturn(tab: Page, button: Locator): Promise<string[]> {
  const visited: string[] = [];
  const onRequest = (request: Request) => {
    if (request.isNavigationRequest() && request.frame() === tab.mainFrame()) visited.push(request.url());
  };
  tab.on('request', onRequest);
  const arrived = tab.waitForEvent('framenavigated', { predicate: (frame) => frame === tab.mainFrame() });
  await button.click();
  await arrived;
  await tab.waitForLoadState('load');
  tab.off('request', onRequest);
  return visited;
}

describe('paying by card with Stripe', () => {
  it("asks no card number of its own and opens Stripe's Payment Element in the buyer's language and the store's look", async () => {
    const { order, token, url } = await holdTickets(2);
    await page.goto(url);
    await expect(page.locator('.payment h2').textContent()).resolves.toContain('TEST MODE');
    await expect(page.getByLabel('Test card number').count()).resolves.toBe(0);
    await expect(page.locator('iframe').count()).resolves.toBe(0);
    // Paying in person is still offered beside cards.
    await expect(page.locator('input[name="method"][value="cash"]').count()).resolves.toBe(1);

    await page.getByRole('button', { name: 'Pay by card' }).click();
    await cardField().waitFor();
    await expect.poll(() => payButton().textContent()).toBe(`Pay ${money(order.total_cents)}`);
    // The hold's countdown keeps running beside Stripe's fields.
    const countdown = await page.getByRole('timer').textContent();
    expect(countdown).toMatch(/^[\d:]+ left$/);
    await expect.poll(() => page.getByRole('timer').textContent(), { timeout: 3000 }).not.toBe(countdown);
    expect(stripeJsRequests).toContain('/endive/stripe.js');

    // Stripe.js got this order's client secret (the API's PaymentIntent for it), the language
    // and the storefront's colors.
    const options = await page.evaluate(() => (window as unknown as { stripeStandIn: unknown }).stripeStandIn);
    expect(options).toMatchObject({
      key: stripe.publishableKey,
      elementsOptions: {
        clientSecret: (await paymentIntentOf(order.id, token)).secret,
        locale: 'en',
        appearance: { theme: 'stripe', variables: { colorPrimary: '#1d4ed8', colorDanger: '#b42318' } },
      },
    });
    await screenshot(page, 'stripe-01-payment-element');
  });

  it('pays through the Payment Element, comes back to the paid order with its tickets, and the order is paid', async () => {
    const { order, token, url } = await holdTickets(2);
    await openPaymentElement(url);
    await cardField().fill('4242 4242 4242 4242');
    const visited = await payAndReturn(page, payButton());

    // Stripe brought the buyer back with its parameters; the page confirmed and took them off.
    expect(visited).toHaveLength(2);
    const [returned = '', arrived] = visited;
    expect(Object.fromEntries(new URL(returned).searchParams)).toMatchObject({
      token: new URL(url).searchParams.get('token'),
      payment_intent: expect.stringMatching(/^pi_/),
      payment_intent_client_secret: expect.stringMatching(/_secret_/),
      redirect_status: 'succeeded',
    });
    expect(arrived).toBe(url);
    expect(page.url()).toBe(url);
    await expect(status()).resolves.toBe('Paid');
    await expect(page.locator('.ticket').count()).resolves.toBe(2);
    const images = page.locator('.ticket img.qr');
    await expect(images.count()).resolves.toBe(2);
    await images.first().scrollIntoViewIfNeeded();
    await expect
      .poll(() => images.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    await expect(page.locator('iframe').count()).resolves.toBe(0);

    // Paid by the API (no webhook was delivered), with Stripe's PaymentIntent for this order.
    const paid = await buyerOrder(order.id, token);
    expect(paid.order).toMatchObject({ status: 'paid', payment_method: 'stripe' });
    expect(paid.order.tickets).toHaveLength(2);
    const intent = paid.order.payment_reference ?? '';
    expect(confirmations.filter((confirmation) => confirmation.intent === intent)).toEqual([
      { intent, paymentMethod: 'pm_card_visa' },
    ]);
    const stored = (await (await stripeServer('GET', `/v1/payment_intents/${intent}`)).json()) as {
      status: string;
      amount: number;
      metadata: { order_id: string };
    };
    expect(stored).toMatchObject({ status: 'succeeded', amount: order.total_cents, metadata: { order_id: order.id } });
    await screenshot(page, 'stripe-02-paid');
  });

  it("shows Stripe's message when the card is declined, shows progress while Stripe answers, and takes another card", async () => {
    const { order, token, url } = await holdTickets(1);
    await openPaymentElement(url);
    await cardField().fill('4000 0000 0000 0002');
    const paymentPage = page.url();

    let answer = () => {};
    holdConfirmation = new Promise((resolve) => {
      answer = resolve;
    });
    await payButton().click();
    const paying = page.getByRole('button', { name: 'Paying…' });
    await paying.waitFor();
    await expect(paying.isDisabled()).resolves.toBe(true);
    holdConfirmation = null;
    answer();

    const alert = page.locator('.stripe-payment [role="alert"]');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toBe('Your card was declined.');
    await expect(alert.getAttribute('class')).resolves.toMatch(/^alert error\b/);
    expect(page.url()).toBe(paymentPage);
    await expect(payButton().isEnabled()).resolves.toBe(true);
    await expect(buyerOrder(order.id, token).then((current) => current.order.status)).resolves.toBe('pending');
    await screenshot(page, 'stripe-03-declined');

    await cardField().fill('4242 4242 4242 4242');
    await payAndReturn(page, payButton());
    expect(page.url()).toBe(url);
    await expect(status()).resolves.toBe('Paid');
    await expect(page.locator('.ticket').count()).resolves.toBe(1);
    await expect(buyerOrder(order.id, token).then((current) => current.order.status)).resolves.toBe('paid');
  });

  it('says in the buyer’s language when the payment failed at Stripe, once, and lets them try again', async () => {
    const { order, token, url } = await holdTickets(1);
    const spanishBuyer = await buyerContext('es-US');
    const spanish = await spanishBuyer.newPage();
    await spanish.goto(url);
    await spanish.getByRole('button', { name: 'Pagar con tarjeta' }).click();
    await spanish.frameLocator('iframe[src^="https://js.stripe.com/"]').getByLabel('Card number').waitFor();
    const options = await spanish.evaluate(() => (window as unknown as { stripeStandIn: unknown }).stripeStandIn);
    expect(options).toMatchObject({ elementsOptions: { locale: 'es' } });

    // The buyer's bank refused the payment on a page of its own; Stripe sends them back.
    const payment = await paymentIntentOf(order.id, token);
    const declined = await stripeServer('POST', `/v1/payment_intents/${payment.intent}/confirm`, {
      payment_method: 'pm_card_chargeDeclined',
    });
    expect(declined.status).toBe(402);
    const response = await spanish.goto(returnFromStripe(url, payment, 'failed'));

    expect(response?.request().redirectedFrom()?.url()).toContain('redirect_status=failed');
    expect(spanish.url()).toBe(url);
    const said = spanish.locator('.card-outcome');
    await expect(said.textContent()).resolves.toBe(
      'Su pago con tarjeta no se realizó y no se le cobró nada. Inténtelo de nuevo, con otra tarjeta u otra forma de pago.',
    );
    await expect(said.getAttribute('role')).resolves.toBe('alert');
    await expect(spanish.locator('.order-head .badge.status').textContent()).resolves.toBe('Pendiente de pago');
    await screenshot(spanish, 'stripe-04-failed-return');

    // Said once: the page's address no longer asks, and a reload says nothing more.
    await spanish.reload();
    await expect(spanish.locator('.card-outcome').count()).resolves.toBe(0);

    await spanish.getByRole('button', { name: 'Pagar con tarjeta' }).click();
    const field = spanish.frameLocator('iframe[src^="https://js.stripe.com/"]').getByLabel('Card number');
    await field.fill('4242 4242 4242 4242');
    const pay = spanish.getByRole('button', { name: /^Pagar \$/ });
    await expect.poll(() => pay.isEnabled()).toBe(true);
    await payAndReturn(spanish, pay);
    expect(spanish.url()).toBe(url);
    await expect(spanish.locator('.order-head .badge.status').textContent()).resolves.toBe('Pagada');
    await spanishBuyer.close();
  });

  it('says the payment is still on its way when Stripe has not finished it', async () => {
    const { order, token, url } = await holdTickets(1);
    await openPaymentElement(url);
    await page.goto(returnFromStripe(url, await paymentIntentOf(order.id, token), 'processing'));
    expect(page.url()).toBe(url);
    await expect(page.locator('.card-outcome').textContent()).resolves.toBe(
      'Your payment is still being processed. Once it goes through, your tickets appear on this page and are emailed to you: there is no need to pay again.',
    );
    await expect(status()).resolves.toBe('Awaiting payment');
  });
});

describe('the content security policy', () => {
  it('was never in the way of Stripe.js, its frames or its API in the flows above', () => {
    expect(stripeJsRequests).toEqual(expect.arrayContaining(['/endive/stripe.js', '/stand-in/payment-element.html']));
    expect(confirmations.length).toBeGreaterThan(0);
    expect(cspViolations).toEqual([]);
  });

  it("lets in exactly Stripe's script, frames and API, and nothing else", async () => {
    const { url } = await holdTickets(1);
    const probe = await context.newPage();
    const response = await probe.goto(url);
    const policy = Object.fromEntries(
      (response?.headers()['content-security-policy'] ?? '')
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name = '', ...sources]) => [name, sources.join(' ')]),
    );
    expect(policy['script-src']).toMatch(
      /^'self' https:\/\/js\.stripe\.com https:\/\/\*\.js\.stripe\.com 'nonce-[^']+'$/,
    );
    expect(policy['frame-src']).toBe("'self' https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com");
    expect(policy['connect-src']).toBe("'self' https://api.stripe.com");
    expect(policy['default-src']).toBe("'self'");

    // A script from anywhere else is still refused.
    const refused = await probe.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective), {
            once: true,
          });
          const script = document.createElement('script');
          script.src = 'https://stripe.example.test/stripe.js';
          document.head.append(script);
        }),
    );
    expect(refused).toBe('script-src-elem');
    await probe.close();
  });
});
