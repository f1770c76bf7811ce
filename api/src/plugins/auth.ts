import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import {
  runAsStaff,
  runAsStaffAcrossOrganizers,
  runInTenant,
  runInTenantAsApiKey,
  type Services,
  type StaffContext,
  type StaffDirectoryContext,
  type TenantContext,
} from '../context.ts';
import { AppError, unauthorized } from '../lib/errors.ts';
import { ErrorResponse, errorResponses, Ref } from '../lib/schemas.ts';
import { recordWrite, type WriteRequest } from '../modules/activity/activity.service.ts';
import { type ApiKeyScope, scopesGrant } from '../modules/api-keys/api-key-scopes.ts';
import { looksLikeApiKey } from '../modules/api-keys/api-key-secrets.ts';
import { type ApiKeyCaller, authenticateApiKey } from '../modules/api-keys/api-keys.service.ts';
import { type Authenticated, authenticate } from '../modules/auth/auth.service.ts';

export const SESSION_COOKIE = 'ap_session';

/** Who may call an operation that does not say otherwise: a bearer token or the session cookie. */
export const DEFAULT_SECURITY: Record<string, string[]>[] = [{ bearerAuth: [] }, { sessionCookie: [] }];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The one scope an API key needs to call this operation (a group's write scope includes its
     * read scope). An operation without it is closed to API keys: it needs a person signed in.
     */
    'x-api-key-scope'?: ApiKeyScope;
  }
  interface FastifyRequest {
    /** Resolved once per request by `requireAuth`; undefined until then. */
    auth?: Authenticated | null;
    /** The API key the request came with, once accepted for the route (valid, in scope, within its limit). */
    apiKey: ApiKeyCaller | null;
  }
  interface FastifyInstance {
    services: Services;
    /** The signed-in person, or a 401 (a 403 for an API key, which is no person). */
    requireAuth(request: FastifyRequest): Promise<Authenticated>;
    /**
     * Runs `work` in one transaction of the session's active organizer, after checking the
     * person is (still) a member; or of an API key's organizer, for the key. Everything inside
     * sees only that tenant's rows.
     */
    inTenant<T>(
      request: FastifyRequest,
      work: (ctx: TenantContext) => Promise<T>,
      options?: {
        /** false for a check made before the request's body is read, which writes nothing: no activity entry. */
        record?: boolean;
      },
    ): Promise<T>;
    /** Runs `work` for a member of platform staff in the named organizer (403 for anyone else), audited. */
    asStaff<T>(request: FastifyRequest, tenantId: string, work: (ctx: StaffContext) => Promise<T>): Promise<T>;
    /** Runs `work` for a member of platform staff across organizers, reading only (403 for anyone else). */
    asStaffAcrossOrganizers<T>(request: FastifyRequest, work: (ctx: StaffDirectoryContext) => Promise<T>): Promise<T>;
  }
}

function sessionCookieOf(request: FastifyRequest): string | undefined {
  const cookies = request.headers.cookie;
  return cookies ? request.server.parseCookie(cookies)[SESSION_COOKIE] : undefined;
}

function tokenOf(request: FastifyRequest, ownOrigins: ReadonlySet<string>): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const [scheme, value] = header.split(' ');
    if (scheme?.toLowerCase() === 'bearer' && value) return value.trim();
    throw unauthorized('Send the token as "Authorization: Bearer <token>".');
  }
  const token = sessionCookieOf(request);
  if (token) assertOwnOrigin(request, ownOrigins);
  return token;
}

/** The origins whose pages may change things with the session cookie: the admin's and the API's own (`/docs`). */
export function ownOrigins(config: Pick<Config, 'adminUrl' | 'publicUrl'>): Set<string> {
  return new Set([new URL(config.adminUrl).origin, new URL(config.publicUrl).origin]);
}

/**
 * A browser attaches the session cookie to a form or fetch sent from any page, and SameSite=Lax
 * does not stop a page on a sibling subdomain, which is the same site. So a write that the cookie
 * authenticates must show it comes from our own pages: its `Origin` is the admin's or the API's,
 * or the browser says `Sec-Fetch-Site: same-origin`. A write with neither header is refused too:
 * every browser in use sends one of them, so such a request comes from a program, which should
 * send its token as a bearer token instead; and `Origin: null` (a sandboxed frame, a redirect from
 * another site) says nothing about where it came from.
 */
