import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../db/embedded.ts';
import type { Runtime } from '../server.ts';
import {
  as,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
  until,
} from './app.ts';
import { type RedisServer, startRedisServer } from './redis.ts';

/**
 * Redis goes away under two API instances and comes back on the same address: the API keeps
 * answering at once (limits fall back to each process), says it is degraded, and shares its
 * limits and cache invalidations through Redis again by itself.
 */

// A fault-handling bound, not a benchmark: an unreachable Redis used to cost 6 to 20 seconds.
const PROMPT_MS = 1500;

let redis: RedisServer;
let t: TestApp;
let second: Runtime;
let owner: Organizer;

beforeAll(async () => {
  redis = await startRedisServer(await freePort());
  const shared = { redisUrl: redis.url, loginRateLimit: { max: 3, windowMs: 60_000 } };
  t = await startTestApp(shared);
  second = await t.anotherInstance(shared);
  owner = await signUpOrganizer(t.app);
});
afterAll(async () => {
  await t?.stop();
  await redis?.stop();
});

async function timed(request: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const started = performance.now();
  const response = await request();
  const took = performance.now() - started;
  expect(took, `${response.statusCode} after ${Math.round(took)} ms`).toBeLessThan(PROMPT_MS);
  return response;
}

const health = async (app: TestApp['app']) => (await app.inject({ method: 'GET', url: '/health' })).json();

const signIn = (app: TestApp['app'], email: string, password: string, address = '198.51.100.7') =>
  app.inject({
    method: 'POST',
    url: '/v1/auth/sign-in',
    remoteAddress: address,
    payload: { email, password },
  });

describe('Redis goes down and comes back', () => {
  it('the API answers at once and says it is degraded, then shares limits through Redis again', async () => {
    expect(await health(t.app)).toEqual({ ok: true, status: 'ok', redis: 'ok' });

    await redis.kill();

    const right = await timed(() => signIn(t.app, owner.email, owner.password));
    expect(right.statusCode, right.body).toBe(200);
    expectErrorShape(await timed(() => signIn(t.app, owner.email, 'a wrong guess')), 401, 'invalid_credentials');
    const signUp = await timed(() =>
      t.app.inject({
        method: 'POST',
        url: '/v1/auth/sign-up',
        payload: {
          email: 'newcomer@example.org',
          password: 'a long enough password',
          display_name: 'Newcomer',
          organizer: { name: 'Newcomer Group', slug: 'newcomer-group' },
        },
      }),
    );
    expect(signUp.statusCode, signUp.body).toBe(202);
    const reset = await timed(() =>
      t.app.inject({ method: 'POST', url: '/v1/auth/password-reset', payload: { email: owner.email } }),
    );
    expect(reset.statusCode, reset.body).toBe(202);
    const link = await timed(() =>
      t.app.inject({
        method: 'POST',
        url: `/v1/public/organizers/${owner.slug}/customer/sign-in-links`,
        payload: { email: 'buyer@example.org' },
      }),
    );
    expect(link.statusCode, link.body).toBe(202);
    // Publishing invalidates the catalog cache, which is published through Redis.
    const created = await as(t.app, owner.token).post('/v1/events', {
      title: { en: 'While Redis is away' },
      category: 'festival',
      languages: ['en'],
      venue_name: 'Hall',
      city: 'Houston',
      state: 'TX',
      time_zone: 'America/Chicago',
      starts_at: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      ends_at: new Date(Date.now() + 10 * 86_400_000 + 3_600_000).toISOString(),
      tiers: [{ name: { en: 'General' }, price_cents: 1000, quantity: 10 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const published = await timed(() => as(t.app, owner.token).post(`/v1/events/${created.json().id}/publish`));
    expect(published.statusCode, published.body).toBe(200);
    const catalog = await timed(() =>
      t.app.inject({ method: 'GET', url: `/v1/public/events?organizer=${owner.slug}` }),
    );
    expect(catalog.json().data.map((event: { id: string }) => event.id)).toContain(created.json().id);

    const degraded = await t.app.inject({ method: 'GET', url: '/health' });
    expect(degraded.statusCode).toBe(200);
    expect(degraded.json()).toEqual({ ok: true, status: 'degraded', redis: 'unreachable' });
    expect(await health(second.app)).toMatchObject({ status: 'degraded' });

    // Meanwhile each process still limits guessing by itself.
    for (let n = 0; n < 3; n++) {
      expectErrorShape(await timed(() => signIn(t.app, 'someone@example.org', 'guess', '198.51.100.9')), 401);
    }
    expectErrorShape(await timed(() => signIn(t.app, 'someone@example.org', 'guess', '198.51.100.9')), 429);

    redis = await startRedisServer(redis.port);
    await until(async () => (await health(t.app)).status === 'ok', 10_000, 'a green /health');
    await until(async () => (await health(second.app)).status === 'ok', 10_000, "the second instance's green /health");
    expect(await health(t.app)).toEqual({ ok: true, status: 'ok', redis: 'ok' });

    // Limits are shared again: three failures across both instances reach the limit of three.
    const address = '198.51.100.11';
    expectErrorShape(await signIn(t.app, owner.email, 'guess 1', address), 401);
    expectErrorShape(await signIn(second.app, owner.email, 'guess 2', address), 401);
    expectErrorShape(await signIn(t.app, owner.email, 'guess 3', address), 401);
    expectErrorShape(await signIn(second.app, owner.email, owner.password, address), 429, 'rate_limited');
    // The owner, elsewhere, still signs in.
    expect((await signIn(second.app, owner.email, owner.password, '198.51.100.12')).statusCode).toBe(200);

    // And so are catalog invalidations: what one instance publishes, the other shows.
    const read = async () =>
      (await second.app.inject({ method: 'GET', url: `/v1/public/events?organizer=${owner.slug}` }))
        .json()
        .data.map((event: { id: string }) => event.id);
    await read();
    const later = await publishedEvent(t.app, owner.token);
    await until(async () => (await read()).includes(later), 3000, "the other instance's fresh catalog");
  }, 60_000);

  it('a Redis that stops answering, its connections still open, holds nothing up either', async () => {
    await until(async () => (await health(t.app)).status === 'ok', 10_000, 'a green /health');
    redis.pause();
    try {
      for (let n = 0; n < 4; n++) {
        const right = await timed(() => signIn(t.app, owner.email, owner.password, '198.51.100.50'));
        expect(right.statusCode, right.body).toBe(200);
        expectErrorShape(
          await timed(() => signIn(second.app, `nobody-${n}@example.org`, 'a guess', '198.51.100.51')),
          401,
        );
      }
      const degraded = await timed(() => t.app.inject({ method: 'GET', url: '/health' }));
      expect(degraded.json()).toEqual({ ok: true, status: 'degraded', redis: 'unreachable' });
    } finally {
      redis.resume();
    }
    await until(async () => (await health(t.app)).status === 'ok', 10_000, 'a green /health');
    await until(async () => (await health(second.app)).status === 'ok', 10_000, "the second instance's green /health");
  }, 60_000);
});
