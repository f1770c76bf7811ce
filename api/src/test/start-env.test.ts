import { afterAll, describe, expect, it } from 'vitest';
import { startEnvironment } from '../../../scripts/start-env.mjs';
import { loadConfig } from '../config.ts';
import { as, buyTickets, publishedEvent, signUpOrganizer, startTestApp, type TestApp, until } from './app.ts';

/**
 * `pnpm start` with other ports than the defaults (scripts/start.mjs, its environment from
 * scripts/start-env.mjs): every address the processes give each other, and the links in emails,
 * follow the ports.
 */

const ports = { PORT: '3400', STOREFRONT_PORT: '5473', ADMIN_PORT: '5474' };

let t: TestApp | undefined;
afterAll(() => t?.stop());

interface Message {
  to: string;
  subject: string;
  text: string;
}

describe('pnpm start on other ports', () => {
  it('gives the apps the API on its port', () => {
    const start = startEnvironment(ports);
    expect(start.ports).toEqual({ api: 3400, storefront: 5473, admin: 5474 });
    expect(start.storefront.API_URL).toBe('http://127.0.0.1:3400');
    expect(start.admin.API_URL).toBe('http://127.0.0.1:3400');
    expect(start.api).toMatchObject({
      PORT: '3400',
      ADMIN_URL: 'http://localhost:5474',
      STOREFRONT_URL: 'http://{slug}.localhost:5473',
    });
  });

  it("links a buyer's email to the organizer's storefront on its port, and account emails to the admin on its", async () => {
    const config = loadConfig({ ...ports, ...startEnvironment(ports).api });
    expect(config.port).toBe(3400);
    expect(config.publicUrl).toBe('http://127.0.0.1:3400');
    t = await startTestApp(
      { storefrontUrl: config.storefrontUrl, adminUrl: config.adminUrl, publicUrl: config.publicUrl },
      { deliverMail: true },
    );
    const app = t.app;
    const org = await signUpOrganizer(app);
    const eventId = await publishedEvent(app, org.token);
    const tierId = (await as(app, org.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
    const email = 'amara.okafor@example.org';
    const { order } = await buyTickets(app, org.slug, {
      buyer: { email },
      tickets: [{ tier_id: tierId, quantity: 1 }],
    });

    const received = (match: (message: Message) => boolean, what: string) =>
      until(
        async () =>
          ((await app.inject({ method: 'GET', url: '/v1/dev/mailbox' })).json().data as Message[]).find(match),
        10_000,
        what,
      );
    const confirmation = await received(
      (m) => m.to.includes(email) && m.subject.startsWith('Your tickets'),
      'the tickets',
    );
    const link = new URL(/https?:\/\/\S+/.exec(confirmation.text)?.[0] ?? '');
    expect(link.origin).toBe(`http://${org.slug}.localhost:5473`);
    expect(link.pathname).toBe(`/orders/${order.id}`);

    const signUp = await received((m) => m.to.includes(org.email), 'the sign-up email');
    expect(signUp.text).toContain('http://localhost:5474/confirm-sign-up?token=');
  });

  it('keeps an address given explicitly, and another base domain for the stores', () => {
    const start = startEnvironment({
      ...ports,
      STOREFRONT_BASE_DOMAIN: 'shop.test',
      ADMIN_URL: 'https://admin.example.org',
    });
    expect(start.api.STOREFRONT_URL).toBe('http://{slug}.shop.test:5473');
    expect(start.api.ADMIN_URL).toBe('https://admin.example.org');
    expect(start.storefront.STOREFRONT_BASE_DOMAIN).toBe('shop.test');
    expect(startEnvironment({ STOREFRONT_URL: 'https://{slug}.tickets.example' }).api.STOREFRONT_URL).toBe(
      'https://{slug}.tickets.example',
    );
  });

  it('refuses a port that is not one, before starting anything', () => {
    expect(() => startEnvironment({ STOREFRONT_PORT: 'http://localhost:5473' })).toThrow(
      /STOREFRONT_PORT must be a port number/,
    );
    expect(() => startEnvironment({ PORT: '70000' })).toThrow(/PORT must be a port number/);
  });
});
