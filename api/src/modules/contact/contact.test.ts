import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buyTickets,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../../test/smtp.ts';

/**
 * The organizer's public profile and the storefront's contact form: the profile as the admin
 * saves it and the storefront reads it, and a buyer's message as the organizer's mail server
 * receives it (a real SMTP server), reply-to and the order's files included.
 */
let smtp: TestSmtpServer;
let t: TestApp;
let a: Organizer;
let b: Organizer;
const buyer = 'hana.tesfaye@example.org';
const order = { a: '', aOther: '', b: '' };

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp(
    { smtpUrl: smtp.url, mailFrom: { name: 'Access Plus', address: 'tickets@example.org' } },
    { deliverMail: true },
  );
  a = await signUpOrganizer(t.app, { locales: ['en', 'es'] });
  b = await signUpOrganizer(t.app);
  const tierOf = async (org: Organizer, title: string) => {
    const id = await publishedEvent(t.app, org.token, { title: { en: title } });
    return (await as(t.app, org.token).get(`/v1/events/${id}`)).json().tiers[0].id as string;
  };
  const aTier = await tierOf(a, 'Enkutatash Gala');
  const bTier = await tierOf(b, 'B Night');
  const bought = async (org: Organizer, tier: string, email: string) =>
    (await buyTickets(t.app, org.slug, { tickets: [{ tier_id: tier, quantity: 1 }], buyer: { email } })).order.number;
  order.a = await bought(a, aTier, buyer);
  order.aOther = await bought(a, aTier, 'someone.else@example.org');
  order.b = await bought(b, bTier, buyer);
  expect(
    (await as(t.app, a.token).patch('/v1/organizer', { contact_email: 'hello@a-society.example' })).statusCode,
  ).toBe(200);
});
afterAll(async () => {
  await t?.stop();
  await smtp?.stop();
});

async function arrived(match: (mail: ReceivedMail) => boolean): Promise<ReceivedMail> {
  for (let waited = 0; waited < 15_000; waited += 50) {
    const mail = smtp.received.find(match);
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the message did not arrive');
}

function write(slug: string, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: `/v1/public/organizers/${slug}/contact-messages`, payload: body });
}

