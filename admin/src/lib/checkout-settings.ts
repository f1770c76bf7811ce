import type { CheckoutSettings, FeePayer, OfflineMethod } from './api-types';
import { type FormField, type FormProblem, percentOf } from './form-errors';
import type { Messages } from './messages';
import {
  amountInput,
  examplePrice,
  type FeeExample,
  feeExample,
  parseAmount,
  parsePercent,
  parseWhole,
} from './settings';

/** The checkout settings form as typed: text, as the inputs hold it. */
export interface CheckoutForm {
  service_fee_percent: string;
  service_fee_flat: string;
  fees_paid_by: string;
  fees_taxable: boolean;
  impact_fee_share: string;
  impact_fund_name: string;
  hold_minutes: string;
  offline_methods: string[];
  community_partners: string;
  offline_payment_hours: string;
  waitlist_offer_minutes: string;
}

type SettingsBody = Omit<CheckoutSettings, 'updated_at'>;

/** The API's fields and the form's inputs, with their words for the API's messages. */
export function checkoutFields(t: Messages): Record<keyof SettingsBody, FormField> {
  const noPartner = /^Payment at a community partner needs at least one partner.*$/;
  return {
    service_fee_percent_bp: {
      input: 'service_fee_percent',
      label: t.settings_checkoutServiceFeeField,
      unit: 'percent_bp',
    },
    service_fee_flat_cents: { input: 'service_fee_flat', label: t.settings_checkoutFlatFeeField, unit: 'money' },
    fees_paid_by: { input: 'fees_paid_by', label: t.settings_checkoutWhoPays },
    fees_taxable: { input: 'fees_taxable', label: t.settings_checkoutFeesTaxableField },
    impact_fee_share_bp: { input: 'impact_fee_share', label: t.settings_checkoutShareField, unit: 'percent_bp' },
    impact_fund_name: { input: 'impact_fund_name', label: t.settings_checkoutFundNameField },
    hold_minutes: { input: 'hold_minutes', label: t.settings_checkoutHoldField },
    offline_methods: {
      input: 'offline_methods',
      label: t.settings_checkoutOfflineMethodsField,
      rewrites: [[noPartner, t.settings_checkoutNoPartnerMethods]],
    },
    community_partners: {
      input: 'community_partners',
      label: t.settings_checkoutPartnerField,
      rewrites: [
        [noPartner, t.settings_checkoutNoPartner],
        // `$1` is the API's limit, put in by `replace`.
        [/^must have at most (\d+) items$/, t.settings_checkoutPartnersAtMost({ count: '$1' })],
        [/^must NOT have duplicate items.*$/, t.settings_checkoutPartnerTwice],
      ],
    },
    offline_payment_hours: { input: 'offline_payment_hours', label: t.settings_checkoutReservationField },
    waitlist_offer_minutes: { input: 'waitlist_offer_minutes', label: t.settings_checkoutWaitlistField },
  };
}

/** The saved settings as the form shows them. */
export function checkoutForm(settings: CheckoutSettings, currency: string): CheckoutForm {
  return {
    service_fee_percent: percentOf(settings.service_fee_percent_bp, 'percent_bp'),
    service_fee_flat: amountInput(settings.service_fee_flat_cents, currency),
    fees_paid_by: settings.fees_paid_by,
    fees_taxable: settings.fees_taxable,
    impact_fee_share: percentOf(settings.impact_fee_share_bp, 'percent_bp'),
    impact_fund_name: settings.impact_fund_name,
    hold_minutes: String(settings.hold_minutes),
    offline_methods: [...settings.offline_methods],
    community_partners: settings.community_partners.join('\n'),
    offline_payment_hours: String(settings.offline_payment_hours),
    waitlist_offer_minutes: String(settings.waitlist_offer_minutes),
  };
}

