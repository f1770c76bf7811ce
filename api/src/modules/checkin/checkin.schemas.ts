import { type Static, Type } from 'typebox';
import { LocalizedText, Nullable, PageQuery, StringEnum, SyncQuery, Timestamp, Uuid } from '../../lib/schemas.ts';
import { ORDER_STATUSES } from '../orders/orders.schemas.ts';
import { ShortCode } from '../tickets/tickets.schemas.ts';

export const SCAN_OUTCOMES = ['admitted', 'already_checked_in', 'refused'] as const;
export const SCAN_REASONS = [
  'already_checked_in',
  'invalid_code',
  'other_organizer',
  'wrong_event',
  'revoked',
  'unknown_ticket',
  'event_cancelled',
  'order_number',
] as const;
export type ScanReason = (typeof SCAN_REASONS)[number];
export const CHECK_IN_ACTIONS = ['admitted', 'refused', 'undone'] as const;
const REVOKED_REASONS = ['refunded', 'cancelled', 'reissued', 'event_cancelled'] as const;

/** One of `values` or null; null is listed in the enum too, or a validating client would reject it. */
function NullableEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) {
  return Type.Unsafe<T[number] | null>({ type: ['string', 'null'], enum: [...values, null], ...options });
}

const DeviceId = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '\\S',
  description: 'Which scanner or door this is, as staff will recognize it in the log, e.g. `Door 2 – iPad`.',
  examples: ['Door 2 – iPad'],
});

export const TicketParams = Type.Object({ ticket_id: Uuid });

export const ScanRequest = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 500,
      description:
        "The text of the QR code as scanned (`AP1.<kid>.<payload>.<signature>`), or the ticket's short code as typed (`7KQ4-M2XD-9P`: any case, hyphens and spaces optional, O read as 0 and I or L as 1); surrounding spaces are ignored. An order number typed here is answered with the order's tickets for this event.",
    }),
    device_id: DeviceId,
  },
  { additionalProperties: false },
);
export type ScanRequest = Static<typeof ScanRequest>;

export const UndoCheckInRequest = Type.Object({ device_id: DeviceId }, { additionalProperties: false });
export type UndoCheckInRequest = Static<typeof UndoCheckInRequest>;

export const CheckInTicket = Type.Object(
  {
    id: Uuid,
    event_id: Uuid,
    tier_id: Uuid,
    tier_name: LocalizedText(120),
    attendee_name: Type.String({ description: 'The name on the ticket; empty when the buyer gave none.' }),
    buyer_name: Type.String(),
    order_number: Type.String({ description: 'The short order number printed on receipts.' }),
    short_code: ShortCode,
    status: StringEnum(['valid', 'revoked'] as const),
    checked_in_at: Nullable(Timestamp),
    checked_in_device: Nullable(Type.String({ description: 'The device that admitted the ticket.' })),
  },
  { $id: 'CheckInTicket', description: 'A ticket as the door sees it.' },
);

export const ScanResult = Type.Object(
  {
    outcome: StringEnum(SCAN_OUTCOMES, {
      description:
        '`admitted`: let the person in. `already_checked_in`: the ticket was admitted before (see `ticket.checked_in_at` and `checked_in_device`). `refused`: do not admit; `reason` says why.',
    }),
    reason: NullableEnum(SCAN_REASONS, {
      description:
        'Why the ticket was not admitted: null when admitted. `already_checked_in`: admitted before; `invalid_code`: forged, altered or not a ticket code; `other_organizer`: a ticket of another organizer; `wrong_event`: a ticket of another of your events; `revoked`: refunded, cancelled or replaced; `unknown_ticket`: no ticket of yours has this code; `event_cancelled`: this event admits no one; `order_number`: an order number, not a ticket code — `order` lists its tickets for this event, to check in one by one with their own codes.',
    }),
    message: Type.String({ description: 'One sentence for the door staff.' }),
    ticket: Type.Union([Type.Unsafe<Static<typeof CheckInTicket>>({ $ref: 'CheckInTicket' }), Type.Null()], {
      description: 'The ticket the code names, when it is one of yours.',
    }),
    order: Type.Union(
      [
        Type.Object({
          id: Uuid,
          number: Type.String(),
          status: StringEnum(ORDER_STATUSES, { description: 'Only a paid (or partly refunded) order has tickets.' }),
          buyer_name: Type.String(),
          tickets: Type.Array(Type.Unsafe<Static<typeof CheckInTicket>>({ $ref: 'CheckInTicket' }), {
            description: 'Its tickets for this event, valid and revoked, each to be checked in with its own code.',
          }),
        }),
        Type.Null(),
      ],
      { description: 'With reason `order_number`: the order that number names. Null otherwise.' },
    ),
  },
  {
    $id: 'ScanResult',
    description: 'What the door should do with a scanned code. Every scan is recorded in the check-in log.',
  },
);
export type ScanResult = Static<typeof ScanResult>;

