/**
 * The federal amounts above which an information return is filed, by calendar year.
 *
 * Form 1099-K (IRC §6050W(e)): a third-party settlement organization (Stripe for its connected
 * accounts) files when a payee's payments in the year exceed $20,000 and number more than 200.
 * The American Rescue Plan Act of 2021 lowered this to $600; the IRS delayed it, setting $5,000
 * for 2024 (Notice 2024-85), and the One Big Beautiful Bill Act (P.L. 119-21, §70432, July 2025)
 * restored $20,000 and 200. Several states require the form at lower amounts.
 *
 * Form 1099-NEC (IRC §6041(a)): $600 or more paid to a payee for services in the year; $2,000 for
 * payments made after 2025 (OBBBA §70433), adjusted for inflation from 2027 (§6041(h)) by an amount
 * the IRS publishes each year, which this does not know ahead of time.
 */

export interface Threshold {
  amount_cents: number;
  transactions: number | null;
  rule: 'tpso_20000_200' | 'transition_5000' | 'nec_600' | 'nec_2000' | 'nec_2000_indexed';
}

export function form1099KThreshold(year: number): Threshold {
  if (year === 2024) return { amount_cents: 5_000_00, transactions: null, rule: 'transition_5000' };
  return { amount_cents: 20_000_00, transactions: 200, rule: 'tpso_20000_200' };
}

/** Payments pass the 1099-K threshold when they exceed its amount and, where it has one, its count. */
export function passes1099K(threshold: Threshold, grossCents: number, transactions: number): boolean {
  return (
    grossCents > threshold.amount_cents && (threshold.transactions === null || transactions > threshold.transactions)
  );
}

export function form1099NecThreshold(year: number): Threshold {
  if (year <= 2025) return { amount_cents: 600_00, transactions: null, rule: 'nec_600' };
  if (year === 2026) return { amount_cents: 2_000_00, transactions: null, rule: 'nec_2000' };
  return { amount_cents: 2_000_00, transactions: null, rule: 'nec_2000_indexed' };
}
