import { type InterfaceLocale, isInterfaceLocale } from '@accessplus/i18n';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Services } from '../../context.ts';
import type { AccountTokenPurpose, Database, MembershipRole, PendingOrganizer } from '../../db/schema.ts';
import { enterTenant, type Tx, withUser } from '../../db/tenant.ts';
import { AppError, conflict, invalidField, unauthorized } from '../../lib/errors.ts';
import { isLocale, isTimeZone } from '../../lib/i18n.ts';
import { hashSecret } from '../../lib/secrets.ts';
import { enqueueJob } from '../../worker/queue.ts';
import * as tenants from '../tenants/tenants.repository.ts';
import type { NewOrganizer } from '../tenants/tenants.schemas.ts';
import * as repo from './auth.repository.ts';
import type { Session, SignIn, SignUp, SlugAvailability } from './auth.schemas.ts';

const TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  verify_email: 3 * 24 * 60 * 60 * 1000,
  reset_password: 60 * 60 * 1000,
};

// Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
const DECOY_HASH = await hash('decoy-password-for-timing');

export interface SignedIn {
  token: string;
  session: Session;
}

/** The person behind a request's token, before any tenant is entered. */
export interface Authenticated {
  sessionId: string;
  userId: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
  isPlatformStaff: boolean;
  activeTenantId: string | null;
  expiresAt: Date;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Checks the organizer settings that a schema cannot: real time zones and locales. */
export function checkOrganizerSettings(
  fields: { default_locale?: string; locales?: string[]; time_zone?: string },
  prefix: string,
): void {
  if (fields.time_zone !== undefined && !isTimeZone(fields.time_zone)) {
    throw invalidField(
      `${prefix}.time_zone`,
      `"${fields.time_zone}" is not an IANA time zone; use one like America/New_York.`,
    );
  }
  for (const [i, locale] of (fields.locales ?? []).entries()) {
    if (!isLocale(locale)) throw invalidField(`${prefix}.locales.${i}`, `"${locale}" is not a language tag.`);
  }
  if (fields.default_locale !== undefined && fields.locales && !fields.locales.includes(fields.default_locale)) {
    throw invalidField(`${prefix}.default_locale`, "The default locale must be one of the organizer's locales.");
  }
}

function organizerValues(organizer: NewOrganizer) {
  const defaultLocale = organizer.default_locale ?? organizer.locales?.[0] ?? 'en';
  const locales = organizer.locales ?? [defaultLocale];
  return {
    slug: organizer.slug,
    name: organizer.name.trim(),
    currency: organizer.currency ?? 'USD',
    default_locale: defaultLocale,
    locales: locales.includes(defaultLocale) ? locales : [defaultLocale, ...locales],
    time_zone: organizer.time_zone ?? 'America/New_York',
  };
}

/** How long a sign-up's emailed link works. */
export const SIGN_UP_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Asks for an account and an organizer, and answers the same whether or not the email has an
 * account: only a taken slug, which anyone can see, is refused. A new address is emailed a link
 * that creates everything (`confirmSignUp`); until then nothing that shows is created, not even the
 * organizer's slug. An address with an account is told someone tried, and how to sign in or reset
 * the password. The password is hashed either way, so the time taken tells nothing either.
 */
export async function signUp(services: Services, input: SignUp): Promise<void> {
  const email = normalizeEmail(input.email);
  const organizer = organizerValues(input.organizer);
  checkOrganizerSettings(organizer, 'body.organizer');
  await assertSlugFree(services.db, organizer.slug, 'body.organizer.slug');
  const passwordHash = await hash(input.password);
  await services.db.transaction().execute(async (trx) => {
    await repo.deletePendingSignUps(trx);
    const existing = await repo.findUserByEmail(trx, email);
    if (existing) {
      await emailAccountLink(trx, { purpose: 'sign_up_attempt', userId: existing.id });
      return;
    }
    const pending = await repo.insertPendingSignUp(trx, {
      email,
      display_name: input.display_name.trim(),
      password_hash: passwordHash,
      organizer,
      locale: input.locale ?? null,
      expires_at: new Date(Date.now() + SIGN_UP_LIFETIME_MS),
    });
    await emailAccountLink(trx, { purpose: 'confirm_sign_up', pendingSignUpId: pending.id });
  });
}

/**
 * Follows a sign-up's emailed link: creates the person (their address now verified), the
 * organizer with them as owner and a session, in one transaction. A slug taken since sign-up is
 * refused with `slug_taken`, and the same link works again with another `organizerSlug`.
 */
export async function confirmSignUp(services: Services, token: string, organizerSlug?: string): Promise<SignedIn> {
  const secret = repo.newSecret('aps');
  const slugField = 'body.organizer_slug';
  let chosenSlug = organizerSlug ?? '';
  const created = await services.db
    .transaction()
    .execute(async (trx) => {
      const pending = await repo.lockPendingSignUp(trx, hashSecret(token));
      if (!pending) throw invalidToken();
      // Another of this address's links was followed first, or its owner was invited meanwhile.
      if (await repo.findUserByEmail(trx, pending.email)) throw emailTaken();
      const organizer = { ...pending.organizer, slug: organizerSlug ?? pending.organizer.slug };
      chosenSlug = organizer.slug;
      if (await tenants.slugTaken(trx, organizer.slug)) throw slugTakenMeanwhile(organizer.slug, slugField);
      const account = await createAccount(trx, services, {
        email: pending.email,
        displayName: pending.display_name,
        passwordHash: pending.password_hash,
        organizer,
        locale: pending.locale,
        sessionHash: secret.hash,
      });
      await repo.deletePendingSignUps(trx, pending.email);
      return account;
    })
    .catch((error: unknown) => {
      // Two confirmations racing for one slug or one address: the loser hears why.
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === '23505' && constraint === 'tenants_slug_key') throw slugTakenMeanwhile(chosenSlug, slugField);
      if (code === '23505' && constraint === 'users_email_key') throw emailTaken();
      throw error;
    });
  return {
    token: secret.token,
    session: await describeSession(services, created.userId, created.tenantId, created.expiresAt),
  };
}

