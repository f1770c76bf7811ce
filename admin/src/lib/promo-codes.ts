import type { PromoCode, PromoKind } from './api-types';
import { type FormField, type FormProblem, percentOf } from './form-errors';
import { formatDateTime, formatMoney } from './format';
import { amountInput, fromLocalInput, parseAmount, parsePercent, parseWhole, toLocalInput } from './settings';

/** An event's ticket tiers, for choosing those a code applies to. */
export interface EventTiers {
  id: string;
  title: string;
  date: string;
  tiers: { id: string; name: string; price: string }[];
}

/** The promo code form as typed: text, as the inputs hold it. */
export interface PromoForm {
  code: string;
  kind: string;
  percent_off: string;
  amount_off: string;
  max_uses: string;
  tier_ids: string[];
  /** `datetime-local` values, on the organizer's clock. */
  starts_at: string;
  ends_at: string;
  active: boolean;
}

type PromoBody = Pick<PromoCode, 'code' | 'kind' | 'max_uses' | 'tier_ids' | 'starts_at' | 'ends_at' | 'active'> & {
  percent_off_bp?: number;
  amount_off_cents?: number;
};

/** The API's fields and the form's inputs, with their words for the API's messages. */
export const PROMO_FIELDS: Record<string, FormField> = {
  code: {
    input: 'code',
    label: 'The code',
    rewrites: [
      [
        /^has a format that is not accepted$/,
        'The code must be 2 to 40 letters, digits, - or _, and start with a letter or digit.',
      ],
    ],
  },
  kind: { input: 'kind', label: 'The kind of discount' },
  percent_off_bp: {
    input: 'percent_off',
    label: 'The percent off',
    unit: 'percent_bp',
    rewrites: [[/^A percent code needs percent_off_bp.*$/, 'Enter the percent off each ticket, like 10.']],
  },
  amount_off_cents: {
    input: 'amount_off',
    label: 'The amount off',
    unit: 'money',
    rewrites: [[/^An amount code needs amount_off_cents.*$/, 'Enter the amount off the order, like 5.00.']],
  },
  max_uses: {
    input: 'max_uses',
    label: 'The number of orders',
    rewrites: [[/max_uses/, 'the number of orders']],
  },
  tier_ids: {
    input: 'tier_ids',
    label: 'The tickets',
    rewrites: [
      [
        /^You have no ticket tier with the id.*$/,
        'A ticket tier you chose no longer exists. Reload the page and choose again.',
      ],
    ],
  },
  starts_at: { input: 'starts_at', label: 'Valid from' },
  ends_at: {
    input: 'ends_at',
    label: 'Valid until',
    rewrites: [[/^The code must stop being valid after it starts.*$/, 'Valid until must be later than valid from.']],
  },
  active: { input: 'active', label: 'Active' },
};

export function emptyPromoForm(): PromoForm {
  return {
    code: '',
    kind: 'percent',
    percent_off: '',
    amount_off: '',
    max_uses: '',
    tier_ids: [],
    starts_at: '',
    ends_at: '',
    active: true,
  };
}

/** A saved code as the form shows it, its dates on the organizer's clock. */
export function promoForm(promo: PromoCode, timeZone: string, currency: string): PromoForm {
  return {
    code: promo.code,
    kind: promo.kind,
    percent_off: promo.percent_off_bp === null ? '' : percentOf(promo.percent_off_bp, 'percent_bp'),
    amount_off: promo.amount_off_cents === null ? '' : amountInput(promo.amount_off_cents, currency),
    max_uses: promo.max_uses === null ? '' : String(promo.max_uses),
    tier_ids: [...promo.tier_ids],
    starts_at: toLocalInput(promo.starts_at, timeZone),
    ends_at: toLocalInput(promo.ends_at, timeZone),
    active: promo.active,
  };
}

export function readPromoForm(form: FormData): PromoForm {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  return {
    code: text('code'),
    kind: text('kind'),
    percent_off: text('percent_off'),
    amount_off: text('amount_off'),
    max_uses: text('max_uses'),
    tier_ids: form.getAll('tier_ids').map(String),
    starts_at: text('starts_at'),
    ends_at: text('ends_at'),
    active: form.get('active') === 'yes',
  };
}

