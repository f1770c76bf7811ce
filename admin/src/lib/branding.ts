import type { components } from '@accessplus/sdk';
import { type ContrastCheck, REQUIRED_CONTRAST } from '@accessplus/themes/brand-colors';
import type { FormField } from './form-errors';
import type { Messages, StatusOf } from './messages';

export type Branding = components['schemas']['Branding'];
export type BrandFont = Branding['font'];
export type ColorField = 'brand_color' | 'background_color' | 'text_color';

export interface ColorFieldWords {
  field: ColorField;
  label: string;
  hint: string;
  /** The name of the color picker beside the text input. */
  pick: string;
}

/** The colors a brand chooses, in the reader's language. */
export function colorFields(t: Messages): readonly ColorFieldWords[] {
  return [
    {
      field: 'brand_color',
      label: t.settings_brandingBrandColor,
      hint: t.settings_brandingBrandColorHint,
      pick: t.settings_brandingPickBrandColor,
    },
    {
      field: 'background_color',
      label: t.settings_brandingBackgroundColor,
      hint: t.settings_brandingBackgroundColorHint,
      pick: t.settings_brandingPickBackgroundColor,
    },
    {
      field: 'text_color',
      label: t.settings_brandingTextColor,
      hint: t.settings_brandingTextColorHint,
      pick: t.settings_brandingPickTextColor,
    },
  ];
}

const FONT_FAMILIES: readonly { value: BrandFont; family: string }[] = [
  { value: 'system', family: 'system-ui, sans-serif' },
  {
    value: 'noto_sans',
    family: '"Noto Sans Variable", "Noto Sans Ethiopic Variable", "Noto Sans Arabic Variable", sans-serif',
  },
  {
    value: 'noto_serif',
    family: '"Noto Serif Variable", "Noto Serif Ethiopic Variable", "Noto Naskh Arabic Variable", serif',
  },
];

/** The fonts a brand may use, with their CSS families; Noto's are named by their own names. */
export function fonts(t: Messages): readonly { value: BrandFont; label: string; family: string }[] {
  const labels: Record<BrandFont, string> = {
    system: t.settings_brandingFontSystem,
    noto_sans: 'Noto Sans',
    noto_serif: 'Noto Serif',
  };
  return FONT_FAMILIES.map((font) => ({ ...font, label: labels[font.value] }));
}

/** The API's fields and the form's inputs, with the form's words for what the API says of a color. */
export function brandingFields(t: Messages): Readonly<Record<string, FormField>> {
  const color = (input: ColorField, label: string, sentence: string): FormField => ({
    input,
    label,
    rewrites: [[/^(has a format that is not accepted|must be at most 7 characters|must be a string)$/, sentence]],
  });
  return {
    logo_image_id: { input: 'logo', label: t.settings_brandingLogo },
    favicon_image_id: { input: 'favicon', label: t.settings_brandingIcon },
    hero_image_id: { input: 'hero', label: t.settings_brandingCover },
    brand_color: color('brand_color', t.settings_brandingBrandColor, t.settings_brandingBrandColorInvalid),
    background_color: color(
      'background_color',
      t.settings_brandingBackgroundColor,
      t.settings_brandingBackgroundColorInvalid,
    ),
    text_color: color('text_color', t.settings_brandingTextColor, t.settings_brandingTextColorInvalid),
    font: { input: 'font', label: t.settings_brandingFont },
  };
}

/** What `checkContrast` says a failing color is read with, and the message that says so. */
const PAIRINGS: Record<string, StatusOf<'settings_brandingContrast'>> = {
  'the text of buttons on it': 'buttonText',
  'the page background (links)': 'backgroundLinks',
  'white cards (links)': 'cardLinks',
  'the text color': 'textColor',
  'the brand color (links)': 'brandLinks',
  'the page background': 'background',
  'white cards': 'cards',
};

/** What a contrast check that fails says after its ratio, in the reader's language. */
export function contrastProblem(check: ContrastCheck, t: Messages): string {
  const what = /^Hard to read: [\d.]+:1 with (.+), where at least/.exec(check.message)?.[1];
  const inputs = { ratio: String(check.ratio), required: String(REQUIRED_CONTRAST) };
  const pairing = what ? PAIRINGS[what] : undefined;
  if (!pairing) return check.message.replace(/^Hard to read: /, '');
  const problem = t[`settings_brandingContrast_${pairing}`](inputs);
  return check.suggestion
    ? `${problem} ${t.settings_brandingContrastSuggestion({ color: check.suggestion })}`
    : problem;
}

export interface BrandingForm {
  brand_color: string;
  background_color: string;
  text_color: string;
  font: string;
}

/** A color as typed: the storefront's own (null) when left empty. */
export function typedColor(value: string): string | null {
  const trimmed = value.trim().toLowerCase();
  return trimmed === '' ? null : trimmed;
}

export function brandingForm(branding: Branding): BrandingForm {
  return {
    brand_color: branding.brand_color ?? '',
    background_color: branding.background_color ?? '',
    text_color: branding.text_color ?? '',
    font: branding.font,
  };
}