describe("the organizer's profile", () => {
  it('is saved, handles made into addresses, and shown to the storefront', async () => {
    const saved = await as(t.app, a.token).patch('/v1/organizer', {
      about: { en: 'We gather the community.\n\n\n\nEvery Saturday.', es: 'Reunimos a la comunidad.' },
      contact_phone: '+1 (202) 555-0143',
      address_line: '1234 U Street NW',
      city: 'Washington',
      state: 'DC',
      postal_code: '20009',
      website_url: 'addis.example.org',
      social_links: {
        instagram: '@addisculture',
        facebook: 'https://facebook.com/addisculture',
        whatsapp: '+1 202 555 0143',
        tiktok: '@addis.dc',
        x: 'http://twitter.com/addisdc',
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const profile = {
      about: { en: 'We gather the community.\n\nEvery Saturday.', es: 'Reunimos a la comunidad.' },
      contact_phone: '+1 (202) 555-0143',
      address_line: '1234 U Street NW',
      city: 'Washington',
      state: 'DC',
      postal_code: '20009',
      website_url: 'https://addis.example.org/',
      social_links: {
        instagram: 'https://www.instagram.com/addisculture',
        facebook: 'https://facebook.com/addisculture',
        whatsapp: 'https://wa.me/12025550143',
        tiktok: 'https://www.tiktok.com/@addis.dc',
        x: 'https://twitter.com/addisdc',
      },
    };
    expect(saved.json()).toMatchObject(profile);
    const storefront = await t.app.inject({ method: 'GET', url: `/v1/public/organizers/${a.slug}` });
    expect(storefront.statusCode).toBe(200);
    expect(storefront.json()).toMatchObject({ ...profile, contact_email: 'hello@a-society.example' });

    // One network changed, one removed; the others stay.
    const changed = await as(t.app, a.token).patch('/v1/organizer', {
      social_links: { x: null, youtube: 'https://www.youtube.com/@addisdc' },
    });
    expect(changed.json().social_links).toEqual({
      ...profile.social_links,
      x: undefined,
      youtube: 'https://www.youtube.com/@addisdc',
    });
  });

  it.each([
    ['instagram', 'javascript:alert(1)'],
    ['facebook', 'https://evil.example/addisculture'],
    ['telegram', 'https://t.me.evil.example/addis'],
    ['whatsapp', '12'],
    ['youtube', 'ftp://youtube.com/addis'],
  ])('refuses %s %s beside its field, and saves nothing', async (network, value) => {
    const before = (await as(t.app, a.token).get('/v1/organizer')).json();
    const refused = await as(t.app, a.token).patch('/v1/organizer', {
      city: 'Baltimore',
      social_links: { [network]: value },
    });
    expectErrorShape(refused, 422, 'invalid_social_link');
    expect(refused.json().error.details).toEqual([
      { field: `body.social_links.${network}`, message: expect.stringMatching(/address|handle/) },
    ]);
    expect((await as(t.app, a.token).get('/v1/organizer')).json()).toEqual(before);
  });

  it.each([
    ['website_url', 'javascript:alert(1)'],
    ['website_url', 'https://localhost'],
    ['contact_phone', 'call me maybe'],
  ])('refuses %s %s beside its field', async (field, value) => {
    const refused = await as(t.app, a.token).patch('/v1/organizer', { [field]: value });
    expectErrorShape(refused, 422, 'invalid_input');
    expect(refused.json().error.details[0].field).toBe(`body.${field}`);
  });

  it("refuses an about text in a language that is not the organizer's", async () => {
    const refused = await as(t.app, b.token).patch('/v1/organizer', { about: { fr: 'Bonjour' } });
    expectErrorShape(refused, 422, 'invalid_input');
    expect(refused.json().error.details[0].field).toBe('body.about.fr');
  });
});

describe('the contact form', () => {
  it("emails the organizer with the buyer as reply-to, and the buyer's own order attached", async () => {
    const sent = await write(a.slug, {
      name: 'Hana Tesfaye',
      email: 'Hana.Tesfaye@example.org',
      order_reference: `#${order.a.toLowerCase()}`,
      message: 'Can I bring my mother?\n\nShe uses a wheelchair.',
    });
    expect(sent.statusCode, sent.body).toBe(202);
    const mail = await arrived((m) => m.text.includes('Can I bring my mother?'));
    expect(mail.envelope.to).toEqual(['hello@a-society.example']);
    expect(mail.headers['reply-to']).toBe('Hana Tesfaye <hana.tesfaye@example.org>');
    expect(mail.headers.subject).toBe('Message from Hana Tesfaye via your storefront');
    expect(mail.text).toContain('She uses a wheelchair.');
    expect(mail.text).toContain(`They gave order number ${order.a}`);
    expect(mail.text).toContain('Enkutatash Gala');
    expect(mail.html).not.toContain('<script');
    expect(mail.attachments.map((file) => file.filename).sort()).toEqual([
      `event-${order.a}.ics`,
      `tickets-${order.a}.pdf`,
    ]);
    expect(
      mail.attachments.find((file) => file.contentType.startsWith('application/pdf'))?.content.length,
    ).toBeGreaterThan(1000);
  });

  it.each([
    ['a number that is no order', 'ZZZZ9999'],
    ["another buyer's order at the same organizer", 'aOther'],
    ["the buyer's own order at another organizer", 'b'],
  ])('with %s: the same answer, and an email that says it could not be matched, without files', async (_, ref) => {
    const reference = ref === 'aOther' ? order.aOther : ref === 'b' ? order.b : ref;
    const marker = `Question about ${reference} ${Math.random()}`;
    const sent = await write(a.slug, { name: 'Hana', email: buyer, order_reference: reference, message: marker });
    expect(sent.statusCode, sent.body).toBe(202);
    expect(sent.json()).toEqual({ message: 'Your message is on its way to the organizer.' });
    const mail = await arrived((m) => m.text.includes(marker));
    expect(mail.headers['reply-to']).toBe('Hana <hana.tesfaye@example.org>');
    expect(mail.text).toContain(`They gave the order reference "${reference}", which does not match`);
    expect(mail.text).not.toContain('B Night');
    expect(mail.attachments).toEqual([]);
  });

  it('goes to the owners when the organizer gives no contact email', async () => {
    const sent = await write(b.slug, { name: 'Kofi', email: 'kofi@example.org', message: 'Parking?' });
    expect(sent.statusCode, sent.body).toBe(202);
    const mail = await arrived((m) => m.text.includes('Parking?'));
    expect(mail.envelope.to).toEqual([b.email]);
    expect(mail.attachments).toEqual([]);
    const kept = await t.admin.query('select sent_at from contact_messages where tenant_id = $1', [b.organizerId]);
    await expect
      .poll(
        async () =>
          (await t.admin.query('select sent_at from contact_messages where tenant_id = $1', [b.organizerId])).rows[0]
            ?.sent_at,
      )
      .not.toBeNull();
    expect(kept.rows).toHaveLength(1);
  });

  it.each([
    [{ name: 'Hana', email: 'not-an-email', message: 'Hi' }, 'body/email'],
    [{ name: '   ', email: buyer, message: 'Hi' }, 'body.name'],
    [{ name: 'Hana', email: buyer, message: '\n \n' }, 'body.message'],
    [{ name: 'Hana', email: buyer, message: 'x'.repeat(5001) }, 'body/message'],
  ])('refuses %j beside its field, and sends nothing', async (body, field) => {
    const before = smtp.received.length;
    const count = async () => (await t.admin.query('select count(*)::int as n from contact_messages')).rows[0].n;
    const rows = await count();
    const refused = await write(a.slug, body);
    expectErrorShape(refused, [400, 422]);
    expect(JSON.stringify(refused.json().error.details)).toContain(field.split(/[./]/)[1]);
    expect(await count()).toBe(rows);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received.length).toBe(before);
  });

  it('answers 404 for a storefront that does not exist', async () => {
    expectErrorShape(await write('no-such-organizer', { name: 'Hana', email: buyer, message: 'Hi' }), 404);
  });

  it('is limited per client address', async () => {
    const limited = await t.anotherInstance({
      runWorker: false,
      publicRateLimits: {
        ...t.runtime.services.config.publicRateLimits,
        contactMessages: { max: 2, windowMs: 60_000 },
      },
    });
    const post = () =>
      limited.app.inject({
        method: 'POST',
        url: `/v1/public/organizers/${a.slug}/contact-messages`,
        payload: { name: 'Spam', email: `spam-${Math.random()}@example.org`, message: 'Buy now' },
      });
    expect((await post()).statusCode).toBe(202);
    expect((await post()).statusCode).toBe(202);
    const refused = await post();
    expectErrorShape(refused, 429, 'rate_limited');
    expect(refused.headers['retry-after']).toBeDefined();
  });
});
