import { type Expression, type Insertable, type Kysely, type RawBuilder, sql, type Updateable } from 'kysely';
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
 * The sales tax rate (parts per million) in `state` and `city`: the city's own rate if the
 * organizer set one, else the statewide rate, else 0. An expression, so that checkout reads the
 * rate of every tier's event in the same query as the tiers.
 */
export function taxRateAt(
  tenantId: Expression<string>,
  state: Expression<string | null>,
  city: Expression<string | null>,
): RawBuilder<number> {
  return sql<number>`coalesce((
    select r.rate_ppm from tax_rates r
    where r.tenant_id = ${tenantId} and r.state = upper(trim(${state}))
      and (lower(r.city) = lower(trim(${city})) or r.city = '')
    order by r.city = '' limit 1
  ), 0)`;
}

export async function taxRateFor(trx: Tx, tenantId: string, state: string, city: string): Promise<number> {
  const { rows } = await sql<{ rate: number }>`
    select ${taxRateAt(sql.val(tenantId), sql.val(state), sql.val(city))} as rate`.execute(trx);
  return rows[0]?.rate ?? 0;
}
