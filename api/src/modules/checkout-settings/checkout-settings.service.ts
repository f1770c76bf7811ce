import { MANAGERS, MEMBERS, requireRole, type TenantContext } from '../../context.ts';
import { invalidField } from '../../lib/errors.ts';
import * as repo from './checkout-settings.repository.ts';
import type { CheckoutSettingsUpdate } from './checkout-settings.schemas.ts';

function presentCheckoutSettings(settings: repo.CheckoutSettingsValues & { updated_at: Date | null }) {
  return {
    service_fee_percent_bp: settings.service_fee_percent_bp,
    service_fee_flat_cents: settings.service_fee_flat_cents,
    fees_paid_by: settings.fees_paid_by,
    impact_fee_share_bp: settings.impact_fee_share_bp,
    impact_fund_name: settings.impact_fund_name,
    fees_taxable: settings.fees_taxable,
    hold_minutes: settings.hold_minutes,
    offline_methods: [...settings.offline_methods],
    offline_payment_hours: settings.offline_payment_hours,
    community_partners: [...settings.community_partners],
    waitlist_offer_minutes: settings.waitlist_offer_minutes,
    updated_at: settings.updated_at?.toISOString() ?? null,
  };
}

export async function getCheckoutSettings(ctx: TenantContext) {
  requireRole(ctx, MEMBERS, 'see the checkout settings');
  const row = await repo.findCheckoutSettings(ctx.trx, ctx.tenantId);
  return presentCheckoutSettings(row ?? { ...repo.CHECKOUT_SETTINGS_DEFAULTS, updated_at: null });
}

export async function updateCheckoutSettings(ctx: TenantContext, changes: CheckoutSettingsUpdate) {
  requireRole(ctx, MANAGERS, 'change the checkout settings');
  // The rule is checked on the row as written, so a concurrent change of the other field cannot
  // slip past it; failing rolls the write back.
  const row = await repo.upsertCheckoutSettings(ctx.trx, ctx.tenantId, changes);
  if (row.offline_methods.includes('partner') && row.community_partners.length === 0) {
    throw invalidField(
      changes.offline_methods ? 'body.offline_methods' : 'body.community_partners',
      'Payment at a community partner needs at least one partner: list them in community_partners, or remove "partner" from offline_methods.',
    );
  }
  // The public organizer profile, served from the catalog cache, lists the ways to pay.
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return presentCheckoutSettings(row);
}
