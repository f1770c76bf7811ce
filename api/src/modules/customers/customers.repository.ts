import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Executor = Kysely<Database>;

const customerColumns = [
  'id',
  'email',
  'name',
  'locale',
  'email_verified_at',
  'created_at',
  'updated_at',
  'last_signed_in_at',
] as const;

function customers(db: Executor, tenantId: string, filter: { email?: string }) {
  let query = db.selectFrom('customers').select(customerColumns).where('tenant_id', '=', tenantId);
  if (filter.email) query = query.where('email', '=', filter.email);
  return query;
}

/** A tenant's customers for a sync page (see `readChanges`). */
export function customerChanges(db: Executor, tenantId: string, filter: { email?: string }) {
  return customers(db, tenantId, filter);
}

/** One page of a tenant's customers, in the order their accounts were made. */
export function listCustomers(
  db: Executor,
  tenantId: string,
  filter: { email?: string; after?: { key: string; id: string }; limit: number },
) {
  let query = customers(db, tenantId, filter).select(sql<string>`created_at::text`.as('sort_key'));
  if (filter.after) {
    const { key, id } = filter.after;
    query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(sql<Date>`${key}::timestamptz`, id)));
  }
  return query
    .orderBy('created_at')
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
}

/** A sign-in link asked for; its token is made by the job that emails it. */
export function insertSignInToken(
  db: Executor,
  token: { tenant_id: string; email: string; locale: string | null; lifetimeMinutes: number },
) {
  return db
    .insertInto('customer_tokens')
    .values({
      tenant_id: token.tenant_id,
      email: token.email,
      locale: token.locale,
      expires_at: sql<Date>`now() + make_interval(mins => ${token.lifetimeMinutes})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Links of this email that lapsed a day ago or more: nobody can use them, and nothing needs them. */
export function deleteLapsedSignInTokens(db: Executor, tenantId: string, email: string) {
  return db
    .deleteFrom('customer_tokens')
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .where('expires_at', '<', sql<Date>`now() - interval '1 day'`)
    .execute();
}

/**
 * Gives a live, unused link a new token hash (replacing one made by an earlier attempt of the
 * job) and returns what its email needs; nothing once it was used or has lapsed.
 */
export function setSignInTokenHash(db: Executor, tenantId: string, tokenId: string, tokenHash: Buffer) {
  return db
    .updateTable('customer_tokens')
    .set({ token_hash: tokenHash })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', tokenId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['email', 'locale', 'expires_at'])
    .executeTakeFirst();
}

/**
 * Marks a live link used and returns its email, in one conditional update: two requests racing
 * with the same token cannot both succeed.
 */
export function consumeSignInToken(db: Executor, tenantId: string, tokenHash: Buffer) {
  return db
    .updateTable('customer_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['email', 'locale'])
    .executeTakeFirst();
}

export function findCustomerByEmail(db: Executor, tenantId: string, email: string) {
  return db
    .selectFrom('customers')
    .select(customerColumns)
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .executeTakeFirst();
}

/** The name and language of the email's latest order, to start a new customer's profile from. */
export function latestBuyerDetails(db: Executor, tenantId: string, email: string) {
  return db
    .selectFrom('orders')
    .select(['buyer_name', 'buyer_locale'])
    .where('tenant_id', '=', tenantId)
    .where('buyer_email', '=', email)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The customer of a just-proven email, created if new, with the sign-in recorded. One statement,
 * so two first sign-ins at once make one customer.
 */
export function upsertVerifiedCustomer(
  db: Executor,
  customer: { tenant_id: string; email: string; name: string; locale: string },
) {
  return db
    .insertInto('customers')
    .values({
      ...customer,
      email_verified_at: sql<Date>`now()`,
      last_signed_in_at: sql<Date>`now()`,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'email']).doUpdateSet({
        email_verified_at: sql<Date>`coalesce(customers.email_verified_at, now())`,
        last_signed_in_at: sql<Date>`now()`,
      }),
    )
    .returning(customerColumns)
    .executeTakeFirstOrThrow();
}

export function findCustomer(db: Executor, tenantId: string, customerId: string) {
  return db
    .selectFrom('customers')
    .select(customerColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .executeTakeFirst();
}

export function updateCustomer(
  db: Executor,
  tenantId: string,
  customerId: string,
  changes: { name?: string; locale?: string },
) {
  return db
    .updateTable('customers')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .returning(customerColumns)
    .executeTakeFirst();
}

/** Every guest order of this email joins the customer; orders of another customer stay theirs. */
export async function claimGuestOrders(db: Executor, tenantId: string, customerId: string, email: string) {
  const claimed = await db
    .updateTable('orders')
    .set({ customer_id: customerId })
    .where('tenant_id', '=', tenantId)
    .where('buyer_email', '=', email)
    .where('customer_id', 'is', null)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows);
}

export function insertSession(
  db: Executor,
  session: { tenant_id: string; customer_id: string; token_hash: Buffer; lifetimeDays: number },
) {
  return db
    .insertInto('customer_sessions')
    .values({
      tenant_id: session.tenant_id,
      customer_id: session.customer_id,
      token_hash: session.token_hash,
      expires_at: sql<Date>`now() + make_interval(days => ${session.lifetimeDays})`,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}

export function deleteLapsedSessions(db: Executor, tenantId: string, customerId: string) {
  return db
    .deleteFrom('customer_sessions')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute();
}

/** The live session behind a token, with its customer. */
export function findSessionByHash(db: Executor, tenantId: string, tokenHash: Buffer) {
  return db
    .selectFrom('customer_sessions as s')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.tenant_id', '=', 's.tenant_id').onRef('c.id', '=', 's.customer_id'),
    )
    .select(['s.id as session_id', 's.last_seen_at', 'c.id', 'c.email', 'c.name', 'c.locale'])
    .where('s.tenant_id', '=', tenantId)
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

export function touchSession(db: Executor, tenantId: string, sessionId: string) {
  return db
    .updateTable('customer_sessions')
    .set({ last_seen_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', sessionId)
    .execute();
}

export function deleteSession(db: Executor, tenantId: string, sessionId: string) {
  return db.deleteFrom('customer_sessions').where('tenant_id', '=', tenantId).where('id', '=', sessionId).execute();
}

export function eventSummaries(db: Executor, tenantId: string, eventIds: readonly string[]) {
  if (eventIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('events')
    .select(['id', 'title', 'starts_at', 'time_zone', 'venue_name', 'city'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', eventIds)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}
