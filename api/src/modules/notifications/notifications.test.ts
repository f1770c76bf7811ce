import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../lib/logger.ts';
import {
  as,
  buyTickets,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../../test/smtp.ts';
import type { ConfirmationMail } from './buyer-mail.ts';
import { buyerMailVia } from './notifications.mail.ts';
import { createMailer, type Mailer, type OutgoingMail } from './notifications.mailer.ts';
import { escapeHtml } from './notifications.templates.ts';

/**
 * Mail as it leaves the API with SMTP_URL set: a real SMTP server, started here and requiring a
 * login, receives what the account flows and the worker's jobs send.
 */

let smtp: TestSmtpServer;
let t: TestApp;
let org: Organizer;
let tierId: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp(
    {
      smtpUrl: smtp.url,
      mailFrom: { name: 'Access Plus', address: 'tickets@example.org' },
      storefrontUrl: 'http://{slug}.shop.example:5173',
    },
    { deliverMail: true },
  );
  org = await signUpOrganizer(t.app, { locales: ['en', 'es'] });
  const eventId = await publishedEvent(t.app, org.token);
  tierId = (await as(t.app, org.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
});
afterAll(async () => {
  await t?.stop();
  await smtp?.stop();
});

async function arrived(to: string, subject: RegExp): Promise<ReceivedMail> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const mail = smtp.received.find((m) => m.envelope.to.includes(to) && subject.test(m.headers.subject ?? ''));
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no mail matching ${subject} arrived for ${to}`);
}

/** The one link of a message whose path is `path`, from the plain-text part. */
function linkIn(mail: ReceivedMail, path: string): URL {
  const links = [...mail.text.matchAll(/https?:\/\/\S+/g)].map(([link]) => new URL(link));
  const link = links.find((candidate) => candidate.pathname.startsWith(path));
  if (!link) throw new Error(`no ${path} link in:\n${mail.text}`);
  return link;
}

/** The link is the button and is written out in the HTML part, and stands alone in the text part. */
function expectLinkInBothParts(mail: ReceivedMail, link: URL) {
  expect(mail.text).toContain(link.href);
  expect(mail.html).toContain(`href="${escapeHtml(link.href)}"`);
  expect(mail.html).toContain(`>${escapeHtml(link.href)}</a>`);
}

describe('delivery by SMTP', () => {
  it("sends the sign-up's link from MAIL_FROM, logged in with SMTP_URL's credentials, and the link creates the account", async () => {
    const email = 'selam.tesfaye@example.org';
    const asked = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-up',
      payload: {
        email,
        password: 'a long enough password',
        display_name: 'Selam Tesfaye',
        organizer: { name: 'Addis Youth Choir', slug: 'addis-youth-choir' },
      },
    });
    expect(asked.statusCode, asked.body).toBe(202);
    const mail = await arrived(email, /^Finish creating your Access Plus account/);
    expect(mail.user).toBe('accessplus');
    expect(mail.envelope.from).toBe('tickets@example.org');
    expect(mail.headers.from).toBe('Access Plus <tickets@example.org>');
    expect(mail.headers.to).toBe(`Selam Tesfaye <${email}>`);
    expect(mail.text).toContain('Thank you for signing Addis Youth Choir up to Access Plus.');
    expect(mail.text).toContain('The link works for 24 hours.');

    const link = linkIn(mail, '/confirm-sign-up');
    expectLinkInBothParts(mail, link);
    const confirmed = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-up/confirm',
      payload: { token: link.searchParams.get('token') },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(confirmed.json().session.active_organizer.organizer_slug).toBe('addis-youth-choir');
  });

  it('tells an address that has an account that someone tried to sign up with it', async () => {
    const asked = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-up',
      payload: {
        email: org.email,
        password: 'a long enough password',
        display_name: 'Someone',
        organizer: { name: 'Not Theirs', slug: 'not-theirs' },
      },
    });
    expect(asked.statusCode, asked.body).toBe(202);
    const mail = await arrived(org.email, /^Someone tried to sign up with your email address/);
    expect(mail.headers.from).toBe('Access Plus <tickets@example.org>');
    expect(mail.text).toContain('It already has an account, so nothing was created.');
    expectLinkInBothParts(mail, linkIn(mail, '/sign-in'));
  });

  it("sends an order confirmation from the organizer, in the buyer's language, with the order link", async () => {
    const email = 'amara.okafor@example.org';
    const { order } = await buyTickets(t.app, org.slug, {
      buyer: { name: 'Amara Okafor', email, locale: 'es-MX' },
      tickets: [{ tier_id: tierId, quantity: 2 }],
    });

    const mail = await arrived(email, /^Sus boletos/);
    expect(mail.envelope.from).toBe('tickets@example.org');
    expect(mail.headers.from).toBe(`"Organizer ${org.slug} via Access Plus" <tickets@example.org>`);
    expect(mail.headers.to).toBe(`Amara Okafor <${email}>`);
    expect(mail.headers.subject).toBe(`Sus boletos de Organizer ${org.slug} – compra ${order.number}`);
    expect(mail.text).toMatch(/^Hola, Amara Okafor:/);
    expect(mail.html).toContain('<html lang="es" dir="ltr">');

    const link = linkIn(mail, `/orders/${order.id}`);
    expect(link.host).toBe(`${org.slug}.shop.example:5173`);
    expectLinkInBothParts(mail, link);
    const opened = await t.app.inject({
      method: 'GET',
      url: `/v1/public/organizers/${org.slug}/orders/${order.id}?token=${encodeURIComponent(link.searchParams.get('token') ?? '')}`,
    });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().order.tickets).toHaveLength(2);

    // Each ticket's short code, for a door that cannot scan the QR code, in both parts.
    expect(mail.text).toContain('el personal puede escribir el código:');
    for (const [i, ticket] of order.tickets.entries()) {
      expect(ticket.short_code).toMatch(/^.{4}-.{4}-.{2}$/);
      expect(mail.text).toContain(`Boleto ${i + 1} de 2 · General · Amara Okafor: ${ticket.short_code}`);
      expect(mail.html).toMatch(
        new RegExp(`Boleto ${i + 1} de 2 · General · Amara Okafor<strong [^>]*>${ticket.short_code}</strong>`),
      );
    }
  });

  it('sends a customer sign-in link that signs the customer in', async () => {
    const email = 'kofi.mensah@example.org';
    const asked = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${org.slug}/customer/sign-in-links`,
      payload: { email },
    });
    expect(asked.statusCode, asked.body).toBe(202);

    const mail = await arrived(email, /^Your sign-in link/);
    expect(mail.headers.from).toBe(`"Organizer ${org.slug} via Access Plus" <tickets@example.org>`);
    expect(mail.headers.to).toBe(email);
    expect(mail.headers.subject).toBe(`Your sign-in link for Organizer ${org.slug}`);
    expect(mail.text).toContain('The link works once, within 30 minutes.');

    const link = linkIn(mail, '/account/sign-in');
    expect(link.host).toBe(`${org.slug}.shop.example:5173`);
    expectLinkInBothParts(mail, link);
    const session = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${org.slug}/customer/sessions`,
      payload: { token: link.searchParams.get('token') },
    });
    expect(session.statusCode, session.body).toBe(201);
    expect(session.json().customer.email).toBe(email);
  });

  it('fails the delivery when the server refuses the login, so that the job is retried', async () => {
    const wrong = new URL(smtp.url);
    wrong.password = 'not-the-password';
    const mailer = createMailer(
      { ...loadConfig({ NODE_ENV: 'test' }), smtpUrl: wrong.href },
      createLogger('silent'),
      null,
    );
    try {
      expect(mailer.delivery).toBe('smtp');
      expect(mailer.sink).toBeNull();
      const before = smtp.received.length;
      await expect(
        mailer.send({
          from: mailer.from,
          to: { name: '', address: 'nobody@example.org' },
          subject: 'Never sent',
          text: 'x',
          html: '<p>x</p>',
        }),
      ).rejects.toThrow(/Invalid username or password/);
      expect(smtp.received.length).toBe(before);
    } finally {
      mailer.close();
    }
  });
});

describe('configuration', () => {
  it('reads SMTP_URL and MAIL_FROM, with safe local defaults', () => {
    const defaults = loadConfig({});
    expect(defaults.smtpUrl).toBeUndefined();
    expect(defaults.mailFrom).toEqual({ name: 'Access Plus', address: 'tickets@accessplus.localhost' });

    const configured = loadConfig({
      SMTP_URL: 'smtps://user:pa%40ss@smtp.example.org:465',
      MAIL_FROM: '"Access Plus" <tickets@example.org>',
    });
    expect(configured.smtpUrl).toBe('smtps://user:pa%40ss@smtp.example.org:465');
    expect(configured.mailFrom).toEqual({ name: 'Access Plus', address: 'tickets@example.org' });
    expect(loadConfig({ MAIL_FROM: 'tickets@example.org' }).mailFrom).toEqual({
      name: '',
      address: 'tickets@example.org',
    });
    expect(loadConfig({ SMTP_URL: ' ', MAIL_FROM: '' }).smtpUrl).toBeUndefined();
  });

  it('refuses an SMTP_URL or MAIL_FROM it cannot use, at start', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp.example.org:587' })).toThrow(/SMTP_URL must look like/);
    expect(() => loadConfig({ SMTP_URL: 'https://smtp.example.org' })).toThrow(/SMTP_URL must look like/);
    expect(() => loadConfig({ MAIL_FROM: 'Access Plus' })).toThrow(/MAIL_FROM must look like/);
  });
});

describe('without SMTP_URL', () => {
  it('keeps nothing in production, where the sink would show everyone’s links, and says so', async () => {
    const kept: unknown[] = [];
    const sink = {
      keep: async (message: unknown) => {
        kept.push(message);
      },
      list: async () => [],
    };
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const mailer = createMailer({ ...loadConfig({ NODE_ENV: 'production' }), smtpUrl: undefined }, logger, sink);
    try {
      expect(mailer.sink).toBeNull();
      await mailer.send({
        from: mailer.from,
        to: { name: '', address: 'amara@example.org' },
        subject: 'Your sign-in link',
        text: 'https://example.org/sign-in?token=secret',
        html: '<p>secret</p>',
      });
      expect(kept).toEqual([]);
      expect(lines.join('')).toContain('SMTP_URL is not set: emails are not delivered to anyone');
      expect(lines.join('')).not.toContain('secret');
    } finally {
      mailer.close();
    }
  });
});

describe("the order confirmation's files", () => {
  const confirmation = (code: string): ConfirmationMail & { orderId: string } => ({
    orderId: '0b5c2d1e-8f3a-4b6c-9d0e-1f2a3b4c5d6e',
    organizerName: 'Harlem Griot Society',
    orderNumber: 'K7QX2M',
    link: 'http://harlem-griot.shop.example/orders/0b5c?token=abc',
    timeZone: 'America/New_York',
    tickets: [
      { shortCode: '7KQ4-M2XD-9P', code, eventId: 'e1', event: 'Kwanzaa Night', tier: 'General', attendee: 'Amara' },
    ],
    events: [
      {
        id: 'e1',
        title: 'Kwanzaa Night',
        startsAt: new Date('2026-12-27T00:00:00Z'),
        endsAt: new Date('2026-12-27T04:00:00Z'),
        timeZone: 'America/New_York',
        venue: {
          kind: 'place',
          name: 'Harlem Stage',
          address: '',
          city: 'New York',
          state: 'NY',
          postalCode: '',
          country: 'US',
        },
        onlineUrl: null,
      },
    ],
    payment: {
      currency: 'USD',
      lines: [],
      discountCents: 0,
      feeCents: 0,
      taxCents: 0,
      donationCents: 0,
      totalCents: 2500,
    },
    paidAt: new Date('2026-12-01T15:00:00Z'),
  });

  function recordingMailer(): Mailer & { sent: OutgoingMail[] } {
    const sent: OutgoingMail[] = [];
    return {
      delivery: 'smtp',
      from: { name: 'Access Plus', address: 'tickets@example.org' },
      sink: null,
      sent,
      send: async (mail) => void sent.push(mail),
      close: () => undefined,
    };
  }

  it('sends the confirmation without them, saying so, when they cannot be made, and logs why', async () => {
    const mailer = recordingMailer();
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const buyerMail = buyerMailVia(mailer, logger);
    const to = { email: 'amara@example.org', name: 'Amara Okafor', locale: 'en' };

    await buyerMail.orderConfirmation(to, confirmation('AP1.example-code'));
    expect(mailer.sent[0]?.attachments?.map((a) => [a.filename, a.content.subarray(0, 5).toString()])).toEqual([
      ['tickets-K7QX2M.pdf', '%PDF-'],
      ['event-K7QX2M.ics', 'BEGIN'],
    ]);
    expect(mailer.sent[0]?.text).toContain('Your tickets are attached to this email as a PDF');

    // More than a QR code can carry: the PDF cannot be made.
    await buyerMail.orderConfirmation(to, confirmation('AP1.'.repeat(2000)));
    const withoutFiles = mailer.sent[1];
    expect(withoutFiles?.attachments).toEqual([]);
    expect(withoutFiles?.messageId).toBe('<order-confirmation.0b5c2d1e-8f3a-4b6c-9d0e-1f2a3b4c5d6e@example.org>');
    expect(withoutFiles?.text).not.toContain('attached');
    expect(withoutFiles?.text).toContain('Your tickets and their QR codes are on your order page.');
    expect(withoutFiles?.text).toContain('7KQ4-M2XD-9P');
    expect(lines.join('')).toContain('could not make the tickets PDF or the calendar file');
  });
});
