import { createHash } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  as,
  expectErrorShape,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  statedLimits,
  type TestApp,
} from '../../test/app.ts';

// The real hash, counted: whether an answer hashed the password is what its time would tell.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, hash: vi.fn(real.hash) };
});

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

const signUpBody = (email: string, slug: string, password = 'a long enough password') => ({
  email,
  password,
  display_name: 'Hanna Girma',
  organizer: { name: 'Habesha Youth DC', slug, locales: ['en', 'am'], time_zone: 'America/New_York' },
});

const askToSignUp = (body: ReturnType<typeof signUpBody> & { locale?: string }) =>
  t.app.inject({ method: 'POST', url: '/v1/auth/sign-up', payload: body });

const confirmSignUp = (payload: { token: string; organizer_slug?: string }) =>
  t.app.inject({ method: 'POST', url: '/v1/auth/sign-up/confirm', payload });

const publicOrganizer = (slug: string) => t.app.inject({ method: 'GET', url: `/v1/public/organizers/${slug}` });

describe('sign-up', () => {
  it('emails a new address a link; following it creates the verified person, their organizer and a session', async () => {
    const before = t.mail.sent.length;
    const asked = await askToSignUp(signUpBody('Hanna@Example.org', 'habesha-youth-dc'));
    expect(asked.statusCode, asked.body).toBe(202);
    expect(Object.keys(asked.json())).toEqual(['message']);
    expect(asked.cookies).toEqual([]);
    // Nothing shows before the link is followed: no person, no organizer, no slug.
    expect((await t.admin.query("select 1 from users where email = 'hanna@example.org'")).rows).toEqual([]);
    expect((await publicOrganizer('habesha-youth-dc')).statusCode).toBe(404);

    const { link, token } = await t.mail.received('sign_up_confirmation', 'hanna@example.org', before);
    expect(link).toMatch(/\/confirm-sign-up\?token=apn_/);
    const pending = await t.admin.query('select password_hash, token_hash, expires_at from pending_sign_ups');
    expect(pending.rows).toHaveLength(1);
    expect(pending.rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(pending.rows[0].token_hash).toEqual(createHash('sha256').update(token).digest());
    expect(pending.rows[0].expires_at.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);

    const confirmed = await confirmSignUp({ token });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    const body = confirmed.json();
    expect(body.token).toMatch(/^aps_/);
    expect(body.session.user).toMatchObject({
      email: 'hanna@example.org',
      display_name: 'Hanna Girma',
      email_verified: true,
    });
    expect(body.session.active_organizer).toMatchObject({ organizer_slug: 'habesha-youth-dc', role: 'owner' });
    expect(confirmed.cookies.find((c) => c.name === 'ap_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const organizer = await as(t.app, body.token).get('/v1/organizer');
    expect(organizer.json()).toMatchObject({
      slug: 'habesha-youth-dc',
      plan: 'basic',
      currency: 'USD',
      default_locale: 'en',
      locales: ['en', 'am'],
      time_zone: 'America/New_York',
    });
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: 'hanna@example.org', password: 'a long enough password' },
    });
    expect(signIn.statusCode, signIn.body).toBe(200);

    expectErrorShape(await confirmSignUp({ token }), 422, 'invalid_token');
    expect((await t.admin.query('select 1 from pending_sign_ups')).rows).toEqual([]);
  });

  it('answers an address that has an account exactly as a new one, and tells its owner instead', async () => {
    const known = await signUpOrganizer(t.app);
    const before = t.mail.sent.length;
    const forKnown = await askToSignUp(signUpBody(known.email, 'someone-elses-group', 'not the owner password'));
    const forNew = await askToSignUp(signUpBody('brand-new@example.org', 'a-new-group'));
    expect(forKnown.statusCode, forKnown.body).toBe(202);
    expect(forKnown.body).toBe(forNew.body);
    expect(forKnown.cookies).toEqual(forNew.cookies);
    expect(Object.keys(forKnown.headers).sort()).toEqual(Object.keys(forNew.headers).sort());

    const notice = await t.mail.received('sign_up_attempt', known.email, before);
    expect(notice.link).toBe(`${t.runtime.services.config.adminUrl}/sign-in`);
    await t.mail.received('sign_up_confirmation', 'brand-new@example.org', before);
    expect(t.mail.sent.slice(before).filter((mail) => mail.to === known.email)).toHaveLength(1);
    // Nothing was created or changed for the known address: its owner's password still works.
    expect((await publicOrganizer('someone-elses-group')).statusCode).toBe(404);
    const pendingForKnown = await t.admin.query('select 1 from pending_sign_ups where email = $1', [known.email]);
    expect(pendingForKnown.rows).toEqual([]);
    const owner = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: known.email, password: known.password },
    });
    expect(owner.statusCode).toBe(200);
    const tried = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: known.email, password: 'not the owner password' },
    });
    expectErrorShape(tried, 401, 'invalid_credentials');
  });

  it('hashes the password for an address with an account too, so the time taken does not tell', async () => {
    const known = await signUpOrganizer(t.app);
    // Hashing is most of the work of either answer: each does it exactly once, so neither is faster.
    const hashes = () => vi.mocked(hash).mock.calls.length;
    let before = hashes();
    expect((await askToSignUp(signUpBody('timing-new@example.org', 'timing-new'))).statusCode).toBe(202);
    expect(hashes() - before).toBe(1);
    before = hashes();
    expect((await askToSignUp(signUpBody(known.email, 'timing-known'))).statusCode).toBe(202);
    expect(hashes() - before).toBe(1);
  });

  it('refuses a slug an organizer already has with 409, whoever asks', async () => {
    const first = await signUpOrganizer(t.app);
    const pendingBefore = (await t.admin.query('select count(*)::int as n from pending_sign_ups')).rows[0].n;
    for (const email of ['new@example.org', first.email]) {
      const response = await askToSignUp(signUpBody(email, first.slug));
      const error = expectErrorShape(response, 409, 'slug_taken');
      expect(error.details).toEqual([{ field: 'body.organizer.slug', message: 'is taken' }]);
    }
    const pendingAfter = (await t.admin.query('select count(*)::int as n from pending_sign_ups')).rows[0].n;
    expect(pendingAfter).toBe(pendingBefore);
    const users = await t.admin.query('select count(*)::int as n from users where email = $1', ['new@example.org']);
    expect(users.rows[0].n).toBe(0);
  });

  it('a slug taken before the link is followed gets 409, and the same link works with another slug', async () => {
    const before = t.mail.sent.length;
    expect((await askToSignUp(signUpBody('slow@example.org', 'contested-slug'))).statusCode).toBe(202);
    const { token } = await t.mail.received('sign_up_confirmation', 'slow@example.org', before);
    await signUpOrganizer(t.app, { slug: 'contested-slug' });

    const taken = expectErrorShape(await confirmSignUp({ token }), 409, 'slug_taken');
    expect(taken.message).toContain('contested-slug');
    expect(taken.details).toEqual([{ field: 'body.organizer_slug', message: 'is taken' }]);
    expect((await t.admin.query("select 1 from users where email = 'slow@example.org'")).rows).toEqual([]);

    const chosen = await confirmSignUp({ token, organizer_slug: 'contested-slug-2' });
    expect(chosen.statusCode, chosen.body).toBe(201);
    expect(chosen.json().session.active_organizer).toMatchObject({ organizer_slug: 'contested-slug-2', role: 'owner' });
  });

  it('two links for one slug followed at once: one organizer, and the other hears slug_taken', async () => {
    const before = t.mail.sent.length;
    for (const email of ['racer-one@example.org', 'racer-two@example.org']) {
      expect((await askToSignUp(signUpBody(email, 'raced-slug'))).statusCode).toBe(202);
    }
    const tokens = await Promise.all(
      ['racer-one@example.org', 'racer-two@example.org'].map(
        async (email) => (await t.mail.received('sign_up_confirmation', email, before)).token,
      ),
    );
    const answers = await Promise.all(tokens.map((token) => confirmSignUp({ token })));
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    expectErrorShape(
      answers.find((answer) => answer.statusCode === 409) as (typeof answers)[number],
      409,
      'slug_taken',
    );
    const organizers = await t.admin.query("select count(*)::int as n from tenants where slug = 'raced-slug'");
    expect(organizers.rows[0].n).toBe(1);
  });

  it('refuses an expired link, and a second link once the address has an account', async () => {
    const before = t.mail.sent.length;
    expect((await askToSignUp(signUpBody('twice@example.org', 'twice-one'))).statusCode).toBe(202);
    const first = await t.mail.received('sign_up_confirmation', 'twice@example.org', before);
    const between = t.mail.sent.length;
    expect((await askToSignUp(signUpBody('twice@example.org', 'twice-two'))).statusCode).toBe(202);
    const second = await t.mail.received('sign_up_confirmation', 'twice@example.org', between);
    expect(second.token).not.toBe(first.token);

    expect((await confirmSignUp({ token: second.token })).statusCode).toBe(201);
    // The other link's sign-up was dropped once the address had an account.
    expectErrorShape(await confirmSignUp({ token: first.token }), 422, 'invalid_token');

    const later = t.mail.sent.length;
    expect((await askToSignUp(signUpBody('late@example.org', 'late-group'))).statusCode).toBe(202);
    const late = await t.mail.received('sign_up_confirmation', 'late@example.org', later);
    await t.admin.query(
      "update pending_sign_ups set expires_at = now() - interval '1 minute' where email = 'late@example.org'",
    );
    expectErrorShape(await confirmSignUp({ token: late.token }), 422, 'invalid_token');
    expect((await publicOrganizer('late-group')).statusCode).toBe(404);
  });

  it('a link whose address got an account meanwhile (an invitation) answers 409 email_taken', async () => {
    const before = t.mail.sent.length;
    expect((await askToSignUp(signUpBody('invited@example.org', 'invited-group'))).statusCode).toBe(202);
    const { token } = await t.mail.received('sign_up_confirmation', 'invited@example.org', before);
    const inviter = await signUpOrganizer(t.app);
    const added = await as(t.app, inviter.token).post('/v1/organizer/members', {
      email: 'invited@example.org',
      role: 'staff',
    });
    expect(added.statusCode, added.body).toBe(201);
    expectErrorShape(await confirmSignUp({ token }), 409, 'email_taken');
    expect((await publicOrganizer('invited-group')).statusCode).toBe(404);
  });
});

