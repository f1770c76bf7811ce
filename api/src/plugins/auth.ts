import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  runAsStaff,
  runAsStaffAcrossOrganizers,
  runInTenant,
  type Services,
  type StaffContext,
  type StaffDirectoryContext,
  type TenantContext,
} from '../context.ts';
import { AppError, unauthorized } from '../lib/errors.ts';
import { type Authenticated, authenticate } from '../modules/auth/auth.service.ts';

export const SESSION_COOKIE = 'ap_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** Resolved once per request by `requireAuth`; undefined until then. */
    auth?: Authenticated | null;
  }
  interface FastifyInstance {
    services: Services;
    /** The signed-in person, or a 401. */
    requireAuth(request: FastifyRequest): Promise<Authenticated>;
    /**
     * Runs `work` in one transaction of the session's active organizer, after checking the
     * person is (still) a member. Everything inside sees only that tenant's rows.
     */
    inTenant<T>(request: FastifyRequest, work: (ctx: TenantContext) => Promise<T>): Promise<T>;
    /** Runs `work` for a member of platform staff in the named organizer (403 for anyone else), audited. */
    asStaff<T>(request: FastifyRequest, tenantId: string, work: (ctx: StaffContext) => Promise<T>): Promise<T>;
    /** Runs `work` for a member of platform staff across organizers, reading only (403 for anyone else). */
    asStaffAcrossOrganizers<T>(request: FastifyRequest, work: (ctx: StaffDirectoryContext) => Promise<T>): Promise<T>;
  }
}

function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const [scheme, value] = header.split(' ');
    if (scheme?.toLowerCase() === 'bearer' && value) return value.trim();
    throw unauthorized('Send the token as "Authorization: Bearer <token>".');
  }
  const cookies = request.headers.cookie;
  return cookies ? request.server.parseCookie(cookies)[SESSION_COOKIE] : undefined;
}

export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('auth', undefined);

  app.decorate('requireAuth', async (request: FastifyRequest): Promise<Authenticated> => {
    if (request.auth === undefined) {
      const token = tokenOf(request);
      request.auth = token ? await authenticate(app.services, token) : null;
    }
    if (!request.auth) throw unauthorized();
    return request.auth;
  });

  app.decorate('inTenant', async <T>(request: FastifyRequest, work: (ctx: TenantContext) => Promise<T>): Promise<T> => {
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
  });

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
