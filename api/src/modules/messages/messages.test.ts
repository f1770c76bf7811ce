import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInTenantAsSystem } from '../../context.ts';
import {
  as,
  buyTickets,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
  until,
} from '../../test/app.ts';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../../test/smtp.ts';
import { eventPlaceOrTimeChanged, sendDueReminders, startsTomorrow } from './messages.service.ts';

/**
 * Messages to ticket holders as they leave the API: a real SMTP server receives them, each in
 * its recipient's language, throttled, once per person.
 */

const SEND_RATE = 4;
let smtp: TestSmtpServer;
let t: TestApp;
let org: Organizer;
let other: Organizer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp(
    {
      smtpUrl: smtp.url,
      mailFrom: { name: 'Access Plus', address: 'tickets@example.org' },
      storefrontUrl: 'http://{slug}.shop.example:5173',
      publicUrl: 'http://api.example',
      messageSendRate: SEND_RATE,
      eventChangeNoticeDelaySeconds: 0,
    },
    { deliverMail: true },
  );
  [org, other] = await Promise.all([signUpOrganizer(t.app, { locales: ['en', 'es', 'fr'] }), signUpOrganizer(t.app)]);
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await smtp?.stop();
});

const mailsTo = (email: string) => smtp.received.filter((mail) => mail.envelope.to.includes(email));

async function arrived(to: string, subject: RegExp): Promise<ReceivedMail> {
  return until(
    async () => mailsTo(to).find((mail) => subject.test(mail.headers.subject ?? '')),
    20_000,
    `a mail matching ${subject} to ${to}`,
  );
}

let counter = 0;
const email = (who: string) => `${who}-${++counter}@example.org`;

/** A published event of `org` with a tier, and paid orders by `buyers`. */
async function eventWithHolders(
  buyers: { name: string; email: string; locale?: string }[],
  overrides: Record<string, unknown> = {},
  inDays?: number,
) {
  const eventId = await publishedEvent(t.app, org.token, {
    title: { en: 'Harvest Gala', es: 'Gala de la Cosecha', fr: 'Gala des Récoltes' },
    ...overrides,
    ...(inDays !== undefined
      ? {
          starts_at: new Date(Date.now() + inDays * 86_400_000).toISOString(),
          ends_at: new Date(Date.now() + inDays * 86_400_000 + 3 * 3_600_000).toISOString(),
        }
      : {}),
  });
  const event = (await as(t.app, org.token).get(`/v1/events/${eventId}`)).json();
  const tierId = event.tiers[0].id as string;
  const orders = [];
  for (const buyer of buyers) {
    orders.push((await buyTickets(t.app, org.slug, { buyer, tickets: [{ tier_id: tierId, quantity: 1 }] })).order);
  }
  return { eventId, tierId, orders };
}

const announcement = {
  kind: 'announcement',
  subject: { en: 'Parking for {{event}}', es: 'Estacionamiento para {{event}}', fr: 'Parking pour {{event}}' },
  body: {
    en: 'Hello {{name}}, park behind the hall.\n\nYour order: {{order_number}}.',
    es: 'Hola {{name}}, estaciona detrás del salón.\n\nTu pedido: {{order_number}}.',
    fr: 'Bonjour {{name}}, garez-vous derrière la salle.\n\nVotre commande : {{order_number}}.',
  },
};

async function sendAndFinish(eventId: string, body: unknown) {
  const sent = await as(t.app, org.token).post(`/v1/events/${eventId}/messages`, body);
  expect(sent.statusCode, sent.body).toBe(201);
  expect(sent.json().status).toBe('sending');
  return until(
    async () => {
      const message = (await as(t.app, org.token).get(`/v1/messages/${sent.json().id}`)).json();
      return message.status !== 'sending' ? message : undefined;
    },
    30_000,
    'the message to be sent',
  );
}