describe('storefront address availability', () => {
  const availability = (slug: string) =>
    t.app.inject({ method: 'GET', url: `/v1/auth/sign-up/slug-availability?slug=${encodeURIComponent(slug)}` });

  it('says a taken address is taken and a free one is free', async () => {
    const taken = await signUpOrganizer(t.app);
    const answer = await availability(taken.slug);
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({
      slug: taken.slug,
      available: false,
      message: `The address "${taken.slug}" is taken. Choose another.`,
    });
    expect((await availability(`${taken.slug}-2`)).json()).toMatchObject({ available: true });
  });

  it('refuses an address that could never be one, naming the rule', async () => {
    const answer = await availability('Not A Slug!');
    expectErrorShape(answer, 400);
    expect(answer.json().error.details[0].field).toBe('querystring.slug');
  });
});

describe('sign-in and sessions', () => {
  it('signs in, reads the session by bearer token and by cookie, and signs out', async () => {
    const owner = await signUpOrganizer(t.app);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: owner.email.toUpperCase(), password: owner.password },
    });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const token = signIn.json().token as string;
    expect(token).not.toBe(owner.token);

    const byBearer = await as(t.app, token).get('/v1/auth/session');
    expect(byBearer.json().active_organizer.organizer_slug).toBe(owner.slug);
    const byCookie = await t.app.inject({ method: 'GET', url: '/v1/auth/session', cookies: { ap_session: token } });
    expect(byCookie.statusCode).toBe(200);

    const signOut = await as(t.app, token).post('/v1/auth/sign-out');
    expect(signOut.statusCode).toBe(204);
    expectErrorShape(await as(t.app, token).get('/v1/auth/session'), 401, 'unauthorized');
    expect((await as(t.app, owner.token).get('/v1/auth/session')).statusCode).toBe(200);
  });

  it('answers a wrong password or unknown email with the same 401', async () => {
    const owner = await signUpOrganizer(t.app);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: owner.email, password: 'not the password' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: 'nobody@example.org', password: 'whatever it is' },
    });
    expect(expectErrorShape(wrong, 401, 'invalid_credentials').message).toBe(expectErrorShape(unknown, 401).message);
  });

  it('refuses a malformed or unknown token', async () => {
    expectErrorShape(await as(t.app, 'aps_forged').get('/v1/auth/session'), 401);
    expectErrorShape(
      await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: { authorization: 'Basic abc' } }),
      401,
    );
    expectErrorShape(await t.app.inject({ method: 'GET', url: '/v1/auth/session' }), 401);
  });

  it('switches to another organizer the person belongs to, and only to those', async () => {
    const a = await signUpOrganizer(t.app);
    const b = await signUpOrganizer(t.app);
    const added = await as(t.app, b.token).post('/v1/organizer/members', { email: a.email, role: 'staff' });
    expect(added.statusCode, added.body).toBe(201);

    const session = await as(t.app, a.token).get('/v1/auth/session');
    expect(
      session
        .json()
        .memberships.map((m: { organizer_slug: string }) => m.organizer_slug)
        .sort(),
    ).toEqual([a.slug, b.slug].sort());
    const switched = await as(t.app, a.token).put('/v1/auth/session/organizer', { organizer: b.slug });
    expect(switched.json().active_organizer).toMatchObject({ organizer_slug: b.slug, role: 'staff' });
    expect((await as(t.app, a.token).get('/v1/organizer')).json().slug).toBe(b.slug);

    const stranger = await signUpOrganizer(t.app);
    expectErrorShape(
      await as(t.app, a.token).put('/v1/auth/session/organizer', { organizer: stranger.slug }),
      403,
      'not_a_member',
    );
  });
});