/**
 * Creates a person, their organizer and a session at once, without an emailed link: for the demo
 * organizers, whose addresses nobody reads.
 */
export async function openAccount(services: Services, input: SignUp): Promise<SignedIn> {
  const organizer = organizerValues(input.organizer);
  checkOrganizerSettings(organizer, 'body.organizer');
  const passwordHash = await hash(input.password);
  const secret = repo.newSecret('aps');
  const created = await services.db.transaction().execute((trx) =>
    createAccount(trx, services, {
      email: normalizeEmail(input.email),
      displayName: input.display_name.trim(),
      passwordHash,
      organizer,
      locale: input.locale ?? null,
      sessionHash: secret.hash,
    }),
  );
  return {
    token: secret.token,
    session: await describeSession(services, created.userId, created.tenantId, created.expiresAt),
  };
}

/** The person (verified: they followed a link, or are the demo), the organizer, its owner, a session. */
async function createAccount(
  trx: Tx,
  services: Services,
  account: {
    email: string;
    displayName: string;
    passwordHash: string;
    organizer: PendingOrganizer;
    locale: string | null;
    sessionHash: Buffer;
  },
) {
  const user = await repo.insertUser(trx, {
    email: account.email,
    display_name: account.displayName,
    password_hash: account.passwordHash,
    email_verified_at: new Date(),
    locale: account.locale,
  });
  const tenant = await tenants.insertTenant(trx, account.organizer);
  await enterTenant(trx, tenant.id);
  await tenants.insertMembership(trx, { tenant_id: tenant.id, user_id: user.id, role: 'owner' });
  const session = await repo.insertSession(trx, {
    user_id: user.id,
    token_hash: account.sessionHash,
    active_tenant_id: tenant.id,
    expires_at: sessionExpiry(services),
  });
  // Apple Pay and Google Pay show on the new storefront only once Stripe knows its domain.
  if (services.stripe) await enqueueJob(trx, 'payments__register_payment_domain', { tenantId: tenant.id });
  return { userId: user.id, tenantId: tenant.id, expiresAt: session.expires_at };
}

/** Whether a storefront address is free for a new organizer, for the sign-up form to say so as one types. */
export async function slugAvailability(services: Services, slug: string): Promise<SlugAvailability> {
  const taken = Boolean(await tenants.slugTaken(services.db, slug));
  return {
    slug,
    available: !taken,
    message: taken ? `The address "${slug}" is taken. Choose another.` : `The address "${slug}" is free.`,
  };
}

async function assertSlugFree(db: Kysely<Database>, slug: string, field: string): Promise<void> {
  if (await tenants.slugTaken(db, slug)) throw slugTaken(slug, field);
}

function slugTaken(slug: string, field: string): AppError {
  return conflict('slug_taken', `The address "${slug}" is taken. Choose another slug.`, [
    { field, message: 'is taken' },
  ]);
}

