import type { FastifyReply, FastifyRequest, onSendAsyncHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config, RateLimitSetting } from '../config.ts';
import type { TenantPlan } from '../db/schema.ts';
import { AppError } from '../lib/errors.ts';
import { API_KEY_REQUESTS_PER_MINUTE } from '../modules/billing/plans.ts';

/**
 * Limits on the forms that take an email address without a session, on the storefront's public
 * forms per client address, and on each API key. Counts live in Redis when configured, so every
 * API instance shares them; otherwise, and whenever Redis cannot be reached, in this process
 * (single instance only), so a request never waits for Redis.
 */
export interface RequestGuard {
  preHandler: preHandlerAsyncHookHandler;
  /** Learns how the request went, for guards that count only failures. */
  onSend: onSendAsyncHookHandler;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Password guessing at sign-in. */
    loginGuard: RequestGuard;
    /** Sign-up and password reset: each one emails someone. */
    accountMailGuard: RequestGuard;
    /** The same defence for storefront sign-in links, counted apart from staff sign-in. */
    signInLinkGuard: RequestGuard;
    /** Joining a waitlist needs no sign-in: limited so nobody can fill a line with made-up emails. */
    waitlistGuard: RequestGuard;
    /** Writing to an organizer from its storefront: each message is an email to the organizer. */
    contactGuard: RequestGuard;
    /** Holding tickets (starting checkout), per client address: one script cannot hold an event's stock. */
    orderHoldGuard: RequestGuard;
    /** Pricing a cart, per client address. */
    quoteGuard: RequestGuard;
    /** Requests per API key and minute, by the key's plan. */
    apiKeyLimit: ApiKeyLimit;
  }
}

/**
 * A limit as the RateLimit header fields name it (draft-ietf-httpapi-ratelimit-headers): a
 * quota of requests in a window of seconds, for one partition (an address, an email, a key).
 */
interface Policy {
  name: string;
  quota: number;
  windowSeconds: number;
}

/** A counter in Redis that falls back to one in this process while Redis cannot be reached. */
function limiter(redis: Redis | null, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  const inProcess = new RateLimiterMemory({ keyPrefix, points, duration });
  if (!redis) return inProcess;
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `accessplus:rate:${keyPrefix}`,
    points,
    duration,
    rejectIfRedisNotReady: true,
    insuranceLimiter: inProcess,
  });
}

function seconds(windowMs: number): number {
  return Math.max(1, Math.ceil(windowMs / 1000));
}

function limiterOf(redis: Redis | null, policy: Policy): RateLimiterAbstract {
  return limiter(redis, policy.name, policy.quota, policy.windowSeconds);
}

function tooManyError(tooMany: (seconds: number) => string, res: RateLimiterRes): AppError {
  const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new AppError(429, 'rate_limited', tooMany(retryAfter), [], { 'retry-after': String(retryAfter) });
}

/** Counts the request against `policy`'s partition `key`; over the quota, the 429 that says when to come back. */
async function consume(
  reply: FastifyReply,
  policy: Policy,
  counter: RateLimiterAbstract,
  key: string,
  tooMany: (seconds: number) => string,
): Promise<RateLimiterRes> {
  try {
    const result = await counter.consume(key);
    report(reply, policy, result);
    return result;
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    report(reply, policy, error);
    throw tooManyError(tooMany, error);
  }
}

const noOutcome: onSendAsyncHookHandler = async (_request, _reply, payload) => payload;

/**
 * Password guessing at sign-in, without letting a stranger lock the owner out. Every attempt
 * counts against the client address (a looser limit, so spraying many emails from one place
 * fails too). Failed attempts count against the email and address together: an address that got
 * one email's password wrong too often is refused for that email, and a right password clears
 * its count. Failures also count against the email from everywhere (less an address's failures
 * once it gives the right password): once there are too many, the email is under attack, and
 * every address that has failed on it even once is refused, while an address with no failure for
 * it still gets its attempt, so the owner signs in. Each attempt is counted for its pair as it
 * starts, so parallel guesses cannot slip past the limit.
 */
