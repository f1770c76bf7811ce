import { describe, expect, it } from 'vitest';
import type { PayoutAccount } from './api-types';
import { messagesFor } from './messages';
import {
  describePayoutAccount,
  disabledReasonLabel,
  formatShare,
  payoutKindLabel,
  payoutStatusLabel,
  payoutStatusNote,
  requirementLabels,
  tierLabel,
} from './payouts';

const en = messagesFor('en');
const fr = messagesFor('fr');

const account = (changes: Partial<PayoutAccount> = {}): PayoutAccount => ({
  connected: true,
  account_id: 'acct_1test',
  charges_enabled: false,
  payouts_enabled: false,
  details_submitted: false,
  requirements_due: [],
  disabled_reason: null,
  billing_available: true,
  ...changes,
});

describe('describePayoutAccount', () => {
  it('says payouts are paid by hand when the server has no Stripe', () => {
    const view = describePayoutAccount(account({ connected: false, billing_available: false }), en);
    expect(view).toMatchObject({ stage: 'manual', canContinue: false });
    expect(view.headline).toBe('Payouts are paid by hand by Access Plus staff');
  });

  it('offers to connect an organizer without an account', () => {
    expect(describePayoutAccount(account({ connected: false, account_id: null }), en)).toMatchObject({
      stage: 'not_connected',
      canContinue: true,
    });
  });

  it("lists what Stripe still needs in plain words, each once, while onboarding isn't finished", () => {
    const view = describePayoutAccount(
      account({
        requirements_due: ['external_account', 'individual.dob.day', 'individual.dob.month', 'company.tax_id'],
        disabled_reason: 'requirements.past_due',
      }),
      en,
    );
    expect(view.stage).toBe('needs_details');
    expect(view.canContinue).toBe(true);
    expect(view.due).toEqual([
      'a bank account for your payouts',
      'your date of birth',
      "your organization's tax ID (EIN)",
    ]);
    // Stripe calls every unfinished account past due; the list says what to do.
    expect(view.disabled).toBeNull();
  });

  it('explains why Stripe turned off an account whose details are all in', () => {
    const view = describePayoutAccount(account({ details_submitted: true, disabled_reason: 'under_review' }), en);
    expect(view).toMatchObject({ stage: 'in_review', due: [] });
    expect(view.disabled).toMatch(/Stripe is reviewing the account/);
    expect(describePayoutAccount(account({ disabled_reason: 'requirements.past_due' }), en).disabled).toMatch(
      /overdue/,
    );
  });

  it('waits for Stripe once everything is submitted', () => {
    expect(describePayoutAccount(account({ details_submitted: true }), en)).toMatchObject({
      stage: 'in_review',
      canContinue: false,
    });
  });

  it('says connected once payouts are enabled, and offers Stripe again when something comes due', () => {
    const enabled = account({ details_submitted: true, charges_enabled: true, payouts_enabled: true });
    expect(describePayoutAccount(enabled, en)).toMatchObject({ stage: 'enabled', canContinue: false, due: [] });
    expect(describePayoutAccount({ ...enabled, requirements_due: ['individual.id_number'] }, en)).toMatchObject({
      stage: 'enabled',
      canContinue: true,
      due: ['your full Social Security or ID number'],
    });
  });

  it('does not send the owner back to onboarding for an account Stripe rejected', () => {
    const view = describePayoutAccount(account({ details_submitted: true, disabled_reason: 'rejected.fraud' }), en);
    expect(view).toMatchObject({ stage: 'rejected', canContinue: false });
    expect(view.disabled).toMatch(/closed this account/);
  });
});

describe('requirement and disabled-reason words', () => {
  it("keeps Stripe's name for a requirement it has no words for", () => {
    expect(requirementLabels(['something.new'], en)).toEqual(['other details Stripe asks for (something.new)']);
  });

  it('explains every disabled reason, including ones Stripe adds later', () => {
    expect(disabledReasonLabel(null, en)).toBeNull();
    expect(disabledReasonLabel('platform_paused', en)).toMatch(/Access Plus paused/);
    expect(disabledReasonLabel('a_new_reason', en)).toMatch(/turned the account off/);
  });
});

describe('the payout outlook in words and amounts', () => {
  it('names the tier by its share', () => {
    expect(tierLabel('early_50', en)).toBe('Early payout: 50\u00a0% of settled sales before the event');
    expect(tierLabel('early_100', en)).toMatch(/100\s% of settled sales/);
    expect(tierLabel('none', en)).toMatch(/^No early payout/);
    expect(tierLabel(null, en)).toMatch(/^No early payout/);
  });

  it('writes basis points as a percentage', () => {
    expect(formatShare(1000)).toBe('10\u00a0%');
    expect(formatShare(250)).toBe('2.5\u00a0%');
    expect(formatShare(250, 'fr')).toBe('2,5\u00a0%');
  });
});

describe('payouts in the list', () => {
  it('labels every status, and any other as itself', () => {
    expect(payoutStatusLabel('in_transit', en)).toEqual({ label: 'On its way', tone: 'pending' });
    expect(payoutStatusLabel('held', en)).toEqual({ label: 'Held by Access Plus', tone: 'stopped' });
    expect(payoutStatusLabel('failed', en).tone).toBe('stopped');
    expect(payoutStatusLabel('reversed', en)).toEqual({ label: 'reversed', tone: 'off' });
  });

  it('says the kind, tier and how the money travels', () => {
    expect(payoutKindLabel({ kind: 'early', method: 'stripe', risk_tier: 'early_25' }, en)).toBe(
      'Early (25\u00a0% tier), through Stripe',
    );
    expect(payoutKindLabel({ kind: 'standard', method: 'manual', risk_tier: null }, en)).toBe(
      'Standard, paid by Access Plus staff',
    );
  });

  it("gives the API's reason for a held or failed payout, and a paid one's reference", () => {
    const base = { method: 'stripe' as const, manual_reference: null };
    expect(payoutStatusNote({ ...base, status: 'held', status_reason: 'Chargeback review' }, en)).toBe(
      'Chargeback review',
    );
    expect(payoutStatusNote({ ...base, status: 'held', status_reason: null }, en)).toMatch(/stopped this payout/);
    expect(
      payoutStatusNote({ ...base, status: 'failed', status_reason: 'The bank account has been closed.' }, en),
    ).toBe('The bank account has been closed.');
    expect(
      payoutStatusNote({ method: 'manual', status: 'paid', status_reason: null, manual_reference: 'Check 1042' }, en),
    ).toBe('Reference: Check 1042');
    expect(payoutStatusNote({ ...base, status: 'paid', status_reason: null }, en)).toBeNull();
  });
});

describe('the words in another language', () => {
  it('come from the catalogue of the reader’s language', () => {
    expect(describePayoutAccount(account({ connected: false, account_id: null }), fr).headline).toBe(
      'Pas encore connecté à Stripe',
    );
    expect(requirementLabels(['external_account', 'something.new'], fr)).toEqual([
      'un compte bancaire pour vos versements',
      'd’autres renseignements demandés par Stripe (something.new)',
    ]);
    expect(tierLabel('early_50', fr, 'fr')).toBe(
      'Versement anticipé\u00a0: 50\u00a0% des ventes réglées, avant l’événement',
    );
    expect(payoutStatusLabel('in_transit', fr)).toEqual({ label: 'En cours d’acheminement', tone: 'pending' });
    expect(payoutKindLabel({ kind: 'early', method: 'stripe', risk_tier: 'early_25' }, fr, 'fr')).toBe(
      'Anticipé (palier de 25\u00a0%), par Stripe',
    );
  });
});
