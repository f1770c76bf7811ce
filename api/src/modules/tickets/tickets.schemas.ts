import { type Static, Type } from 'typebox';
import { Nullable, StringEnum, SyncQuery, Timestamp, Uuid } from '../../lib/schemas.ts';
import { SHORT_CODE_EXAMPLE } from './short-codes.ts';

export const ShortCode = Type.String({
  pattern: '^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$',
  description:
    "The ticket's short code, printed under its QR code for door staff to type when the QR code will not scan: 10 symbols of Crockford's base32, grouped by hyphens. The door accepts it in any case, with or without the hyphens, and reads O as 0 and I or L as 1. Unique within the ticket's event.",
  examples: [SHORT_CODE_EXAMPLE],
});

export const TicketListQuery = Type.Object(
  {
    event_id: Type.Optional(Type.String({ format: 'uuid', maxLength: 36, description: "Only this event's tickets." })),
    ...SyncQuery,
  },
  { additionalProperties: false },
);
export type TicketListQuery = Static<typeof TicketListQuery>;

export const Ticket = Type.Object(
  {
    id: Uuid,
    order_id: Uuid,
    order_number: Type.String({ description: 'The short order number printed on receipts.' }),
    buyer_name: Type.String({ description: "The order's buyer." }),
    buyer_email: Type.String(),
    event_id: Uuid,
    tier_id: Uuid,
    attendee_name: Type.String({ description: 'The name on the ticket; empty when the buyer gave none.' }),
    short_code: ShortCode,
    status: StringEnum(['valid', 'revoked'] as const, {
      description:
        '`revoked`: the ticket no longer admits anyone (`revoked_reason` says why). Tickets are never removed.',
    }),
    revoked_reason: Nullable(StringEnum(['refunded', 'cancelled', 'reissued', 'event_cancelled'] as const)),
    revoked_at: Nullable(Timestamp),
    replaces_ticket_id: Nullable(
      Type.String({ format: 'uuid', description: 'The ticket this one was issued instead of.' }),
    ),
    checked_in_at: Nullable(Timestamp),
    checked_in_device: Nullable(Type.String({ description: 'The device that admitted the ticket.' })),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Ticket', description: 'One admission, with its order and who bought it.' },
);