function slugTakenMeanwhile(slug: string, field: string): AppError {
  return conflict(
    'slug_taken',
    `The address "${slug}" was taken by another organizer since you signed up. Choose another slug and confirm again: your link still works.`,
    [{ field, message: 'is taken' }],
  );
}

function emailTaken(): AppError {
  return conflict(
    'email_taken',
    'This email address already has an account. Sign in, or reset your password if you forgot it; a person can work for several organizers.',
    [{ field: 'body.token', message: 'is for an address that already has an account' }],
  );
}

export async function signIn(services: Services, input: SignIn): Promise<SignedIn> {
  const email = normalizeEmail(input.email);
  const user = await repo.findUserByEmail(services.db, email);
  const valid = await verify(user?.password_hash ?? DECOY_HASH, input.password);
  if (!user?.password_hash || !valid) {
    throw new AppError(
      401,
      'invalid_credentials',
      'The email or password is not right. Check both, or reset your password.',
    );
  }
  const memberships = await withUser(services.db, user.id, (trx) => repo.listOwnMemberships(trx, user.id));
  let active = memberships[0];
  if (input.organizer) {
    active = memberships.find((m) => m.tenant_slug === input.organizer);
    if (!active) {
      throw new AppError(
        403,
        'not_a_member',
        `You are not a member of "${input.organizer}". Sign in without it, or ask its owner to add you.`,
      );
    }
  }
  const secret = repo.newSecret('aps');
  const session = await repo.insertSession(services.db, {
    user_id: user.id,
    token_hash: secret.hash,
    active_tenant_id: active?.tenant_id ?? null,
    expires_at: sessionExpiry(services),
  });
  return {
    token: secret.token,
    session: await describeSession(services, user.id, active?.tenant_id ?? null, session.expires_at),
  };
}

/** Resolves a bearer or cookie token to its live session, or null. */
export async function authenticate(services: Services, token: string): Promise<Authenticated | null> {
  const row = await repo.findSessionByHash(services.db, hashSecret(token));
  if (!row) return null;
  // Keep last_seen_at roughly current without a write on every request.
  if (Date.now() - row.last_seen_at.getTime() > 5 * 60 * 1000) {
    await repo.touchSession(services.db, row.session_id);
  }
  return {
    sessionId: row.session_id,
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    emailVerified: row.email_verified_at !== null,
    isPlatformStaff: row.is_platform_staff,
    activeTenantId: row.active_tenant_id,
    expiresAt: row.expires_at,
  };
}

export async function currentSession(services: Services, auth: Authenticated): Promise<Session> {
  return describeSession(services, auth.userId, auth.activeTenantId, auth.expiresAt);
}

export async function switchOrganizer(services: Services, auth: Authenticated, slug: string): Promise<Session> {
  const memberships = await withUser(services.db, auth.userId, (trx) => repo.listOwnMemberships(trx, auth.userId));
  const target = memberships.find((m) => m.tenant_slug === slug);
  if (!target) {
    throw new AppError(403, 'not_a_member', `You are not a member of "${slug}". Ask its owner to add you.`);
  }
  await repo.setActiveTenant(services.db, auth.sessionId, target.tenant_id);
  return describeSession(services, auth.userId, target.tenant_id, auth.expiresAt);
}

/** Keeps the language the person reads the admin and their account emails in. */
export async function setLanguage(services: Services, auth: Authenticated, locale: string): Promise<Session> {
  await repo.setUserLocale(services.db, auth.userId, locale);
  return currentSession(services, auth);
}

export async function signOut(services: Services, auth: Authenticated): Promise<void> {
  await repo.deleteSession(services.db, auth.sessionId);
}

export async function requestEmailVerification(services: Services, auth: Authenticated): Promise<void> {
  if (auth.emailVerified) {
    throw conflict('already_verified', 'Your email address is already verified.');
  }
  await emailAccountLink(services.db, { userId: auth.userId, purpose: 'verify_email' });
}

export async function confirmEmailVerification(services: Services, token: string): Promise<Date> {
  const used = await repo.consumeAccountToken(services.db, 'verify_email', hashSecret(token));
  if (!used) throw invalidToken();
  await repo.markEmailVerified(services.db, used.user_id);
  const user = await repo.findUserById(services.db, used.user_id);
  return user?.email_verified_at ?? new Date();
}

