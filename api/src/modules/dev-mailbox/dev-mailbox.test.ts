import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, type Organizer, signUpOrganizer, startTestApp, type TestApp } from '../../test/app.ts';

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

  it('answers 404 in production, where the sink would show other people’s links', async () => {
    const production = await t.anotherInstance({ env: 'production' });
    expect(production.services.mailbox).not.toBeNull();
    expectErrorShape(await production.app.inject({ method: 'GET', url: '/v1/dev/mailbox' }), 404, 'not_found');
  });

  it('answers 404 when mail goes out by SMTP', async () => {
    const smtp = await t.anotherInstance({ smtpUrl: 'smtp://127.0.0.1:2525' });
    expect(smtp.services.mailbox).toBeNull();
    expectErrorShape(await smtp.app.inject({ method: 'GET', url: '/v1/dev/mailbox' }), 404, 'not_found');
  });

  it('refuses a limit out of range', async () => {
    expectErrorShape(await t.app.inject({ method: 'GET', url: '/v1/dev/mailbox?limit=0' }), 400);
    expectErrorShape(await t.app.inject({ method: 'GET', url: '/v1/dev/mailbox?limit=201' }), 400);
  });
});