export function createLoginGuard(config: Config, redis: Redis | null): RequestGuard {
  const { max } = config.loginRateLimit;
  const duration = seconds(config.loginRateLimit.windowMs);
  const addressPolicy: Policy = { name: 'login-address', quota: max * 5, windowSeconds: duration };
  const pairPolicy: Policy = { name: 'login-email-address', quota: max, windowSeconds: duration };
  const perAddress = limiterOf(redis, addressPolicy);
  const perEmailAndAddress = limiterOf(redis, pairPolicy);
  const failuresPerEmail = limiter(redis, 'login-email-failures', max, duration);
  const tooMany = (seconds: number) =>
    `Too many attempts. Wait ${seconds} seconds, then try again (or reset your password).`;
  const attempts = new WeakMap<FastifyRequest, { email: string; pair: string; earlier: number }>();

  return {
    async preHandler(request, reply) {
      await consume(reply, addressPolicy, perAddress, request.ip, tooMany);
      const email = emailOf(request);
      if (!email) return;
      const pair = `${email} ${request.ip}`;
      const [failures, attempt] = await Promise.all([
        failuresPerEmail.get(email),
        consume(reply, pairPolicy, perEmailAndAddress, pair, tooMany),
      ]);
      const underAttack = failures !== null && failures.consumedPoints >= max;
      if (underAttack && attempt.consumedPoints > 1) {
        // Free again when this address's failures or the email's, whichever first, are forgotten.
        throw tooManyError(tooMany, failures.msBeforeNext < attempt.msBeforeNext ? failures : attempt);
      }
      attempts.set(request, { email, pair, earlier: attempt.consumedPoints - 1 });
    },
    async onSend(request, reply, payload) {
      const attempt = attempts.get(request);
      if (!attempt) return payload;
      try {
        await settle(attempt, reply.statusCode);
      } catch (error) {
        // The answer stands: a counter that could not be updated must not turn it into an error.
        request.log.error({ err: error }, 'sign-in attempt could not be counted');
      }
      return payload;
    },
  };

  async function settle(attempt: { email: string; pair: string; earlier: number }, statusCode: number) {
    if (statusCode === 401) {
      await failuresPerEmail.consume(attempt.email).catch(ignoreLimit);
    } else if (statusCode < 400 || statusCode === 403) {
      // The password was right (403: right, but for an organizer the person does not belong to),
      // so this address's earlier failures were the owner's typos, not guesses.
      await perEmailAndAddress.delete(attempt.pair);
      const failures = attempt.earlier > 0 ? await failuresPerEmail.get(attempt.email) : null;
      const typos = Math.min(attempt.earlier, failures?.consumedPoints ?? 0);
      if (typos > 0) await failuresPerEmail.reward(attempt.email, typos);
    } else {
      await perEmailAndAddress.reward(attempt.pair);
    }
  }
}

/** Sign-up and password reset email someone each time: limited so nobody can flood an inbox. */
export function createAccountMailGuard(config: Config, redis: Redis | null): RequestGuard {
  return createEmailGuard(
    config,
    redis,
    'account-mail',
    (seconds) => `Too many requests for this email address. Wait ${seconds} seconds, then try again.`,
  );
}

/** Each sign-in link is an email sent: limited so a storefront cannot be used to flood an inbox. */
export function createSignInLinkGuard(config: Config, redis: Redis | null): RequestGuard {
  return createEmailGuard(
    config,
    redis,
    'customer-link',
    (seconds) =>
      `Too many sign-in links were asked for. Wait ${seconds} seconds, then try again; a link already sent still works for 30 minutes.`,
  );
}

/** Per email as the other email forms; per client address by its own setting, as the storefront's other forms. */
export function createWaitlistGuard(config: Config, redis: Redis | null): RequestGuard {
  return createEmailGuard(
    config,
    redis,
    'waitlist',
    (seconds) => `Too many requests to join waitlists. Wait ${seconds} seconds, then try again.`,
    config.publicRateLimits.waitlistJoins,
  );
}

/** Per email as the other email forms, so nobody can flood an organizer's inbox; per client address by its own setting. */
export function createContactGuard(config: Config, redis: Redis | null): RequestGuard {
  return createEmailGuard(
    config,
    redis,
    'contact',
    (seconds) => `Too many messages were sent in a short time. Wait ${seconds} seconds, then try again.`,
    config.publicRateLimits.contactMessages,
  );
}

/**
 * Every request counts, against its email (an inbox gets at most `max` messages of this kind a
 * window) and against its client address (a looser limit, so spraying many emails fails too).
 * These forms send mail and sign nobody in, so reaching the limit locks nobody out of an account.
 */
function createEmailGuard(
  config: Config,
  redis: Redis | null,
  name: string,
  tooMany: (retryAfterSeconds: number) => string,
  perAddressSetting: RateLimitSetting = {
    max: config.loginRateLimit.max * 5,
    windowMs: config.loginRateLimit.windowMs,
  },
): RequestGuard {
  const { max } = config.loginRateLimit;
  const emailPolicy: Policy = {
    name: `${name}-email`,
    quota: max,
    windowSeconds: seconds(config.loginRateLimit.windowMs),
  };
  const addressPolicy: Policy = {
    name: `${name}-address`,
    quota: perAddressSetting.max,
    windowSeconds: seconds(perAddressSetting.windowMs),
  };
  const perEmail = limiterOf(redis, emailPolicy);
  const perAddress = perAddressSetting.max > 0 ? limiterOf(redis, addressPolicy) : null;

  return {
    async preHandler(request, reply) {
      if (perAddress) await consume(reply, addressPolicy, perAddress, request.ip, tooMany);
      const email = emailOf(request);
      if (!email) return;
      await consume(reply, emailPolicy, perEmail, email, tooMany);
    },
    onSend: noOutcome,
  };
}

