import type { components } from '@accessplus/sdk';
import type { FormField } from './form-errors';

export type Branding = components['schemas']['Branding'];
export type BrandFont = Branding['font'];
export type ColorField = 'brand_color' | 'background_color' | 'text_color';

export const COLOR_FIELDS: readonly { field: ColorField; label: string; hint: string }[] = [
  { field: 'brand_color', label: 'Brand color', hint: 'Buttons, links and the top of every page.' },
  { field: 'background_color', label: 'Page background', hint: 'Behind everything; cards stay white.' },
  { field: 'text_color', label: 'Text color', hint: 'The words on your pages.' },
];

export const FONTS: readonly { value: BrandFont; label: string; family: string }[] = [
  { value: 'system', label: "The device's own font", family: 'system-ui, sans-serif' },
  {
    value: 'noto_sans',
    label: 'Noto Sans',
    family: '"Noto Sans Variable", "Noto Sans Ethiopic Variable", "Noto Sans Arabic Variable", sans-serif',
  },
  {
    value: 'noto_serif',
    label: 'Noto Serif',
    family: '"Noto Serif Variable", "Noto Serif Ethiopic Variable", "Noto Naskh Arabic Variable", serif',
  },
];

const COLOR_MESSAGE: [RegExp, string] = [
  /^(has a format that is not accepted|must be at most 7 characters|must be a string)$/,
  'must be # and six hexadecimal digits, such as #7a1f3d',
];

export const BRANDING_FIELDS: Readonly<Record<string, FormField>> = {
  logo_image_id: { input: 'logo', label: 'Logo' },
  favicon_image_id: { input: 'favicon', label: 'Icon' },
  hero_image_id: { input: 'hero', label: 'Cover image' },
  brand_color: { input: 'brand_color', label: 'Brand color', rewrites: [COLOR_MESSAGE] },
  background_color: { input: 'background_color', label: 'Page background', rewrites: [COLOR_MESSAGE] },
  text_color: { input: 'text_color', label: 'Text color', rewrites: [COLOR_MESSAGE] },
  font: { input: 'font', label: 'Font' },
};

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
