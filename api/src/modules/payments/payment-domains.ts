import { isIP } from 'node:net';
import type { Config } from '../../config.ts';
import type { Services } from '../../context.ts';
import type { Tasks } from '../../worker/worker.ts';

/**
 * The host name of an organizer's storefront that Stripe must know before its Payment Element
 * offers Apple Pay and Google Pay there: Stripe shows those wallets only on registered domains,
 * one by one (no wildcards), served over HTTPS. Local and test hosts cannot be registered.
 */
export function storefrontPaymentDomain(config: Pick<Config, 'storefrontUrl'>, slug: string): string | null {
  const address = config.storefrontUrl.replace('{slug}', slug);
  if (!URL.canParse(address)) return null;
  const { protocol, hostname } = new URL(address);
  if (protocol !== 'https:' || isIP(hostname) !== 0) return null;
  if (!hostname.includes('.') || /(^|\.)(localhost|test|example|invalid|local)$/.test(hostname)) return null;
  return hostname;
}

export const paymentDomainTasks: Tasks = {
  /**
   * Registers the organizer's storefront with Stripe for wallets (sign-up, or connecting Stripe).
   * Safe to run again: a domain Stripe already has is only switched on if it was off.
   */
  async payments__register_payment_domain(payload, { services }) {
    const { tenantId } = payload as { tenantId: string };
    await registerPaymentDomain(services, tenantId);
  },
};

export async function registerPaymentDomain(services: Services, tenantId: string): Promise<string | null> {
  const stripe = services.stripe;
  if (!stripe) return null;
  const tenant = await services.db.selectFrom('tenants').select('slug').where('id', '=', tenantId).executeTakeFirst();
  const domain = tenant ? storefrontPaymentDomain(services.config, tenant.slug) : null;
  if (!domain) return null;
  const known = await stripe.paymentMethodDomains.list({ domain_name: domain, limit: 1 });
  const existing = known.data[0];
  if (existing?.enabled) return existing.id;
  if (existing) return (await stripe.paymentMethodDomains.update(existing.id, { enabled: true })).id;
  const created = await stripe.paymentMethodDomains.create(
    { domain_name: domain, enabled: true },
    { idempotencyKey: `payment-domain:${domain}` },
  );
  return created.id;
}
