import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { Database, PromoCode, PromoCodesTable } from '../../db/schema.ts';
import type { Tx } from '../../db/tenant.ts';
import { exactText } from '../events/events.repository.ts';

type Executor = Kysely<Database>;

/** Whether `error` is the database refusing a code the organizer already has. */
export function isDuplicateCode(error: unknown): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === '23505' && pgError.constraint === 'promo_codes_code_key';
}

/** The stored form of a code a person typed: codes are kept, and matched, in capitals. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

export function insertPromoCode(db: Executor, promoCode: Insertable<PromoCodesTable>) {
  return db.insertInto('promo_codes').values(promoCode).returningAll().executeTakeFirstOrThrow();
}

export function findPromoCode(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('promo_codes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The organizer's promo code a buyer typed, in any case; undefined when there is none. */
export function findPromoCodeByCode(trx: Tx, tenantId: string, code: string): Promise<PromoCode | undefined> {
  return trx
    .selectFrom('promo_codes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('code', '=', normalizeCode(code))
    .executeTakeFirst();
}

/** One page of the organizer's promo codes, oldest first. */
export function listPromoCodes(
  db: Executor,
  tenantId: string,
  filter: { after?: { key: string; id: string }; limit: number },
) {
  let query = db
    .selectFrom('promo_codes')
    .selectAll()
    .select((eb) => exactText(eb.ref('created_at')).as('sort_key'))
    .where('tenant_id', '=', tenantId);
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

/**
 * Changes a code. A new `max_uses` applies only if no more orders already used the code: one
 * conditional update, so an order taking the code meanwhile is seen. Undefined when refused.
 */
export function updatePromoCode(db: Executor, tenantId: string, id: string, changes: Updateable<PromoCodesTable>) {
  const maxUses = changes.max_uses;
  return db
    .updateTable('promo_codes')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where((eb) => (typeof maxUses === 'number' ? eb('used_count', '<=', maxUses) : sql<boolean>`true`))
    .returningAll()
    .executeTakeFirst();
}

/** Deletes a code only while no order ever used it. */
export function deleteUnusedPromoCode(db: Executor, tenantId: string, id: string) {
  return db
    .deleteFrom('promo_codes')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('used_count', '=', 0)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('orders as o')
            .select('o.id')
            .where('o.tenant_id', '=', tenantId)
            .where('o.promo_code_id', '=', id),
        ),
      ),
    )
    .executeTakeFirst();
}

/** Which of `ids` are tiers of the organizer. */
export function findTierIds(db: Executor, tenantId: string, ids: readonly string[]) {
  return db
    .selectFrom('ticket_tiers')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .execute();
}
