import { type Static, Type } from 'typebox';
import { Nullable, StringEnum, SyncQuery, Timestamp, Uuid } from '../../lib/schemas.ts';
import { ORDER_STATUSES } from '../checkout/checkout.schemas.ts';

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
