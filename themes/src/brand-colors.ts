import { type Colord, colord, extend } from 'colord';
import a11yPlugin from 'colord/plugins/a11y';

extend([a11yPlugin]);

// Whether an organizer's colors read, on the storefront and in its emails: the API's verdict when
// they are saved, and the admin's as the organizer picks them, from this one module.

/** The storefront's own colors (storefront/src/app.css), which an organizer's replace. */
export const DEFAULT_COLORS = Object.freeze({ brand: '#1d4ed8', background: '#f6f7f9', text: '#1f2937' });
/** Cards and forms stay white on every storefront, so text and links must read on white too. */
const SURFACE = '#ffffff';
const LIGHT_TEXT = '#ffffff';
const DARK_TEXT = '#111827';
/** WCAG 2.2 AA for normal-size text (success criterion 1.4.3). */
export const REQUIRED_CONTRAST = 4.5;

export type ColorField = 'brand_color' | 'background_color' | 'text_color';
export interface ChosenColors {
  brand_color: string | null;
  background_color: string | null;
  text_color: string | null;
}

/** The text drawn on the brand color (buttons, the header): white or near-black, whichever reads better. */
export function textOnColor(color: string): string {
  const base = colord(color);
  return base.contrast(LIGHT_TEXT) >= base.contrast(DARK_TEXT) ? LIGHT_TEXT : DARK_TEXT;
}

/** Whether text of `color` reads on `background` as WCAG AA asks of normal-size text. */
export function readsOn(color: string, background: string): boolean {
  return colord(color).contrast(background) >= REQUIRED_CONTRAST;
}

interface Pairing {
  /** What the color is read with, for the sentence that explains a failure. */
  what: string;
  /** The color it is read against, given the color under test. */
  other: (candidate: Colord) => string;
}

function pairings(field: ColorField, colors: { brand: string; background: string; text: string }): Pairing[] {
  switch (field) {
    case 'brand_color':
      return [
        { what: 'the text of buttons on it', other: (candidate) => textOnColor(candidate.toHex()) },
        { what: 'the page background (links)', other: () => colors.background },
        { what: 'white cards (links)', other: () => SURFACE },
      ];
    case 'background_color':
      return [
        { what: 'the text color', other: () => colors.text },
        { what: 'the brand color (links)', other: () => colors.brand },
      ];
    case 'text_color':
      return [
        { what: 'the page background', other: () => colors.background },
        { what: 'white cards', other: () => SURFACE },
      ];
  }
}

function worst(candidate: Colord, pairs: Pairing[]): { ratio: number; pairing: Pairing } {
  let found = { ratio: Number.POSITIVE_INFINITY, pairing: pairs[0] as Pairing };
  for (const pairing of pairs) {
    const ratio = candidate.contrast(pairing.other(candidate));
    if (ratio < found.ratio) found = { ratio, pairing };
  }
  return found;
}

/**
 * The passing color nearest to `color` in lightness, keeping its hue: the fewest steps of 1 %
 * darker or lighter, darker first on a tie. Null when no lightness of that hue passes.
 */
function nearestPassing(color: Colord, pairs: Pairing[]): string | null {
  for (let step = 1; step <= 100; step += 1) {
    for (const candidate of [color.darken(step / 100), color.lighten(step / 100)]) {
      if (worst(candidate, pairs).ratio >= REQUIRED_CONTRAST) return candidate.toHex();
    }
  }
  return null;
}

export interface ContrastCheck {
  field: ColorField;
  color: string;
  /** The lowest contrast ratio of the color with what it is read with, to two decimals. */
  ratio: number;
  passes: boolean;
  suggestion: string | null;
  message: string;
}

/**
 * Every color of a brand (the chosen ones, the storefront's own for the rest) checked against
 * what it is read with, as WCAG AA asks of text: 4.5:1.
 */
export function checkContrast(chosen: ChosenColors): ContrastCheck[] {
  const colors = {
    brand: chosen.brand_color ?? DEFAULT_COLORS.brand,
    background: chosen.background_color ?? DEFAULT_COLORS.background,
    text: chosen.text_color ?? DEFAULT_COLORS.text,
  };
  const fieldColors: Record<ColorField, string> = {
    brand_color: colors.brand,
    background_color: colors.background,
    text_color: colors.text,
  };
  return (Object.keys(fieldColors) as ColorField[]).map((field) => {
    const color = colord(fieldColors[field]);
    const pairs = pairings(field, colors);
    const { ratio, pairing } = worst(color, pairs);
    const rounded = Math.floor(ratio * 100) / 100;
    if (ratio >= REQUIRED_CONTRAST) {
      return {
        field,
        color: color.toHex(),
        ratio: rounded,
        passes: true,
        suggestion: null,
        message: `Readable: at least ${rounded}:1 with everything it is read with.`,
      };
    }
    const suggestion = nearestPassing(color, pairs);
    return {
      field,
      color: color.toHex(),
      ratio: rounded,
      passes: false,
      suggestion,
      message: `Hard to read: ${rounded}:1 with ${pairing.what}, where at least ${REQUIRED_CONTRAST}:1 is needed.${
        suggestion ? ` ${suggestion} is the nearest color that reads well.` : ''
      }`,
    };
  });
}