/**
 * Every request counts against its client address. With `max` 0 nothing is counted. Behind a
 * storefront or a load balancer this is the visitor's address only when TRUST_PROXY names them.
 */
function createAddressGuard(
  redis: Redis | null,
  name: string,
  setting: RateLimitSetting,
  tooMany: (retryAfterSeconds: number) => string,
): RequestGuard {
  if (setting.max === 0) return { preHandler: async () => undefined, onSend: noOutcome };
  const policy: Policy = { name, quota: setting.max, windowSeconds: seconds(setting.windowMs) };
  const perAddress = limiterOf(redis, policy);
  return {
    async preHandler(request, reply) {
      await consume(reply, policy, perAddress, request.ip, tooMany);
    },
    onSend: noOutcome,
  };
}

export function createOrderHoldGuard(config: Config, redis: Redis | null): RequestGuard {
  return createAddressGuard(
    redis,
    'order-holds',
    config.publicRateLimits.orderHolds,
    (seconds) =>
      `Too many orders were started from your address in a short time. Wait ${seconds} seconds, then try again; tickets you already hold stay yours until their order expires.`,
  );
}

export function createQuoteGuard(config: Config, redis: Redis | null): RequestGuard {
  return createAddressGuard(
    redis,
    'quotes',
    config.publicRateLimits.quotes,
    (seconds) => `Too many prices were asked for from your address. Wait ${seconds} seconds, then try again.`,
  );
}

export interface ApiKeyLimit {
  /** Counts a request made with the key; over its plan's limit, a 429. */
  consume(reply: FastifyReply, key: { id: string; plan: TenantPlan }): Promise<void>;
}

/** Each key has its plan's requests per minute, whichever API instance its requests reach. */
export function createApiKeyLimit(redis: Redis | null): ApiKeyLimit {
  const counters = new Map<TenantPlan, { policy: Policy; counter: RateLimiterAbstract }>();
  const counterOf = (plan: TenantPlan) => {
    const quota = API_KEY_REQUESTS_PER_MINUTE[plan];
    if (!quota) return null;
    let entry = counters.get(plan);
    if (!entry) {
      // One policy name for every plan, as clients read it; counted apart per plan.
      const policy: Policy = { name: 'api-key', quota, windowSeconds: 60 };
      entry = { policy, counter: limiter(redis, `api-key-${plan}`, quota, 60) };
      counters.set(plan, entry);
    }
    return entry;
  };
  return {
    async consume(reply, key) {
      const entry = counterOf(key.plan);
      if (!entry) return;
      await consume(
        reply,
        entry.policy,
        entry.counter,
        key.id,
        (seconds) =>
          `This API key made its ${entry.policy.quota} requests of this minute, as its organizer's plan allows. Wait ${seconds} seconds, then go on; the RateLimit header of each answer says how many are left.`,
      );
    },
  };
}

function ignoreLimit(error: unknown): void {
  if (!(error instanceof RateLimiterRes)) throw error;
}

const reported = new WeakMap<FastifyReply, Map<string, { policy: Policy; remaining: number; reset: number }>>();

/**
 * States the limits a request was counted against, in the RateLimit header fields of
 * draft-ietf-httpapi-ratelimit-headers: `RateLimit-Policy: "name";q=<quota>;w=<window seconds>`
 * and `RateLimit: "name";r=<remaining>;t=<seconds until the window ends>`, one item per limit.
 */
function report(reply: FastifyReply, policy: Policy, result: RateLimiterRes): void {
  const limits = reported.get(reply) ?? new Map();
  reported.set(reply, limits);
  limits.set(policy.name, {
    policy,
    remaining: Math.max(0, policy.quota - result.consumedPoints),
    reset: Math.max(0, Math.ceil(result.msBeforeNext / 1000)),
  });
  const items = [...limits.values()];
  reply.header(
    'ratelimit-policy',
    items.map(({ policy: p }) => `"${p.name}";q=${p.quota};w=${p.windowSeconds}`).join(', '),
  );
  reply.header(
    'ratelimit',
    items.map(({ policy: p, remaining, reset }) => `"${p.name}";r=${remaining};t=${reset}`).join(', '),
  );
}

function emailOf(request: FastifyRequest): string | undefined {
  const body = request.body as { email?: unknown } | undefined;
  return typeof body?.email === 'string' ? body.email.trim().toLowerCase() : undefined;
}
