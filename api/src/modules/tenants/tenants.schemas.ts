import { type Static, type TSchema, Type } from 'typebox';
import { Locale, LocalizedText, Nullable, StringEnum, Timestamp, TimeZone, Uuid } from '../../lib/schemas.ts';
import { FEATURES } from '../billing/plans.ts';

export const PLANS = ['basic', 'pro', 'enterprise'] as const;
export const ROLES = ['owner', 'admin', 'staff', 'check_in'] as const;

export const Slug = Type.String({
  pattern: '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$',
  minLength: 1,
  maxLength: 48,
  description: 'Lowercase letters, digits and hyphens; used in storefront addresses.',
  examples: ['addis-cultural-center'],
});

export const Currency = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 currency code.',
  examples: ['USD'],
});

export const ContactEmail = Nullable(
  Type.String({
    format: 'email',
    maxLength: 254,
    description: 'Where buyers may write to the organizer; storefronts show it. null when it gives none.',
    examples: ['hello@addis-cultural-center.org'],
  }),
);

function socialLinkFields<T extends TSchema>(field: (name: string) => T) {
  return {
    facebook: Type.Optional(field('Facebook')),
    instagram: Type.Optional(field('Instagram')),
    x: Type.Optional(field('X (Twitter)')),
    tiktok: Type.Optional(field('TikTok')),
    youtube: Type.Optional(field('YouTube')),
    whatsapp: Type.Optional(field('WhatsApp')),
    telegram: Type.Optional(field('Telegram')),
  };
}

export const SocialLinks = Type.Object(
  socialLinkFields((name) => Type.String({ description: `The organizer's ${name} address (https).` })),
  {
    description: "The organizer's pages on social networks, as https addresses; a network it gave none for is absent.",
    examples: [{ instagram: 'https://www.instagram.com/addisculture', whatsapp: 'https://wa.me/12025550143' }],
  },
);

export const SocialLinksUpdate = Type.Object(
  socialLinkFields((name) =>
    Nullable(
      Type.String({
        maxLength: 300,
        description: `An https address on ${name}, or a handle (for WhatsApp, a phone number with its country code); null removes it.`,
      }),
    ),
  ),
  {
    additionalProperties: false,
    description:
      'Only the networks to change. An address on another site, or one that is not https or http, is refused (422, beside the network).',
    examples: [{ instagram: '@addisculture', x: null }],
  },
);

/** What buyers read about the organizer on its storefront page, besides its name and contact email. */
export const OrganizerProfile = {
  about: LocalizedText(4000, {
    description:
      'What the organizer tells buyers about itself, per locale: plain text, paragraphs split by a blank line.',
  }),
  contact_phone: Nullable(
    Type.String({ description: 'A phone number buyers may call.', examples: ['+1 202 555 0143'] }),
  ),
  address_line: Nullable(Type.String({ description: 'Street address.', examples: ['1234 U Street NW'] })),
  city: Nullable(Type.String({ examples: ['Washington'] })),
  state: Nullable(Type.String({ description: 'State or region.', examples: ['DC'] })),
  postal_code: Nullable(Type.String({ examples: ['20009'] })),
  website_url: Nullable(
    Type.String({ description: "The organizer's own website.", examples: ['https://addis.example.org'] }),
  ),
  social_links: SocialLinks,
};

export const Role = StringEnum(ROLES, {
  description: 'owner: everything; admin: everything but owners; staff: events and tiers; check_in: door scanning.',
});

export const Organizer = Type.Object(
  {
    id: Uuid,
    slug: Slug,
    name: Type.String(),
    plan: StringEnum(PLANS, { description: 'The plan in force; it changes through billing.' }),
    features: Type.Array(StringEnum(FEATURES), {
      description: 'What the plan allows beyond selling tickets; GET /v1/organizer/billing says which plan has what.',
    }),
    platform_branding: Type.Boolean({
      description:
        'Whether the storefront shows "Tickets by Access Plus". Hiding it needs a plan with `remove_branding`; on a plan without it the storefront shows it whatever this says.',
    }),
    contact_email: ContactEmail,
    ...OrganizerProfile,
    currency: Currency,
    default_locale: Locale,
    locales: Type.Array(Locale),
    time_zone: TimeZone,
    status: StringEnum(['active', 'suspended'] as const),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Organizer', description: 'An organizer (tenant) and its settings.' },
);

export const NewOrganizer = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, examples: ['Addis Cultural Center'] }),
    slug: Slug,
    currency: Type.Optional(Currency),
    default_locale: Type.Optional(Locale),
    locales: Type.Optional(Type.Array(Locale, { minItems: 1, maxItems: 20, uniqueItems: true })),
    time_zone: Type.Optional(TimeZone),
  },
  { additionalProperties: false },
);
export type NewOrganizer = Static<typeof NewOrganizer>;

export const OrganizerUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    contact_email: Type.Optional(ContactEmail),
    about: Type.Optional(
      LocalizedText(4000, {
        description:
          "What the organizer tells buyers about itself, per locale (each one of the organizer's locales); replaces the whole text. Plain text: a blank line starts a paragraph.",
      }),
    ),
    contact_phone: Type.Optional(
      Nullable(Type.String({ maxLength: 40, description: 'A phone number buyers may call; null removes it.' })),
    ),
    address_line: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    city: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    state: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    postal_code: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    website_url: Type.Optional(
      Nullable(Type.String({ maxLength: 500, description: 'An http or https address; null removes it.' })),
    ),
    social_links: Type.Optional(SocialLinksUpdate),
    currency: Type.Optional(Currency),
    default_locale: Type.Optional(Locale),
    locales: Type.Optional(Type.Array(Locale, { minItems: 1, maxItems: 20, uniqueItems: true })),
    time_zone: Type.Optional(TimeZone),
    platform_branding: Type.Optional(
      Type.Boolean({ description: 'false hides "Tickets by Access Plus" on the storefront (Pro and Enterprise).' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type OrganizerUpdate = Static<typeof OrganizerUpdate>;

export const Member = Type.Object(
  {
    user_id: Uuid,
    email: Type.String(),
    display_name: Type.String(),
    role: Role,
    email_verified: Type.Boolean(),
    created_at: Timestamp,
  },
  { $id: 'Member', description: 'A person who works for the organizer.' },
);

export const NewMember = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    role: Role,
    display_name: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type NewMember = Static<typeof NewMember>;

export const MemberUpdate = Type.Object({ role: Role }, { additionalProperties: false });

export const MemberParams = Type.Object({ user_id: Uuid });
