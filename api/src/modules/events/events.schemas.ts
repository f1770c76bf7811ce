import { type Static, Type } from 'typebox';
import {
  Locale,
  LocalizedText,
  MAX_PRICE_CENTS,
  Nullable,
  StringEnum,
  SyncQuery,
  Timestamp,
  TimeZone,
  Uuid,
} from '../../lib/schemas.ts';

export const EVENT_STATUSES = ['draft', 'published', 'unpublished', 'cancelled'] as const;
export const ATTENDEE_NAMES = ['off', 'optional', 'required'] as const;

const MAX_QUANTITY = 1_000_000;

export const ImageUrl = Type.String({
  format: 'uri',
  pattern: '^https?://',
  maxLength: 2000,
  description: "An http(s) address of the event's image.",
});

const tierFields = {
  name: LocalizedText(120, { minProperties: 1, description: 'Tier name per locale, e.g. `{"en": "VIP"}`.' }),
  description: LocalizedText(2000),
  price_cents: Type.Integer({
    minimum: 0,
    maximum: MAX_PRICE_CENTS,
    description: "Price in cents (the currency's minor unit); 0 makes the tier free.",
  }),
  quantity: Type.Integer({ minimum: 0, maximum: MAX_QUANTITY, description: 'Tickets available in this tier.' }),
  sales_start_at: Nullable(Timestamp),
  sales_end_at: Nullable(Timestamp),
  min_per_order: Type.Integer({ minimum: 1, maximum: 100 }),
  max_per_order: Type.Integer({ minimum: 1, maximum: 100 }),
  position: Type.Integer({ minimum: 0, maximum: 10_000, description: 'Order in which tiers are shown.' }),
  hidden: Type.Boolean({ description: 'Hidden tiers are not offered in the public catalog.' }),
  waitlist_paused: Type.Boolean({ description: 'While paused, returned seats are not offered to the waitlist.' }),
};

export const NewTier = Type.Object(
  {
    name: tierFields.name,
    description: Type.Optional(tierFields.description),
    price_cents: tierFields.price_cents,
    quantity: tierFields.quantity,
    sales_start_at: Type.Optional(tierFields.sales_start_at),
    sales_end_at: Type.Optional(tierFields.sales_end_at),
    min_per_order: Type.Optional(tierFields.min_per_order),
    max_per_order: Type.Optional(tierFields.max_per_order),
    position: Type.Optional(tierFields.position),
    hidden: Type.Optional(tierFields.hidden),
  },
  { additionalProperties: false },
);
export type NewTier = Static<typeof NewTier>;

export const TierUpdate = Type.Partial(Type.Object(tierFields), { additionalProperties: false, minProperties: 1 });
export type TierUpdate = Static<typeof TierUpdate>;

export const Tier = Type.Object(
  {
    id: Uuid,
    event_id: Uuid,
    name: LocalizedText(120),
    description: LocalizedText(2000),
    price_cents: Type.Integer(),
    currency: Type.String(),
    quantity: Type.Integer(),
    sold_count: Type.Integer({ description: 'Valid tickets issued: sold and not refunded.' }),
    held_count: Type.Integer({ description: 'Held by checkouts in progress and offline orders awaiting payment.' }),
    remaining: Type.Integer({ description: 'Tickets still available (never negative).' }),
    sales_start_at: Nullable(Timestamp),
    sales_end_at: Nullable(Timestamp),
    min_per_order: Type.Integer(),
    max_per_order: Type.Integer(),
    position: Type.Integer(),
    hidden: Type.Boolean(),
    waitlist_paused: Type.Boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
    deleted_at: Nullable(
      Type.String({
        format: 'date-time',
        description:
          'When the organizer deleted the tier. Only sync pages (`updated_since`) show deleted tiers, so that a mirror removes them; null everywhere else.',
      }),
    ),
  },
  {
    $id: 'Tier',
    description:
      'A ticket tier as its organizer sees it. Its counts (`sold_count`, `held_count`, `remaining`) are as of the read: sales change them without changing the tier, so sync orders and tickets to follow them.',
  },
);

const Tag = Type.String({ minLength: 1, maxLength: 40 });

