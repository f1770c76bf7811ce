import { type Static, Type } from 'typebox';
import { LOCALE_PATTERN, Locale, Nullable, OrganizerSlugParams, Uuid } from '../../lib/schemas.ts';
import { Order, PricedLine, totals } from '../orders/orders.schemas.ts';

const MAX_DONATION_CENTS = 10_000_000;

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

export const TicketsPdfQuery = Type.Object(
  {
    ...OrderAccessQuery.properties,
    locale: Type.Optional(
      Type.String({
        pattern: LOCALE_PATTERN,
        maxLength: 16,
        description:
          'The language to print the tickets in (a BCP 47 tag, e.g. `am`); the language the buyer ordered in by default.',
      }),
    ),
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
        marketing_consent: Type.Optional(
          Type.Boolean({
            description:
              'The buyer ticked "Send me news about other events from this organizer". Unticked (false) by default; tickets, receipts and notices about the events bought go either way.',
          }),
        ),
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

export const Quote = Type.Object(
  { lines: Type.Array(PricedLine), ...totals, promo_code: Nullable(Type.String()) },
  {
    $id: 'Quote',
    description:
      'The all-in price of a cart, itemized: what checkout will charge. Each percentage is applied once per line and rounded half up to the cent; the lines add up exactly to the totals.',
  },
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
