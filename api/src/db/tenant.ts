import { sql, type Transaction } from 'kysely';
import type { Db } from './database.ts';
import type { Database } from './schema.ts';

export type Tx = Transaction<Database>;

/**
 * Runs `work` in one transaction whose tenant is `tenantId`. Row-level security then shows and
 * accepts only that tenant's rows. The setting is transaction-local (`set_config(…, true)`), so
 * it cannot leak to the next user of a pooled connection.
 */
export function withTenant<T>(
  db: Db,
  tenantId: string,
  work: (trx: Tx) => Promise<T>,
  userId: string | null = null,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', ${userId ?? ''}, true)`.execute(
      trx,
    );
    return work(trx);
  });
}

/** Enters a tenant partway through a transaction, e.g. right after sign-up created it. */
export async function enterTenant(trx: Tx, tenantId: string): Promise<void> {
  await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
}

/**
 * A transaction for a signed-in person before a tenant is chosen: they see their own
 * memberships and nothing tenant-owned besides.
 */
export function withUser<T>(db: Db, userId: string, work: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.user_id', ${userId}, true)`.execute(trx);
    return work(trx);
  });
}

/**
 * A transaction under one of the cross-tenant scopes the policies know (`app.scope`): each shows
 * a narrow set of rows of every tenant, and row-level security still hides everything else.
 */
function withScope<T>(
  db: Db,
  scope:
    | 'public_catalog'
    | 'lapsed_holds'
    | 'due_confirmations'
    | 'stripe_events'
    | 'payout_schedule'
    | 'dev_mailbox'
    | 'changes_retention'
    | 'due_webhooks'
    | 'webhook_log_retention'
    | 'idempotency_keys'
    | 'due_domains'
    | 'event_reminders',
  work: (trx: Tx) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.scope', ${scope}, true)`.execute(trx);
    return work(trx);
  });
}

/**
 * The settings of a session that only ever reads the public catalog (`Services.catalogDb`): its
 * scope, for good, and no writes. It never enters a tenant.
 */
export const PUBLIC_CATALOG_SESSION = { 'app.scope': 'public_catalog', default_transaction_read_only: 'on' };

/** A read of the public catalog: published events (and their visible tiers) of every tenant. */
export function withPublicCatalog<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  return withScope(db, 'public_catalog', work);
}

/**
 * A read across organizers of pending orders, and of nothing else: the recurring sweep that
 * gives the stock of lapsed holds back.
 */
export function withLapsedHolds<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  return withScope(db, 'lapsed_holds', work);
}

/**
 * A read across organizers of confirmations due and not sent, and of nothing else: the
 * recurring check that asks for the ones whose sending was never asked for.
 */
export function withDueConfirmations<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  return withScope(db, 'due_confirmations', work);
}

/**
 * Which organizer a Stripe event is about: reads the Stripe account and customer ids of every
 * organizer, and nothing else.
 */
export function withStripeRouting<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  return withScope(db, 'stripe_events', work);
}

/** A read across organizers of their events' times, and of nothing else: the payout schedule. */
export function withPayoutSchedule<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  return withScope(db, 'payout_schedule', work);
}

/** A read across organizers of the published events starting within two days, and of nothing else: the reminders. */
export function withEventReminders<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  return withScope(db, 'event_reminders', work);
}

/** Published changes of every organizer, to delete those past keeping, and nothing else. */
export function withChangesRetention<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  return withScope(db, 'changes_retention', work);
}

/** Pending webhook deliveries of every organizer, and nothing else: the minutely check for overdue ones. */
export function withDueWebhooks<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  return withScope(db, 'due_webhooks', work);
}

/** Webhook deliveries of every organizer, to delete those past keeping, and nothing else. */
export function withWebhookLogRetention<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  return withScope(db, 'webhook_log_retention', work);
}

/** Custom domains of every organizer whose next check is due, and nothing else: the minutely sweep. */
export function withDueDomains<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  return withScope(db, 'due_domains', work);
}

/**
 * The local mail sink's messages, of every organizer, and nothing else. Development only: the
 * caller makes sure it is not production.
 */
export function withDevMailbox<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  return withScope(db, 'dev_mailbox', work);
}

/** The idempotency keys of every organizer, and nothing else: the sweep that deletes expired ones. */
export function withIdempotencyKeySweep<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  return withScope(db, 'idempotency_keys', work);
}

/**
 * The staff area's read across organizers: their owners, plan subscriptions, Stripe accounts and
 * payouts, and nothing else. The policies show those rows only when `staffUserId` is platform
 * staff in the database, whatever the caller checked before.
 */
export function withStaffDirectory<T>(db: Db, staffUserId: string, work: (trx: Tx) => Promise<T>): Promise<T> {
  return db
    .transaction()
    .setAccessMode('read only')
    .execute(async (trx) => {
      await sql`select set_config('app.scope', 'staff_directory', true), set_config('app.user_id', ${staffUserId}, true)`.execute(
        trx,
      );
      return work(trx);
    });
}
