import { type Static, Type } from 'typebox';
import {
  Locale,
  LocalizedText,
  Nullable,
  OrganizerSlugParams,
  PageQuery,
  Ref,
  StringEnum,
  SyncQuery,
  Timestamp,
  Uuid,
} from '../../lib/schemas.ts';
import { ORDER_STATUSES } from '../orders/orders.schemas.ts';

export const CustomerParams = OrganizerSlugParams;

export const SignInLinkRequest = Type.Object(
  {
    email: Type.String({
      format: 'email',
      maxLength: 254,
      description: 'Where the sign-in link is sent. Orders placed with this email become part of the account.',
    }),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);
export type SignInLinkRequest = Static<typeof SignInLinkRequest>;

export const SignInLinkSent = Type.Object(
  { message: Type.String() },
  { description: 'Accepted: if the address can receive mail, a link is on its way.' },
);

export const NewCustomerSession = Type.Object(
  {
    token: Type.String({
      minLength: 20,
      maxLength: 200,
      description: 'The token from the emailed sign-in link (its `token` query parameter). It works once.',
    }),
  },
  { additionalProperties: false },
);
export type NewCustomerSession = Static<typeof NewCustomerSession>;

export const Customer = Type.Object(
  {
    id: Uuid,
    email: Type.String({ description: 'Lower-cased. Proven by the sign-in link.' }),
    name: Type.String({ description: 'Empty until the customer gives one, unless a past order had one.' }),
    locale: Type.String({ description: 'The language the customer reads the storefront and its emails in.' }),
    email_verified_at: Nullable(Timestamp),
    created_at: Timestamp,
    updated_at: Timestamp,
    last_signed_in_at: Nullable(Timestamp),
  },
  {
    $id: 'Customer',
    description:
      "A buyer's account at one organizer. The same email at another organizer is another account. Accounts are never removed.",
  },
);

export const CustomerListQuery = Type.Object(
  {
    email: Type.Optional(
      Type.String({ minLength: 1, maxLength: 254, description: 'Only the account with this email (any case).' }),
    ),
    ...SyncQuery,
  },
  { additionalProperties: false },
);
export type CustomerListQuery = Static<typeof CustomerListQuery>;

export const CustomerSession = Type.Object(
  {
    token: Type.String({
      description:
        'Send as `Authorization: Bearer <token>` to the customer endpoints of this organizer (and no other). Keep it like a password.',
    }),
    expires_at: Timestamp,
    customer: Ref(Customer),
    claimed_orders: Type.Integer({
      minimum: 0,
      description: 'Guest orders placed with this email that joined the account on this sign-in.',
    }),
  },
  { $id: 'CustomerSession', description: 'A signed-in customer at one organizer.' },
);

export const CustomerUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CustomerUpdate = Static<typeof CustomerUpdate>;

export const CustomerOrderListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type CustomerOrderListQuery = Static<typeof CustomerOrderListQuery>;

const money = (description: string) => Type.Integer({ minimum: 0, description });

export const CustomerOrder = Type.Object(
  {
    id: Uuid,
    number: Type.String({ description: 'Short order number, unique per organizer.' }),
    status: StringEnum(ORDER_STATUSES),
    currency: Type.String({ description: 'ISO 4217 code; all amounts are in its minor unit (cents).' }),
    subtotal_cents: money('Tickets and add-ons before discount, fees and tax; donations are counted apart.'),
    discount_cents: money('Total discount.'),
    fee_cents: money('Total service fee the buyer paid.'),
    tax_cents: money('Total sales tax.'),
    donation_cents: money('Total donations (no discount, fee or tax applies to them).'),
    total_cents: money('What the buyer pays: subtotal − discount + fee + tax + donations.'),
    refunded_cents: money('Given back so far.'),
    events: Type.Array(
      Type.Object({
        id: Uuid,
        title: LocalizedText(200),
        starts_at: Timestamp,
        time_zone: Type.String({ description: "The event's IANA time zone, for showing its times." }),
        venue_name: Type.String(),
        city: Type.String(),
      }),
      { description: 'The events the order is for, soonest first.' },
    ),
    lines: Type.Array(
      Type.Object({
        kind: StringEnum(['ticket', 'product', 'donation'] as const),
        event_id: Nullable(Uuid),
        description: LocalizedText(200),
        quantity: Type.Integer(),
        total_cents: money('What this line cost, all in.'),
      }),
    ),
    access_token: Type.String({
      description:
        'Opens the whole order with its tickets: `GET /v1/public/organizers/{slug}/orders/{id}?token=…` and the other buyer order endpoints.',
    }),
    paid_at: Nullable(Timestamp),
    created_at: Timestamp,
  },
  { $id: 'CustomerOrder', description: "One of the customer's orders, summarized, with the token that opens it." },
);

export const customerSchemas = [Customer, CustomerSession, CustomerOrder];