function assertOwnOrigin(request: FastifyRequest, origins: ReadonlySet<string>): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.headers['sec-fetch-site'] === 'same-origin') return;
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origins.has(origin)) return;
  throw new AppError(
    403,
    'cross_site_request',
    'This change was refused because it did not come from the Access Plus admin. Make it there; a program should send its token as "Authorization: Bearer <token>" instead of the session cookie.',
  );
}

/** Whether an operation's `security` (or the document's default) lets the session cookie in. */
export function acceptsSessionCookie(security: readonly Record<string, unknown>[] | undefined): boolean {
  return (security ?? DEFAULT_SECURITY).some((requirement) => 'sessionCookie' in requirement);
}

/** A write the session cookie may authenticate can be refused as cross-site: its operation documents the 403. */
function documentCrossSiteRefusal(route: RouteOptions) {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (!route.schema || methods.every((method) => SAFE_METHODS.has(method))) return;
  if (!acceptsSessionCookie((route.schema as { security?: Record<string, unknown>[] }).security)) return;
  const crossSite = Ref(
    ErrorResponse,
    "Sent with the session cookie from another site's page (`cross_site_request`); a program sends a bearer token instead.",
  );
  route.schema.response = { 403: crossSite, ...(route.schema.response as Record<string, unknown>) };
}

/** Whether an operation's `security` (or the document's default) takes an organizer's bearer token. */
function acceptsBearer(security: readonly Record<string, unknown>[] | undefined): boolean {
  return (security ?? DEFAULT_SECURITY).some((requirement) => 'bearerAuth' in requirement);
}

/**
 * The OpenAPI operation as integrators read it: which scope it needs from an API key (also as a
 * security requirement of the `apiKey` scheme, with the 429 a key over its limit gets), or that
 * keys cannot call it.
 */
