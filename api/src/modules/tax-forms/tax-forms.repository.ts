import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { PayeesTable, TaxpayerDetailsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/tenant.ts';

export function findTaxpayer(trx: Tx, tenantId: string) {
  return trx
    .selectFrom('taxpayer_details as t')
    .leftJoin('users as u', 'u.id', 't.certified_by_user_id')
    .selectAll('t')
    .select(sql<string | null>`coalesce(nullif(u.display_name, ''), u.email)`.as('certified_by'))
    .where('t.tenant_id', '=', tenantId)
    .executeTakeFirst();
}

export async function saveTaxpayer(trx: Tx, values: Insertable<TaxpayerDetailsTable>) {
  const { tenant_id: _tenant, ...changes } = values;
  await trx
    .insertInto('taxpayer_details')
    .values(values)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...changes, updated_at: sql`now()` }))
    .execute();
}

const PAYEE_COLUMNS = [
  'id',
  'name',
  'business_name',
  'email',
  'tin_kind',
  'tin_last4',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'postal_code',
  'created_at',
  'updated_at',
] as const;

export function listPayees(trx: Tx, tenantId: string) {
  return trx
    .selectFrom('payees')
    .select(PAYEE_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
}

export function findPayee(trx: Tx, tenantId: string, payeeId: string) {
  return trx
    .selectFrom('payees')
    .select([...PAYEE_COLUMNS, 'tin_sealed'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', payeeId)
    .executeTakeFirst();
}

export function insertPayee(trx: Tx, values: Insertable<PayeesTable>) {
  return trx.insertInto('payees').values(values).returning(PAYEE_COLUMNS).executeTakeFirstOrThrow();
}

export function updatePayee(trx: Tx, tenantId: string, payeeId: string, changes: Updateable<PayeesTable>) {
  return trx
    .updateTable('payees')
    .set({ ...changes, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', payeeId)
    .returning(PAYEE_COLUMNS)
    .executeTakeFirst();
}

export function deletePayee(trx: Tx, tenantId: string, payeeId: string) {
  return trx.deleteFrom('payees').where('tenant_id', '=', tenantId).where('id', '=', payeeId).executeTakeFirst();
}

const PAYMENT_COLUMNS = [
  'p.id',
  'p.payee_id',
  'payee.name as payee_name',
  'p.event_id',
  'p.paid_on',
  'p.amount_cents',
  'p.currency',
  'p.method',
  'p.memo',
  'p.created_at',
] as const;

export function listPayeePayments(trx: Tx, tenantId: string, filter: { year?: number; payeeId?: string }) {
  let query = trx
    .selectFrom('payee_payments as p')
    .innerJoin('payees as payee', (join) =>
      join.onRef('payee.tenant_id', '=', 'p.tenant_id').onRef('payee.id', '=', 'p.payee_id'),
    )
    .select(PAYMENT_COLUMNS)
    .where('p.tenant_id', '=', tenantId);
  if (filter.year) {
    query = query.where('p.paid_on', '>=', `${filter.year}-01-01`).where('p.paid_on', '<=', `${filter.year}-12-31`);
  }
  if (filter.payeeId) query = query.where('p.payee_id', '=', filter.payeeId);
  return query.orderBy('p.paid_on', 'desc').orderBy('p.created_at', 'desc').execute();
}

export async function insertPayeePayment(
  trx: Tx,
  values: {
    tenant_id: string;
    payee_id: string;
    event_id: string | null;
    paid_on: string;
    amount_cents: number;
    currency: string;
    method: 'cash' | 'check' | 'bank_transfer' | 'card' | 'payment_app';
    memo: string;
    recorded_by_user_id: string | null;
    recorded_by_api_key_id: string | null;
  },
) {
  const { id } = await trx.insertInto('payee_payments').values(values).returning('id').executeTakeFirstOrThrow();
  const rows = await trx
    .selectFrom('payee_payments as p')
    .innerJoin('payees as payee', (join) =>
      join.onRef('payee.tenant_id', '=', 'p.tenant_id').onRef('payee.id', '=', 'p.payee_id'),
    )
    .select(PAYMENT_COLUMNS)
    .where('p.tenant_id', '=', values.tenant_id)
    .where('p.id', '=', id)
    .executeTakeFirstOrThrow();
  return rows;
}

export function deletePayeePayment(trx: Tx, tenantId: string, paymentId: string) {
  return trx
    .deleteFrom('payee_payments')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', paymentId)
    .executeTakeFirst();
}

export interface PayeeYearRow {
  payee_id: string;
  name: string;
  tin_kind: string | null;
  address_line1: string;
  city: string;
  state: string;
  postal_code: string;
  reportable_cents: string;
  excluded_cents: string;
  payments: string;
}

/** What each payee was paid in a calendar year, split by whether Form 1099-NEC reports it. */
export async function payeesInYear(trx: Tx, tenantId: string, year: number): Promise<PayeeYearRow[]> {
  const { rows } = await sql<PayeeYearRow>`
    select payee.id as payee_id, payee.name, payee.tin_kind, payee.address_line1, payee.city, payee.state,
      payee.postal_code,
      coalesce(sum(p.amount_cents) filter (where p.method in ('cash', 'check', 'bank_transfer')), 0)::bigint as reportable_cents,
      coalesce(sum(p.amount_cents) filter (where p.method in ('card', 'payment_app')), 0)::bigint as excluded_cents,
      count(*) as payments
    from payee_payments p
    join payees payee on payee.tenant_id = p.tenant_id and payee.id = p.payee_id
    where p.tenant_id = ${tenantId} and p.paid_on between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date
    group by payee.tenant_id, payee.id
    order by reportable_cents desc, lower(payee.name)`.execute(trx);
  return rows;
}