describe('email verification', () => {
  // A sign-up's link verifies its address; a team member added by email starts unverified.
  const unverifiedMember = async () => {
    const owner = await signUpOrganizer(t.app);
    const email = `member-${owner.slug}@example.org`;
    const member = await signedInMember(t, owner, 'staff', email);
    expect((await member.client.get('/v1/auth/session')).json().user.email_verified).toBe(false);
    return { ...member, email };
  };

  it('verifies with the emailed token once', async () => {
    const member = await unverifiedMember();
    const before = t.mail.sent.length;
    expect((await member.client.post('/v1/auth/email-verification')).statusCode).toBe(202);
    const { token } = await t.mail.received('email_verification', member.email, before);
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/email-verification/confirm',
      payload: { token },
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect(Date.parse(confirm.json().email_verified_at)).not.toBeNaN();
    expect((await member.client.get('/v1/auth/session')).json().user.email_verified).toBe(true);

    const reuse = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/email-verification/confirm',
      payload: { token },
    });
    expectErrorShape(reuse, 422, 'invalid_token');
    expectErrorShape(await member.client.post('/v1/auth/email-verification'), 409, 'already_verified');
  });

  it('sends a fresh link on request and refuses expired ones', async () => {
    const member = await unverifiedMember();
    let before = t.mail.sent.length;
    await member.client.post('/v1/auth/email-verification');
    const first = await t.mail.received('email_verification', member.email, before);
    before = t.mail.sent.length;
    const resend = await member.client.post('/v1/auth/email-verification');
    expect(resend.statusCode).toBe(202);
    const fresh = (await t.mail.received('email_verification', member.email, before)).token;
    expect(fresh).not.toBe(first.token);
    await t.admin.query(
      `update account_tokens set expires_at = now() - interval '1 minute' where purpose = 'verify_email'`,
    );
    const expired = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/email-verification/confirm',
      payload: { token: fresh },
    });
    expectErrorShape(expired, 422, 'invalid_token');
  });
});

