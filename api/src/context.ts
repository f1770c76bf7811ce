import type Stripe from 'stripe';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { MembershipRole } from './db/schema.ts';
import type { Tx } from './db/tenant.ts';
import { withStaffDirectory, withTenant } from './db/tenant.ts';
import { AppError, forbidden } from './lib/errors.ts';
import type { FieldCipher } from './lib/field-encryption.ts';
import type { Logger } from './lib/logger.ts';
import type { ObjectStorage } from './lib/object-storage.ts';
import type { OutboundHttp } from './lib/outbound-http.ts';
import type { AccountMail } from './modules/auth/account-mail.ts';
import { findMembershipRole } from './modules/auth/auth.repository.ts';
import type { CatalogCache } from './modules/catalog/catalog.cache.ts';
import type { ChangeReactor } from './modules/changes/changes.service.ts';
import type { HostCache } from './modules/domains/domains.cache.ts';
import type { CertificateProvider } from './modules/domains/domains.certificates.ts';
import type { DnsResolver } from './modules/domains/domains.dns.ts';
import type { BuyerMail } from './modules/notifications/buyer-mail.ts';
import type { MailSink } from './modules/notifications/notifications.mailer.ts';
import type { ConfirmationRequests } from './modules/notifications/order-confirmations.ts';
import type { PaymentProvider } from './modules/payments/payment-provider.ts';
import type { Translator } from './modules/translations/translations.provider.ts';
import type { DeliveryRequests } from './modules/webhooks/webhooks.requests.ts';

/** What the modules share: built once at start-up, passed to services explicitly. */
export interface Services {
  config: Config;
  /** Connected as the API role: row-level security applies to everything it does. */
  db: Db;
  /**
   * Connected as the API role for the public catalog's reads only: every session is read-only
   * and in the public catalog scope (`catalogPoolSettings`), so a read is one statement, with no
   * transaction around it to open, scope and close.
   */
  catalogDb: Db;
  logger: Logger;
  accountMail: AccountMail;
  buyerMail: BuyerMail;
  /** The local mail sink, when mail is kept (in development, without SMTP_URL) instead of sent; else null. */
  mailbox: MailSink | null;
  catalogCache: CatalogCache;
  /** Asks the worker to send an organizer's due order confirmations, gathering a rush into batches. */
  confirmations: ConfirmationRequests;
  /** The card processor behind checkout (the test provider until Stripe is configured). */
  payments: PaymentProvider;
  /** The Stripe client (Connect, Billing, payouts) when STRIPE_SECRET_KEY is set; else null. */
  stripe: Stripe | null;
  /** Uploaded files: the local folder, or the S3 bucket when S3_BUCKET is set. */
  files: ObjectStorage;
  /** What reacts to changes in the transaction that records them (see `recordChange`). */
  reactors: readonly ChangeReactor[];
  /** Requests to addresses organizers type in (webhook endpoints), which can never reach our own network. */
  outbound: OutboundHttp;
  /** Asks the worker to send an endpoint's due webhook deliveries, gathering a rush into one request. */
  webhookRequests: DeliveryRequests;
  /** Drafts organizers' texts in other languages (TRANSLATION_URL); null when no service is set up. */
  translator: Translator | null;
  /** Seals and opens taxpayer identification numbers. */
  fieldCipher: FieldCipher;
  /** The DNS that custom domains are checked against. */
  dns: DnsResolver;
  /** Where verified custom domains get their certificates (CERTIFICATE_PROVIDER). */
  certificates: CertificateProvider;
  /** Which organizer a host is for, kept a minute and dropped whenever a domain changes. */
  hostCache: HostCache;
}

/** Who a tenant request is for: a member of the team, or one of the organizer's API keys. */
export type Actor =
  | { kind: 'member'; userId: string; role: MembershipRole; isPlatformStaff: boolean }
  | { kind: 'api_key'; apiKeyId: string };

/** Who made a change, for the columns that record it: a person, a key, or neither (the system). */
export interface RecordedBy {
  userId: string | null;
  apiKeyId: string | null;
}

export const BY_THE_SYSTEM: RecordedBy = Object.freeze({ userId: null, apiKeyId: null });

export function recordedBy(ctx: TenantContext): RecordedBy {
  return ctx.actor.kind === 'member'
    ? { userId: ctx.actor.userId, apiKeyId: null }
    : { userId: null, apiKeyId: ctx.actor.apiKeyId };
}

/** Work inside one tenant: the transaction has `app.tenant_id` set. */
export interface InTenant {
  services: Services;
  tenantId: string;
  trx: Tx;
  /** Runs `effect` once the transaction has committed (never if it rolls back). */
  afterCommit(effect: () => void): void;
}

/** A signed-in member's request inside their organizer. */
export interface TenantContext extends InTenant {
  actor: Actor;
}

const ROLE_NAMES: Record<MembershipRole, string> = {
  owner: 'owners',
  admin: 'admins',
  staff: 'staff',
  check_in: 'check-in staff',
};

/**
 * Opens every service function that changes or reveals something not everyone may. An API key
 * passes: keys reach only the routes that name a scope, and the key held that scope before the
 * tenant was entered (plugins/auth.ts).
 */
export function requireRole(ctx: TenantContext, allowed: readonly MembershipRole[], action: string): void {
  if (ctx.actor.kind === 'api_key') return;
  if (!allowed.includes(ctx.actor.role)) {
    const who = allowed.map((role) => ROLE_NAMES[role]).join(', ');
    throw forbidden(`Only ${who} of this organizer can ${action}. Ask an owner to change your role.`);
  }
}