/** The form as posted. */
export function readCheckoutForm(form: FormData): CheckoutForm {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  return {
    service_fee_percent: text('service_fee_percent'),
    service_fee_flat: text('service_fee_flat'),
    fees_paid_by: text('fees_paid_by'),
    fees_taxable: form.get('fees_taxable') === 'yes',
    impact_fee_share: text('impact_fee_share'),
    impact_fund_name: text('impact_fund_name'),
    hold_minutes: text('hold_minutes'),
    offline_methods: form.getAll('offline_methods').map(String),
    community_partners: String(form.get('community_partners') ?? ''),
    offline_payment_hours: text('offline_payment_hours'),
    waitlist_offer_minutes: text('waitlist_offer_minutes'),
  };
}

/**
 * The request body the form means, or what keeps it from meaning one: numbers that are not
 * numbers. Every limit is the API's to check, and its messages are shown in the form's units.
 */
export function checkoutBody(
  values: CheckoutForm,
  currency: string,
  t: Messages,
): { body: Partial<SettingsBody>; problems: FormProblem[] } {
  const fields = checkoutFields(t);
  const problems: FormProblem[] = [];
  const problem = (field: keyof SettingsBody, message: string) => {
    const { input, label } = fields[field];
    problems.push({ input, label, message });
  };
  const percent = (field: keyof SettingsBody, text: string, notAPercent: string) => {
    const value = parsePercent(text, 'percent_bp');
    if (value === null) problem(field, notAPercent);
    return value ?? 0;
  };
  const whole = (field: keyof SettingsBody, text: string, notWhole: string) => {
    const value = parseWhole(text);
    if (value === null) problem(field, notWhole);
    return value ?? 0;
  };
  const amount = (field: keyof SettingsBody, text: string) => {
    const value = parseAmount(text, currency);
    if (value === null) problem(field, t.settings_checkoutFlatFeeNotAmount({ currency }));
    return value ?? 0;
  };
  // In the form's order, so the summary lists the problems as the form shows them.
  const body = {
    service_fee_percent_bp: percent(
      'service_fee_percent_bp',
      values.service_fee_percent,
      t.settings_checkoutServiceFeeNotPercent,
    ),
    service_fee_flat_cents: amount('service_fee_flat_cents', values.service_fee_flat),
    fees_paid_by: values.fees_paid_by as FeePayer,
    fees_taxable: values.fees_taxable,
    impact_fee_share_bp: percent('impact_fee_share_bp', values.impact_fee_share, t.settings_checkoutShareNotPercent),
    impact_fund_name: values.impact_fund_name,
    hold_minutes: whole('hold_minutes', values.hold_minutes, t.settings_checkoutHoldNotWhole),
    offline_methods: values.offline_methods as OfflineMethod[],
    community_partners: values.community_partners
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    offline_payment_hours: whole(
      'offline_payment_hours',
      values.offline_payment_hours,
      t.settings_checkoutReservationNotWhole,
    ),
    waitlist_offer_minutes: whole(
      'waitlist_offer_minutes',
      values.waitlist_offer_minutes,
      t.settings_checkoutWaitlistNotWhole,
    ),
  };
  return { body, problems };
}

/** The example ticket priced with the fees as typed; null while they are not numbers. */
export function typedFeeExample(
  values: Pick<CheckoutForm, 'service_fee_percent' | 'service_fee_flat' | 'fees_paid_by' | 'impact_fee_share'>,
  currency: string,
): FeeExample | null {
  const percent = parsePercent(values.service_fee_percent, 'percent_bp');
  const flat = parseAmount(values.service_fee_flat, currency);
  const share = parsePercent(values.impact_fee_share, 'percent_bp');
  if (percent === null || flat === null || share === null) return null;
  return feeExample(
    {
      service_fee_percent_bp: percent,
      service_fee_flat_cents: flat,
      fees_paid_by: values.fees_paid_by === 'organizer' ? 'organizer' : 'buyer',
      impact_fee_share_bp: Math.min(share, 10_000),
    },
    examplePrice(currency),
  );
}
