import { randomInt } from 'node:crypto';
import { type Kysely, sql, type UpdateObject } from 'kysely';
import type { Database, NewOrder, NewOrderLine, OrderStatus } from '../../db/schema.ts';

type Executor = Kysely<Database>;

// No 0/O or 1/I: numbers are read aloud at the door and typed from paper receipts.
const NUMBER_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function orderNumber(): string {
  let number = '';
  for (let i = 0; i < 8; i++) number += NUMBER_ALPHABET[randomInt(NUMBER_ALPHABET.length)];
  return number;
}

/**
 * Inserts an order under a fresh random number. 32^8 numbers make a clash rare; one simply
 * draws again (`on conflict do nothing` keeps the transaction usable).
 */
export async function insertOrder(db: Executor, order: Omit<NewOrder, 'number' | 'expires_at'>, holdMinutes: number) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await db
      .insertInto('orders')
      .values({
        ...order,
        number: orderNumber(),
        expires_at: sql<Date>`now() + make_interval(mins => ${holdMinutes})`,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'number']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) return row;
  }
  throw new Error('Could not draw a free order number');
}

export function insertOrderLines(db: Executor, lines: NewOrderLine[]) {
  return db.insertInto('order_lines').values(lines).returningAll().execute();
}

export function findOrder(db: Executor, tenantId: string, orderId: string) {
  return db
    .selectFrom('orders')
    .selectAll()
    .select(sql<boolean>`expires_at is not null and expires_at <= now()`.as('lapsed'))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .executeTakeFirst();
}

export function findOrderByNumber(db: Executor, tenantId: string, number: string) {
  return db
    .selectFrom('orders')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('number', '=', number.toUpperCase())
    .executeTakeFirst();
}

