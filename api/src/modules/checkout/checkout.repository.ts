import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { taxRateAt } from '../tax-rates/tax-rates.repository.ts';

type Executor = Kysely<Database>;

/** Tiers a buyer asked for, with what checkout needs of their events. Hidden tiers are not for sale. */
export function tiersForSale(db: Executor, tenantId: string, tierIds: readonly string[]) {
  if (tierIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('ticket_tiers as t')
    .innerJoin('events as e', (join) => join.onRef('e.tenant_id', '=', 't.tenant_id').onRef('e.id', '=', 't.event_id'))
    .select([
      't.id',
      't.event_id',
      't.name',
      't.price_cents',
      't.currency',
      't.min_per_order',
      't.max_per_order',
      't.sales_start_at',
      't.sales_end_at',
      'e.status as event_status',
      'e.title as event_title',
      'e.attendee_names as event_attendee_names',
      'e.state',
      'e.city',
      'e.ends_at',
    ])
    .select(sql<boolean>`e.ends_at <= now()`.as('event_over'))
    .select(taxRateAt(sql.ref('t.tenant_id'), sql.ref('e.state'), sql.ref('e.city')).as('tax_rate_ppm'))
    .where('t.tenant_id', '=', tenantId)
    .where('t.id', 'in', tierIds)
    .where('t.hidden', '=', false)
    .where('t.deleted_at', 'is', null)
    .execute();
}

export function productsForSale(db: Executor, tenantId: string, productIds: readonly string[]) {
  if (productIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('products as p')
    .leftJoin('events as e', (join) => join.onRef('e.tenant_id', '=', 'p.tenant_id').onRef('e.id', '=', 'p.event_id'))
    .select([
      'p.id',
      'p.event_id',
      'p.name',
      'p.price_cents',
      'p.currency',
      'p.max_per_order',
      'e.status as event_status',
      'e.state',
      'e.city',
    ])
    .select(sql<boolean>`coalesce(e.ends_at <= now(), false)`.as('event_over'))
    .select(taxRateAt(sql.ref('p.tenant_id'), sql.ref('e.state'), sql.ref('e.city')).as('tax_rate_ppm'))
    .where('p.tenant_id', '=', tenantId)
    .where('p.id', 'in', productIds)
    .where('p.active', '=', true)
    .execute();
}

export function eventsTakingDonations(db: Executor, tenantId: string, eventIds: readonly string[]) {
  if (eventIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('events')
    .select(['id', 'title', 'state', 'city', 'donations_enabled', 'status'])
    .select(sql<boolean>`ends_at <= now()`.as('event_over'))
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', eventIds)
    .execute();
}

/** Counts one more use of a promo code unless it is used up: one conditional update. */
export function usePromoCode(db: Executor, tenantId: string, promoCodeId: string) {
  return db
    .updateTable('promo_codes')
    .set((eb) => ({ used_count: eb('used_count', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', promoCodeId)
    .where((eb) => eb.or([eb('max_uses', 'is', null), eb('used_count', '<', eb.ref('max_uses'))]))
    .returning('id')
    .executeTakeFirst();
}