/** The person behind the request, for what only a person may do (an API key acts for nobody). */
export function requirePerson(ctx: TenantContext, action: string): Extract<Actor, { kind: 'member' }> {
  if (ctx.actor.kind === 'member') return ctx.actor;
  throw forbidden(
    `An API key acts for the organizer, not for a person, so it cannot ${action}. Sign in to the admin to do it.`,
  );
}

export const EDITORS: readonly MembershipRole[] = ['owner', 'admin', 'staff'];
export const MANAGERS: readonly MembershipRole[] = ['owner', 'admin'];
export const MEMBERS: readonly MembershipRole[] = ['owner', 'admin', 'staff', 'check_in'];

/**
 * Runs `work` in one transaction of `tenantId`, after checking the person is (still) a member
 * there. Effects registered with `afterCommit` run once the transaction has committed.
 */
export async function runInTenant<T>(
  services: Services,
  who: { tenantId: string; userId: string; isPlatformStaff: boolean },
  work: (ctx: TenantContext) => Promise<T>,
): Promise<T> {
  const effects: (() => void)[] = [];
  const result = await withTenant(
    services.db,
    who.tenantId,
    async (trx) => {
      const membership = await findMembershipRole(trx, who.tenantId, who.userId);
      if (!membership) {
        throw new AppError(403, 'not_a_member', 'You are no longer a member of this organizer. Switch to another one.');
      }
      return work({
        services,
        tenantId: who.tenantId,
        actor: { kind: 'member', userId: who.userId, role: membership.role, isPlatformStaff: who.isPlatformStaff },
        trx,
        afterCommit: (effect) => effects.push(effect),
      });
    },
    who.userId,
  );
  for (const effect of effects) effect();
  return result;
}

/**
 * Runs `work` in one transaction of the organizer of an API key, for that key: no person is
 * behind it, and what it writes is recorded as the key's doing.
 */
export async function runInTenantAsApiKey<T>(
  services: Services,
  key: { tenantId: string; apiKeyId: string },
  work: (ctx: TenantContext) => Promise<T>,
): Promise<T> {
  const effects: (() => void)[] = [];
  const result = await withTenant(services.db, key.tenantId, (trx) =>
    work({
      services,
      tenantId: key.tenantId,
      actor: { kind: 'api_key', apiKeyId: key.apiKeyId },
      trx,
      afterCommit: (effect) => effects.push(effect),
    }),
  );
  for (const effect of effects) effect();
  return result;
}

/**
 * Runs `work` in one transaction of `tenantId` with no member behind it: a buyer at the
 * organizer's storefront, or a job. Row-level security still confines it to that tenant; what
 * it may do there is the calling service's rule.
 */
export async function runInTenantAsSystem<T>(
  services: Services,
  tenantId: string,
  work: (ctx: InTenant) => Promise<T>,
): Promise<T> {
  const effects: (() => void)[] = [];
  const result = await withTenant(services.db, tenantId, (trx) =>
    work({ services, tenantId, trx, afterCommit: (effect) => effects.push(effect) }),
  );
  for (const effect of effects) effect();
  return result;
}

const STAFF_ONLY = 'Only platform staff can do this.';

/** Platform staff looking across organizers: reads only, no tenant. */
export interface StaffDirectoryContext {
  services: Services;
  staffUserId: string;
  /** Under the staff_directory scope: owners, subscriptions, Stripe accounts and payouts of every organizer. */
  trx: Tx;
}

/**
 * Runs `work` in one read-only transaction across organizers for a member of platform staff (the
 * staff organizer list and payout queue). Changes go through `runAsStaff`, one organizer at a time.
 */
export async function runAsStaffAcrossOrganizers<T>(
  services: Services,
  who: { userId: string; isPlatformStaff: boolean },
  work: (ctx: StaffDirectoryContext) => Promise<T>,
): Promise<T> {
  if (!who.isPlatformStaff) throw forbidden(STAFF_ONLY);
  return withStaffDirectory(services.db, who.userId, (trx) => work({ services, staffUserId: who.userId, trx }));
}

/** Platform staff acting on one organizer: every change they make is written to the audit log. */
export interface StaffContext extends InTenant {
  staffUserId: string;
  /** Records what staff did, in the same transaction as the change. */
  audit(action: string, target: string | null, details?: Record<string, unknown>): Promise<void>;
}

/**
 * Runs `work` in one transaction of `tenantId` for a member of platform staff. Staff reach an
 * organizer's rows only through here, and `audit` writes what they change beside the change.
 */
export async function runAsStaff<T>(
  services: Services,
  who: { userId: string; isPlatformStaff: boolean },
  tenantId: string,
  work: (ctx: StaffContext) => Promise<T>,
): Promise<T> {
  if (!who.isPlatformStaff) throw forbidden(STAFF_ONLY);
  const effects: (() => void)[] = [];
  const result = await withTenant(
    services.db,
    tenantId,
    (trx) =>
      work({
        services,
        tenantId,
        trx,
        staffUserId: who.userId,
        afterCommit: (effect) => effects.push(effect),
        async audit(action, target, details = {}) {
          await trx
            .insertInto('staff_audit_log')
            .values({
              staff_user_id: who.userId,
              organizer_id: tenantId,
              action,
              target,
              details: JSON.stringify(details),
            })
            .execute();
        },
      }),
    who.userId,
  );
  for (const effect of effects) effect();
  return result;
}
