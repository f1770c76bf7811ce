import { type ExpressionBuilder, type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { Database, ProductsTable } from '../../db/schema.ts';
import { exactText } from '../events/events.repository.ts';
import { lapsedHeld } from '../inventory/inventory.repository.ts';

type Executor = Kysely<Database>;

/** Units still for sale: checkout keeps `taken_count` (held and sold), never these endpoints. */
const remaining = (eb: ExpressionBuilder<Database, 'products'>) =>
  sql<number>`greatest(${eb.ref('quantity')} - ${eb.ref('taken_count')}, 0)`.as('remaining');

/** Units in paid orders, less refunds. */
const soldCount = (eb: ExpressionBuilder<Database, 'products'>) =>
  sql<number>`coalesce((
    select sum(l.quantity - l.refunded_quantity) from order_lines l
    join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
    where l.tenant_id = ${eb.ref('products.tenant_id')} and l.product_id = ${eb.ref('products.id')}
      and o.status in ('paid', 'partially_refunded')
  ), 0)::int`.as('sold_count');

export function insertProduct(db: Executor, product: Insertable<ProductsTable>) {
  return db.insertInto('products').values(product).returning('id').executeTakeFirstOrThrow();
}

export function findProduct(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('products')
    .selectAll()
    .select([remaining, soldCount])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface ProductListFilter {
  eventId?: string;
  after?: { position: number; key: string; id: string };
  limit: number;
}

/** One page of the organizer's add-ons, in display order. */
export function listProducts(db: Executor, tenantId: string, filter: ProductListFilter) {
  let query = db
    .selectFrom('products')
    .selectAll()
    .select([remaining, soldCount, (eb) => exactText(eb.ref('created_at')).as('sort_key')])
    .where('tenant_id', '=', tenantId);
  if (filter.eventId) query = query.where('event_id', '=', filter.eventId);
  if (filter.after) {
    const { position, key, id } = filter.after;
    query = query.where((eb) =>
      eb(eb.refTuple('position', 'created_at', 'id'), '>', eb.tuple(position, sql<Date>`${key}::timestamptz`, id)),
    );
  }
  return query
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
}

/**
 * An event's active add-ons as buyers see them, in display order. Like tiers' availability, units
 * of lapsed holds count as free before the worker has released them: checkout releases them
 * when it runs short.
 */
export function listOfferedForEvent(db: Executor, tenantId: string, eventId: string) {
  return db
    .selectFrom('products')
    .select(['id', 'name', 'description', 'price_cents', 'currency', 'max_per_order'])
    .select((eb) =>
      sql<number>`greatest(${eb.ref('quantity')} - ${eb.ref('taken_count')} + ${lapsedHeld('product_id', eb.ref('products.tenant_id'), eb.ref('products.id'))}, 0)`.as(
        'remaining',
      ),
    )
    .where('tenant_id', '=', tenantId)
    .where('event_id', '=', eventId)
    .where('active', '=', true)
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function updateProduct(db: Executor, tenantId: string, id: string, changes: Updateable<ProductsTable>) {
  return db.updateTable('products').set(changes).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/**
 * Changes an add-on's quantity unless holds and sales already take more than the new quantity.
 * One conditional update: a hold committing meanwhile is seen, never overrun.
 */
export function setProductQuantity(db: Executor, tenantId: string, id: string, quantity: number) {
  return db
    .updateTable('products')
    .set({ quantity })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('taken_count', '<=', quantity)
    .returning('id')
    .executeTakeFirst();
}

/** Deletes an add-on only while no order ever held or bought it. */
export function deleteUnsoldProduct(db: Executor, tenantId: string, id: string) {
  return db
    .deleteFrom('products')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('taken_count', '=', 0)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('order_lines as l')
            .select('l.id')
            .where('l.tenant_id', '=', tenantId)
            .where('l.product_id', '=', id),
        ),
      ),
    )
    .executeTakeFirst();
}

export function deleteProductsOfEvent(db: Executor, tenantId: string, eventId: string) {
  return db.deleteFrom('products').where('tenant_id', '=', tenantId).where('event_id', '=', eventId).execute();
}
