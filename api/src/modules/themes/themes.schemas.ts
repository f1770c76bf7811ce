import { CHECK_LEVELS, CSS_MAX_CHARS, SECTIONS, TEMPLATE_MAX_CHARS } from '@accessplus/themes';
import { type Static, Type } from 'typebox';
import { Nullable, StringEnum, Timestamp } from '../../lib/schemas.ts';

const Template = (place: string) =>
  Nullable(
    Type.String({
      maxLength: TEMPLATE_MAX_CHARS,
      description: `A Handlebars template for ${place}; null or empty keeps the storefront's own.`,
    }),
  );

const draftFields = {
  header: Template('the top of the storefront pages, in place of the name or logo'),
  footer: Template('the bottom of the storefront pages, above the copyright line'),
  home_hero: Template('the top of the home page, in place of the cover image'),
  event_sections: Template("each event's page, below the description"),
  css: Nullable(
    Type.String({
      maxLength: CSS_MAX_CHARS,
      description:
        "The theme's stylesheet. Published, it is parsed and allow-listed: no @import, no url() but the platform's own images, no expression().",
    }),
  ),
};

export const ThemeDraftUpdate = Type.Partial(Type.Object(draftFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type ThemeDraftUpdate = Static<typeof ThemeDraftUpdate>;

export const ThemeCheckFinding = Type.Object(
  {
    level: StringEnum(CHECK_LEVELS, {
      description:
        '`fatal` keeps the theme from being published; `error` is left out of the page; `warning` hurts buyers; `tip` is advice.',
    }),
    part: StringEnum([...SECTIONS, 'css'] as const),
    line: Nullable(Type.Integer({ description: 'The line of the template or stylesheet, when known.' })),
    message: Type.String(),
  },
  { $id: 'ThemeCheckFinding', description: 'One thing the theme check found.' },
);

const FindingRef = Type.Unsafe<Static<typeof ThemeCheckFinding>>({ $ref: 'ThemeCheckFinding' });

export const ThemeVersion = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    published_at: Timestamp,
    live: Type.Boolean({ description: 'Whether the storefront shows this version now.' }),
  },
  { $id: 'ThemeVersion', description: 'A published version of the theme.' },
);

export const Theme = Type.Object(
  {
    available: Type.Boolean({
      description:
        'Whether the plan has `themes`. Without it the storefront shows its own look and nothing can be published.',
    }),
    draft: Type.Object({
      ...draftFields,
      updated_at: Nullable(Timestamp),
    }),
    check: Type.Object(
      {
        publishable: Type.Boolean({ description: 'No fatal finding.' }),
        findings: Type.Array(FindingRef, { description: 'Fatal findings first, then errors, warnings and tips.' }),
      },
      { description: 'The theme check of the draft.' },
    ),
    live_version: Nullable(
      Type.Integer({ description: "The version the storefront shows; null: the storefront's own look." }),
    ),
    preview_expires_at: Nullable(Timestamp),
    versions: Type.Array(Type.Unsafe<Static<typeof ThemeVersion>>({ $ref: 'ThemeVersion' }), {
      description: 'The kept published versions, newest first.',
    }),
  },
  { $id: 'Theme', description: "The organizer's theme: its draft, the draft's check, and the published versions." },
);

export const ThemePreviewLink = Type.Object(
  {
    url: Type.String({
      format: 'uri',
      description: 'Opens the storefront with the draft; only who has the link sees it.',
    }),
    expires_at: Timestamp,
  },
  { $id: 'ThemePreviewLink', description: 'A private link to the storefront wearing the draft.' },
);

export const ThemeVersionParams = Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

export const PublicThemeQuery = Type.Object({
  preview: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: "A preview link's token: the draft instead of the live theme.",
    }),
  ),
});

export const PublicTheme = Type.Object(
  {
    version: Nullable(
      Type.Integer({ description: "The live version shown; null for a draft or for the storefront's own look." }),
    ),
    preview: Type.Boolean({ description: 'Whether this is the draft, through a preview link.' }),
    header: Nullable(Type.String()),
    footer: Nullable(Type.String()),
    home_hero: Nullable(Type.String()),
    event_sections: Nullable(Type.String()),
    css: Type.String({ description: 'The stylesheet, already cleaned; serve it as a file of its own.' }),
    image_prefixes: Type.Array(Type.String(), {
      description: "How the addresses of the platform's images start: the only images a theme may show.",
    }),
  },
  { $id: 'PublicTheme', description: "What a storefront needs to wear an organizer's theme." },
);
