import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import {
  effectivePlan,
  FEATURES,
  featuresOf,
  lowestPlanFor,
  PLAN_FEATURES,
  planAllows,
  plansAllowing,
  requireFeature,
} from './plans.ts';

describe('what plans allow', () => {
  it.each([
    ['basic', 'remove_branding', false],
    ['pro', 'remove_branding', true],
    ['enterprise', 'remove_branding', true],
    ['basic', 'api_keys', false],
    ['pro', 'api_keys', true],
    ['enterprise', 'api_keys', true],
    ['basic', 'webhooks', false],
    ['pro', 'webhooks', true],
    ['enterprise', 'webhooks', true],
    ['basic', 'custom_domains', false],
    ['pro', 'custom_domains', true],
    ['enterprise', 'custom_domains', true],
    ['basic', 'themes', false],
    ['pro', 'themes', true],
    ['enterprise', 'themes', true],
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
    expect(lowestPlanFor('api_keys')).toBe('pro');
    expect(lowestPlanFor('webhooks')).toBe('pro');
    expect(plansAllowing('webhooks')).toEqual(['pro', 'enterprise']);
    expect(lowestPlanFor('custom_domains')).toBe('pro');
    expect(lowestPlanFor('themes')).toBe('pro');
  });

  it('refuses a gated action with plan_required and the plan to move to', () => {
    expect(() => requireFeature('pro', 'remove_branding', 'hide the branding')).not.toThrow();
    let refusal: unknown;
    try {
      requireFeature('basic', 'remove_branding', 'hide the branding');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ statusCode: 403, code: 'plan_required' });
    expect((refusal as AppError).message).toBe(
      'To hide the branding, the organizer needs the Pro plan or higher; it is on Basic. An owner can upgrade to Pro under Billing.',
    );
  });
});

describe('plans offer only what exists', () => {
  const sourceRoot = path.resolve(import.meta.dirname, '../..');

  async function sourceFiles(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true });
    const files = await Promise.all(
      entries.map((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return sourceFiles(full);
        return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
      }),
    );
    return files.flat();
  }

  it('enforces every feature a plan offers somewhere outside the plans themselves', async () => {
    const files = (await sourceFiles(sourceRoot)).filter((file) => !file.endsWith(path.join('billing', 'plans.ts')));
    const code = (await Promise.all(files.map((file) => readFile(file, 'utf8')))).join('\n');
    for (const feature of FEATURES) {
      const gated = new RegExp(`(requireFeature|planAllows)\\([^)]*'${feature}'`);
      expect(code, `nothing enforces "${feature}", so no plan may offer it`).toMatch(gated);
    }
  });

  it('keeps features that are not built out of the README', async () => {
    const readme = await readFile(path.resolve(sourceRoot, '../../README.md'), 'utf8');
    const plans = readme.slice(readme.indexOf('- **Plans:**'));
    const paragraph = plans.slice(0, plans.indexOf('\n\n'));
    expect(paragraph).toContain('Tickets by Access Plus');
    expect(paragraph).toContain('API keys');
    expect(paragraph).toContain('webhooks');
    expect(paragraph).toContain('custom domain');
    expect(paragraph).toContain('theme');
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
