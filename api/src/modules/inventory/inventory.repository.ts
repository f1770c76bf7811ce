import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/schema.ts';

/**
 * Quantity held by holds that have lapsed but were not given back yet (the worker releases
 * them within moments). Availability treats those seats as free, so a lapsed hold never makes
 * a tier look sold out. A hold ends when its order's `expires_at` passes, the moment paying
 * for it stops working too; the few lapsed pending orders are found by their expiry first.
 */
export function lapsedHeld(
  column: 'tier_id' | 'product_id',
  tenantId: Expression<string>,
  id: Expression<string>,
): RawBuilder<number> {
  return sql<number>`coalesce((
    select sum(l.quantity) from orders o
    join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
    where o.tenant_id = ${tenantId} and o.status = 'pending' and o.expires_at <= now()
      and ${sql.ref(`l.${column}`)} = ${id}
  ), 0)::int`;
}

/** Admissions of a tier held by live holds or sold. */
export function activeTaken(table: string): RawBuilder<number> {
  return sql<number>`(${sql.ref(`${table}.taken_count`)} - ${lapsedHeld('tier_id', sql.ref(`${table}.tenant_id`), sql.ref(`${table}.id`))})`;
}

/** Valid tickets of a tier: sold and not refunded. */
export function ticketsSold(table: string): RawBuilder<number> {
  return sql<number>`(select count(*) from tickets tk
    where tk.tenant_id = ${sql.ref(`${table}.tenant_id`)} and tk.tier_id = ${sql.ref(`${table}.id`)} and tk.status = 'valid')::int`;
}

type Executor = Kysely<Database>;

/** Stock an order line takes: tickets take a tier (and the event's capacity), add-ons a product. */
export interface StockLine {
  kind: 'ticket' | 'product' | 'donation';
  tierId: string | null;
  productId: string | null;
  eventId: string | null;
  quantity: number;
}

export type StockShortage = { kind: 'tier' | 'product' | 'event'; id: string };

function totals(lines: readonly StockLine[], key: (line: StockLine) => string | null): [string, number][] {
  const sums = new Map<string, number>();
  for (const line of lines) {
    const id = key(line);
    if (id) sums.set(id, (sums.get(id) ?? 0) + line.quantity);
  }
  // One global lock order (tiers, products, events; each by id) keeps concurrent holds, releases
  // and capacity changes from deadlocking one another.
  return [...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const ticketTier = (line: StockLine) => (line.kind === 'ticket' ? line.tierId : null);
const product = (line: StockLine) => (line.kind === 'product' ? line.productId : null);
const ticketEvent = (line: StockLine) => (line.kind === 'ticket' ? line.eventId : null);

function parseShortage(reported: string): StockShortage {
  const [kind, id] = reported.split(':') as [StockShortage['kind'], string];
  return { kind, id };
}

/**
 * Takes an order's stock now, inside the caller's transaction (`app.take_order_stock`: one
 * conditional update per tier, add-on and capped event, in the global lock order). Returns what
 * ran short; the caller then rolls back. Checkout orders do not call this: their stock is taken
 * by the same function as they commit (see migration 0005).
 */
export async function takeOrderStock(db: Executor, tenantId: string, orderId: string): Promise<StockShortage | null> {
  const { rows } = await sql<{ shortage: string | null }>`
    select app.take_order_stock(${tenantId}, ${orderId}) as shortage`.execute(db);
  const reported = rows[0]?.shortage;
  return reported ? parseShortage(reported) : null;
}

/** What a checkout's commit ran short of (SQLSTATE AP409), or null when `error` is anything else. */
export function shortageAtCommit(error: unknown): StockShortage | null {
  if (error instanceof pg.DatabaseError && error.code === 'AP409' && error.detail) return parseShortage(error.detail);
  return null;
}

/** Gives back the stock of `lines` (an expired hold, a cancelled or refunded order), in the same lock order. */
export async function returnStock(db: Executor, tenantId: string, lines: readonly StockLine[]): Promise<void> {
  for (const [id, quantity] of totals(lines, ticketTier)) {
    await db
      .updateTable('ticket_tiers')
      .set((eb) => ({ taken_count: eb('taken_count', '-', quantity) }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }
  for (const [id, quantity] of totals(lines, product)) {
    await db
      .updateTable('products')
      .set((eb) => ({ taken_count: eb('taken_count', '-', quantity) }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }
  for (const [id, quantity] of totals(lines, ticketEvent)) {
    await db
      .updateTable('events')
      .set({ taken_count: sql<number>`greatest(taken_count - ${quantity}, 0)` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('capacity', 'is not', null)
      .execute();
  }
}

/** Pending orders whose hold on any of these tiers or products has lapsed. */
export async function lapsedOrdersHolding(
  db: Executor,
  tenantId: string,
  stock: { tierIds: readonly string[]; productIds: readonly string[] },
): Promise<string[]> {
  if (stock.tierIds.length === 0 && stock.productIds.length === 0) return [];
  const rows = await db
    .selectFrom('orders as o')
    .innerJoin('order_lines as l', (join) =>
      join.onRef('l.tenant_id', '=', 'o.tenant_id').onRef('l.order_id', '=', 'o.id'),
    )
    .select('o.id')
    .distinct()
    .where('o.tenant_id', '=', tenantId)
    .where('o.status', '=', 'pending')
    .where('o.expires_at', '<=', sql<Date>`now()`)
    .where((eb) =>
      eb.or([
        ...(stock.tierIds.length ? [eb('l.tier_id', 'in', stock.tierIds)] : []),
        ...(stock.productIds.length ? [eb('l.product_id', 'in', stock.productIds)] : []),
      ]),
    )
    .limit(100)
    .execute();
  return rows.map((row) => row.id);
}
