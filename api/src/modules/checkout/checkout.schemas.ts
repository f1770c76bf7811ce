import { type Static, Type } from 'typebox';
import { Locale, LocalizedText, Nullable, StringEnum, Timestamp, Uuid } from '../../lib/schemas.ts';
import { ShortCode } from '../tickets/tickets.schemas.ts';

const MAX_DONATION_CENTS = 10_000_000;

export const OrganizerSlugParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 48, pattern: '^[a-z0-9-]+$', description: "The organizer's slug." }),
});
export const BuyerOrderParams = Type.Object({ ...OrganizerSlugParams.properties, order_id: Uuid });
export const BuyerTicketParams = Type.Object({ ...BuyerOrderParams.properties, ticket_id: Uuid });
export const OrderAccessQuery = Type.Object(
  {
    token: Type.String({
      minLength: 20,
      maxLength: 200,
      description: 'The access token from checkout or from the link in the order email.',
    }),
  },
  { additionalProperties: false },
);

const cartFields = {
  tickets: Type.Array(
    Type.Object(
      {
        tier_id: Uuid,
        quantity: Type.Integer({ minimum: 1, maximum: 100 }),
        attendee_names: Type.Optional(
          Type.Array(Type.String({ maxLength: 200 }), {
            maxItems: 100,
            description:
              "Names of the tickets' holders, in order: one non-blank name per ticket when the event's `attendee_names` is `required`, otherwise optional.",
          }),
        ),
      },
      { additionalProperties: false },
    ),
    { maxItems: 20, description: 'Tickets of any tiers of any events of this organizer.' },
  ),
  add_ons: Type.Array(
    Type.Object(
      { product_id: Uuid, quantity: Type.Integer({ minimum: 1, maximum: 100 }) },
      { additionalProperties: false },
    ),
    { maxItems: 20, description: 'Merchandise, food, parking.' },
  ),
  donations: Type.Array(
    Type.Object(
      {
        event_id: Uuid,
        amount_cents: Type.Integer({
          minimum: 100,
          maximum: MAX_DONATION_CENTS,
          description: 'At least 100 (one dollar).',
        }),
      },
      { additionalProperties: false },
    ),
    { maxItems: 5, description: 'Gifts to events that accept donations.' },
  ),
  promo_code: Type.String({ minLength: 1, maxLength: 40 }),
};

export const Cart = Type.Object(
  {
    tickets: Type.Optional(cartFields.tickets),
    add_ons: Type.Optional(cartFields.add_ons),
    donations: Type.Optional(cartFields.donations),
    promo_code: Type.Optional(cartFields.promo_code),
  },
  { additionalProperties: false },
);
export type Cart = Static<typeof Cart>;

export const NewOrder = Type.Object(
  {
    buyer: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 200 }),
        email: Type.String({ format: 'email', maxLength: 254 }),
        locale: Type.Optional(Locale),
      },
      { additionalProperties: false, description: 'Who buys. Tickets and receipts go to this email.' },
    ),
    ...Cart.properties,
  },
  { additionalProperties: false },
);
export type NewOrder = Static<typeof NewOrder>;

export const Payment = Type.Union(
  [
    Type.Object(
      {
        method: Type.Literal('card'),
        card_number: Type.Optional(
          Type.String({
            minLength: 12,
            maxLength: 23,
            description:
              'Only with the test provider (no Stripe keys on the server): 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined. With Stripe the card is entered in Stripe’s Payment Element, never sent here.',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    Type.Object({ method: Type.Literal('cash') }, { additionalProperties: false }),
    Type.Object(
      { method: Type.Literal('partner'), partner: Type.String({ minLength: 1, maxLength: 100 }) },
      { additionalProperties: false },
    ),
  ],
  {
    description:
      'How the buyer pays. `cash` (at the door) and `partner` (a trusted community partner) reserve the order until the payment deadline; organizer staff then mark it paid.',
  },
);
export type Payment = Static<typeof Payment>;

const money = (description: string) => Type.Integer({ minimum: 0, description });

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

const totals = {
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

export const Quote = Type.Object(
  { lines: Type.Array(PricedLine), ...totals, promo_code: Nullable(Type.String()) },
  {
    $id: 'Quote',
    description:
      'The all-in price of a cart, itemized: what checkout will charge. Each percentage is applied once per line and rounded half up to the cent; the lines add up exactly to the totals.',
  },
);

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
    buyer: Type.Object({ name: Type.String(), email: Type.String(), locale: Type.String() }),
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

export const BuyerOrder = Type.Object(
  {
    order: Type.Unsafe<Static<typeof Order>>({ $ref: 'Order' }),
    access_token: Type.String({
      description:
        'Opens this order (GET with `?token=`); part of the link the buyer is sent. Keep it like a password.',
    }),
    online_events: Type.Array(
      Type.Object({
        event_id: Uuid,
        online_url: Type.String({ description: 'Where the online event happens: what its tickets give access to.' }),
      }),
      {
        description:
          'The links of the online events this order holds valid tickets for (none until it is paid, none once they are refunded).',
      },
    ),
    payment_action: Type.Optional(
      Type.Object(
        {
          type: Type.Literal('stripe_payment_element'),
          client_secret: Type.String({
            description: 'Mount Stripe’s Payment Element with it and confirm the payment.',
          }),
          publishable_key: Type.String(),
        },
        {
          description:
            'Paying by card with Stripe: the buyer finishes in the browser. The order is paid once Stripe confirms it (webhook), or when the buyer comes back and `…/payment-confirmations` is called.',
        },
      ),
    ),
  },
  { $id: 'BuyerOrder', description: 'An order as its buyer sees it, with the token that opens it again.' },
);

export const TicketKeys = Type.Object(
  {
    keys: Type.Array(
      Type.Object({
        kty: Type.Literal('OKP'),
        crv: Type.Literal('Ed25519'),
        x: Type.String(),
        kid: Type.String(),
        use: Type.Literal('sig'),
        alg: Type.Literal('EdDSA'),
      }),
    ),
  },
  {
    $id: 'TicketKeys',
    description:
      'The public keys ticket codes are signed with (a JWK set). A code reads `AP1.<kid>.<payload>.<signature>`: ' +
      'the payload is base64url of 48 bytes (organizer, event and ticket UUIDs, 16 bytes each) and the signature is ' +
      'Ed25519 over the ASCII text before the last dot. Scanners can verify tickets offline with these keys.',
  },
);

/** Registered once for the whole app: checkout, orders and their tests refer to them. */
export const checkoutSchemas = [Quote, Order, BuyerOrder, TicketKeys];
