import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Billing } from './api-types';
import { messagesFor } from './messages';
import {
  apiKeyLimitsText,
  brandingState,
  featureName,
  isPaying,
  planName,
  planSummary,
  subscriptionPeriod,
  subscriptionStateLabel,
  upgradeOffer,
} from './plans';

const en = messagesFor('en');
const fr = messagesFor('fr');

const features = (plan: Billing['plan']): Billing['features'] => [
  { feature: 'remove_branding', allowed: plan !== 'basic', lowest_plan: 'pro' },
  { feature: 'api_keys', allowed: plan !== 'basic', lowest_plan: 'pro' },
];

const limits: Billing['api_key_limits'] = [
  { plan: 'pro', requests_per_minute: 300 },
  { plan: 'enterprise', requests_per_minute: 1200 },
];

const billing = (changes: Partial<Billing> = {}): Billing => ({
  plan: 'basic',
  features: features(changes.plan ?? 'basic'),
  api_key_limits: limits,
  override: null,
  subscription: null,
  billing_available: true,
  ...changes,
});

const subscription = (changes: Partial<NonNullable<Billing['subscription']>> = {}) => ({
  status: 'active',
  plan: 'pro' as const,
  current_period_end: '2026-12-01T01:04:00.000Z',
  cancel_at_period_end: false,
  ...changes,
});

describe('upgradeOffer', () => {
  it('offers Checkout to a Basic organizer on a server that takes plan payments', () => {
    expect(upgradeOffer(billing())).toBe('checkout');
    // A cancelled or unpaid subscription leaves the organizer free to subscribe again.
    expect(upgradeOffer(billing({ subscription: subscription({ status: 'canceled' }) }))).toBe('checkout');
  });

  it('offers nothing to an organizer who pays already, even while the card is retried', () => {
    expect(upgradeOffer(billing({ plan: 'pro', subscription: subscription() }))).toBe('subscribed');
    expect(upgradeOffer(billing({ subscription: subscription({ status: 'past_due' }) }))).toBe('subscribed');
  });

  it('leaves a plan set by staff to staff, whichever it is', () => {
    expect(upgradeOffer(billing({ override: { plan: 'basic', reason: 'Paused while we talk' } }))).toBe('set_by_staff');
    expect(upgradeOffer(billing({ plan: 'pro', override: { plan: 'pro', reason: 'Partner' } }))).toBe('set_by_staff');
  });

  it('says when the server takes no plan payments', () => {
    expect(upgradeOffer(billing({ billing_available: false }))).toBe('unavailable');
  });
});

describe('the subscription in words', () => {
  it('says when it renews or ends, on the given clock', () => {
    expect(subscriptionPeriod(subscription(), en, 'America/Chicago')).toEqual({
      term: 'Renews on',
      date: 'Nov 30, 2026',
    });
    expect(subscriptionPeriod(subscription({ cancel_at_period_end: true }), en, 'UTC')).toEqual({
      term: 'Ends on',
      date: 'Dec 1, 2026',
    });
    expect(subscriptionPeriod(subscription({ status: 'canceled' }), en)).toBeNull();
  });

  it('says it in the reader’s language, the date as that language writes it', () => {
    expect(subscriptionPeriod(subscription({ cancel_at_period_end: true }), fr, 'UTC', 'fr')).toEqual({
      term: 'Prend fin le',
      date: '1 déc. 2026',
    });
    expect(subscriptionStateLabel('canceled', fr)).toBe('Résilié');
    expect(featureName('custom_domains', fr)).toBe('Votre billetterie sur votre propre domaine, avec son certificat');
    expect(planSummary('basic', fr)).toBe('Gratuit\u00a0: vendez des billets sur votre billetterie Access Plus.');
    const twelveHundred = new Intl.NumberFormat('fr').format(1200);
    expect(apiKeyLimitsText(limits, fr, 'fr')).toBe(
      `Pro\u00a0: 300 requêtes par minute par clé\u00a0; Enterprise\u00a0: ${twelveHundred}`,
    );
  });

  it("names Stripe's states, and any new one as itself", () => {
    expect(subscriptionStateLabel('past_due', en)).toMatch(/retrying the card/);
    expect(subscriptionStateLabel('canceled', en)).toBe('Cancelled');
    expect(subscriptionStateLabel('something_new', en)).toBe('something_new');
    expect(isPaying(subscription({ status: 'trialing' }))).toBe(true);
    expect(isPaying(subscription({ status: 'unpaid' }))).toBe(false);
    expect(isPaying(null)).toBe(false);
  });

  it('names plans and features', () => {
    expect(planName('enterprise')).toBe('Enterprise');
    expect(featureName('remove_branding', en)).toBe('Hide "Tickets by Access Plus" on the storefront');
    expect(featureName('api_keys', en)).toBe('API keys for your own systems (a CRM, accounting)');
    expect(featureName('webhooks', en)).toMatch(/^Webhooks: /);
    expect(featureName('custom_domains', en)).toBe('Your storefront on your own domain, with its certificate');
    expect(featureName('seat_maps', en)).toBe('seat maps');
    expect(planSummary('basic', en)).toBe('Free: sell tickets on your Access Plus storefront.');
    expect(planSummary('unknown', en)).toBe('');
  });

  it("says each plan's requests a minute per API key, as the API gives them", () => {
    expect(apiKeyLimitsText(limits, en)).toBe('Pro: 300 requests a minute per key; Enterprise: 1,200');
    expect(apiKeyLimitsText([{ plan: 'pro', requests_per_minute: 1 }], en)).toBe('Pro: 1 request a minute per key');
    expect(apiKeyLimitsText([], en)).toBe('');
  });
});

describe('brandingState', () => {
  it('lets a plan with remove_branding hide the line', () => {
    expect(brandingState(billing({ plan: 'pro' }), false)).toEqual({ allowed: true, shown: false, keptChoice: false });
  });

  it('shows the line on Basic whatever the setting, and remembers a choice to hide it', () => {
    expect(brandingState(billing(), true)).toEqual({ allowed: false, shown: true, keptChoice: false });
    expect(brandingState(billing(), false)).toEqual({ allowed: false, shown: true, keptChoice: true });
  });
});

describe('the plan page offers only what exists', () => {
  it('names custom domains and themes, which plans have', async () => {
    // The plans' words live in the staff area's English catalogue.
    const english = await readFile(path.join(import.meta.dirname, '../../messages/staff/en.json'), 'utf8');
    expect(english).toMatch(/your own domain/i);
    expect(english).toMatch(/a theme of your own/i);
  });
});
