import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, expectErrorShape, signUpOrganizer, startTestApp, type TestApp } from '../../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('sign-up', () => {
  it('creates the person, their organizer with them as owner, a session and a verification email', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-up',
      payload: {
        email: 'Hanna@Example.org',
        password: 'a long enough password',
        display_name: 'Hanna Girma',
        organizer: {
          name: 'Habesha Youth DC',
          slug: 'habesha-youth-dc',
          locales: ['en', 'am'],
          time_zone: 'America/New_York',
        },
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body.token).toMatch(/^aps_/);
    expect(body.session.user).toMatchObject({
      email: 'hanna@example.org',
      display_name: 'Hanna Girma',
      email_verified: false,
    });
    expect(body.session.active_organizer).toMatchObject({ organizer_slug: 'habesha-youth-dc', role: 'owner' });
    expect(response.cookies.find((c) => c.name === 'ap_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    const organizer = await as(t.app, body.token).get('/v1/organizer');
    expect(organizer.json()).toMatchObject({
      slug: 'habesha-youth-dc',
      plan: 'basic',
      currency: 'USD',
      default_locale: 'en',
      locales: ['en', 'am'],
    });
    const verification = await t.mail.received('email_verification', 'hanna@example.org');
    expect(verification.link).toContain('/verify-email?token=apv_');

    const stored = await t.admin.query('select password_hash from users where email = $1', ['hanna@example.org']);
    expect(stored.rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a taken email or slug with 409', async () => {
    const first = await signUpOrganizer(t.app);
    const again = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-up',
      payload: {
        email: first.email,
        password: 'another password!',
        display_name: 'X',
        organizer: { name: 'X', slug: 'unused-slug-x' },
      },
    });
    expectErrorShape(again, 409, 'email_taken');
    const slug = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-up',
      payload: {
        email: 'new@example.org',
        password: 'another password!',
        display_name: 'X',
        organizer: { name: 'X', slug: first.slug },
      },
    });
    expectErrorShape(slug, 409, 'slug_taken');
    const users = await t.admin.query('select count(*)::int as n from users where email = $1', ['new@example.org']);
    expect(users.rows[0].n).toBe(0);
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
  it('verifies with the emailed token once', async () => {
    const owner = await signUpOrganizer(t.app);
    const { token } = await t.mail.received('email_verification', owner.email);
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/email-verification/confirm',
      payload: { token },
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect(Date.parse(confirm.json().email_verified_at)).not.toBeNaN();
    expect((await as(t.app, owner.token).get('/v1/auth/session')).json().user.email_verified).toBe(true);

    const reuse = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/email-verification/confirm',
      payload: { token },
    });
    expectErrorShape(reuse, 422, 'invalid_token');
    expectErrorShape(await as(t.app, owner.token).post('/v1/auth/email-verification'), 409, 'already_verified');
  });

  it('sends a fresh link on request and refuses expired ones', async () => {
    const owner = await signUpOrganizer(t.app);
    const first = await t.mail.received('email_verification', owner.email);
    const before = t.mail.sent.length;
    const resend = await as(t.app, owner.token).post('/v1/auth/email-verification');
    expect(resend.statusCode).toBe(202);
    const fresh = (await t.mail.received('email_verification', owner.email, before)).token;
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
    t.mail.failNext = 2;
    const owner = await signUpOrganizer(t.app);
    const reset = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset',
      payload: { email: owner.email },
    });
    expect(reset.statusCode).toBe(202);
    // Both first attempts failed; each job's retry makes a new link, and that one works.
    const verification = await t.mail.received('email_verification', owner.email, 0, 20_000);
    const { token } = await t.mail.received('password_reset', owner.email, 0, 20_000);
    expect(t.mail.failNext).toBe(0);
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/email-verification/confirm',
      payload: { token: verification.token },
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset/confirm',
      payload: { token, password: 'a password after the outage' },
    });
    expect(changed.statusCode, changed.body).toBe(204);
  }, 30_000);
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
        remaining.push(guess.headers['ratelimit-remaining']);
      }
      expect(remaining).toEqual(['2', '1', '0']);
      // Even the right password, from the address that guessed.
      const blocked = await signIn(limited.app, owner.email, owner.password, guesser);
      expectErrorShape(blocked, 429, 'rate_limited');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.headers['ratelimit-limit']).toBe('3');
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