const eventFields = {
  title: LocalizedText(200, { minProperties: 1, description: 'Title per locale; at least one.' }),
  description: LocalizedText(20_000, { description: 'Description per locale (plain text).' }),
  category: Type.String({ minLength: 1, maxLength: 64, description: 'A category id from GET /v1/categories.' }),
  tags: Type.Array(Tag, { maxItems: 20, uniqueItems: true, description: 'Free tags, e.g. a community or a language.' }),
  languages: Type.Array(Locale, { maxItems: 10, uniqueItems: true, description: 'Languages the event is held in.' }),
  venue_name: Type.String({ maxLength: 200 }),
  address_line: Type.String({ maxLength: 300 }),
  city: Type.String({ maxLength: 100 }),
  state: Type.String({ maxLength: 100, description: 'State or region, e.g. `MD`.' }),
  postal_code: Type.String({ maxLength: 20 }),
  country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code.' }),
  time_zone: TimeZone,
  starts_at: Timestamp,
  ends_at: Timestamp,
  capacity: Nullable(Type.Integer({ minimum: 1, maximum: MAX_QUANTITY, description: 'Admissions across all tiers.' })),
  image_url: Nullable(ImageUrl),
  image_id: Nullable(
    Type.String({
      format: 'uuid',
      maxLength: 36,
      description:
        'An image uploaded with POST /v1/images; it sets `image_url` and `image_srcset`. Null removes the image. Send it or `image_url`, not both.',
    }),
  ),
  donations_enabled: Type.Boolean({ description: 'Buyers may add a donation of their choosing at checkout.' }),
  donation_goal_cents: Nullable(
    Type.Integer({ minimum: 100, maximum: MAX_PRICE_CENTS, description: 'Optional fundraising goal, in cents.' }),
  ),
  online_url: Nullable(
    Type.String({
      format: 'uri',
      pattern: '^https?://',
      maxLength: 2000,
      description:
        'Where an online event happens (stream or meeting link); venue fields may then be empty. Only holders of valid tickets see it, on their order.',
    }),
  ),
  waitlist_enabled: Type.Boolean({ description: 'Buyers may join the waitlist of a sold-out tier (default true).' }),
  attendee_names: StringEnum(ATTENDEE_NAMES, {
    description:
      "Names on tickets: `off` (default), `optional` (the storefront asks one per ticket) or `required` (an order needs a non-blank name for each of this event's tickets).",
  }),
};

export const NewEvent = Type.Object(
  {
    title: eventFields.title,
    description: Type.Optional(eventFields.description),
    category: eventFields.category,
    tags: Type.Optional(eventFields.tags),
    languages: Type.Optional(eventFields.languages),
    venue_name: Type.Optional(eventFields.venue_name),
    address_line: Type.Optional(eventFields.address_line),
    city: Type.Optional(eventFields.city),
    state: Type.Optional(eventFields.state),
    postal_code: Type.Optional(eventFields.postal_code),
    country: Type.Optional(eventFields.country),
    time_zone: eventFields.time_zone,
    starts_at: eventFields.starts_at,
    ends_at: eventFields.ends_at,
    capacity: Type.Optional(eventFields.capacity),
    image_url: Type.Optional(eventFields.image_url),
    image_id: Type.Optional(eventFields.image_id),
    donations_enabled: Type.Optional(eventFields.donations_enabled),
    donation_goal_cents: Type.Optional(eventFields.donation_goal_cents),
    online_url: Type.Optional(eventFields.online_url),
    waitlist_enabled: Type.Optional(eventFields.waitlist_enabled),
    attendee_names: Type.Optional(eventFields.attendee_names),
    tiers: Type.Optional(Type.Array(NewTier, { maxItems: 50, description: 'Tiers to create with the event.' })),
  },
  { additionalProperties: false },
);
export type NewEvent = Static<typeof NewEvent>;

export const EventUpdate = Type.Partial(Type.Object(eventFields), { additionalProperties: false, minProperties: 1 });
export type EventUpdate = Static<typeof EventUpdate>;

export const Event = Type.Object(
  {
    id: Uuid,
    status: StringEnum(EVENT_STATUSES),
    title: LocalizedText(200),
    description: LocalizedText(20_000),
    category: Type.String(),
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
    capacity: Nullable(Type.Integer()),
    image_url: Nullable(Type.String()),
    image_id: Nullable(Type.String({ format: 'uuid', description: 'The uploaded image `image_url` shows, if any.' })),
    image_srcset: Nullable(
      Type.String({
        description: "The uploaded image's widths as an `<img srcset>` value; null for another image_url.",
      }),
    ),
    donations_enabled: Type.Boolean(),
    donation_goal_cents: Nullable(Type.Integer()),
    online_url: Nullable(Type.String()),
    waitlist_enabled: Type.Boolean(),
    attendee_names: StringEnum(ATTENDEE_NAMES),
    published_at: Nullable(Timestamp),
    cancelled_at: Nullable(Timestamp),
    created_at: Timestamp,
    updated_at: Timestamp,
    deleted_at: Nullable(
      Type.String({
        format: 'date-time',
        description:
          'When the organizer deleted the draft. Only sync pages (`updated_since`) show deleted events (with no tiers), so that a mirror removes them; null everywhere else.',
      }),
    ),
    tiers: Type.Array(Type.Unsafe({ $ref: 'Tier' }), {
      description:
        'Its tiers now. Adding, changing or deleting a tier changes the event too; sales do not (sync tiers for their counts).',
    }),
  },
  { $id: 'Event', description: 'An event as its organizer sees it, with all its tiers.' },
);

export const EventParams = Type.Object({ event_id: Uuid });
export const TierParams = Type.Object({ event_id: Uuid, tier_id: Uuid });

export const EventListQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(EVENT_STATUSES)),
    ...SyncQuery,
  },
  { additionalProperties: false },
);
export type EventListQuery = Static<typeof EventListQuery>;

export const TierListQuery = Type.Object(
  {
    event_id: Type.Optional(Type.String({ format: 'uuid', maxLength: 36, description: "Only this event's tiers." })),
    ...SyncQuery,
  },
  { additionalProperties: false },
);
export type TierListQuery = Static<typeof TierListQuery>;