/** Always succeeds from the caller's view, so the endpoint cannot reveal who has an account. */
export async function requestPasswordReset(services: Services, rawEmail: string): Promise<void> {
  const user = await repo.findUserByEmail(services.db, normalizeEmail(rawEmail));
  if (!user) return;
  await emailAccountLink(services.db, { userId: user.id, purpose: 'reset_password' });
}

/** Sets a new password and ends every session of that person. */
export async function confirmPasswordReset(services: Services, token: string, password: string): Promise<void> {
  const passwordHash = await hash(password);
  await services.db.transaction().execute(async (trx) => {
    const used = await repo.consumeAccountToken(trx, 'reset_password', hashSecret(token));
    if (!used) throw invalidToken();
    await repo.setPasswordHash(trx, used.user_id, passwordHash);
    await repo.deleteSessionsOfUser(trx, used.user_id);
  });
}

/**
 * The emails of the account flows: an invitation sets a password as a reset does; a sign-up
 * attempt tells an address with an account where to sign in.
 */
export type AccountLinkJob =
  | { userId: string; purpose: 'verify_email' }
  | { userId: string; purpose: 'reset_password' }
  | { userId: string; purpose: 'invitation'; tenantId: string }
  | { userId: string; purpose: 'sign_up_attempt' }
  | { pendingSignUpId: string; purpose: 'confirm_sign_up' };

/**
 * Asks the worker to email a person one of their account links (`auth__email_account_link`),
 * in `db`'s transaction: the email goes only if what asked for it commits, and a slow or failing
 * mail server neither holds up nor fails the request; the job is retried.
 */
export function emailAccountLink(db: Kysely<Database>, job: AccountLinkJob): Promise<void> {
  return enqueueJob(db, 'auth__email_account_link', job);
}

/** A new single-use token for `purpose`; `db` may be the caller's transaction. */
export async function issueAccountToken(
  db: Kysely<Database>,
  userId: string,
  purpose: AccountTokenPurpose,
): Promise<string> {
  const secret = repo.newSecret(purpose === 'verify_email' ? 'apv' : 'apr');
  await repo.insertAccountToken(db, {
    user_id: userId,
    purpose,
    token_hash: secret.hash,
    expires_at: new Date(Date.now() + TOKEN_LIFETIME_MS[purpose]),
  });
  return secret.token;
}

export function accountLink(
  services: Services,
  path: 'verify-email' | 'reset-password' | 'confirm-sign-up',
  token: string,
): string {
  return `${services.config.adminUrl}/${path}?token=${encodeURIComponent(token)}`;
}

export function signInLink(services: Services): string {
  return `${services.config.adminUrl}/sign-in`;
}

/**
 * A new token for a pending sign-up's link, or null once it was confirmed or expired; the link
 * emailed before stops working.
 */
export async function issueSignUpToken(db: Kysely<Database>, pendingSignUpId: string) {
  const secret = repo.newSecret('apn');
  const pending = await repo.setPendingSignUpToken(db, pendingSignUpId, secret.hash);
  return pending ? { token: secret.token, pending } : null;
}

async function describeSession(
  services: Services,
  userId: string,
  activeTenantId: string | null,
  expiresAt: Date,
): Promise<Session> {
  const user = await repo.findUserById(services.db, userId);
  if (!user) throw unauthorized();
  const memberships = await withUser(services.db, userId, (trx) => repo.listOwnMemberships(trx, userId));
  const summaries = memberships.map((m) => ({
    organizer_id: m.tenant_id,
    organizer_slug: m.tenant_slug,
    organizer_name: m.tenant_name,
    role: m.role as MembershipRole,
  }));
  const active = summaries.find((m) => m.organizer_id === activeTenantId) ?? null;
  return {
    user: {
      id: user.id,
      email: user.email,
      display_name: user.display_name,
      email_verified: user.email_verified_at !== null,
      is_platform_staff: user.is_platform_staff,
      locale: isInterfaceLocale(user.locale ?? '') ? (user.locale as InterfaceLocale) : null,
    },
    active_organizer: active,
    memberships: summaries,
    expires_at: expiresAt.toISOString(),
  };
}

function sessionExpiry(services: Services): Date {
  return new Date(Date.now() + services.config.sessionTtlHours * 60 * 60 * 1000);
}

function invalidToken(): AppError {
  return new AppError(422, 'invalid_token', 'This link has expired or was already used. Ask for a new one.', [
    { field: 'body.token', message: 'is expired, used or unknown' },
  ]);
}