describe('messages to ticket holders', () => {
  it('sends each holder the version and frame of their language, with an unsubscribe link and one-click headers', async () => {
    const chantal = { name: 'Chantal Joseph', email: email('chantal'), locale: 'fr' };
    const lucia = { name: 'Lucía Gómez', email: email('lucia'), locale: 'es' };
    const kwame = { name: 'Kwame Boateng', email: email('kwame'), locale: 'sw' };
    const buyers = [chantal, lucia, kwame];
    const { eventId, orders } = await eventWithHolders(buyers);
    const message = await sendAndFinish(eventId, announcement);
    expect(message).toMatchObject({ kind: 'announcement', status: 'sent', counts: { total: 3, sent: 3, pending: 0 } });

    const fr = await arrived(chantal.email, /^Parking pour Gala des Récoltes$/);
    // The organizer's words open the message: the frame adds no greeting of its own before them.
    expect(fr.text.startsWith('Bonjour Chantal Joseph, garez-vous derrière la salle.')).toBe(true);
    expect(fr.text).toContain(`Votre commande : ${orders[0]?.number}.`);
    expect(fr.text).toContain('Voir vos billets');
    expect(fr.text).toContain('Se désabonner');
    expect(fr.html).toContain('lang="fr"');
    expect(fr.headers.from).toContain(`Organizer ${org.slug} via Access Plus`);

    const es = await arrived(lucia.email, /^Estacionamiento para Gala de la Cosecha$/);
    expect(es.text).toContain('Hola Lucía Gómez, estaciona detrás del salón.');
    expect(es.text).toContain('Ver tus entradas');
    expect(es.text).toContain('Cancelar la suscripción');

    // No Swahili version: the organizer's default language, in a Swahili frame.
    const sw = await arrived(kwame.email, /^Parking for Harvest Gala$/);
    expect(sw.text).toContain('Hello Kwame Boateng, park behind the hall.');
    expect(sw.text).toContain('Tazama tiketi zako');

    for (const mail of [fr, es, sw]) {
      const storefrontLink = /http:\/\/[a-z0-9-]+\.shop\.example:5173\/unsubscribe\?token=(\S+)/.exec(mail.text);
      expect(storefrontLink, mail.text).not.toBeNull();
      const token = decodeURIComponent(storefrontLink?.[1] ?? '');
      expect(mail.headers['list-unsubscribe']).toBe(`<http://api.example/v1/public/unsubscribes/${token}>`);
      expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    }

    const recipients = await as(t.app, org.token).get(`/v1/messages/${message.id}/recipients?status=sent`);
    expect(recipients.statusCode, recipients.body).toBe(200);
    expect(
      recipients
        .json()
        .data.map((r: { email: string }) => r.email)
        .sort(),
    ).toEqual(buyers.map((b) => b.email).sort());
    const listed = (await as(t.app, org.token).get(`/v1/events/${eventId}/messages`)).json();
    expect(listed.data.map((m: { id: string }) => m.id)).toEqual([message.id]);
    expect(listed.data[0].created_by).toContain(org.email);
  });

  it('previews for the first holder, counts who it reaches, and refuses unknown variables', async () => {
    const buyer = { name: 'Marie Pierre', email: email('marie'), locale: 'fr' };
    const { eventId } = await eventWithHolders([buyer]);
    const preview = await as(t.app, org.token).post(`/v1/events/${eventId}/messages/preview`, announcement);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().subject).toBe('Parking pour Gala des Récoltes');
    expect(preview.json().text).toContain('Bonjour Marie Pierre');
    expect(preview.json().recipients).toEqual({ total: 1, will_send: 1, unsubscribed: 0, no_consent: 0 });
    const inSpanish = await as(t.app, org.token).post(`/v1/events/${eventId}/messages/preview`, {
      ...announcement,
      locale: 'es',
    });
    expect(inSpanish.json().subject).toBe('Estacionamiento para Gala de la Cosecha');
    // A version left blank is no version: the default language's, in a Spanish frame.
    const blank = await as(t.app, org.token).post(`/v1/events/${eventId}/messages/preview`, {
      ...announcement,
      subject: { ...announcement.subject, es: ' ' },
      locale: 'es',
    });
    expect(blank.json().subject).toBe('Parking for Gala de la Cosecha');
    expect(blank.json().text).toContain('Ver tus entradas');

    const unknown = await as(t.app, org.token).post(`/v1/events/${eventId}/messages`, {
      ...announcement,
      body: { en: 'Hi {{first_name}}' },
    });
    const error = expectErrorShape(unknown, 422, 'unknown_variable');
    expect(error.message).toContain('{{first_name}}');
    expect(error.details[0]?.field).toBe('body.body.en');
    expect((await as(t.app, org.token).get(`/v1/events/${eventId}/messages`)).json().data).toEqual([]);
  });

  it('goes to nobody when no holder matches the audience', async () => {
    const { eventId } = await eventWithHolders([{ name: 'Ada Obi', email: email('ada') }]);
    expectErrorShape(
      await as(t.app, org.token).post(`/v1/events/${eventId}/messages`, {
        ...announcement,
        audience: { checked_in: 'yes' },
      }),
      422,
      'no_recipients',
    );
  });

  it('skips marketing to buyers without consent, and announcements to the unsubscribed, who still get change notices', async () => {
    const consenting = { name: 'Yaw Mensah', email: email('yaw') };
    const silent = { name: 'Abebe Bekele', email: email('abebe') };
    const leaving = { name: 'Fatima Diallo', email: email('fatima') };
    const { eventId, orders } = await eventWithHolders([consenting, silent, leaving]);
    await t.admin.query('update orders set marketing_consent = true where id = any($1)', [
      [orders[0]?.id, orders[2]?.id],
    ]);

    // Fatima unsubscribes with her mail app's one-click button (RFC 8058).
    await sendAndFinish(eventId, announcement);
    const first = await arrived(leaving.email, /^Parking for/);
    const oneClick = new URL((first.headers['list-unsubscribe'] ?? '').replace(/^<|>$/g, ''));
    const token = oneClick.pathname.split('/').at(-1) ?? '';
    const clicked = await t.app.inject({
      method: 'POST',
      url: oneClick.pathname,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(clicked.statusCode, clicked.body).toBe(200);
    expect(clicked.json()).toMatchObject({ unsubscribed: true, organizer_name: `Organizer ${org.slug}` });
    expect(clicked.json().email_masked).toMatch(/^f•••@example\.org$/);
    expect((await t.app.inject({ method: 'GET', url: `/v1/public/unsubscribes/${token}` })).json().unsubscribed).toBe(
      true,
    );
    // The same secret addressed to another organizer finds nothing there.
    const bytes = Buffer.from(token.slice(2), 'base64url');
    Buffer.from(other.organizerId.replace(/-/g, ''), 'hex').copy(bytes);
    expectErrorShape(
      await t.app.inject({ method: 'POST', url: `/v1/public/unsubscribes/u1${bytes.toString('base64url')}` }),
      404,
    );
    // Again: the same answer.
    expect((await t.app.inject({ method: 'POST', url: `/v1/public/unsubscribes/${token}` })).statusCode).toBe(200);

    const promotion = {
      kind: 'marketing',
      subject: { en: 'Our spring fundraiser' },
      body: { en: 'Join us, {{name}}.' },
    };
    const preview = await as(t.app, org.token).post(`/v1/events/${eventId}/messages/preview`, promotion);
    expect(preview.json().recipients).toEqual({ total: 3, will_send: 1, unsubscribed: 1, no_consent: 1 });
    const marketing = await sendAndFinish(eventId, promotion);
    expect(marketing.counts).toMatchObject({ total: 3, sent: 1, skipped: 2 });
    const skipped = (await as(t.app, org.token).get(`/v1/messages/${marketing.id}/recipients?status=skipped`)).json();
    expect(
      Object.fromEntries(
        skipped.data.map((r: { email: string; skipped_reason: string }) => [r.email, r.skipped_reason]),
      ),
    ).toEqual({ [silent.email]: 'no_consent', [leaving.email]: 'unsubscribed' });
    await arrived(consenting.email, /^Our spring fundraiser$/);

    const news = await sendAndFinish(eventId, { ...announcement, subject: { en: 'Doors open at six' } });
    expect(news.counts).toMatchObject({ total: 3, sent: 2, skipped: 1 });
    await arrived(silent.email, /^Doors open at six$/);
    expect(mailsTo(leaving.email).filter((mail) => /^Our spring|^Doors open/.test(mail.headers.subject ?? ''))).toEqual(
      [],
    );

    // The date moves: everyone hears, Fatima too, with the old and the new time.
    const event = (await as(t.app, org.token).get(`/v1/events/${eventId}`)).json();
    const later = new Date(Date.parse(event.starts_at) + 2 * 3_600_000);
    const moved = await as(t.app, org.token).patch(`/v1/events/${eventId}`, {
      starts_at: later.toISOString(),
      ends_at: new Date(later.getTime() + 3 * 3_600_000).toISOString(),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    for (const buyer of [consenting, silent, leaving]) {
      const notice = await arrived(buyer.email, /^Changed: the date or place of Harvest Gala$/);
      expect(notice.text).toContain('Before');
      expect(notice.text).toContain('Now');
      expect(notice.headers['list-unsubscribe']).toBeUndefined();
      expect(notice.text).not.toContain('/unsubscribe');
    }
    const kinds = (await as(t.app, org.token).get(`/v1/events/${eventId}/messages`))
      .json()
      .data.map((m: { kind: string }) => m.kind);
    expect(kinds[0]).toBe('event_change');

    // Subscribed again, she gets announcements again.
    const back = await t.app.inject({ method: 'DELETE', url: `/v1/public/unsubscribes/${token}` });
    expect(back.json().unsubscribed).toBe(false);
    const again = await sendAndFinish(eventId, { ...announcement, subject: { en: 'Bring a dish' } });
    expect(again.counts).toMatchObject({ sent: 3, skipped: 0 });
  });

  it('makes one notice of several changes in a row, telling the place before the first and after the last', async () => {
    const buyer = { name: 'Nia Kamau', email: email('nia') };
    const { eventId } = await eventWithHolders([buyer]);
    const moveTo = async (ctx: Parameters<Parameters<typeof runInTenantAsSystem>[2]>[0], venue: string) => {
      const before = await ctx.trx
        .selectFrom('events')
        .select('venue_name')
        .where('id', '=', eventId)
        .executeTakeFirstOrThrow();
      await ctx.trx.updateTable('events').set({ venue_name: venue }).where('id', '=', eventId).execute();
      await eventPlaceOrTimeChanged(ctx, eventId, { venue_name: before.venue_name });
    };
    await runInTenantAsSystem(t.runtime.services, org.organizerId, async (ctx) => {
      await moveTo(ctx, 'Annex Hall');
      await moveTo(ctx, 'Old Barn');
    });
    const notice = await arrived(buyer.email, /^Changed: the date or place of Harvest Gala$/);
    expect(notice.text).toMatch(/Now\nWhen: .+\nWhere: Old Barn/);
    expect(notice.text).toMatch(/Before\nWhen: .+\nWhere: Civic Hall/);
    expect(notice.text).not.toContain('Annex Hall');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(mailsTo(buyer.email).filter((mail) => /^Changed/.test(mail.headers.subject ?? ''))).toHaveLength(1);
    const listed = (await as(t.app, org.token).get(`/v1/events/${eventId}/messages`)).json().data;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ kind: 'event_change', counts: { total: 1 } });
  });

  it('does not send a change notice for an edit of the title alone', async () => {
    const buyer = { name: 'Sade Ade', email: email('sade') };
    const { eventId } = await eventWithHolders([buyer]);
    const renamed = await as(t.app, org.token).patch(`/v1/events/${eventId}`, { title: { en: 'Harvest Night' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await as(t.app, org.token).get(`/v1/events/${eventId}/messages`)).json().data).toEqual([]);
  });

  it('reminds each holder once the day before, however often the reminder runs', async () => {
    const ama = { name: 'Ama Owusu', email: email('ama'), locale: 'es' };
    const tunde = { name: 'Tunde Bello', email: email('tunde') };
    const buyers = [ama, tunde];
    // Twice from one buyer: one reminder to the address.
    const { eventId, tierId } = await eventWithHolders(buyers, {}, 1);
    await buyTickets(t.app, org.slug, { buyer: tunde, tickets: [{ tier_id: tierId, quantity: 1 }] });
    await Promise.all([sendDueReminders(t.runtime.services), sendDueReminders(t.runtime.services)]);
    await sendDueReminders(t.runtime.services);
    await arrived(ama.email, /^Mañana: Gala de la Cosecha$/);
    await arrived(tunde.email, /^Tomorrow: Harvest Gala$/);
    const reminders = await until(
      async () => {
        const listed = (await as(t.app, org.token).get(`/v1/events/${eventId}/messages`)).json().data;
        return listed[0]?.status === 'sent' ? listed : undefined;
      },
      20_000,
      'the reminder to be sent',
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ kind: 'reminder', counts: { total: 2, sent: 2 } });
    await sendDueReminders(t.runtime.services);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const buyer of buyers) {
      expect(mailsTo(buyer.email).filter((mail) => /Mañana|Tomorrow/.test(mail.headers.subject ?? ''))).toHaveLength(1);
    }
  });

  it('knows which day is tomorrow on the event’s own clock', () => {
    const now = new Date('2030-03-01T03:00:00Z'); // Feb 28, 10 PM in New York; Mar 1 in Addis Ababa
    expect(startsTomorrow(new Date('2030-03-01T18:00:00Z'), 'America/New_York', now)).toBe(true);
    expect(startsTomorrow(new Date('2030-03-01T18:00:00Z'), 'Africa/Addis_Ababa', now)).toBe(false);
    expect(startsTomorrow(new Date('2030-03-02T10:00:00Z'), 'Africa/Addis_Ababa', now)).toBe(true);
  });

  it('sends no faster than MESSAGE_SEND_RATE, and shows the progress as it goes', async () => {
    const buyers = Array.from({ length: 6 }, (_, i) => ({ name: `Holder ${i}`, email: email(`holder${i}`) }));
    const { eventId } = await eventWithHolders(buyers);
    const started = Date.now();
    const sent = await as(t.app, org.token).post(`/v1/events/${eventId}/messages`, {
      ...announcement,
      subject: { en: 'Throttled' },
    });
    expect(sent.json().counts).toMatchObject({ total: 6, pending: 6, sent: 0 });
    const midway = await until(
      async () => {
        const message = (await as(t.app, org.token).get(`/v1/messages/${sent.json().id}`)).json();
        return message.counts.sent > 0 && message.counts.pending > 0 ? message : undefined;
      },
      20_000,
      'a message partly sent',
    );
    expect(midway.status).toBe('sending');
    await until(
      async () => {
        const message = (await as(t.app, org.token).get(`/v1/messages/${sent.json().id}`)).json();
        return message.status === 'sent' ? message : undefined;
      },
      20_000,
      'the message sent',
    );
    // Six messages at four a second: at least five gaps of a quarter second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(((buyers.length - 1) * 1000) / SEND_RATE);
  });
});

