import { type Static, Type } from 'typebox';
import { Nullable, StringEnum, Uuid } from '../../lib/schemas.ts';

export const BRAND_FONTS = ['system', 'noto_sans', 'noto_serif'] as const;

const HexColor = (description: string) =>
  Nullable(
    Type.String({
      pattern: '^#[0-9A-Fa-f]{6}$',
      maxLength: 7,
      description: `${description} As \`#rrggbb\`; null keeps the storefront's own color.`,
      examples: ['#7a1f3d'],
    }),
  );

const ImageId = (description: string) =>
  Nullable(Type.String({ format: 'uuid', maxLength: 36, description: `${description} null removes it.` }));

const brandingFields = {
  logo_image_id: ImageId('An uploaded image (POST /v1/images) shown at the top of every storefront page and email.'),
  favicon_image_id: ImageId("A square uploaded image shown as the storefront's icon in browser tabs."),
  hero_image_id: ImageId("An uploaded image across the top of the storefront's home page."),
  brand_color: HexColor(
    'Buttons, links and the storefront header; their text is white or near-black, whichever reads better.',
  ),
  background_color: HexColor("The storefront's page background."),
  text_color: HexColor("The storefront's body text."),
  font: StringEnum(BRAND_FONTS, {
    description:
      "`system`: the device's own font (the default). `noto_sans`: Noto Sans with Noto Sans Ethiopic and Noto Sans Arabic. `noto_serif`: Noto Serif with Noto Serif Ethiopic and Noto Naskh Arabic. Both are served by the storefront itself.",
  }),
};

export const BrandingUpdate = Type.Partial(Type.Object(brandingFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type BrandingUpdate = Static<typeof BrandingUpdate>;

export const BrandImage = Type.Object(
  {
    id: Uuid,
    url: Type.String({ format: 'uri', description: 'The narrowest stored width, enough for a logo or an icon.' }),
    width: Type.Integer({ description: 'Width of `url` in pixels.' }),
    height: Type.Integer({ description: 'Height of `url` in pixels.' }),
    srcset: Type.String({ description: 'Every stored width as an `<img srcset>` value.' }),
  },
  { $id: 'BrandImage', description: 'An uploaded image the brand uses.' },
);

const MaybeImage = Type.Union([Type.Unsafe<Static<typeof BrandImage>>({ $ref: 'BrandImage' }), Type.Null()]);

export const ContrastCheck = Type.Object(
  {
    field: StringEnum(['brand_color', 'background_color', 'text_color'] as const),
    color: Type.String({ description: "The color checked: the chosen one, or the storefront's own when none is." }),
    ratio: Type.Number({ description: 'Its lowest contrast ratio with what it is read with, e.g. 3.2 for 3.2:1.' }),
    passes: Type.Boolean({ description: 'Whether every ratio is at least 4.5:1 (WCAG AA for text).' }),
    suggestion: Nullable(
      Type.String({ description: 'When it fails: the nearest color of the same hue that passes, as `#rrggbb`.' }),
    ),
    message: Type.String({ description: 'The verdict as a sentence for the organizer.' }),
  },
  { $id: 'ContrastCheck', description: 'Whether a color of the brand is readable where it is used.' },
);

export const Branding = Type.Object(
  {
    ...brandingFields,
    logo: MaybeImage,
    favicon: MaybeImage,
    hero: MaybeImage,
    contrast: Type.Array(Type.Unsafe<Static<typeof ContrastCheck>>({ $ref: 'ContrastCheck' }), {
      description:
        'Each color checked for contrast. A color that fails is saved all the same (the organizer decides), and its check says so with the nearest color that passes.',
    }),
    updated_at: Nullable(
      Type.String({ format: 'date-time', description: 'Last change; null while the brand was never changed.' }),
    ),
  },
  {
    $id: 'Branding',
    description:
      "How the organizer's storefront, buyer emails and card form look: logo, icon, cover image, colors, font.",
  },
);

export const PublicBranding = Type.Object(
  {
    logo: MaybeImage,
    favicon: MaybeImage,
    hero: MaybeImage,
    brand_color: Nullable(Type.String({ description: "As `#rrggbb`; null: the storefront's own." })),
    brand_text_color: Nullable(
      Type.String({ description: 'The text on `brand_color` (white or near-black); null with `brand_color`.' }),
    ),
    background_color: Nullable(Type.String()),
    text_color: Nullable(Type.String()),
    font: StringEnum(BRAND_FONTS),
  },
  { $id: 'PublicBranding', description: "What a storefront needs to wear the organizer's brand." },
);