export function documentApiKeyAccess<S extends FastifySchema | undefined>(schema: S): S {
  if (!schema || schema.hide) return schema;
  const security = (schema.security ?? DEFAULT_SECURITY) as Record<string, readonly string[]>[];
  if (!acceptsBearer(security)) return schema;
  const scope = schema['x-api-key-scope'];
  const [group, level] = scope?.split(':') ?? [];
  const sentence = scope
    ? `API keys: needs the \`${scope}\` scope${level === 'read' ? ` (or \`${group}:write\`)` : ''}.`
    : 'API keys cannot call this: it needs a person signed in.';
  // A key without the scope, or on an operation closed to keys, is answered 403.
  const response = { 403: errorResponses(403)[403], ...(schema.response as Record<string, unknown> | undefined) };
  return {
    ...schema,
    description: schema.description ? `${schema.description}\n\n${sentence}` : sentence,
    response: scope ? { ...response, 429: errorResponses(429)[429] } : response,
    ...(scope ? { security: [...security, { apiKey: [scope] }] } : {}),
  };
}

function bearerOf(request: FastifyRequest): string | undefined {
  const [scheme, value] = request.headers.authorization?.split(' ') ?? [];
  return scheme?.toLowerCase() === 'bearer' && value ? value.trim() : undefined;
}

function keysRefused(request: FastifyRequest): AppError {
  const operation = `${request.method} ${request.routeOptions.url}`;
  const why = request.routeOptions.url?.startsWith('/v1/staff/')
    ? 'the staff area is for Access Plus staff signed in as themselves, and a key acts for an organizer'
    : 'it needs a person signed in (accounts and sessions, switching organizer, the team, billing, API keys themselves and connecting Stripe are not open to keys)';
  return new AppError(
    403,
    'api_key_not_allowed',
    `API keys cannot be used for ${operation}: ${why}. Sign in to the Access Plus admin to do this.`,
  );
}

function scopeMissing(request: FastifyRequest, needed: ApiKeyScope): AppError {
  const [group, level] = needed.split(':');
  const either = level === 'read' ? ` (or "${group}:write")` : '';
  return new AppError(
    403,
    'missing_scope',
    `This API key lacks the "${needed}" scope${either} that ${request.method} ${request.routeOptions.url} needs. An owner or admin can create a key with it in the admin under Settings → API keys.`,
  );
}

export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('auth', undefined);
  app.addHook('onRoute', documentCrossSiteRefusal);
  app.decorateRequest('apiKey', null);
  const origins = ownOrigins(app.services.config);

  // Before the body is parsed or validated: a key that is not good for this route is refused
  // whatever the request carries, and every request a key makes counts against its limit.
  app.addHook('onRequest', async (request, reply) => {
    const token = bearerOf(request);
    if (!token || !looksLikeApiKey(token)) return;
    const schema = request.routeOptions.schema;
    // Public operations read no organizer credential; unknown paths answer 404.
    if (!request.routeOptions.url || schema?.hide || !acceptsBearer(schema?.security)) return;
    const caller = await authenticateApiKey(app.services, token);
    await app.apiKeyLimit.consume(reply, { id: caller.apiKeyId, plan: caller.plan });
    const needed = schema?.['x-api-key-scope'];
    if (!needed) throw keysRefused(request);
    if (!scopesGrant(caller.scopes, needed)) throw scopeMissing(request, needed);
    request.apiKey = caller;
  });

  // Before the body is parsed or validated: a cross-site write is refused whatever it carries.
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || request.headers.authorization) return;
    if (!request.routeOptions.url) return;
    const security = (request.routeOptions.schema as { security?: Record<string, unknown>[] } | undefined)?.security;
    if (!acceptsSessionCookie(security)) return;
    if (sessionCookieOf(request)) assertOwnOrigin(request, origins);
  });

  app.decorate('requireAuth', async (request: FastifyRequest): Promise<Authenticated> => {
    if (request.apiKey) throw keysRefused(request);
    if (request.auth === undefined) {
      const token = tokenOf(request, origins);
      request.auth = token ? await authenticate(app.services, token) : null;
    }
    if (!request.auth) throw unauthorized();
    return request.auth;
  });

  app.decorate(
    'inTenant',
    async <T>(
      request: FastifyRequest,
      asked: (ctx: TenantContext) => Promise<T>,
      options: { record?: boolean } = {},
    ): Promise<T> => {
      const work = options.record === false ? asked : loggedIfWrite(request, asked);
      if (request.apiKey) return runInTenantAsApiKey(app.services, request.apiKey, work);
      const auth = await app.requireAuth(request);
      const tenantId = auth.activeTenantId;
      if (!tenantId) {
        throw new AppError(
          403,
          'no_organizer',
          'This session acts for no organizer. Create one, or switch to one you are a member of (PUT /v1/auth/session/organizer).',
        );
      }
      return runInTenant(app.services, { tenantId, userId: auth.userId, isPlatformStaff: auth.isPlatformStaff }, work);
    },
  );

  app.decorate(
    'asStaff',
    async <T>(request: FastifyRequest, tenantId: string, work: (ctx: StaffContext) => Promise<T>): Promise<T> => {
      const auth = await app.requireAuth(request);
      return runAsStaff(app.services, auth, tenantId, work);
    },
  );

  app.decorate(
    'asStaffAcrossOrganizers',
    async <T>(request: FastifyRequest, work: (ctx: StaffDirectoryContext) => Promise<T>): Promise<T> => {
      const auth = await app.requireAuth(request);
      return runAsStaffAcrossOrganizers(app.services, auth, work);
    },
  );
});

/**
 * A write by a member or key is entered in the organizer's activity log in its own transaction,
 * once it has succeeded: a write that fails leaves no entry, one that commits always has one.
 */
function loggedIfWrite<T>(request: FastifyRequest, work: (ctx: TenantContext) => Promise<T>) {
  const method = request.method.toUpperCase();
  if (SAFE_METHODS.has(method)) return work;
  const schema = request.routeOptions.schema as (FastifySchema & { operationId?: string; tags?: string[] }) | undefined;
  const write: WriteRequest = {
    operation: schema?.operationId ?? 'unnamedOperation',
    area: schema?.tags?.[0] ?? '',
    method: method as WriteRequest['method'],
    path: request.url.split('?')[0] ?? request.url,
    params: (request.params ?? {}) as Record<string, unknown>,
    body: request.body,
    ipAddress: request.ip,
    userAgent: String(request.headers['user-agent'] ?? ''),
  };
  return async (ctx: TenantContext) => {
    const result = await work(ctx);
    await recordWrite(ctx, write, result);
    return result;
  };
}

export function setSessionCookie(app: FastifyInstance, reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: app.services.config.secureCookies,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(app: FastifyInstance, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: app.services.config.secureCookies,
  });
}
