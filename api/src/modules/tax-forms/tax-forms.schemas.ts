import { type Static, Type } from 'typebox';
import { Nullable, StringEnum, Timestamp, Uuid } from '../../lib/schemas.ts';

export const TAX_CLASSIFICATIONS = [
  'individual',
  'c_corporation',
  's_corporation',
  'partnership',
  'trust_estate',
  'llc_c',
  'llc_s',
  'llc_p',
  'tax_exempt',
  'other',
] as const;

const TinKind = StringEnum(['ssn', 'ein'] as const, {
  description: '`ssn`: a Social Security number or an ITIN (a person); `ein`: an employer identification number.',
});

const Tin = (more = '') =>
  Type.String({
    minLength: 9,
    maxLength: 11,
    pattern: '^[0-9]{3}-?[0-9]{2}-?[0-9]{4}$|^[0-9]{2}-?[0-9]{7}$',
    description: `Nine digits, with or without dashes (123-45-6789 or 12-3456789). Never returned: only its last four digits are.${more}`,
  });

const State = Type.String({ pattern: '^[A-Z]{2}$', description: 'Two-letter state code.', examples: ['MD'] });
const PostalCode = Type.String({ pattern: '^[0-9]{5}(-[0-9]{4})?$', description: 'ZIP or ZIP+4.' });

const Address = {
  address_line1: Type.String({ minLength: 1, maxLength: 200 }),
  address_line2: Type.Optional(Type.String({ maxLength: 200 })),
  city: Type.String({ minLength: 1, maxLength: 100 }),
  state: State,
  postal_code: PostalCode,
};

export const Taxpayer = Type.Object(
  {
    legal_name: Type.String({ description: 'W-9 line 1: the name the TIN belongs to.' }),
    business_name: Type.String({ description: 'W-9 line 2: a business or “doing business as” name; may be empty.' }),
    tax_classification: StringEnum(TAX_CLASSIFICATIONS, {
      description:
        'W-9 line 3a. `llc_c`, `llc_s`, `llc_p`: an LLC taxed as a C corporation, an S corporation or a partnership; `tax_exempt`: a 501(c) organization such as a church, mosque or association.',
    }),
    exempt_payee_code: Type.String({ description: 'W-9 line 4, if any (1–13).' }),
    tin_kind: TinKind,
    tin_last4: Type.String({ description: 'The last four digits of the TIN.' }),
    address_line1: Type.String(),
    address_line2: Type.String(),
    city: Type.String(),
    state: Type.String(),
    postal_code: Type.String(),
    certified_by: Nullable(Type.String({ description: 'The name or email of the person who certified them.' })),
    certified_at: Timestamp,
  },
  { $id: 'Taxpayer', description: 'The organizer as a US taxpayer, as on Form W-9.' },
);

export const TaxpayerInput = Type.Object(
  {
    legal_name: Type.String({ minLength: 1, maxLength: 200 }),
    business_name: Type.Optional(Type.String({ maxLength: 200 })),
    tax_classification: StringEnum(TAX_CLASSIFICATIONS),
    exempt_payee_code: Type.Optional(Type.String({ pattern: '^([1-9]|1[0-3])?$' })),
    tin_kind: TinKind,
    tin: Type.Optional(Tin(' Required the first time; omitted later, the number kept stays.')),
    ...Address,
    certify: Type.Literal(true, {
      description:
        'The person saving certifies, as W-9 Part II asks, that the number is correct and the details are theirs to give.',
    }),
  },
  { additionalProperties: false },
);
export type TaxpayerInput = Static<typeof TaxpayerInput>;

export const PayeeInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'The person’s or business’s legal name.' }),
    business_name: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.String({ maxLength: 320, format: 'email' })),
    tin_kind: Type.Optional(TinKind),
    tin: Type.Optional(Tin()),
    address_line1: Type.Optional(Type.String({ maxLength: 200 })),
    address_line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    state: Type.Optional(Type.String({ pattern: '^([A-Z]{2})?$' })),
    postal_code: Type.Optional(Type.String({ pattern: '^([0-9]{5}(-[0-9]{4})?)?$' })),
  },
  { additionalProperties: false },
);
export type PayeeInput = Static<typeof PayeeInput>;

export const Payee = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    business_name: Type.String(),
    email: Type.String(),
    tin_kind: Nullable(TinKind),
    tin_last4: Nullable(Type.String()),
    address_line1: Type.String(),
    address_line2: Type.String(),
    city: Type.String(),
    state: Type.String(),
    postal_code: Type.String(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Payee', description: 'A performer, speaker or vendor the organizer pays.' },
);

export const PAYEE_PAYMENT_METHODS = ['cash', 'check', 'bank_transfer', 'card', 'payment_app'] as const;

