import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config.ts';
import { AppError } from '../lib/errors.ts';

/**
 * Guessing defence for sign-in and the other account forms: a limit per email, so an account
 * cannot be guessed at, and a looser one per client address, so spraying many emails from one
 * place does not work either. Counts live in Redis when configured, so every API instance
 * shares them; otherwise, and whenever Redis cannot be reached, in this process (single instance
 * only).
 */
export interface LoginGuard {
  preHandler: preHandlerAsyncHookHandler;
}

declare module 'fastify' {
  interface FastifyInstance {
    loginGuard: LoginGuard;
    /** The same defence for storefront sign-in links, counted apart from staff sign-in. */
    signInLinkGuard: LoginGuard;
    /** Joining a waitlist needs no sign-in: limited so nobody can fill a line with made-up emails. */
    waitlistGuard: LoginGuard;
  }
}

export function createLoginGuard(config: Config, redis: Redis | null): LoginGuard {
  return createEmailGuard(
    config,
    redis,
    'login',
    (seconds) => `Too many attempts. Wait ${seconds} seconds, then try again (or reset your password).`,
  );
}

/** Each sign-in link is an email sent: limited so a storefront cannot be used to flood an inbox. */
export function createSignInLinkGuard(config: Config, redis: Redis | null): LoginGuard {
  return createEmailGuard(
    config,
    redis,
    'customer-link',
    (seconds) =>
      `Too many sign-in links were asked for. Wait ${seconds} seconds, then try again; a link already sent still works for 30 minutes.`,
  );
}

export function createWaitlistGuard(config: Config, redis: Redis | null): LoginGuard {
  return createEmailGuard(
    config,
    redis,
    'waitlist',
    (seconds) => `Too many requests to join waitlists. Wait ${seconds} seconds, then try again.`,
  );
}

function createEmailGuard(
  config: Config,
  redis: Redis | null,
  name: string,
  tooMany: (retryAfterSeconds: number) => string,
): LoginGuard {
  const { max, windowMs } = config.loginRateLimit;
  const duration = Math.max(1, Math.ceil(windowMs / 1000));
  const limiter = (keyPrefix: string, points: number): RateLimiterAbstract => {
    const inProcess = new RateLimiterMemory({ keyPrefix, points, duration });
    if (!redis) return inProcess;
    // While Redis cannot be reached, count in this process rather than make the request wait.
    return new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `accessplus:rate:${keyPrefix}`,
      points,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: inProcess,
    });
  };
  const perEmail = limiter(`${name}-email`, max);
  const perAddress = limiter(`${name}-address`, max * 5);

  return {
    async preHandler(request: FastifyRequest, reply: FastifyReply) {
      const email = emailOf(request);
      try {
        await perAddress.consume(request.ip);
        const result = email ? await perEmail.consume(email) : null;
        if (result) setHeaders(reply, max, result);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        setHeaders(reply, max, error);
        throw new AppError(429, 'rate_limited', tooMany(retryAfter), [], { 'retry-after': String(retryAfter) });
      }
    },
  };
}

function setHeaders(reply: FastifyReply, limit: number, result: RateLimiterRes): void {
  reply.header('ratelimit-limit', String(limit));
  reply.header('ratelimit-remaining', String(Math.max(0, result.remainingPoints)));
  reply.header('ratelimit-reset', String(Math.ceil(result.msBeforeNext / 1000)));
}

function emailOf(request: FastifyRequest): string | undefined {
  const body = request.body as { email?: unknown } | undefined;
  return typeof body?.email === 'string' ? body.email.trim().toLowerCase() : undefined;
}