describe('password reset', () => {
  it('sets a new password with the emailed token and ends every session', async () => {
    const owner = await signUpOrganizer(t.app);
    const request = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset',
      payload: { email: owner.email },
    });
    expect(request.statusCode).toBe(202);
    const { token } = await t.mail.received('password_reset', owner.email);

    const reset = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset/confirm',
      payload: { token, password: 'a brand new password' },
    });
    expect(reset.statusCode, reset.body).toBe(204);
    expectErrorShape(await as(t.app, owner.token).get('/v1/auth/session'), 401);
    const oldPassword = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: owner.email, password: owner.password },
    });
    expectErrorShape(oldPassword, 401);
    const newPassword = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: owner.email, password: 'a brand new password' },
    });
    expect(newPassword.statusCode).toBe(200);

    const reuse = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset/confirm',
      payload: { token, password: 'yet another password' },
    });
    expectErrorShape(reuse, 422, 'invalid_token');
  });

  it('answers 202 for an unknown email without sending anything', async () => {
    const before = t.mail.sent.length;
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset',
      payload: { email: 'ghost@example.org' },
    });
    expect(response.statusCode).toBe(202);
    // A reset asked for afterwards arrives; by then a mail to the unknown address would have too.
    const owner = await signUpOrganizer(t.app);
    await t.app.inject({ method: 'POST', url: '/v1/auth/password-reset', payload: { email: owner.email } });
    await t.mail.received('password_reset', owner.email, before);
    expect(t.mail.sent.slice(before).filter((mail) => mail.to === 'ghost@example.org')).toEqual([]);
  });
});