export const PayeePaymentInput = Type.Object(
  {
    payee_id: Uuid,
    event_id: Type.Optional(Nullable(Uuid)),
    paid_on: Type.String({ format: 'date', description: 'The day the payment was made.' }),
    amount_cents: Type.Integer({ minimum: 1, maximum: 100_000_000_00 }),
    method: StringEnum(PAYEE_PAYMENT_METHODS, {
      description:
        'Cash, check and bank transfers count towards Form 1099-NEC; payments by card or a payment app are reported by their processor on Form 1099-K instead.',
    }),
    memo: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type PayeePaymentInput = Static<typeof PayeePaymentInput>;

export const PayeePayment = Type.Object(
  {
    id: Uuid,
    payee_id: Uuid,
    payee_name: Type.String(),
    event_id: Nullable(Uuid),
    paid_on: Type.String({ format: 'date' }),
    amount_cents: Type.Integer(),
    currency: Type.String(),
    method: StringEnum(PAYEE_PAYMENT_METHODS),
    memo: Type.String(),
    created_at: Timestamp,
  },
  { $id: 'PayeePayment', description: 'Money the organizer paid a payee, recorded for Form 1099-NEC.' },
);

export const YearQuery = Type.Object({
  year: Type.Optional(
    Type.Integer({
      minimum: 2020,
      maximum: 2100,
      description: 'The calendar year. Default: this year, where the organizer is.',
    }),
  ),
});

export const PayeePaymentQuery = Type.Object({
  year: Type.Optional(Type.Integer({ minimum: 2020, maximum: 2100, description: 'Only payments of this year.' })),
  payee_id: Type.Optional(Uuid),
});

export const PayeeParams = Type.Object({ payee_id: Uuid });
export const PayeePaymentParams = Type.Object({ payment_id: Uuid });

const Threshold = Type.Object({
  amount_cents: Type.Integer({
    description: 'The amount in the year that must be exceeded (1099-K) or reached (1099-NEC).',
  }),
  transactions: Nullable(
    Type.Integer({
      description: 'For Form 1099-K, the number of payments that must also be exceeded; null when none.',
    }),
  ),
  rule: StringEnum(['tpso_20000_200', 'transition_5000', 'nec_600', 'nec_2000', 'nec_2000_indexed'] as const, {
    description:
      'Which federal rule applies: `tpso_20000_200` more than $20,000 and more than 200 payments (restored by the One Big Beautiful Bill Act, §70432, for 2025 on, and in force before 2024); `transition_5000` more than $5,000 (IRS Notice 2024-85, for 2024); `nec_600` $600 or more (payments before 2026); `nec_2000` $2,000 or more (2026, OBBBA §70433); `nec_2000_indexed` $2,000 adjusted for inflation from 2027, which the IRS publishes each year.',
  }),
});

export const Form1099K = Type.Object(
  {
    year: Type.Integer(),
    currency: Type.String(),
    time_zone: Type.String({ description: 'Months are counted in the organizer’s time zone.' }),
    gross_cents: Type.Integer({ description: 'Box 1a: card payments in the year, before refunds, fees and disputes.' }),
    card_not_present_cents: Type.Integer({
      description: 'Box 1b: the part paid online, without the card at hand — every card payment at the storefront.',
    }),
    transactions: Type.Integer({ description: 'Box 3: the number of card payments.' }),
    months: Type.Array(
      Type.Object({
        month: Type.Integer({ minimum: 1, maximum: 12 }),
        box: Type.String({ description: 'The form’s box for the month: 5a (January) to 5l (December).' }),
        gross_cents: Type.Integer(),
        transactions: Type.Integer(),
        in_person_cents: Type.Integer({ description: 'Paid in person that month; not on Form 1099-K.' }),
      }),
    ),
    in_person_cents: Type.Integer({
      description:
        'Paid to the organizer in person (cash, community partners): not reported on Form 1099-K, but still income.',
    }),
    in_person_transactions: Type.Integer(),
    card_refunds_cents: Type.Integer({
      description: 'Card refunds given in the year: not taken off box 1a, but deductible.',
    }),
    threshold: Threshold,
    over_threshold: Type.Boolean({ description: 'Whether the year’s card payments pass the federal threshold.' }),
    taxpayer_ready: Type.Boolean({
      description: 'Whether the organizer’s taxpayer details are complete and certified.',
    }),
  },
  {
    $id: 'Form1099K',
    description:
      'The figures a payment processor puts on the organizer’s Form 1099-K for a calendar year, from the ledger, and where she stands against the federal threshold. Some states require the form at lower amounts.',
  },
);

export const Form1099Nec = Type.Object(
  {
    year: Type.Integer(),
    currency: Type.String(),
    threshold: Threshold,
    payees: Type.Array(
      Type.Object({
        payee_id: Uuid,
        name: Type.String(),
        reportable_cents: Type.Integer({ description: 'Box 1: paid in cash, by check or bank transfer in the year.' }),
        excluded_cents: Type.Integer({
          description: 'Paid by card or payment app: reported by the processor instead.',
        }),
        payments: Type.Integer(),
        needs_form: Type.Boolean({ description: 'Whether the reportable amount reaches the threshold.' }),
        missing: Type.Array(StringEnum(['tin', 'address'] as const), {
          description: 'What the organizer still needs from the payee (a W-9) before filing.',
        }),
      }),
    ),
    taxpayer_ready: Type.Boolean({
      description: 'Whether the organizer’s own details, the form’s payer, are complete.',
    }),
  },
  {
    $id: 'Form1099Nec',
    description: 'Per payee, what the organizer paid in a calendar year and whether a Form 1099-NEC is due.',
  },
);
