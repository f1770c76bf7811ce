import { describe, expect, it } from 'vitest';
import { messagesFor } from './messages';
import {
  auditSentence,
  organizersHref,
  parseDollars,
  payoutActions,
  payoutStatusLabel,
  queueName,
  riskLabel,
  type StaffAuditEntry,
  stripeAccountLabel,
  subscriptionLabel,
  withNames,
} from './staff';

const en = messagesFor('en');
const fr = messagesFor('fr');

const entry = (action: string, details: Record<string, unknown>): StaffAuditEntry => ({
  id: '1',
  action,
  target: 'p-1',
  details,
  staff: { user_id: 'u', email: 'desk@accessplus.example', display_name: 'Desk' },
  created_at: '2026-06-11T15:00:00Z',
});

describe('payoutActions', () => {
  it('holds what is not sent yet, releases what is held, and records manual payouts paid', () => {
    expect(payoutActions({ status: 'scheduled', method: 'manual' })).toEqual({
      hold: true,
      release: false,
      recordPaid: true,
    });
    expect(payoutActions({ status: 'blocked', method: 'stripe' })).toEqual({
      hold: true,
      release: false,
      recordPaid: false,
    });
    expect(payoutActions({ status: 'scheduled', method: 'stripe' }).recordPaid).toBe(false);
    expect(payoutActions({ status: 'held', method: 'manual' })).toEqual({
      hold: false,
      release: true,
      recordPaid: false,
    });
    for (const status of ['in_transit', 'paid', 'failed', 'cancelled'] as const) {
      expect(payoutActions({ status, method: 'manual' })).toEqual({ hold: false, release: false, recordPaid: false });
    }
  });
});

describe('parseDollars', () => {
  it('reads prices as people type them', () => {
    expect(parseDollars('499')).toBe(49_900);
    expect(parseDollars(' $1,250.5 ')).toBe(125_050);
    expect(parseDollars('$ 19.99')).toBe(1_999);
    expect(parseDollars('0.01')).toBe(1);
  });

  it('refuses what is not a positive amount in cents', () => {
    for (const text of ['', 'abc', '-5', '0', '0.00', '12.345', '1e3', '12,50.x']) {
      expect(parseDollars(text), text).toBeNull();
    }
  });
});

describe('auditSentence', () => {
  it('says what staff did, with amounts in the organizer’s currency and reasons quoted', () => {
    expect(auditSentence(entry('payout.hold', { amount_cents: 123_450, reason: 'Checking refunds' }), 'USD', en)).toBe(
      'Held a payout of $1,234.50: “Checking refunds”',
    );
    expect(auditSentence(entry('payout.release', { amount_cents: 500 }), 'EUR', en)).toBe('Released a payout of €5.00');
    expect(auditSentence(entry('payout.record_manual', { amount_cents: 9_900, reference: 'ACH-77' }), 'USD', en)).toBe(
      'Recorded a payout of $99.00 as paid by hand, reference “ACH-77”',
    );
    expect(auditSentence(entry('plan.override', { override: 'pro', reason: 'Partner' }), 'USD', en)).toBe(
      'Put the organizer on Pro: “Partner”',
    );
    expect(
      auditSentence(
        entry('plan.override', { override: null, previous_override: 'enterprise', reason: 'Ended' }),
        'USD',
        en,
      ),
    ).toBe('Cleared the plan override (Enterprise): “Ended”');
    expect(auditSentence(entry('plan.enterprise_checkout', { monthly_amount_cents: 49_900 }), 'EUR', en)).toBe(
      'Offered Enterprise at $499.00 a month',
    );
  });

  it('says it in the reader’s language, amounts as that language writes them', () => {
    const euros = new Intl.NumberFormat('fr', { style: 'currency', currency: 'EUR' }).format(5);
    expect(auditSentence(entry('payout.hold', { amount_cents: 500, reason: 'Vérification' }), 'EUR', fr, 'fr')).toBe(
      `A retenu un versement de ${euros}\u00a0: «\u00a0Vérification\u00a0»`,
    );
    expect(auditSentence(entry('plan.override', { override: 'pro' }), 'USD', fr, 'fr')).toBe(
      'A mis l’organisateur sur le forfait Pro',
    );
  });

  it('falls back to the action for what it does not know, and leaves out missing details', () => {
    expect(auditSentence(entry('organizer.suspend', {}), 'USD', en)).toBe('organizer.suspend');
    expect(auditSentence(entry('payout.hold', {}), 'USD', en)).toBe('Held a payout');
  });
});

