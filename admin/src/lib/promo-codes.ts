import type { PromoCode, PromoKind } from './api-types';
import { type FormField, type FormProblem, percentOf } from './form-errors';
import { formatDateTime, formatMoney } from './format';
import type { Messages } from './messages';
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

/**
 * The API's fields and the form's inputs, with their words for the API's messages. A rewrite of
 * a whole sentence starts with a capital, so the field's name is not put before it.
 */
export function promoFields(t: Messages): Record<string, FormField> {
  return {
    code: {
      input: 'code',
      label: t.integrations_promoFieldCode,
      rewrites: [[/^has a format that is not accepted$/, t.integrations_promoCodeFormat]],
    },
    kind: { input: 'kind', label: t.integrations_promoFieldKind },
    percent_off_bp: {
      input: 'percent_off',
      label: t.integrations_promoFieldPercent,
      unit: 'percent_bp',
      rewrites: [[/^A percent code needs percent_off_bp.*$/, t.integrations_promoPercentNeeded]],
    },
    amount_off_cents: {
      input: 'amount_off',
      label: t.integrations_promoFieldAmount,
      unit: 'money',
      rewrites: [[/^An amount code needs amount_off_cents.*$/, t.integrations_promoAmountNeeded]],
    },
    max_uses: {
      input: 'max_uses',
      label: t.integrations_promoFieldMaxUses,
      rewrites: [
        // `$1` is the pattern's count of orders, put in by String.replace.
        [
          /^(\d+) orders already used this code, so max_uses cannot go below that\..*$/,
          t.integrations_promoMaxUsesBelowUsed({ count: '$1' }),
        ],
        [/max_uses/, t.integrations_promoMaxUsesName],
      ],
    },
    tier_ids: {
      input: 'tier_ids',
      label: t.integrations_promoFieldTiers,
      rewrites: [[/^You have no ticket tier with the id.*$/, t.integrations_promoTierGone]],
    },
    starts_at: { input: 'starts_at', label: t.integrations_promoFieldStarts },
    ends_at: {
      input: 'ends_at',
      label: t.integrations_promoFieldEnds,
      rewrites: [[/^The code must stop being valid after it starts.*$/, t.integrations_promoEndsBeforeStarts]],
    },
    active: { input: 'active', label: t.integrations_promoFieldActive },
  };
}

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
  t: Messages,
): { body: PromoBody; problems: FormProblem[] } {
  const fields = promoFields(t);
  const problems: FormProblem[] = [];
  const problem = (field: string, message: string) => {
    const { input, label } = fields[field] ?? { input: field, label: field };
    problems.push({ input, label, message });
  };
  const kind = values.kind as PromoKind;
  const discount: Pick<PromoBody, 'percent_off_bp' | 'amount_off_cents'> = {};
  if (kind === 'percent' && values.percent_off) {
    const percentOff = parsePercent(values.percent_off, 'percent_bp');
    if (percentOff === null) problem('percent_off_bp', t.integrations_promoPercentInvalid);
    else discount.percent_off_bp = percentOff;
  }
  if (kind === 'amount' && values.amount_off) {
    const amountOff = parseAmount(values.amount_off, currency);
    if (amountOff === null) problem('amount_off_cents', t.integrations_promoAmountInvalid({ currency }));
    else discount.amount_off_cents = amountOff;
  }
  const maxUses = values.max_uses ? parseWhole(values.max_uses) : null;
  if (values.max_uses && maxUses === null) problem('max_uses', t.integrations_promoMaxUsesInvalid);
  const moment = (field: 'starts_at' | 'ends_at') => {
    if (!values[field]) return null;
    const at = fromLocalInput(values[field], timeZone);
    if (at === null) {
      problem(field, field === 'starts_at' ? t.integrations_promoStartsInvalid : t.integrations_promoEndsInvalid);
    }
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
  t: Messages,
  now = new Date(),
): PromoState {
  if (!promo.active) return { label: t.integrations_promoState_inactive, tone: 'off' };
  if (promo.ends_at && Date.parse(promo.ends_at) <= now.getTime())
    return { label: t.integrations_promoState_ended, tone: 'off' };
  if (promo.max_uses !== null && promo.used_count >= promo.max_uses) {
    return { label: t.integrations_promoState_usedUp, tone: 'stopped' };
  }
  if (promo.starts_at && Date.parse(promo.starts_at) > now.getTime()) {
    return { label: t.integrations_promoState_notYetValid, tone: 'pending' };
  }
  return { label: t.integrations_promoState_active, tone: 'live' };
}

/** When a code is valid, on the organizer's clock (`locale`: the `Intl` locale of the dates). */
export function promoWindow(
  promo: Pick<PromoCode, 'starts_at' | 'ends_at'>,
  timeZone: string,
  t: Messages,
  locale?: string,
): string {
  const at = (moment: string) => formatDateTime(moment, timeZone, locale);
  if (promo.starts_at && promo.ends_at) {
    return t.integrations_promoWindowBetween({ from: at(promo.starts_at), until: at(promo.ends_at) });
  }
  if (promo.starts_at) return t.integrations_promoWindowFrom({ date: at(promo.starts_at) });
  if (promo.ends_at) return t.integrations_promoWindowUntil({ date: at(promo.ends_at) });
  return t.integrations_promoWindowAny;
}

/** What a promo code takes off: `10% off each ticket`, `$5.00 off the order`. */
export function promoDiscount(
  promo: Pick<PromoCode, 'kind' | 'percent_off_bp' | 'amount_off_cents'>,
  currency: string,
  t: Messages,
  locale = 'en-US',
): string {
  if (promo.kind === 'percent') {
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
      (promo.percent_off_bp ?? 0) / 10_000,
    );
    return t.integrations_promoPercentOffEach({ percent });
  }
  return t.integrations_promoAmountOffOrder({ amount: formatMoney(promo.amount_off_cents ?? 0, currency, locale) });
}

/** How often a code was used: `3 of 100 used`, `3 used`. */
export function promoUsage(promo: Pick<PromoCode, 'used_count' | 'max_uses'>, t: Messages): string {
  return promo.max_uses === null
    ? t.integrations_promoUsed({ used: promo.used_count })
    : t.integrations_promoUsedOf({ used: promo.used_count, max: promo.max_uses });
}

/** How often a code was used, as a sentence: `3 of 100 used so far.` */
export function promoUsageSoFar(promo: Pick<PromoCode, 'used_count' | 'max_uses'>, t: Messages): string {
  return promo.max_uses === null
    ? t.integrations_promoUsedSoFar({ used: promo.used_count })
    : t.integrations_promoUsedOfSoFar({ used: promo.used_count, max: promo.max_uses });
}
