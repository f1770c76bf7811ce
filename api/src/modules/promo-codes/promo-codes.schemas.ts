import { type Static, Type } from 'typebox';
import { Nullable, PageQuery, StringEnum, Timestamp, Uuid } from '../../lib/schemas.ts';

export const PROMO_KINDS = ['percent', 'amount'] as const;

const promoCodeFields = {
  code: Type.String({
    pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$',
    description:
      'What buyers type: 2–40 letters, digits, `_` or `-`, starting with a letter or digit. Case does not matter; it is kept in capitals.',
    examples: ['SPRING10'],
  }),
  kind: StringEnum(PROMO_KINDS, {
    description: '`percent`: `percent_off_bp` off each eligible ticket; `amount`: `amount_off_cents` off the order.',
  }),
  percent_off_bp: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    description: 'Percent off in basis points (1000 is 10%); for `percent` codes only, and required for them.',
  }),
  amount_off_cents: Type.Integer({
    minimum: 1,
    maximum: 100_000_000,
    description: "Amount off the order's eligible tickets, in cents; for `amount` codes only, and required for them.",
  }),
  max_uses: Nullable(
    Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Orders that may use the code; null for no limit.' }),
  ),
  tier_ids: Type.Array(Uuid, {
    maxItems: 100,
    uniqueItems: true,
    description: 'Ticket tiers the code applies to; empty for every tier.',
  }),
  starts_at: Nullable(Type.String({ format: 'date-time', maxLength: 40, description: 'Valid from; null for now.' })),
  ends_at: Nullable(
    Type.String({
      format: 'date-time',
      maxLength: 40,
      description: 'Valid until (after `starts_at`); null for no end.',
    }),
  ),
  active: Type.Boolean({ description: 'Inactive codes are refused at checkout.' }),
};

export const NewPromoCode = Type.Object(
  {
    code: promoCodeFields.code,
    kind: promoCodeFields.kind,
    percent_off_bp: Type.Optional(promoCodeFields.percent_off_bp),
    amount_off_cents: Type.Optional(promoCodeFields.amount_off_cents),
    max_uses: Type.Optional(promoCodeFields.max_uses),
    tier_ids: Type.Optional(promoCodeFields.tier_ids),
    starts_at: Type.Optional(promoCodeFields.starts_at),
    ends_at: Type.Optional(promoCodeFields.ends_at),
    active: Type.Optional(promoCodeFields.active),
  },
  { additionalProperties: false },
);
export type NewPromoCode = Static<typeof NewPromoCode>;

export const PromoCodeUpdate = Type.Partial(Type.Object(promoCodeFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type PromoCodeUpdate = Static<typeof PromoCodeUpdate>;

export const PromoCode = Type.Object(
  {
    id: Uuid,
    code: Type.String(),
    kind: StringEnum(PROMO_KINDS),
    percent_off_bp: Nullable(Type.Integer()),
    amount_off_cents: Nullable(Type.Integer()),
    max_uses: Nullable(Type.Integer()),
    used_count: Type.Integer({ description: 'Orders that used the code: paid, and pending ones holding it.' }),
    tier_ids: Type.Array(Uuid),
    starts_at: Nullable(Timestamp),
    ends_at: Nullable(Timestamp),
    active: Type.Boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'PromoCode', description: 'A discount code buyers enter at checkout.' },
);

export const PromoCodeParams = Type.Object({ promo_code_id: Uuid });

export const PromoCodeListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type PromoCodeListQuery = Static<typeof PromoCodeListQuery>;
