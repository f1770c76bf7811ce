import { describe, expect, it } from 'vitest';
import type { CheckoutSettings } from './api-types';
import { checkoutBody, checkoutFields, checkoutForm, typedFeeExample } from './checkout-settings';
import { formProblems } from './form-errors';
import { messagesFor } from './messages';

const t = messagesFor('en');

const saved: CheckoutSettings = {
  service_fee_percent_bp: 250,
  service_fee_flat_cents: 99,
  fees_paid_by: 'buyer',
  impact_fee_share_bp: 1000,
  impact_fund_name: 'Youth fund',
  fees_taxable: false,
  hold_minutes: 10,
  offline_methods: ['cash', 'partner'],
  offline_payment_hours: 72,
  community_partners: ['St. Mary Church', 'Ethiopian Community Center'],
  waitlist_offer_minutes: 60,
  updated_at: null,
};

describe('the checkout settings form', () => {
  it('shows the saved settings in percent, dollars and one partner a line, and sends them back unchanged', () => {
    const form = checkoutForm(saved, 'USD');
    expect(form).toMatchObject({
      service_fee_percent: '2.5',
      service_fee_flat: '0.99',
      impact_fee_share: '10',
      community_partners: 'St. Mary Church\nEthiopian Community Center',
    });
    const { updated_at: _, ...body } = saved;
    expect(checkoutBody(form, 'USD', t)).toEqual({ body, problems: [] });
  });

  it('drops empty partner lines and spaces around names', () => {
    const form = { ...checkoutForm(saved, 'USD'), community_partners: ' St. Mary Church \r\n\r\n  Mercato shop\n' };
    expect(checkoutBody(form, 'USD', t).body.community_partners).toEqual(['St. Mary Church', 'Mercato shop']);
  });

  it('says which typed numbers are not numbers, on their inputs', () => {
    const form = {
      ...checkoutForm(saved, 'USD'),
      service_fee_percent: 'two',
      service_fee_flat: '1.999',
      hold_minutes: '7.5',
    };
    expect(checkoutBody(form, 'USD', t).problems).toEqual([
      {
        input: 'service_fee_percent',
        label: 'The service fee',
        message: 'The service fee must be a percentage with at most two decimals, like 2.5 (0 for none).',
      },
      {
        input: 'service_fee_flat',
        label: 'The flat fee',
        message: 'The flat fee must be an amount in USD, like 1.50 (0 for none).',
      },
      { input: 'hold_minutes', label: 'The hold (minutes)', message: 'The hold (minutes) must be a whole number.' },
    ]);
    const [inFrench] = checkoutBody(form, 'USD', messagesFor('fr')).problems;
    expect(inFrench?.input).toBe('service_fee_percent');
    expect(inFrench?.message).not.toBe(
      'The service fee must be a percentage with at most two decimals, like 2.5 (0 for none).',
    );
    expect(inFrench?.message).toContain('2.5');
  });

  it("words the API's partner rule for the form", () => {
    const rule =
      'Payment at a community partner needs at least one partner: list them in community_partners, or remove "partner" from offline_methods.';
    expect(formProblems([{ field: 'body.community_partners', message: rule }], checkoutFields(t))).toEqual([
      {
        input: 'community_partners',
        label: 'Each community partner',
        message: 'Name at least one community partner, one per line, or untick "At a community partner".',
      },
    ]);
    expect(
      formProblems(
        [{ field: 'body.community_partners.2', message: 'must be at most 100 characters' }],
        checkoutFields(t),
      )[0]?.message,
    ).toBe('Each community partner must be at most 100 characters.');
    expect(
      formProblems([{ field: 'body.community_partners', message: 'must have at most 50 items' }], checkoutFields(t))[0]
        ?.message,
    ).toBe('Name at most 50 community partners.');
    const inSpanish = formProblems(
      [{ field: 'body.community_partners', message: 'must have at most 50 items' }],
      checkoutFields(messagesFor('es')),
    )[0]?.message;
    expect(inSpanish).toContain('50');
    expect(inSpanish).not.toContain('Name at most');
  });

  it('works out the example from what is typed, or not while a fee is not a number', () => {
    const typed = {
      service_fee_percent: '5',
      service_fee_flat: '1',
      fees_paid_by: 'organizer',
      impact_fee_share: '10',
    };
    expect(typedFeeExample(typed, 'USD')).toEqual({
      priceCents: 2000,
      feeCents: 200,
      impactCents: 20,
      buyerPaysCents: 2000,
      youReceiveCents: 1800,
    });
    expect(typedFeeExample({ ...typed, service_fee_flat: '' }, 'USD')).toBeNull();
  });
});