describe('labels', () => {
  it('words payout statuses, risk tiers, subscriptions and Stripe accounts', () => {
    expect(payoutStatusLabel('held', en)).toEqual({ label: 'Held', tone: 'stopped' });
    expect(payoutStatusLabel('something new', en)).toEqual({ label: 'something new', tone: 'off' });
    expect(riskLabel({ risk_tier: 'early_50', risk_score: 62 }, en)).toBe('Early 50 % (score 62)');
    expect(riskLabel({ risk_tier: null, risk_score: null }, en)).toBe('–');
    expect(subscriptionLabel(null, en)).toBe('None');
    expect(subscriptionLabel({ plan: 'pro', status: 'past_due' }, en)).toBe('Pro, past due');
    expect(stripeAccountLabel(null, en).label).toMatch(/paid by hand/);
    expect(stripeAccountLabel({ account_id: 'acct_1', charges_enabled: true, payouts_enabled: false }, en)).toEqual({
      label: 'Charges on, payouts not yet',
      tone: 'pending',
    });
  });
});

describe('labels in another language', () => {
  it('come from the catalogue', () => {
    expect(payoutStatusLabel('held', fr)).toEqual({ label: 'Retenu', tone: 'stopped' });
    expect(riskLabel({ risk_tier: 'early_50', risk_score: 62 }, fr)).toBe('Anticipé 50\u00a0% (score 62)');
    expect(subscriptionLabel({ plan: 'pro', status: 'past_due' }, fr)).toBe('Pro, paiement en retard');
    expect(subscriptionLabel({ plan: 'pro', status: 'something_new' }, fr)).toBe('Pro, something new');
    expect(stripeAccountLabel(null, fr).label).toBe('Pas de compte Stripe\u00a0: payé à la main');
  });
});

describe('withNames', () => {
  it('cuts a sentence around the names in it, wherever the language puts them', () => {
    const inputs = { event: 'Griot Night', organizer: 'Harlem Griot Society' };
    expect(withNames(en.staff_recordBody, inputs, 'event', 'organizer')).toEqual([
      { text: 'For ', name: false },
      { text: 'Griot Night', name: true },
      { text: ': only once the money has gone out to ', name: false },
      { text: 'Harlem Griot Society', name: true },
      {
        text: '. The payout is then paid and leaves what the organizer is owed. This cannot be undone.',
        name: false,
      },
    ]);
    const arabic = withNames(messagesFor('ar').staff_recordBody, inputs, 'event', 'organizer');
    expect(arabic.filter((piece) => piece.name).map((piece) => piece.text)).toEqual([
      'Griot Night',
      'Harlem Griot Society',
    ]);
    expect(arabic.map((piece) => piece.text).join('')).toBe(messagesFor('ar').staff_recordBody(inputs));
  });

  it('leaves inputs that are not names in the text', () => {
    expect(withNames(en.staff_overrideWithReason, { plan: 'Pro', reason: 'Partner' }, 'reason')).toEqual([
      { text: 'Pro: “', name: false },
      { text: 'Partner', name: true },
      { text: '”', name: false },
    ]);
  });
});

describe('addresses', () => {
  it('keeps the search with the page cursor', () => {
    expect(organizersHref('')).toBe('/staff');
    expect(organizersHref('casa latina', 'abc')).toBe('/staff?q=casa+latina&cursor=abc');
  });

  it('knows the payout queues, held by default', () => {
    expect(queueName('manual')).toBe('manual');
    expect(queueName(null)).toBe('held');
    expect(queueName('toString')).toBe('held');
  });
});