export const CheckInSummary = Type.Object(
  {
    event_id: Uuid,
    valid_tickets: Type.Integer({ description: 'Tickets that admit someone (sold and not refunded or revoked).' }),
    checked_in: Type.Integer({ description: 'Valid tickets admitted so far.' }),
    not_checked_in: Type.Integer({ description: 'Valid tickets not admitted yet.' }),
    by_tier: Type.Array(
      Type.Object({
        tier_id: Uuid,
        name: LocalizedText(120),
        valid_tickets: Type.Integer(),
        checked_in: Type.Integer(),
      }),
    ),
    last_scan_at: Nullable(Timestamp),
  },
  { $id: 'CheckInSummary', description: 'How many have arrived, overall and per tier.' },
);

export const CheckIn = Type.Object(
  {
    id: Uuid,
    event_id: Uuid,
    action: StringEnum(CHECK_IN_ACTIONS),
    reason: Nullable(
      Type.String({ description: 'For refused scans, the reason code of the scan result (e.g. `revoked`).' }),
    ),
    device_id: Type.String(),
    user_id: Nullable(Uuid),
    ticket_id: Nullable(Type.String({ format: 'uuid', description: 'Null when the code named no ticket of yours.' })),
    ticket: Type.Union([Type.Unsafe<Static<typeof CheckInTicket>>({ $ref: 'CheckInTicket' }), Type.Null()], {
      description: 'The ticket scanned, as it is now (holder, tier, order number); null when there is none.',
    }),
    created_at: Timestamp,
  },
  {
    $id: 'CheckIn',
    description:
      'One scan at the door, or one undone check-in. Entries are never changed or removed: an undone check-in is an entry of its own.',
  },
);

export const CheckInListQuery = Type.Object(
  {
    action: Type.Optional(StringEnum(CHECK_IN_ACTIONS)),
    ticket_id: Type.Optional(Uuid),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type CheckInListQuery = Static<typeof CheckInListQuery>;

export const AllCheckInListQuery = Type.Object(
  {
    event_id: Type.Optional(Type.String({ format: 'uuid', maxLength: 36, description: "Only this event's log." })),
    action: Type.Optional(StringEnum(CHECK_IN_ACTIONS)),
    ticket_id: Type.Optional(Uuid),
    ...SyncQuery,
  },
  { additionalProperties: false },
);
export type AllCheckInListQuery = Static<typeof AllCheckInListQuery>;

export const Attendee = Type.Object(
  {
    ticket_id: Uuid,
    attendee_name: Type.String({ description: 'The name on the ticket; empty when the buyer gave none.' }),
    buyer_name: Type.String(),
    buyer_email: Type.String(),
    buyer_locale: Type.String({ description: 'The language the buyer ordered in.' }),
    marketing_consent: Type.Boolean({
      description: 'The buyer agreed at checkout to hear from the organizer about other events and news.',
    }),
    order_id: Uuid,
    order_number: Type.String(),
    short_code: ShortCode,
    tier_id: Uuid,
    tier_name: LocalizedText(120),
    status: StringEnum(['valid', 'revoked'] as const),
    revoked_reason: NullableEnum(REVOKED_REASONS),
    checked_in_at: Nullable(Timestamp),
    checked_in_device: Nullable(Type.String()),
  },
  { $id: 'Attendee', description: 'One ticket of the event with who holds it.' },
);

export const AttendeeListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          "Part of the attendee or buyer name, the buyer email, the order number or the ticket's short code (any case; at least four symbols of a short code, hyphens optional).",
      }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type AttendeeListQuery = Static<typeof AttendeeListQuery>;