describe('who may message ticket holders', () => {
  it.each([
    ['staff', 200],
    ['check_in', 403],
  ] as const)('a member with the %s role gets %i', async (role, status) => {
    const { eventId } = await eventWithHolders([{ name: 'Role Test', email: email(`role-${role}`) }]);
    const member = await signedInMember(t, org, role);
    const preview = await member.client.post(`/v1/events/${eventId}/messages/preview`, announcement);
    expect(preview.statusCode, preview.body).toBe(status);
    const list = await member.client.get(`/v1/events/${eventId}/messages`);
    expect(list.statusCode, list.body).toBe(status);
  });

  it('finds nothing of another organizer', async () => {
    const { eventId } = await eventWithHolders([{ name: 'Tenant Test', email: email('tenant') }]);
    const message = await sendAndFinish(eventId, announcement);
    const stranger = as(t.app, other.token);
    expectErrorShape(await stranger.get(`/v1/messages/${message.id}`), 404);
    expectErrorShape(await stranger.get(`/v1/messages/${message.id}/recipients`), 404);
    expectErrorShape(await stranger.get(`/v1/events/${eventId}/messages`), 404);
    expectErrorShape(await stranger.post(`/v1/events/${eventId}/messages/preview`, announcement), 404);
    expectErrorShape(await stranger.post(`/v1/events/${eventId}/messages`, announcement), 404);
  });

  it('answers an unknown unsubscribe link (or an unsubscribe link re-addressed to another organizer) with 404', async () => {
    const forged = `u1${Buffer.concat([Buffer.from(org.organizerId.replace(/-/g, ''), 'hex'), Buffer.alloc(32)]).toString('base64url')}`;
    expectErrorShape(await t.app.inject({ method: 'GET', url: `/v1/public/unsubscribes/${forged}` }), 404);
    expectErrorShape(await t.app.inject({ method: 'POST', url: `/v1/public/unsubscribes/${'x'.repeat(40)}` }), 404);
  });
});
