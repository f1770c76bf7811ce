import { createHash } from 'node:crypto';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onSendHookHandler,
  preHandlerHookHandler,
  preValidationHookHandler,
  RouteOptions,
} from 'fastify';
import fp from 'fastify-plugin';
import { badRequest } from '../lib/errors.ts';
import { ErrorResponse, Ref } from '../lib/schemas.ts';
import { customerToken } from '../modules/customers/customers.routes.ts';
import * as idempotency from '../modules/idempotency/idempotency.service.ts';
import { organizerBySlug } from '../modules/tenants/storefront-organizers.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The key this request holds while it runs, set once it is claimed. */
    idempotency: { ref: idempotency.KeyRef; claim: string } | null;
  }
  interface FastifyContextConfig {
    /** `false` for a write whose answer must not be kept: it carries a secret we keep only hashed. */
    idempotency?: false;
  }
}

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const HEADER = 'idempotency-key';
const WRITES = new Set(['POST', 'PATCH', 'DELETE']);
const KEY = /^[\x20-\x7E]{1,255}$/;
/** The headers of an answer that describe its body, replayed with it; the rest belong to each response. */
const KEPT_HEADERS = ['content-type', 'content-language', 'content-disposition', 'location', 'cache-control', 'link'];

/**
 * Whose keys a route's requests use:
 * - `storefront`: the public routes of an organizer's storefront; keys of the organizer named by
 *   the path, per customer session when there is one, else shared by its guests, whose random
 *   key from the buyer's page is then the secret;
 * - `staff`: platform staff acting on the organizer named by the path;
 * - `organizer`: every other route that needs a bearer token or the session cookie, for the
 *   organizer it acts for (`activeTenantId`, whether a session or an API key authenticated it).
 * Routes that act for no organizer take no key: the Stripe webhook (its events carry their own
 * ids) and the account routes under /v1/auth (sign-up, sign-in, password reset…), whose answers
 * carry session tokens that are kept only hashed.
 */
type KeyKind = 'storefront' | 'staff' | 'organizer';

function kindOf(route: RouteOptions): KeyKind | null {
  if (route.config?.idempotency === false) return null;
  if (route.url.startsWith('/v1/public/organizers/:slug/')) return 'storefront';
  if (route.url.startsWith('/v1/staff/organizers/:organizer_id/')) return 'staff';
  const security = (route.schema as { security?: unknown[] } | undefined)?.security;
  if ((Array.isArray(security) && security.length === 0) || route.url.startsWith('/v1/auth/')) return null;
  return 'organizer';
}

const HEADER_SCHEMA = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  pattern: '^[\\x20-\\x7E]+$',
  description:
    'Makes this write safe to retry. A key of your choosing, up to 255 printable ASCII characters (a random UUID is best), kept 24 hours. ' +
    'Sent again with the same request (method, path and body), it does not do the work again but replays the first answer, byte for byte, with `Idempotent-Replayed: true`; ' +
    'with another request it is refused (422 `idempotency_key_reused`); while the first request is still running, 409 `idempotency_key_in_use` with `Retry-After`. ' +
    'An answer of 5xx (or 429) is not kept, so a retry runs again; other 4xx answers are kept and replayed.',
  examples: ['2f1c6b0e-8d4a-4c4e-9a57-0b6f3d2e9c11'],
};

const IN_USE =
  'Or `idempotency_key_in_use`: a request with the same `Idempotency-Key` is still running; retry after `Retry-After`.';
const REUSED = 'Or `idempotency_key_reused`: the `Idempotency-Key` was already used for a different request.';

