import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../server.ts';
import {
  apiKeyOf,
  as,
  expectErrorShape,
  publishedEvent,
  putOnPlan,
  signUpOrganizer,
  startTestApp,
  statedLimits,
  type TestApp,
} from './app.ts';
import { startRedis, type TestRedis } from './redis.ts';

/**
 * Two API instances on one database and one Redis, as behind a load balancer: what must be
 * shared between them (sign-in limits, API key limits, catalog cache invalidation) is.
 */

let redis: TestRedis;
let t: TestApp;
let second: Runtime;

beforeAll(async () => {
  redis = await startRedis();
  const shared = { redisUrl: redis.url, loginRateLimit: { max: 3, windowMs: 60_000 } };
  t = await startTestApp(shared);
  second = await t.anotherInstance(shared);
});
afterAll(async () => {
  await t?.stop();
  await redis?.stop();
});

async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}

describe('behind a load balancer', () => {
  it('counts sign-in attempts against one email on every instance together', async () => {
    const owner = await signUpOrganizer(t.app);
    const attempt = (app: TestApp['app']) =>
      app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: owner.email, password: 'wrong guess' } });
    // three failures from one address, on either instance, reach the limit of three
    expect((await attempt(second.app)).statusCode).toBe(401);
    expect((await attempt(t.app)).statusCode).toBe(401);
    expect((await attempt(second.app)).statusCode).toBe(401);
    expectErrorShape(await attempt(t.app), 429, 'rate_limited');
  });

  it("counts an API key's requests on every instance together against its plan's one limit", async () => {
    const owner = await signUpOrganizer(t.app);
    await putOnPlan(t, owner, 'pro');
    const { secret } = await apiKeyOf(t.app, owner, ['organizer:read']);
    const instances = [as(t.app, secret), as(second.app, secret)] as const;
    // 300 a minute on Pro: half through each instance uses all of them.
    for (let n = 0; n < 300; n++) {
      const answer = await instances[n % 2 === 0 ? 0 : 1].get('/v1/organizer');
      expect(answer.statusCode, `request ${n + 1}`).toBe(200);
      expect(statedLimits(answer)['api-key']?.remaining).toBe(299 - n);
    }
    for (const instance of instances) {
      const over = await instance.get('/v1/organizer');
      expectErrorShape(over, 429, 'rate_limited');
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(statedLimits(over)['api-key']).toMatchObject({ quota: 300, windowSeconds: 60, remaining: 0 });
    }
  });

  it("drops every instance's cached catalog when one instance publishes", async () => {
    const owner = await signUpOrganizer(t.app);
    const url = `/v1/public/events?organizer=${owner.slug}`;
    const read = async () =>
      (await second.app.inject({ method: 'GET', url })).json().data.map((e: { id: string }) => e.id);
    expect(await read()).toEqual([]);
    const id = await publishedEvent(t.app, owner.token);
    expect(await eventually(async () => (await read()).includes(id))).toBe(true);
  });
});
