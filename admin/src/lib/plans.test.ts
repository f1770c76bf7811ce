import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Billing } from './api-types';
import {
  apiKeyLimitsText,
  brandingState,
  featureName,
  isPaying,
  planName,
  subscriptionPeriod,
  subscriptionStateLabel,
  upgradeOffer,
} from './plans';

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
    expect(subscriptionPeriod(subscription(), 'America/Chicago')).toEqual({ term: 'Renews on', date: 'Nov 30, 2026' });
    expect(subscriptionPeriod(subscription({ cancel_at_period_end: true }), 'UTC')).toEqual({
      term: 'Ends on',
      date: 'Dec 1, 2026',
    });
    expect(subscriptionPeriod(subscription({ status: 'canceled' }))).toBeNull();
  });

  it("names Stripe's states, and any new one as itself", () => {
    expect(subscriptionStateLabel('past_due')).toMatch(/retrying the card/);
    expect(subscriptionStateLabel('canceled')).toBe('Cancelled');
    expect(subscriptionStateLabel('something_new')).toBe('something_new');
    expect(isPaying(subscription({ status: 'trialing' }))).toBe(true);
    expect(isPaying(subscription({ status: 'unpaid' }))).toBe(false);
    expect(isPaying(null)).toBe(false);
  });

  it('names plans and features', () => {
    expect(planName('enterprise')).toBe('Enterprise');
    expect(featureName('remove_branding')).toBe('Hide "Tickets by Access Plus" on the storefront');
    expect(featureName('api_keys')).toBe('API keys for your own systems (a CRM, accounting)');
    expect(featureName('webhooks')).toMatch(/^Webhooks: /);
    expect(featureName('custom_domains')).toBe('Your storefront on your own domain, with its certificate');
    expect(featureName('seat_maps')).toBe('seat maps');
  });

  it("says each plan's requests a minute per API key, as the API gives them", () => {
    expect(apiKeyLimitsText(limits)).toBe('Pro: 300 requests a minute per key; Enterprise: 1,200');
    expect(apiKeyLimitsText([])).toBe('');
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
    const sources = await Promise.all(
      ['plans.ts', '../routes/(app)/plan/+page.svelte'].map((file) =>
        readFile(path.join(import.meta.dirname, file), 'utf8'),
      ),
    );
    expect(sources[0]).toMatch(/your own domain/i);
    expect(sources[0]).toMatch(/a theme of your own/i);
  });
});
