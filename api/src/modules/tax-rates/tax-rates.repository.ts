import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { Database, TaxRatesTable } from '../../db/schema.ts';
import type { Tx } from '../../db/tenant.ts';

type Executor = Kysely<Database>;

/** Whether `error` is the database refusing a second rate for the same state and city. */
export function isDuplicateJurisdiction(error: unknown): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === '23505' && pgError.constraint === 'tax_rates_jurisdiction_key';
}

export function listTaxRates(db: Executor, tenantId: string) {
  return db
    .selectFrom('tax_rates')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('state')
    .orderBy('city')
    .orderBy('id')
    .execute();
}

export function findTaxRate(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('tax_rates')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function insertTaxRate(db: Executor, rate: Insertable<TaxRatesTable>) {
  return db.insertInto('tax_rates').values(rate).returningAll().executeTakeFirstOrThrow();
}

export function updateTaxRate(db: Executor, tenantId: string, id: string, changes: Updateable<TaxRatesTable>) {
  return db
    .updateTable('tax_rates')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteTaxRate(db: Executor, tenantId: string, id: string) {
  return db.deleteFrom('tax_rates').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/**
 * The sales tax rate (parts per million) for an event in `state` and `city`: the city's own rate
 * if the organizer set one, else the statewide rate, else 0.
 */
export async function taxRateFor(trx: Tx, tenantId: string, state: string, city: string): Promise<number> {
  const row = await trx
    .selectFrom('tax_rates')
    .select('rate_ppm')
    .where('tenant_id', '=', tenantId)
    .where('state', '=', state.trim().toUpperCase())
    .where((eb) =>
      eb.or([eb(eb.fn('lower', ['city']), '=', eb.fn('lower', [eb.val(city.trim())])), eb('city', '=', '')]),
    )
    .orderBy(sql`city = ''`)
    .limit(1)
    .executeTakeFirst();
  return row?.rate_ppm ?? 0;
}
