import type { FastifyReply, FastifyRequest, onSendAsyncHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config.ts';
import { AppError } from '../lib/errors.ts';

/**
 * Limits on the forms that take an email address without a session. Counts live in Redis when
 * configured, so every API instance shares them; otherwise, and whenever Redis cannot be reached,
 * in this process (single instance only), so a request never waits for Redis.
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
  }
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

function windowSeconds(config: Config): number {
  return Math.max(1, Math.ceil(config.loginRateLimit.windowMs / 1000));
}

function tooManyError(tooMany: (seconds: number) => string, res: RateLimiterRes): AppError {
  const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new AppError(429, 'rate_limited', tooMany(retryAfter), [], { 'retry-after': String(retryAfter) });
}

/** Runs `check`; a limit it hits becomes the 429 that says when to come back. */
async function within<T>(
  reply: FastifyReply,
  limit: number,
  tooMany: (seconds: number) => string,
  check: () => Promise<T>,
): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    setHeaders(reply, limit, error);
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
  const duration = windowSeconds(config);
  const perAddress = limiter(redis, 'login-address', max * 5, duration);
  const perEmailAndAddress = limiter(redis, 'login-email-address', max, duration);
  const failuresPerEmail = limiter(redis, 'login-email-failures', max, duration);
  const tooMany = (seconds: number) =>
    `Too many attempts. Wait ${seconds} seconds, then try again (or reset your password).`;
  const attempts = new WeakMap<FastifyRequest, { email: string; pair: string; earlier: number }>();

  return {
    async preHandler(request, reply) {
      await within(reply, max * 5, tooMany, () => perAddress.consume(request.ip));
      const email = emailOf(request);
      if (!email) return;
      const pair = `${email} ${request.ip}`;
      const [failures, attempt] = await Promise.all([
        failuresPerEmail.get(email),
        within(reply, max, tooMany, () => perEmailAndAddress.consume(pair)),
      ]);
      setHeaders(reply, max, attempt);
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

export function createWaitlistGuard(config: Config, redis: Redis | null): RequestGuard {
  return createEmailGuard(
    config,
    redis,
    'waitlist',
    (seconds) => `Too many requests to join waitlists. Wait ${seconds} seconds, then try again.`,
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
): RequestGuard {
  const { max } = config.loginRateLimit;
  const duration = windowSeconds(config);
  const perEmail = limiter(redis, `${name}-email`, max, duration);
  const perAddress = limiter(redis, `${name}-address`, max * 5, duration);

  return {
    async preHandler(request, reply) {
      await within(reply, max * 5, tooMany, () => perAddress.consume(request.ip));
      const email = emailOf(request);
      if (!email) return;
      setHeaders(reply, max, await within(reply, max, tooMany, () => perEmail.consume(email)));
    },
    onSend: noOutcome,
  };
}

function ignoreLimit(error: unknown): void {
  if (!(error instanceof RateLimiterRes)) throw error;
}

function setHeaders(reply: FastifyReply, limit: number, result: RateLimiterRes): void {
  reply.header('ratelimit-limit', String(limit));
  reply.header('ratelimit-remaining', String(Math.max(0, limit - result.consumedPoints)));
  reply.header('ratelimit-reset', String(Math.ceil(result.msBeforeNext / 1000)));
}

function emailOf(request: FastifyRequest): string | undefined {
  const body = request.body as { email?: unknown } | undefined;
  return typeof body?.email === 'string' ? body.email.trim().toLowerCase() : undefined;
}
