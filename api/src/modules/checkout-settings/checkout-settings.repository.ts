import type { Kysely } from 'kysely';
import type { CheckoutSettings, Database } from '../../db/schema.ts';
import type { Tx } from '../../db/tenant.ts';

type Executor = Kysely<Database>;

/** The settings checkout applies, as the columns of checkout_settings. */
export type CheckoutSettingsValues = Omit<CheckoutSettings, 'tenant_id' | 'updated_at'>;

/**
 * What an organizer that never saved its settings gets. These are the column defaults of
 * checkout_settings; a test holds this copy to the database's, and reading them inserts no row.
 */
export const CHECKOUT_SETTINGS_DEFAULTS: Readonly<CheckoutSettingsValues> = Object.freeze({
  service_fee_percent_bp: 0,
  service_fee_flat_cents: 0,
  fees_paid_by: 'buyer',
  impact_fee_share_bp: 0,
  impact_fund_name: '',
  fees_taxable: false,
  hold_minutes: 10,
  offline_methods: [],
  offline_payment_hours: 72,
  community_partners: [],
  waitlist_offer_minutes: 60,
});

export function findCheckoutSettings(db: Executor, tenantId: string) {
  return db.selectFrom('checkout_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

/** The organizer's checkout settings, or the defaults while it has saved none. */
export async function loadCheckoutSettings(trx: Tx, tenantId: string): Promise<CheckoutSettingsValues> {
  const row = await findCheckoutSettings(trx, tenantId);
  if (!row) return structuredClone(CHECKOUT_SETTINGS_DEFAULTS);
  const { tenant_id: _tenantId, updated_at: _updatedAt, ...values } = row;
  return values;
}

/** Writes the given settings, creating the organizer's row (with defaults for the rest) on first change. */
export function upsertCheckoutSettings(db: Executor, tenantId: string, changes: Partial<CheckoutSettingsValues>) {
  return db
    .insertInto('checkout_settings')
    .values({ ...changes, tenant_id: tenantId })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(changes))
    .returningAll()
    .executeTakeFirstOrThrow();
}
