import { type Static, Type } from 'typebox';
import {
  LOCALE_PATTERN,
  LocalizedText,
  MAX_PRICE_CENTS,
  Nullable,
  PageQuery,
  StringEnum,
  Timestamp,
  Uuid,
} from '../../lib/schemas.ts';
import type { PublicBranding } from '../branding/branding.schemas.ts';
import { ATTENDEE_NAMES } from '../events/events.schemas.ts';
import { ContactEmail, Currency, OrganizerProfile, Slug } from '../tenants/tenants.schemas.ts';

export const Category = Type.Object(
  {
    id: Type.String({ examples: ['afrobeat-concert'] }),
    names: LocalizedText(100),
  },
  { $id: 'Category', description: 'A category of the cultural event taxonomy.' },
);

export const PaymentOptions = Type.Object(
  {
    card_provider: StringEnum(['stripe', 'test'] as const, {
      description:
        '`stripe`: pay by card with Stripe’s Payment Element (the order’s `payment_action` carries its client secret). `test`: the test provider takes a test card number in the payment request.',
    }),
    card_test_mode: Type.Boolean({
      description: 'Cards go to the test provider: no money moves, and the storefront must say so.',
    }),
    offline_methods: Type.Array(StringEnum(['cash', 'partner'] as const), {
      description: 'Ways to pay in person the organizer takes, besides cards.',
    }),
    community_partners: Type.Array(Type.String(), {
      description: 'Where buyers may pay through a community partner (when `partner` is offered).',
    }),
  },
  { description: 'How buyers can pay this organizer.' },
);

export const PublicOrganizer = Type.Object(
  {
    slug: Slug,
    name: Type.String(),
    contact_email: ContactEmail,
    ...OrganizerProfile,
    default_locale: Type.String(),
    locales: Type.Array(Type.String()),
    time_zone: Type.String(),
    currency: Currency,
    payments: PaymentOptions,
    show_platform_branding: Type.Boolean({ description: 'Whether the storefront shows "Tickets by Access Plus".' }),
    branding: Type.Unsafe<Static<typeof PublicBranding>>({
      $ref: 'PublicBranding',
      description: "The organizer's logo, icon, cover image, colors and font.",
    }),
    theme_version: Nullable(
      Type.Integer({
        description:
          "The published theme version the storefront wears (GET /v1/public/organizers/{slug}/theme); null for the storefront's own look.",
      }),
    ),
  },
  { $id: 'PublicOrganizer', description: 'What a storefront shows of an organizer.' },
);

export const PublicTier = Type.Object(
  {
    id: Uuid,
    name: LocalizedText(120),
    description: LocalizedText(2000),
    price_cents: Type.Integer({ description: 'Price in cents; 0 is free.' }),
    currency: Type.String(),
    remaining: Type.Integer({ description: 'Tickets still available.' }),
    sold_out: Type.Boolean(),
    on_sale: Type.Boolean({ description: 'Within its sale window now (and not sold out).' }),
    sales_start_at: Nullable(Timestamp),
    sales_end_at: Nullable(Timestamp),
    min_per_order: Type.Integer(),
    max_per_order: Type.Integer(),
  },
  { $id: 'PublicTier', description: 'A ticket tier as buyers see it.' },
);

export const PublicAddOn = Type.Object(
  {
    id: Uuid,
    name: LocalizedText(120),
    description: LocalizedText(2000),
    price_cents: Type.Integer({ description: 'Price of one, in cents; 0 is free.' }),
    currency: Type.String(),
    remaining: Type.Integer({ description: 'Units still for sale.' }),
    sold_out: Type.Boolean(),
    max_per_order: Type.Integer({ description: 'Most units one order may take.' }),
  },
  {
    $id: 'PublicAddOn',
    description:
      'An add-on (merchandise, food, parking) buyers may take with the event’s tickets: `add_ons` of an order.',
  },
);