export function linesOf(db: Executor, tenantId: string, orderIds: readonly string[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('order_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('position')
    .execute();
}

export function ticketsOf(db: Executor, tenantId: string, orderIds: readonly string[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function promoCodeOf(db: Executor, tenantId: string, promoCodeId: string | null) {
  if (!promoCodeId) return Promise.resolve(undefined);
  return db
    .selectFrom('promo_codes')
    .select('code')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', promoCodeId)
    .executeTakeFirst();
}

/**
 * Moves a pending order on, only from `pending` and, unless `evenIfLapsed`, only while its hold
 * is live: an order whose hold lapsed can no longer be paid, however close the race.
 */
export function settlePendingOrder(
  db: Executor,
  tenantId: string,
  orderId: string,
  changes: UpdateObject<Database, 'orders'>,
  options: { requireLiveHold: boolean; requireLapsedHold?: boolean },
) {
  let query = db
    .updateTable('orders')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .where('status', '=', 'pending');
  if (options.requireLiveHold) query = query.where('expires_at', '>', sql<Date>`now()`);
  if (options.requireLapsedHold) query = query.where('expires_at', '<=', sql<Date>`now()`);
  return query.returningAll().executeTakeFirst();
}

/**
 * Makes a lapsed or cancelled order pending again for a moment, once its stock has been taken
 * again: a payment for it arrived late, and paying it follows at once in the same transaction.
 */
export function reopenReleasedOrder(db: Executor, tenantId: string, orderId: string) {
  return db
    .updateTable('orders')
    .set({ status: 'pending', expires_at: sql<Date>`now() + interval '1 minute'`, cancelled_at: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .where('status', 'in', ['expired', 'cancelled'])
    .execute();
}

/**
 * Donations kept for an event: its donation lines in orders that were paid, less what was given
 * back. A refund lowers a line's total still kept in the same transaction as its ledger entry, so
 * this and the ledger agree; pending, cancelled and expired orders never took the money.
 */
export async function donationsKept(db: Executor, tenantId: string, eventId: string): Promise<number> {
  const row = await db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', (join) => join.onRef('o.tenant_id', '=', 'l.tenant_id').onRef('o.id', '=', 'l.order_id'))
    .select(sql<number>`coalesce(sum(l.total_cents - l.refunded_cents), 0)::bigint`.as('kept'))
    .where('l.tenant_id', '=', tenantId)
    .where('l.event_id', '=', eventId)
    .where('l.kind', '=', 'donation')
    .where('o.status', 'in', ['paid', 'partially_refunded', 'refunded'])
    .executeTakeFirstOrThrow();
  return Number(row.kept);
}

export function releasePromoUse(db: Executor, tenantId: string, promoCodeId: string) {
  return db
    .updateTable('promo_codes')
    .set({ used_count: sql<number>`greatest(used_count - 1, 0)` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', promoCodeId)
    .execute();
}

export interface OrderFilter {
  status?: OrderStatus;
  eventId?: string;
  email?: string;
  /** Only the orders of this customer account. */
  customerId?: string;
}

export interface OrderListFilter extends OrderFilter {
  newestFirst?: boolean;
  /** The last row of the previous page: the page goes on past it, in the list's direction. */
  after?: { key: string; id: string };
  limit: number;
}

/** A tenant's orders matching `filter`, with whether a pending order's hold has lapsed. */
function ordersMatching(db: Executor, tenantId: string, filter: OrderFilter) {
  let query = db
    .selectFrom('orders')
    .selectAll()
    .select(sql<boolean>`expires_at is not null and expires_at <= now()`.as('lapsed'))
    .where('tenant_id', '=', tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.email) query = query.where('buyer_email', '=', filter.email.toLowerCase());
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.eventId) {
    const eventId = filter.eventId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('order_lines as l')
          .select('l.id')
          .whereRef('l.tenant_id', '=', 'orders.tenant_id')
          .whereRef('l.order_id', '=', 'orders.id')
          .where('l.event_id', '=', eventId),
      ),
    );
  }
  return query;
}

export async function countOrders(db: Executor, tenantId: string, filter: OrderFilter): Promise<number> {
  const row = await ordersMatching(db, tenantId, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A tenant's orders for a sync page (see `readChanges`). */
export function orderChanges(db: Executor, tenantId: string, filter: OrderFilter) {
  return ordersMatching(db, tenantId, filter);
}

export function listOrders(db: Executor, tenantId: string, filter: OrderListFilter) {
  let query = ordersMatching(db, tenantId, filter).select(sql<string>`created_at::text`.as('sort_key'));
  if (filter.after) {
    const { key, id } = filter.after;
    query = query.where((eb) =>
      eb(eb.refTuple('created_at', 'id'), filter.newestFirst ? '<' : '>', eb.tuple(sql<Date>`${key}::timestamptz`, id)),
    );
  }
  const direction = filter.newestFirst ? 'desc' : 'asc';
  return query
    .orderBy('created_at', direction)
    .orderBy('id', direction)
    .limit(filter.limit + 1)
    .execute();
}

/** The money given back for a tenant's orders: refund payments, optionally of one order. */
function refunds(db: Executor, tenantId: string, filter: { orderId?: string }) {
  let query = db
    .selectFrom('payments')
    .select([
      'id',
      'order_id',
      'provider',
      'amount_cents',
      'currency',
      'provider_reference',
      'recorded_by',
      'test_mode',
      'created_at',
      'updated_at',
    ])
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'refund');
  if (filter.orderId) query = query.where('order_id', '=', filter.orderId);
  return query;
}

export type RefundRow = Awaited<ReturnType<ReturnType<typeof refunds>['execute']>>[number];

/** A tenant's refunds for a sync page (see `readChanges`). */
export function refundChanges(db: Executor, tenantId: string, filter: { orderId?: string }) {
  return refunds(db, tenantId, filter);
}

/** One page of a tenant's refunds, oldest first. */
export function listRefunds(
  db: Executor,
  tenantId: string,
  filter: { orderId?: string; after?: { key: string; id: string }; limit: number },
) {
  let query = refunds(db, tenantId, filter).select(sql<string>`created_at::text`.as('sort_key'));
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
