import type { Kysely } from 'kysely';
import type { Database, TenantPlan } from '../../db/schema.ts';

type Executor = Kysely<Database>;

const billingColumns = ['id', 'slug', 'name', 'plan', 'plan_override', 'plan_override_reason'] as const;

/** The organizer's plan columns. */
export function findBillingTenant(db: Executor, tenantId: string) {
  return db.selectFrom('tenants').select(billingColumns).where('id', '=', tenantId).executeTakeFirst();
}

/**
 * The organizer, locked: billing changes of one organizer (checkouts, webhooks, overrides)
 * serialize on it. `no key update`, so rows referencing the organizer (orders …) can still be
 * inserted meanwhile, though a Stripe call may happen under the lock.
 */
export function lockBillingTenant(db: Executor, tenantId: string) {
  return db.selectFrom('tenants').select(billingColumns).where('id', '=', tenantId).forNoKeyUpdate().executeTakeFirst();
}

export function findSubscription(db: Executor, tenantId: string) {
  return db.selectFrom('plan_subscriptions').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

/** The organizer's Billing customer, created by the first checkout; a second insert keeps the first. */
export async function insertCustomer(db: Executor, tenantId: string, customerId: string) {
  await db
    .insertInto('plan_subscriptions')
    .values({ tenant_id: tenantId, stripe_customer_id: customerId })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
  return db.selectFrom('plan_subscriptions').selectAll().where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
}

export interface SubscriptionValues {
  stripe_subscription_id: string;
  plan: 'pro' | 'enterprise' | null;
  status: string;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
}

export function updateSubscription(db: Executor, tenantId: string, values: SubscriptionValues) {
  return db
    .updateTable('plan_subscriptions')
    .set(values)
    .where('tenant_id', '=', tenantId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function setPlan(db: Executor, tenantId: string, plan: TenantPlan) {
  return db.updateTable('tenants').set({ plan }).where('id', '=', tenantId).execute();
}

export function setPlanOverride(db: Executor, tenantId: string, override: TenantPlan | null, reason: string | null) {
  return db
    .updateTable('tenants')
    .set({ plan_override: override, plan_override_reason: reason })
    .where('id', '=', tenantId)
    .execute();
}
