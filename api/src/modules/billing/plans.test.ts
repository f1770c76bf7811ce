import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import {
  effectivePlan,
  FEATURES,
  featuresOf,
  lowestPlanFor,
  PLAN_FEATURES,
  planAllows,
  requireFeature,
} from './plans.ts';

describe('what plans allow', () => {
  it.each([
    ['basic', 'custom_domain', false],
    ['basic', 'themes', false],
    ['basic', 'remove_branding', false],
    ['basic', 'api_keys', false],
    ['basic', 'webhooks', false],
    ['pro', 'custom_domain', true],
    ['pro', 'themes', true],
    ['pro', 'remove_branding', true],
    ['pro', 'api_keys', false],
    ['pro', 'webhooks', false],
    ['enterprise', 'custom_domain', true],
    ['enterprise', 'themes', true],
    ['enterprise', 'remove_branding', true],
    ['enterprise', 'api_keys', true],
    ['enterprise', 'webhooks', true],
  ] as const)('%s allows %s: %s', (plan, feature, allowed) => {
    expect(planAllows(plan, feature)).toBe(allowed);
  });

  it('gives every higher plan all that a lower one has', () => {
    for (const feature of PLAN_FEATURES.basic) expect(planAllows('pro', feature)).toBe(true);
    for (const feature of PLAN_FEATURES.pro) expect(planAllows('enterprise', feature)).toBe(true);
    expect(featuresOf('enterprise')).toEqual([...FEATURES]);
    expect(featuresOf('basic')).toEqual([]);
  });

  it('names the cheapest plan with a feature', () => {
    expect(lowestPlanFor('remove_branding')).toBe('pro');
    expect(lowestPlanFor('webhooks')).toBe('enterprise');
  });

  it('refuses a gated action with plan_required and the plan to move to', () => {
    expect(() => requireFeature('pro', 'themes', 'upload a theme')).not.toThrow();
    const refuse = (run: () => void) => {
      try {
        run();
      } catch (error) {
        return error as AppError;
      }
      throw new Error('expected a refusal');
    };
    const branding = refuse(() => requireFeature('basic', 'remove_branding', 'hide the branding'));
    expect(branding).toBeInstanceOf(AppError);
    expect(branding).toMatchObject({ statusCode: 403, code: 'plan_required' });
    expect(branding.message).toMatch(
      /^To hide the branding, the organizer needs the Pro plan or higher; it is on Basic\./,
    );
    const keys = refuse(() => requireFeature('pro', 'api_keys', 'create API keys'));
    expect(keys.message).toMatch(/needs the Enterprise plan; it is on Pro\. Enterprise is arranged/);
  });
});

describe('the plan in force', () => {
  it('is Basic without override or subscription', () => {
    expect(effectivePlan(null, null)).toBe('basic');
    expect(effectivePlan(null, undefined)).toBe('basic');
    expect(effectivePlan(null, { plan: null, status: null })).toBe('basic');
  });

  it.each([
    ['active', 'pro'],
    ['trialing', 'pro'],
    // Stripe is retrying the card: the plan stays meanwhile.
    ['past_due', 'pro'],
    ['unpaid', 'basic'],
    ['canceled', 'basic'],
    ['incomplete', 'basic'],
    ['incomplete_expired', 'basic'],
    ['paused', 'basic'],
  ] as const)('with a Pro subscription that is %s: %s', (status, plan) => {
    expect(effectivePlan(null, { plan: 'pro', status })).toBe(plan);
  });

  it('is what an Enterprise subscription pays for', () => {
    expect(effectivePlan(null, { plan: 'enterprise', status: 'active' })).toBe('enterprise');
  });

  it('is Basic when the subscription pays for no plan of ours', () => {
    expect(effectivePlan(null, { plan: null, status: 'active' })).toBe('basic');
  });

  it("is staff's override whatever the subscription, up or down", () => {
    expect(effectivePlan('enterprise', null)).toBe('enterprise');
    expect(effectivePlan('basic', { plan: 'pro', status: 'active' })).toBe('basic');
    expect(effectivePlan('pro', { plan: 'enterprise', status: 'canceled' })).toBe('pro');
  });
});