const publicEventFields = {
  id: Uuid,
  organizer: Type.Object({ slug: Type.String(), name: Type.String() }),
  title: LocalizedText(200),
  category: Type.String({ description: 'Category id; names per locale come from GET /v1/categories.' }),
  tags: Type.Array(Type.String()),
  languages: Type.Array(Type.String()),
  venue_name: Type.String(),
  address_line: Type.String(),
  city: Type.String(),
  state: Type.String(),
  postal_code: Type.String(),
  country: Type.String(),
  time_zone: Type.String(),
  starts_at: Timestamp,
  ends_at: Timestamp,
  image_url: Nullable(Type.String()),
  image_srcset: Nullable(
    Type.String({
      description: 'Widths of an uploaded image_url as an `<img srcset>` value; null for an external image.',
    }),
  ),
  is_online: Type.Boolean({
    description: 'The event happens online; its link is on the orders of its ticket holders, not here.',
  }),
  currency: Type.String(),
  price_from_cents: Nullable(Type.Integer({ description: 'Lowest price among tiers on offer; null without tiers.' })),
  price_to_cents: Nullable(Type.Integer({ description: 'Highest price among tiers on offer.' })),
  remaining: Type.Integer({ description: 'Tickets still available across tiers.' }),
  sold_out: Type.Boolean(),
};

export const PublicEventSummary = Type.Object(publicEventFields, {
  $id: 'PublicEventSummary',
  description: 'A published event in a catalog list (the description is on the event itself).',
});

export const PublicEvent = Type.Object(
  {
    ...publicEventFields,
    description: LocalizedText(20_000),
    category_names: LocalizedText(100, { description: "The category's name per locale." }),
    tiers: Type.Array(Type.Unsafe({ $ref: 'PublicTier' })),
    add_ons: Type.Array(Type.Unsafe({ $ref: 'PublicAddOn' }), {
      description: 'Add-ons on offer with this event’s tickets, in display order.',
    }),
    donations_enabled: Type.Boolean({
      description: 'Buyers may give a donation of their choosing (`donations` of an order).',
    }),
    donation_goal_cents: Nullable(Type.Integer({ description: 'The fundraising goal, if the organizer set one.' })),
    donations_raised_cents: Type.Integer({
      description: 'Donations to this event in paid orders, less those refunded.',
    }),
    waitlist_enabled: Type.Boolean({
      description:
        'Buyers may join the waitlist of a sold-out tier; when false, joining answers 409 `waitlist_closed`.',
    }),
    attendee_names: StringEnum(ATTENDEE_NAMES, {
      description:
        'Whether to ask each ticket holder’s name: `optional`, or `required` (an order is refused unless each ticket of this event has one, in `attendee_names`).',
    }),
  },
  {
    $id: 'PublicEvent',
    description: 'A published event with the tiers and add-ons on offer, their availability, and how buyers take part.',
  },
);

export const CatalogQuery = Type.Object(
  {
    organizer: Type.Optional(Type.String({ maxLength: 48, description: "Only this organizer's events (its slug)." })),
    category: Type.Optional(Type.String({ maxLength: 64, description: 'A category id.' })),
    starts_from: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Events starting at or after this time. Default: events not yet over.',
      }),
    ),
    starts_before: Type.Optional(
      Type.String({ format: 'date-time', description: 'Events starting before this time.' }),
    ),
    city: Type.Optional(Type.String({ maxLength: 100, description: 'City, case-insensitive.' })),
    state: Type.Optional(Type.String({ maxLength: 100, description: 'State or region, case-insensitive.' })),
    price_min: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_PRICE_CENTS,
        description: 'Cents: a tier on offer costs at least this.',
      }),
    ),
    price_max: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_PRICE_CENTS, description: 'Cents: a tier on offer costs at most this.' }),
    ),
    language: Type.Optional(
      Type.String({
        pattern: LOCALE_PATTERN,
        maxLength: 16,
        description: 'Held in, or described in, this language (e.g. `am`).',
      }),
    ),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Keywords (full-text search).' })),
    sort: Type.Optional(
      StringEnum(['date', 'relevance'] as const, {
        description: 'By start time, or by relevance to `q` (the default when `q` is given).',
      }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type CatalogQuery = Static<typeof CatalogQuery>;

export const CatalogEventParams = Type.Object({ event_id: Uuid });
export const OrganizerParams = Type.Object({ slug: Slug });