describe('account emails', () => {
  it('are sent by the worker: a mail server that is down fails no request, and the link arrives once it is back', async () => {
    const owner = await signUpOrganizer(t.app);
    const before = t.mail.sent.length;
    t.mail.failNext = 2;
    const signUp = await askToSignUp(signUpBody('during-outage@example.org', 'during-outage'));
    expect(signUp.statusCode, signUp.body).toBe(202);
    const reset = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset',
      payload: { email: owner.email },
    });
    expect(reset.statusCode).toBe(202);
    // Both first attempts failed; each job's retry makes a new link, and that one works.
    const signUpLink = await t.mail.received('sign_up_confirmation', 'during-outage@example.org', before, 20_000);
    const { token } = await t.mail.received('password_reset', owner.email, before, 20_000);
    expect(t.mail.failNext).toBe(0);
    const confirm = await confirmSignUp({ token: signUpLink.token });
    expect(confirm.statusCode, confirm.body).toBe(201);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset/confirm',
      payload: { token, password: 'a password after the outage' },
    });
    expect(changed.statusCode, changed.body).toBe(204);
  }, 30_000);
});

describe('the language of the admin and account emails', () => {
  it('is the one chosen at sign-up, kept with the person and given to the session', async () => {
    const before = t.mail.sent.length;
    const asked = await askToSignUp({ ...signUpBody('meron@example.org', 'meron-choir'), locale: 'am' });
    expect(asked.statusCode, asked.body).toBe(202);
    const confirmation = await t.mail.received('sign_up_confirmation', 'meron@example.org', before);
    expect(confirmation.locale).toBe('am');
    const confirmed = await confirmSignUp({ token: confirmation.token });
    expect(confirmed.json().session.user.locale).toBe('am');
    await t.app.inject({ method: 'POST', url: '/v1/auth/password-reset', payload: { email: 'meron@example.org' } });
    expect((await t.mail.received('password_reset', 'meron@example.org', before)).locale).toBe('am');
  });

  it('changes from the menu: the session, later account emails, and refuses a language the admin is not in', async () => {
    const owner = await signUpOrganizer(t.app);
    const client = as(t.app, owner.token);
    expect((await client.get('/v1/auth/session')).json().user.locale).toBeNull();

    const chosen = await client.put('/v1/auth/session/language', { locale: 'ht' });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json().user.locale).toBe('ht');
    expect((await client.get('/v1/auth/session')).json().user.locale).toBe('ht');
    const before = t.mail.sent.length;
    await t.app.inject({ method: 'POST', url: '/v1/auth/password-reset', payload: { email: owner.email } });
    expect((await t.mail.received('password_reset', owner.email, before)).locale).toBe('ht');

    expectErrorShape(await client.put('/v1/auth/session/language', { locale: 'tlh' }), 400, 'invalid_request');
    expectErrorShape(
      await t.app.inject({ method: 'PUT', url: '/v1/auth/session/language', payload: { locale: 'es' } }),
      401,
    );
    expect((await client.get('/v1/auth/session')).json().user.locale).toBe('ht');
  });

  it("invites a person in their organizer's language until they choose their own", async () => {
    const before = t.mail.sent.length;
    const owner = await signUpOrganizer(t.app);
    const client = as(t.app, owner.token);
    expect((await client.patch('/v1/organizer', { locales: ['en', 'fr'], default_locale: 'fr' })).statusCode).toBe(200);
    await client.post('/v1/organizer/members', { email: 'invited-fr@example.org', role: 'staff' });
    expect((await t.mail.received('invitation', 'invited-fr@example.org', before)).locale).toBe('fr');
  });
});

