import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountTokenPurpose, Database, MembershipRole, PendingOrganizer } from '../../db/schema.ts';
import { hashSecret } from '../../lib/secrets.ts';

type Executor = Kysely<Database>;

/** A bearer secret: the client keeps the token, the database only its SHA-256. */
export function newSecret(prefix: string): { token: string; hash: Buffer } {
  const token = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashSecret(token) };
}

export function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUserById(db: Executor, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertUser(
  db: Executor,
  user: {
    email: string;
    display_name: string;
    password_hash: string | null;
    email_verified_at?: Date;
    locale?: string | null;
  },
) {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export function insertSession(
  db: Executor,
  session: { user_id: string; token_hash: Buffer; active_tenant_id: string | null; expires_at: Date },
) {
  return db.insertInto('sessions').values(session).returning(['id', 'expires_at']).executeTakeFirstOrThrow();
}

/** The live session behind a token, with its person. */
export function findSessionByHash(db: Executor, tokenHash: Buffer) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.active_tenant_id',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.id as user_id',
      'users.email',
      'users.display_name',
      'users.email_verified_at',
      'users.is_platform_staff',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', new Date())
    .executeTakeFirst();
}

export function setActiveTenant(db: Executor, sessionId: string, tenantId: string) {
  return db.updateTable('sessions').set({ active_tenant_id: tenantId }).where('id', '=', sessionId).execute();
}

export function touchSession(db: Executor, sessionId: string) {
  return db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', sessionId).execute();
}

export function deleteSession(db: Executor, sessionId: string) {
  return db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export function deleteSessionsOfUser(db: Executor, userId: string) {
  return db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Memberships visible to the person of the transaction (policy `memberships_own`). */
export function listOwnMemberships(db: Executor, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('tenants', 'tenants.id', 'memberships.tenant_id')
    .select([
      'memberships.role',
      'tenants.id as tenant_id',
      'tenants.slug as tenant_slug',
      'tenants.name as tenant_name',
      'tenants.status as tenant_status',
    ])
    .where('memberships.user_id', '=', userId)
    .orderBy('tenants.name')
    .execute();
}

export function findMembershipRole(db: Executor, tenantId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .select('role')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst() as Promise<{ role: MembershipRole } | undefined>;
}

export function insertAccountToken(
  db: Executor,
  token: { user_id: string; purpose: AccountTokenPurpose; token_hash: Buffer; expires_at: Date },
) {
  return db.insertInto('account_tokens').values(token).execute();
}

/**
 * Marks a live token used and returns its person, in one conditional update: two requests
 * racing with the same token cannot both succeed.
 */
export function consumeAccountToken(db: Executor, purpose: AccountTokenPurpose, tokenHash: Buffer) {
  return db
    .updateTable('account_tokens')
    .set({ used_at: new Date() })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning(['user_id'])
    .executeTakeFirst();
}

export function markEmailVerified(db: Executor, userId: string) {
  return db.updateTable('users').set({ email_verified_at: new Date() }).where('id', '=', userId).execute();
}

/** The language a person reads the admin and their account emails in. */
export function setUserLocale(db: Executor, userId: string, locale: string) {
  return db.updateTable('users').set({ locale }).where('id', '=', userId).execute();
}

export function setPasswordHash(db: Executor, userId: string, passwordHash: string) {
  return db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

export function insertPendingSignUp(
  db: Executor,
  pending: {
    email: string;
    display_name: string;
    password_hash: string;
    organizer: PendingOrganizer;
    locale: string | null;
    expires_at: Date;
  },
) {
  return db.insertInto('pending_sign_ups').values(pending).returning('id').executeTakeFirstOrThrow();
}

/** Gives a live pending sign-up a new link token (the last one emailed is the one that works). */
export function setPendingSignUpToken(db: Executor, id: string, tokenHash: Buffer) {
  return db
    .updateTable('pending_sign_ups')
    .set({ token_hash: tokenHash })
    .where('id', '=', id)
    .where('expires_at', '>', new Date())
    .returning(['email', 'display_name', 'organizer', 'locale', 'expires_at'])
    .executeTakeFirst();
}

/** The live pending sign-up behind a link's token, locked: two confirmations cannot both create it. */
export function lockPendingSignUp(db: Executor, tokenHash: Buffer) {
  return db
    .selectFrom('pending_sign_ups')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', new Date())
    .forUpdate()
    .executeTakeFirst();
}

/** Pending sign-ups that expired, and, once `email` has an account, every one of that address. */
export function deletePendingSignUps(db: Executor, email?: string) {
  return db
    .deleteFrom('pending_sign_ups')
    .where((eb) => eb.or([eb('expires_at', '<=', new Date()), ...(email ? [eb('email', '=', email)] : [])]))
    .execute();
}
