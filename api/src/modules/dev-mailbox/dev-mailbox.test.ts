import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger.ts';
import {
  as,
  buyTickets,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
  until,
} from '../../test/app.ts';
import { createMailer, MAIL_SINK_SIZE } from '../notifications/notifications.mailer.ts';
import { databaseMailSink } from './dev-mailbox.service.ts';

/** The local mail sink as `pnpm start` has it (no SMTP_URL), and the endpoint that shows it. */

let t: TestApp;
let org: Organizer;

beforeAll(async () => {
  t = await startTestApp({}, { deliverMail: true });
  org = await signUpOrganizer(t.app);
});
afterAll(() => t.stop());

interface Message {
  id: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content_type: string; size: number }[];
  sent_at: string;
}

async function mailbox(query = ''): Promise<Message[]> {
  const response = await t.app.inject({ method: 'GET', url: `/v1/dev/mailbox${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

async function waitForMessage(match: (message: Message) => boolean): Promise<Message> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const found = (await mailbox()).find(match);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the message did not reach the mailbox');
}

describe('GET /v1/dev/mailbox', () => {
  it("lists the sink's messages newest first, and their links work", async () => {
    const verification = await waitForMessage((m) => m.to.includes(org.email));
    expect(verification).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      to: `"Owner of ${org.slug}" <${org.email}>`,
      from: '"Access Plus" <tickets@accessplus.localhost>',
      subject: 'Finish creating your Access Plus account',
    });
    expect(Date.parse(verification.sent_at)).toBeGreaterThan(Date.now() - 60_000);

    const email = 'liya.haile@example.org';
    const asked = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${org.slug}/customer/sign-in-links`,
      payload: { email, locale: 'es' },
    });
    expect(asked.statusCode, asked.body).toBe(202);
    const signIn = await waitForMessage((m) => m.to === email);
    expect(signIn.from).toBe(`"Organizer ${org.slug} via Access Plus" <tickets@accessplus.localhost>`);
    expect(signIn.subject).toBe(`Su enlace para iniciar sesión en Organizer ${org.slug}`);

    const messages = await mailbox();
    expect(messages.map((m) => m.id).slice(0, 2)).toEqual([signIn.id, verification.id]);
    expect((await mailbox('?limit=1')).map((m) => m.id)).toEqual([signIn.id]);

    const link = new URL(/https?:\/\/\S+/.exec(signIn.text)?.[0] ?? '');
    expect(link.pathname).toBe('/account/sign-in');
    expect(signIn.html).toContain(link.href);
    const session = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${org.slug}/customer/sessions`,
      payload: { token: link.searchParams.get('token') },
    });
    expect(session.statusCode, session.body).toBe(201);
  });

  it('shows the files that came with a message by name, type and size, not the files', async () => {
    const eventId = await publishedEvent(t.app, org.token);
    const tierId = (await as(t.app, org.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
    const email = 'tigist.bekele@example.org';
    const { order } = await buyTickets(t.app, org.slug, {
      buyer: { name: 'Tigist Bekele', email },
      tickets: [{ tier_id: tierId, quantity: 2 }],
    });
    const confirmation = await waitForMessage((m) => m.to.includes(email));
    expect(confirmation.subject).toContain(order.number);
    expect(confirmation.attachments).toEqual([
      { filename: `tickets-${order.number}.pdf`, content_type: 'application/pdf', size: expect.any(Number) },
      {
        filename: `event-${order.number}.ics`,
        content_type: 'text/calendar; charset=utf-8; method=PUBLISH',
        size: expect.any(Number),
      },
    ]);
    const [pdf, ics] = confirmation.attachments as [Message['attachments'][number], Message['attachments'][number]];
    // Two pages with a QR code each, and the fonts their words use.
    expect(pdf.size).toBeGreaterThan(10_000);
    expect(ics.size).toBeGreaterThan(300);
    expect(JSON.stringify(await mailbox())).not.toContain('%PDF');

    const verification = await waitForMessage((m) => m.to.includes(org.email));
    expect(verification.attachments).toEqual([]);
  });

  it('answers 404 in production, where the sink would show other people’s links, and keeps nothing there', async () => {
    const production = await t.anotherInstance({ env: 'production', runWorker: false });
    expect(production.services.mailbox).toBeNull();
    expectErrorShape(await production.app.inject({ method: 'GET', url: '/v1/dev/mailbox' }), 404, 'not_found');

    const before = await mailbox();
    await production.services.accountMail.emailVerification(
      { email: 'nobody@example.org', displayName: 'Nobody', locale: null },
      'http://localhost:5174/verify-email?token=secret',
    );
    expect(await mailbox()).toEqual(before);
  });

  it('shows no message outside its own scope, not even to the API role', async () => {
    expect((await mailbox()).length).toBeGreaterThan(0);
    const client = new pg.Client({ connectionString: t.appRoleUrl });
    await client.connect();
    try {
      expect((await client.query('select * from dev_mailbox_messages')).rows).toEqual([]);
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true)`, [org.organizerId]);
      expect((await client.query('select * from dev_mailbox_messages')).rows).toEqual([]);
      await client.query('rollback');
    } finally {
      await client.end();
    }
  });

  it('answers 404 when mail goes out by SMTP', async () => {
    const smtp = await t.anotherInstance({ smtpUrl: 'smtp://127.0.0.1:2525', runWorker: false });
    expect(smtp.services.mailbox).toBeNull();
    expectErrorShape(await smtp.app.inject({ method: 'GET', url: '/v1/dev/mailbox' }), 404, 'not_found');
  });

  it(`keeps the last ${MAIL_SINK_SIZE} messages, newest first`, async () => {
    const mailer = createMailer(t.runtime.services.config, createLogger('silent'), databaseMailSink(t.runtime.db));
    try {
      for (let n = 1; n <= MAIL_SINK_SIZE + 5; n++) {
        await mailer.send({
          from: { name: 'Harlem Griot Society via Access Plus', address: 'tickets@example.org' },
          to: { name: 'Amara Okafor', address: 'amara@example.org' },
          subject: `Message ${n}`,
          text: `Text ${n}`,
          html: `<p>HTML ${n}</p>`,
        });
      }
    } finally {
      mailer.close();
    }
    const kept = await mailbox();
    expect(kept).toHaveLength(MAIL_SINK_SIZE);
    expect(kept[0]).toMatchObject({
      subject: `Message ${MAIL_SINK_SIZE + 5}`,
      from: '"Harlem Griot Society via Access Plus" <tickets@example.org>',
      to: '"Amara Okafor" <amara@example.org>',
      text: `Text ${MAIL_SINK_SIZE + 5}`,
      html: `<p>HTML ${MAIL_SINK_SIZE + 5}</p>`,
    });
    expect(kept.at(-1)?.subject).toBe('Message 6');
    const { rows } = await t.admin.query('select count(*)::int as count from dev_mailbox_messages');
    expect(rows[0].count).toBe(MAIL_SINK_SIZE);
  });

  it('refuses a limit out of range', async () => {
    expectErrorShape(await t.app.inject({ method: 'GET', url: '/v1/dev/mailbox?limit=0' }), 400);
    expectErrorShape(await t.app.inject({ method: 'GET', url: '/v1/dev/mailbox?limit=201' }), 400);
  });
});

describe('a worker running apart from the API', () => {
  let api: TestApp;

  beforeAll(async () => {
    // The API without a worker, as with RUN_WORKER=false, and a worker runtime of its own
    // (`pnpm start:worker`), both without SMTP_URL.
    api = await startTestApp({ runWorker: false }, { deliverMail: true });
  });
  afterAll(() => api?.stop());

  it("puts what it sends in the API's mailbox", async () => {
    const worker = await api.anotherInstance({ runWorker: true });
    expect(worker.services.mailbox).not.toBeNull();
    const organizer = await signUpOrganizer(api.app);
    const verification = await until(
      async () => {
        const response = await api.app.inject({ method: 'GET', url: '/v1/dev/mailbox' });
        expect(response.statusCode, response.body).toBe(200);
        return (response.json().data as Message[]).find((m) => m.to.includes(organizer.email));
      },
      10_000,
      "the worker's sign-up email in the API's mailbox",
    );
    expect(verification.subject).toBe('Finish creating your Access Plus account');
    expect(verification.text).toMatch(/http:\/\/localhost:5174\/confirm-sign-up\?token=/);
  });
});