describe('guessing defence', () => {
  const signIn = (app: TestApp['app'], email: string, password: string, address: string) =>
    app.inject({ method: 'POST', url: '/v1/auth/sign-in', remoteAddress: address, payload: { email, password } });

  it('limits failed sign-ins per email and address with 429, Retry-After and RateLimit headers', async () => {
    const limited = await startTestApp({ loginRateLimit: { max: 3, windowMs: 60_000 } });
    try {
      const owner = await signUpOrganizer(limited.app);
      const guesser = '203.0.113.5';
      const remaining = [];
      for (let n = 1; n <= 3; n++) {
        const guess = await signIn(limited.app, owner.email, `wrong guess ${n}`, guesser);
        expect(guess.statusCode).toBe(401);
        remaining.push(statedLimits(guess)['login-email-address']?.remaining);
      }
      expect(remaining).toEqual([2, 1, 0]);
      // Even the right password, from the address that guessed.
      const blocked = await signIn(limited.app, owner.email, owner.password, guesser);
      expectErrorShape(blocked, 429, 'rate_limited');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(statedLimits(blocked)).toMatchObject({
        'login-address': { quota: 15, windowSeconds: 60, remaining: 11 },
        'login-email-address': { quota: 3, windowSeconds: 60, remaining: 0 },
      });
      // another account is not blocked by guesses against this one
      const other = await signUpOrganizer(limited.app);
      expect((await signIn(limited.app, other.email, other.password, guesser)).statusCode).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it("a stranger's failures do not lock the owner out at another address", async () => {
    const limited = await startTestApp({ loginRateLimit: { max: 10, windowMs: 60_000 } });
    try {
      const owner = await signUpOrganizer(limited.app);
      const stranger = '203.0.113.66';
      for (let n = 1; n <= 10; n++) {
        expectErrorShape(await signIn(limited.app, owner.email, `guess ${n}`, stranger), 401, 'invalid_credentials');
      }
      expectErrorShape(await signIn(limited.app, owner.email, 'guess 11', stranger), 429, 'rate_limited');
      const atHome = await signIn(limited.app, owner.email, owner.password, '198.51.100.20');
      expect(atHome.statusCode, atHome.body).toBe(200);
      // The stranger is still refused, and moving to another address buys one guess, not ten.
      expectErrorShape(await signIn(limited.app, owner.email, owner.password, stranger), 429, 'rate_limited');
      const elsewhere = '203.0.113.67';
      expectErrorShape(await signIn(limited.app, owner.email, 'guess 12', elsewhere), 401);
      expectErrorShape(await signIn(limited.app, owner.email, 'guess 13', elsewhere), 429, 'rate_limited');
    } finally {
      await limited.stop();
    }
  });

  it('a right password clears its address’s failures; only failed sign-ins count', async () => {
    const limited = await startTestApp({ loginRateLimit: { max: 3, windowMs: 60_000 } });
    try {
      const owner = await signUpOrganizer(limited.app);
      const address = '198.51.100.30';
      expect((await signIn(limited.app, owner.email, 'typo one', address)).statusCode).toBe(401);
      expect((await signIn(limited.app, owner.email, 'typo two', address)).statusCode).toBe(401);
      expect((await signIn(limited.app, owner.email, owner.password, address)).statusCode).toBe(200);
      expect((await signIn(limited.app, owner.email, 'typo three', address)).statusCode).toBe(401);
      expect((await signIn(limited.app, owner.email, 'typo four', address)).statusCode).toBe(401);
      expect((await signIn(limited.app, owner.email, owner.password, address)).statusCode).toBe(200);
      // Password resets asked for this email, from here, send mail and sign nobody in: they are
      // limited with sign-up (which made one of the three), and apart from sign-in.
      for (let n = 0; n < 2; n++) {
        const reset = await limited.app.inject({
          method: 'POST',
          url: '/v1/auth/password-reset',
          remoteAddress: address,
          payload: { email: owner.email },
        });
        expect(reset.statusCode).toBe(202);
      }
      expectErrorShape(
        await limited.app.inject({
          method: 'POST',
          url: '/v1/auth/password-reset',
          remoteAddress: address,
          payload: { email: owner.email },
        }),
        429,
        'rate_limited',
      );
      expect((await signIn(limited.app, owner.email, owner.password, address)).statusCode).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it('while an email is under attack, an address that failed on it is refused and a clean one is not', async () => {
    const limited = await startTestApp({ loginRateLimit: { max: 3, windowMs: 60_000 } });
    try {
      const owner = await signUpOrganizer(limited.app);
      for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        expect((await signIn(limited.app, owner.email, 'a guess', address)).statusCode).toBe(401);
      }
      // One failure each from three places: the email is under attack. A fourth place guesses once.
      expect((await signIn(limited.app, owner.email, 'a guess', '203.0.113.4')).statusCode).toBe(401);
      expectErrorShape(await signIn(limited.app, owner.email, owner.password, '203.0.113.4'), 429, 'rate_limited');
      expect((await signIn(limited.app, owner.email, owner.password, '198.51.100.40')).statusCode).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it('counts per client address behind a proxy, and a forged X-Forwarded-For does not escape it', async () => {
    // One trusted hop: the client is the entry the load balancer appended, the last one.
    const limited = await startTestApp({ loginRateLimit: { max: 1, windowMs: 60_000 }, trustProxy: 1 });
    try {
      const attempt = (forged: string, client: string, n: number) =>
        limited.app.inject({
          method: 'POST',
          url: '/v1/auth/sign-in',
          headers: { 'x-forwarded-for': `${forged}, ${client}` },
          payload: { email: `guess-${n}@example.org`, password: 'a guess' },
        });
      for (let n = 0; n < 5; n += 1) expect((await attempt(`10.9.9.${n}`, '203.0.113.7', n)).statusCode).toBe(401);
      expectErrorShape(await attempt('10.9.9.99', '203.0.113.7', 99), 429, 'rate_limited');
      expect((await attempt('10.9.9.99', '203.0.113.8', 100)).statusCode).toBe(401);
    } finally {
      await limited.stop();
    }
  });
});
