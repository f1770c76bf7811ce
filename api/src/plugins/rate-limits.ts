import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { AppError } from '../lib/errors.ts';

/**
 * Rate limits count in Redis when it is configured, so every API instance shares them; without
 * Redis they count in this process (single instance only).
 */
export const rateLimitPlugin = fp(async (app: FastifyInstance, options: { redis: Redis | null }) => {
  await app.register(rateLimit, {
    global: false,
    redis: options.redis ?? undefined,
    nameSpace: 'accessplus:rate:',
    enableDraftSpec: true,
    skipOnError: false,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        429,
        'rate_limited',
        `Too many attempts. Wait ${Math.ceil(context.ttl / 1000)} seconds, then try again.`,
      ),
  });
});

function emailOf(request: FastifyRequest): string | undefined {
  const body = request.body as { email?: unknown } | undefined;
  return typeof body?.email === 'string' ? body.email.trim().toLowerCase() : undefined;
}

/**
 * Guessing defence for sign-in and the other account forms: a limit per client address, and
 * a limit per email so that spreading guesses over many addresses does not help either.
 */
export function loginLimits(app: FastifyInstance): preHandlerHookHandler[] {
  const { max, windowMs } = app.services.config.loginRateLimit;
  return [
    app.rateLimit({
      max: max * 5,
      timeWindow: windowMs,
      groupId: 'login-address',
      keyGenerator: (request) => request.ip,
    }),
    app.rateLimit({
      max,
      timeWindow: windowMs,
      groupId: 'login-email',
      keyGenerator: (request) => `email:${emailOf(request) ?? request.ip}`,
    }),
  ];
}