/** The route's schema with the header documented (so the SDK's types carry it) and its errors. */
function withIdempotencySchema(schema: RouteOptions['schema']): RouteOptions['schema'] {
  const headers = (schema?.headers ?? { type: 'object', properties: {} }) as {
    properties?: Record<string, unknown>;
  };
  const response: Record<string, unknown> = { ...(schema?.response as Record<string, unknown> | undefined) };
  const explained = (status: number, sentence: string, otherwise: string) => {
    const existing = response[status] as { description?: string } | undefined;
    response[status] = existing
      ? { ...existing, description: `${existing.description ?? ''} ${sentence}`.trim() }
      : Ref(ErrorResponse, `${otherwise} ${sentence}`);
  };
  explained(409, IN_USE, 'Conflicts with the current state.');
  explained(422, REUSED, 'Well-formed, but breaks a business rule.');
  response[400] ??= Ref(ErrorResponse, 'The request is malformed: a field, parameter or header is not valid.');
  return {
    ...schema,
    headers: { ...headers, properties: { ...headers.properties, [IDEMPOTENCY_HEADER]: HEADER_SCHEMA } },
    response,
  };
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What makes two requests the same request: method, path with query, body and who sends it. */
function fingerprintOf(request: FastifyRequest, actor: string): string {
  const body = Buffer.isBuffer(request.body) ? sha256(request.body) : JSON.stringify(request.body ?? null);
  return sha256(JSON.stringify([request.method, request.url, actor, body]));
}

interface KeyScope {
  tenantId: string;
  scope: string;
  /** Part of the fingerprint: a key another member (or staff person) used is not theirs to replay. */
  actor: string;
}

async function scopeOf(app: FastifyInstance, kind: KeyKind, request: FastifyRequest): Promise<KeyScope | null> {
  if (kind === 'storefront') {
    const { slug } = request.params as { slug: string };
    // An organizer that is not open for business: the route's own answer says so.
    const organizer = await organizerBySlug(app.services, slug).catch(() => null);
    if (!organizer) return null;
    const token = customerToken(request);
    return { tenantId: organizer.id, scope: token ? `customer:${sha256(token)}` : 'storefront', actor: '' };
  }
  // An API key acts for its organizer, and only it may replay what it sent.
  if (request.apiKey) {
    return kind === 'organizer'
      ? { tenantId: request.apiKey.tenantId, scope: 'organizer', actor: `api_key:${request.apiKey.apiKeyId}` }
      : null;
  }
  const auth = await app.requireAuth(request);
  if (kind === 'staff') {
    if (!auth.isPlatformStaff) return null;
    const { organizer_id } = request.params as { organizer_id: string };
    return { tenantId: organizer_id, scope: 'staff', actor: auth.userId };
  }
  if (!auth.activeTenantId) return null;
  return { tenantId: auth.activeTenantId, scope: 'organizer', actor: auth.userId };
}

const checkKey: preValidationHookHandler = async (request) => {
  const key = request.headers[HEADER];
  if (key === undefined || (typeof key === 'string' && KEY.test(key))) return;
  const message = 'must be 1 to 255 printable ASCII characters; a random UUID makes a good key';
  throw badRequest('invalid_idempotency_key', `The Idempotency-Key header ${message}.`, [
    { field: 'headers.idempotency-key', message },
  ]);
};

function claimOrReplay(app: FastifyInstance, kind: KeyKind): preHandlerHookHandler {
  return async function claimOrReplayKey(request: FastifyRequest, reply: FastifyReply) {
    const key = request.headers[HEADER];
    if (typeof key !== 'string') return;
    const scope = await scopeOf(app, kind, request);
    if (!scope) return;
    const ref = { tenantId: scope.tenantId, scope: scope.scope, key };
    const result = await idempotency.claimKey(app.services, ref, fingerprintOf(request, scope.actor));
    if (result.outcome === 'claimed') {
      request.idempotency = { ref, claim: result.claim };
      return;
    }
    if (result.outcome === 'replay') {
      const { status, headers, body } = result.answer;
      return reply.code(status).headers(headers).header('idempotent-replayed', 'true').send(body);
    }
  };
}

/** Keeps the answer for replay before it leaves, or lets the key go when the request failed on our side. */
function keepAnswer(app: FastifyInstance): onSendHookHandler {
  return async function keepIdempotentAnswer(request, reply, payload) {
    const held = request.idempotency;
    if (!held) return payload;
    request.idempotency = null;
    const status = reply.statusCode;
    const body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : null;
    const empty = payload === undefined || payload === null;
    try {
      // 429 says "not now" like a 5xx does: a retry after the wait must run, not replay the refusal.
      if (status >= 500 || status === 429 || (!body && !empty)) {
        await idempotency.forgetClaim(app.services, held.ref, held.claim);
      } else {
        const headers: Record<string, string> = {};
        for (const name of KEPT_HEADERS) {
          const value = reply.getHeader(name);
          if (value !== undefined) headers[name] = String(value);
        }
        await idempotency.recordAnswer(app.services, held.ref, held.claim, {
          status,
          headers,
          body: body ?? Buffer.alloc(0),
        });
      }
    } catch (error) {
      // The answer still goes out; the claim is then abandoned and a retry runs again later.
      request.log.error({ err: error }, 'could not keep or forget the answer of a request with an Idempotency-Key');
    }
    return payload;
  };
}

function hooks<T>(existing: T | T[] | undefined): T[] {
  return existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
}

/**
 * `Idempotency-Key` on every POST, PATCH and DELETE that acts for an organizer or a storefront
 * buyer (see `kindOf`): the route gets the header in its schema and three hooks. The key is
 * checked before the body is validated, claimed (or the first answer replayed) after, and the
 * answer kept as it is sent.
 */
export const idempotencyPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('idempotency', null);
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (!methods.some((method) => WRITES.has(method))) return;
    const kind = kindOf(route);
    if (!kind) return;
    route.schema = withIdempotencySchema(route.schema);
    route.preValidation = [checkKey, ...hooks(route.preValidation)];
    // First: a replay is free, before the rate limits of a route count it.
    route.preHandler = [claimOrReplay(app, kind), ...hooks(route.preHandler)];
    route.onSend = [...hooks(route.onSend), keepAnswer(app)];
  });
});
