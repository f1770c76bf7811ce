import { type Static, Type } from 'typebox';
import { LocalizedText, Nullable, StringEnum, SyncQuery, Timestamp, Uuid } from '../../lib/schemas.ts';
import { ShortCode } from '../tickets/tickets.schemas.ts';

export const money = (description: string) => Type.Integer({ minimum: 0, description });

export const PricedLine = Type.Object({
  kind: StringEnum(['ticket', 'product', 'donation'] as const),
  event_id: Nullable(Uuid),
  tier_id: Nullable(Uuid),
  product_id: Nullable(Uuid),
  description: LocalizedText(200),
  quantity: Type.Integer(),
  unit_price_cents: money('Price of one, before discount and fees.'),
  subtotal_cents: money('unit_price_cents × quantity.'),
  discount_cents: money('Promo code discount on this line.'),
  fee_cents: money('Service fee the buyer pays on this line.'),
  impact_fee_cents: money('Part of the service fee that goes to the community fund.'),
  tax_cents: money('Sales tax on this line.'),
  total_cents: money('subtotal − discount + fee + tax.'),
});

export const totals = {
  currency: Type.String({ description: 'ISO 4217 code; all amounts are in its minor unit (cents).' }),
  subtotal_cents: money('Tickets and add-ons before discount, fees and tax; donations are counted apart.'),
  discount_cents: money('Total discount.'),
  fee_cents: money('Total service fee the buyer pays.'),
  impact_fee_cents: money('Part of the service fee given to the community fund.'),
  tax_cents: money('Total sales tax.'),
  donation_cents: money('Total donations (no discount, fee or tax applies to them).'),
  total_cents: money(
    'What the buyer pays: subtotal − discount + fee + tax + donations, which is the sum of the lines.',
  ),
  impact_fund_name: Nullable(Type.String({ description: 'The fund the impact fee supports, shown to the buyer.' })),
};

export const ORDER_STATUSES = ['pending', 'paid', 'partially_refunded', 'refunded', 'cancelled', 'expired'] as const;

export const OrderTicket = Type.Object({
  id: Uuid,
  event_id: Uuid,
  tier_id: Uuid,
  attendee_name: Type.String(),
  short_code: ShortCode,
  status: StringEnum(['valid', 'revoked'] as const),
  revoked_reason: Nullable(StringEnum(['refunded', 'cancelled', 'reissued', 'event_cancelled'] as const)),
  checked_in_at: Nullable(Timestamp),
  code: Nullable(Type.String({ description: 'The signed text the QR code carries; null once the ticket is revoked.' })),
});

export const Order = Type.Object(
  {
    id: Uuid,
    number: Type.String({ description: 'Short order number, unique per organizer.' }),
    status: StringEnum(ORDER_STATUSES),
    buyer: Type.Object({
      name: Type.String(),
      email: Type.String(),
      locale: Type.String(),
      marketing_consent: Type.Boolean({
        description: 'The buyer agreed at checkout to hear from the organizer about other events and news.',
      }),
    }),
    lines: Type.Array(
      Type.Object({
        id: Uuid,
        ...PricedLine.properties,
        refunded_quantity: Type.Integer(),
        refunded_cents: Type.Integer(),
      }),
    ),
    ...totals,
    organizer_fee_cents: money('Service fee the organizer absorbs (not charged to the buyer).'),
    refunded_cents: money('Given back so far.'),
    promo_code: Nullable(Type.String()),
    payment_method: Nullable(StringEnum(['test', 'stripe', 'cash', 'partner', 'free'] as const)),
    payment_partner: Nullable(Type.String()),
    payment_reference: Nullable(Type.String()),
    test_mode: Type.Boolean({ description: 'Paid with the test provider: no money moved.' }),
    expires_at: Nullable(
      Type.String({
        format: 'date-time',
        description:
          'While pending: when the hold lapses and the tickets return to sale (for cash or partner payment, the payment deadline).',
      }),
    ),
    paid_at: Nullable(Timestamp),
    cancelled_at: Nullable(Timestamp),
    waitlist_offer: Type.Boolean({ description: 'The order is an offer to someone on the waitlist.' }),
    tickets: Type.Array(OrderTicket),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Order', description: 'An order with its priced lines and, once paid, its tickets.' },
);

export const OrderParams = Type.Object({ order_id: Uuid });

export const OrderListQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(ORDER_STATUSES)),
    event_id: Type.Optional(Uuid),
    email: Type.Optional(Type.String({ maxLength: 254, description: "Only orders with this buyer's email." })),
    order: Type.Optional(
      StringEnum(['oldest_first', 'newest_first'] as const, {
        description:
          'By creation: `oldest_first` (the default) or `newest_first` (for people reading the list). A sync page (`updated_since`) has its own order: leave this out.',
      }),
    ),
    ...SyncQuery,
  },
  { additionalProperties: false },
);
export type OrderListQuery = Static<typeof OrderListQuery>;

export const RefundListQuery = Type.Object(
  {
    order_id: Type.Optional(Type.String({ format: 'uuid', maxLength: 36, description: "Only this order's refunds." })),
    ...SyncQuery,
  },
  { additionalProperties: false },
);
export type RefundListQuery = Static<typeof RefundListQuery>;

export const Refund = Type.Object(
  {
    id: Uuid,
    order_id: Uuid,
    amount_cents: Type.Integer({ description: "Given back, in the currency's minor unit." }),
    currency: Type.String(),
    method: StringEnum(['test', 'stripe', 'cash', 'partner', 'free'] as const, {
      description: 'How the order was paid, and so how the money went back.',
    }),
    reference: Nullable(Type.String({ description: "The payment processor's reference of the refund, if any." })),
    test_mode: Type.Boolean({ description: 'Refunded through the test provider: no money moved.' }),
    recorded_by: Nullable(
      Type.String({
        format: 'uuid',
        description: 'The member who refunded; null for refunds the platform made (a cancelled event, a late payment).',
      }),
    ),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  {
    $id: 'Refund',
    description:
      'Money given back for an order, once per refund. Which lines and tickets it covered shows on the order (`refunded_quantity`, `refunded_cents`, revoked tickets). Refunds are never changed or removed.',
  },
);

export const MarkPaid = Type.Object(
  {
    receipt_reference: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'The receipt number, or who took the money, for the record.',
    }),
  },
  { additionalProperties: false },
);

export const RefundRequest = Type.Object(
  {
    ticket_ids: Type.Optional(
      Type.Array(Uuid, {
        minItems: 1,
        maxItems: 200,
        uniqueItems: true,
        description: 'Refund these tickets. Without `ticket_ids` and `line_ids`, everything not yet refunded.',
      }),
    ),
    line_ids: Type.Optional(
      Type.Array(Uuid, {
        minItems: 1,
        maxItems: 100,
        uniqueItems: true,
        description:
          "Refund what is left of these order lines: a donation, an add-on, or a ticket line's valid tickets. With `ticket_ids`, both are refunded.",
      }),
    ),
  },
  { additionalProperties: false },
);
export type RefundRequest = Static<typeof RefundRequest>;