/**
 * The request body the form means, or what keeps it from meaning one: numbers and dates that are
 * not. An empty discount is left out, for the API to say it is needed; every limit is the API's.
 */
export function promoBody(
  values: PromoForm,
  timeZone: string,
  currency: string,
): { body: PromoBody; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const problem = (field: string, message: string) => {
    const { input, label } = PROMO_FIELDS[field] ?? { input: field, label: field };
    problems.push({ input, label, message: `${label} ${message}` });
  };
  const kind = values.kind as PromoKind;
  const discount: Pick<PromoBody, 'percent_off_bp' | 'amount_off_cents'> = {};
  if (kind === 'percent' && values.percent_off) {
    const percentOff = parsePercent(values.percent_off, 'percent_bp');
    if (percentOff === null) problem('percent_off_bp', 'must be a percentage with at most two decimals, like 10.');
    else discount.percent_off_bp = percentOff;
  }
  if (kind === 'amount' && values.amount_off) {
    const amountOff = parseAmount(values.amount_off, currency);
    if (amountOff === null) problem('amount_off_cents', `must be an amount in ${currency}, like 5.00.`);
    else discount.amount_off_cents = amountOff;
  }
  const maxUses = values.max_uses ? parseWhole(values.max_uses) : null;
  if (values.max_uses && maxUses === null) problem('max_uses', 'must be a whole number, or empty for no limit.');
  const moment = (field: 'starts_at' | 'ends_at') => {
    if (!values[field]) return null;
    const at = fromLocalInput(values[field], timeZone);
    if (at === null) problem(field, 'must be a date and a time.');
    return at;
  };
  const body: PromoBody = {
    code: values.code,
    kind,
    ...discount,
    max_uses: maxUses,
    tier_ids: values.tier_ids,
    starts_at: moment('starts_at'),
    ends_at: moment('ends_at'),
    active: values.active,
  };
  return { body, problems };
}

export type PromoState = { label: string; tone: 'live' | 'pending' | 'off' | 'stopped' };

/** Whether buyers can use the code now, and if not, why. */
export function promoState(
  promo: Pick<PromoCode, 'active' | 'starts_at' | 'ends_at' | 'max_uses' | 'used_count'>,
  now = new Date(),
): PromoState {
  if (!promo.active) return { label: 'Inactive', tone: 'off' };
  if (promo.ends_at && Date.parse(promo.ends_at) <= now.getTime()) return { label: 'Ended', tone: 'off' };
  if (promo.max_uses !== null && promo.used_count >= promo.max_uses) return { label: 'Used up', tone: 'stopped' };
  if (promo.starts_at && Date.parse(promo.starts_at) > now.getTime())
    return { label: 'Not yet valid', tone: 'pending' };
  return { label: 'Active', tone: 'live' };
}

/** When a code is valid, on the organizer's clock. */
export function promoWindow(promo: Pick<PromoCode, 'starts_at' | 'ends_at'>, timeZone: string): string {
  const at = (moment: string) => formatDateTime(moment, timeZone);
  if (promo.starts_at && promo.ends_at) return `${at(promo.starts_at)} to ${at(promo.ends_at)}`;
  if (promo.starts_at) return `From ${at(promo.starts_at)}`;
  if (promo.ends_at) return `Until ${at(promo.ends_at)}`;
  return 'Any time';
}

/** What a promo code takes off: `10% off`, `$5.00 off`. */
export function promoDiscount(
  promo: Pick<PromoCode, 'kind' | 'percent_off_bp' | 'amount_off_cents'>,
  currency: string,
) {
  return promo.kind === 'percent'
    ? `${percentOf(promo.percent_off_bp ?? 0, 'percent_bp')}% off each ticket`
    : `${formatMoney(promo.amount_off_cents ?? 0, currency)} off the order`;
}

/** How often a code was used: `3 of 100 used`, `3 used`. */
export function promoUsage(promo: Pick<PromoCode, 'used_count' | 'max_uses'>): string {
  return promo.max_uses === null ? `${promo.used_count} used` : `${promo.used_count} of ${promo.max_uses} used`;
}
