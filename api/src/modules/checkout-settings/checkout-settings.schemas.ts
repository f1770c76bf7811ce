import { type Static, Type } from 'typebox';
import { Nullable, StringEnum } from '../../lib/schemas.ts';

export const FEE_PAYERS = ['buyer', 'organizer'] as const;
export const OFFLINE_METHODS = ['cash', 'partner'] as const;

const settingsFields = {
  service_fee_percent_bp: Type.Integer({
    minimum: 0,
    maximum: 5000,
    description: 'Service fee per ticket in basis points of its price after discount: 250 is 2.5%.',
  }),
  service_fee_flat_cents: Type.Integer({
    minimum: 0,
    maximum: 100_000,
    description: 'Flat service fee per paid ticket, in cents.',
  }),
  fees_paid_by: StringEnum(FEE_PAYERS, {
    description:
      '`buyer`: the fee is added to what the buyer pays; `organizer`: it is absorbed and comes off the payout.',
  }),
  impact_fee_share_bp: Type.Integer({
    minimum: 0,
    maximum: 10_000,
    description: 'Share of the service fee, in basis points, given to the community fund named `impact_fund_name`.',
  }),
  impact_fund_name: Type.String({
    maxLength: 200,
    description: 'The community fund buyers see, e.g. "Youth scholarship fund".',
  }),
  fees_taxable: Type.Boolean({ description: 'Whether sales tax also applies to the service fee the buyer pays.' }),
  hold_minutes: Type.Integer({
    minimum: 1,
    maximum: 120,
    description: 'How long a checkout holds its tickets before they go back on sale.',
  }),
  offline_methods: Type.Array(StringEnum(OFFLINE_METHODS), {
    maxItems: 2,
    uniqueItems: true,
    description: 'Offline payment accepted: `cash` (at the door or office), `partner` (at a community partner).',
  }),
  offline_payment_hours: Type.Integer({
    minimum: 1,
    maximum: 2160,
    description: 'Hours an offline order keeps its tickets while the payment is awaited.',
  }),
  community_partners: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    maxItems: 20,
    uniqueItems: true,
    description: 'Trusted places that take payment for the organizer, e.g. a shop or a church office.',
  }),
  waitlist_offer_minutes: Type.Integer({
    minimum: 5,
    maximum: 10_080,
    description: 'How long a waitlist offer keeps the returned tickets for the person offered them.',
  }),
};

export const CheckoutSettingsUpdate = Type.Partial(Type.Object(settingsFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type CheckoutSettingsUpdate = Static<typeof CheckoutSettingsUpdate>;

export const CheckoutSettings = Type.Object(
  {
    ...settingsFields,
    updated_at: Nullable(
      Type.String({ format: 'date-time', description: 'Last change; null while the defaults were never changed.' }),
    ),
  },
  {
    $id: 'CheckoutSettings',
    description: 'How the organizer sells: fees, holds, offline payment and waitlist offers.',
  },
);
