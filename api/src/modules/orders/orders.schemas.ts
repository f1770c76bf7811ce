import { type Static, Type } from 'typebox';
import { PageQuery, StringEnum, Uuid } from '../../lib/schemas.ts';
import { ORDER_STATUSES } from '../checkout/checkout.schemas.ts';

export const OrderParams = Type.Object({ order_id: Uuid });

export const OrderListQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(ORDER_STATUSES)),
    event_id: Type.Optional(Uuid),
    email: Type.Optional(Type.String({ maxLength: 254, description: "Only orders with this buyer's email." })),
    updated_since: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Only orders changed at or after this time, oldest change first: for incremental sync.',
      }),
    ),
    order: Type.Optional(
      StringEnum(['oldest_first', 'newest_first'] as const, {
        description:
          'By creation (or, with `updated_since`, by last change): `oldest_first` (the default, for sync) or `newest_first` (for people reading the list).',
      }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type OrderListQuery = Static<typeof OrderListQuery>;

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
