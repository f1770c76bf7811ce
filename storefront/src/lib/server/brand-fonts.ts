import { baseLanguage } from '@accessplus/i18n';
import notoNaskhArabicArabic from '@fontsource-variable/noto-naskh-arabic/files/noto-naskh-arabic-arabic-wght-normal.woff2?url';
import notoNaskhArabicRanges from '@fontsource-variable/noto-naskh-arabic/unicode.json';
import notoSansLatinExt from '@fontsource-variable/noto-sans/files/noto-sans-latin-ext-wght-normal.woff2?url';
import notoSansLatin from '@fontsource-variable/noto-sans/files/noto-sans-latin-wght-normal.woff2?url';
import notoSansRanges from '@fontsource-variable/noto-sans/unicode.json';
import notoSansArabicArabic from '@fontsource-variable/noto-sans-arabic/files/noto-sans-arabic-arabic-wght-normal.woff2?url';
import notoSansArabicRanges from '@fontsource-variable/noto-sans-arabic/unicode.json';
import notoSansEthiopicEthiopic from '@fontsource-variable/noto-sans-ethiopic/files/noto-sans-ethiopic-ethiopic-wght-normal.woff2?url';
import notoSansEthiopicRanges from '@fontsource-variable/noto-sans-ethiopic/unicode.json';
import notoSerifLatinExt from '@fontsource-variable/noto-serif/files/noto-serif-latin-ext-wght-normal.woff2?url';
import notoSerifLatin from '@fontsource-variable/noto-serif/files/noto-serif-latin-wght-normal.woff2?url';
import notoSerifRanges from '@fontsource-variable/noto-serif/unicode.json';
import notoSerifEthiopicEthiopic from '@fontsource-variable/noto-serif-ethiopic/files/noto-serif-ethiopic-ethiopic-wght-normal.woff2?url';
import notoSerifEthiopicRanges from '@fontsource-variable/noto-serif-ethiopic/unicode.json';
import type { PublicOrganizer } from '../api-types';

export type BrandFont = PublicOrganizer['branding']['font'];

type Script = 'latin' | 'ethiopic' | 'arabic';

/** One subset of a variable font file, bundled and served by the storefront itself. */
interface FontFace {
  family: string;
  /** The script the subset draws, which decides how its text waits for it. */
  script: Script;
  url: string;
  unicodeRange: string;
}

interface BrandFontFamily {
  faces: FontFace[];
  /** The CSS font stack: the Latin family, then the Ethiopic and Arabic ones for what it lacks. */
  stack: string;
}

/**
 * The fonts an organizer may choose, each covering the scripts of our buyers' languages: Latin
 * (with its extended subset for Yoruba, Haitian Creole and Portuguese), Ethiopic and Arabic.
 * Only those subsets are bundled, and a browser fetches a subset only when the page has a
 * character in its range.
 */
const FAMILIES: Record<Exclude<BrandFont, 'system'>, BrandFontFamily> = {
  noto_sans: {
    faces: [
      { family: 'Noto Sans Variable', script: 'latin', url: notoSansLatin, unicodeRange: notoSansRanges.latin },
      {
        family: 'Noto Sans Variable',
        script: 'latin',
        url: notoSansLatinExt,
        unicodeRange: notoSansRanges['latin-ext'],
      },
      {
        family: 'Noto Sans Ethiopic Variable',
        script: 'ethiopic',
        url: notoSansEthiopicEthiopic,
        unicodeRange: notoSansEthiopicRanges.ethiopic,
      },
      {
        family: 'Noto Sans Arabic Variable',
        script: 'arabic',
        url: notoSansArabicArabic,
        unicodeRange: notoSansArabicRanges.arabic,
      },
    ],
    stack: '"Noto Sans Variable", "Noto Sans Ethiopic Variable", "Noto Sans Arabic Variable", system-ui, sans-serif',
  },
  noto_serif: {
    faces: [
      { family: 'Noto Serif Variable', script: 'latin', url: notoSerifLatin, unicodeRange: notoSerifRanges.latin },
      {
        family: 'Noto Serif Variable',
        script: 'latin',
        url: notoSerifLatinExt,
        unicodeRange: notoSerifRanges['latin-ext'],
      },
      {
        family: 'Noto Serif Ethiopic Variable',
        script: 'ethiopic',
        url: notoSerifEthiopicEthiopic,
        unicodeRange: notoSerifEthiopicRanges.ethiopic,
      },
      {
        family: 'Noto Naskh Arabic Variable',
        script: 'arabic',
        url: notoNaskhArabicArabic,
        unicodeRange: notoNaskhArabicRanges.arabic,
      },
    ],
    stack: '"Noto Serif Variable", "Noto Serif Ethiopic Variable", "Noto Naskh Arabic Variable", Georgia, serif',
  },
};

/**
 * The device's own font, with Ethiopic and Arabic faces of our own behind it: a phone or computer
 * without fonts for those scripts would show Amharic or Arabic as empty boxes.
 */
const SYSTEM: BrandFontFamily = {
  faces: FAMILIES.noto_sans.faces.filter((face) => face.script !== 'latin'),
  stack:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Ethiopic Variable", "Noto Sans Arabic Variable", sans-serif',
};

/**
 * Latin text shows at once in a fallback font and swaps to the organizer's when it arrives. Ethiopic
 * and Arabic text waits for its face (preloaded; at most three seconds): a phone without such
 * fonts has no fallback to show but empty boxes, and Chromium kept painting the boxes even after
 * the face had arrived.
 */
function displayOf(face: FontFace): 'swap' | 'block' {
  return face.script === 'latin' ? 'swap' : 'block';
}

const familyOf = (font: BrandFont): BrandFontFamily => (font === 'system' ? SYSTEM : FAMILIES[font]);

/** The @font-face rules and the font stack of a chosen font, and its Ethiopic and Arabic families. */
export function brandFontCss(font: BrandFont): { faces: string; stack: string; ethiopic: string; arabic: string } {
  const family = familyOf(font);
  const named = (script: Script) => `"${family.faces.find((face) => face.script === script)?.family ?? ''}"`;
  const faces = family.faces
    .map(
      (face) =>
        `@font-face {\n  font-family: "${face.family}";\n  font-style: normal;\n  font-weight: 100 900;\n  font-display: ${displayOf(face)};\n  src: url("${face.url}") format("woff2");\n  unicode-range: ${face.unicodeRange};\n}`,
    )
    .join('\n');
  return { faces, stack: family.stack, ethiopic: named('ethiopic'), arabic: named('arabic') };
}

/** The scripts whose faces a page preloads when it is written in them. */
const SCRIPT_OF_LANGUAGE: Record<string, Script> = { am: 'ethiopic', ti: 'ethiopic', ar: 'arabic' };

/**
 * The font files a page in `locale` needs from its first paint: its script's face in the
 * organizer's font (or behind the device's). Asked for up front, a phone without Ethiopic or
 * Arabic fonts shows the page's words at once rather than empty boxes until the face arrives.
 */
export function fontPreloads(font: BrandFont, locale: string): string[] {
  const script = SCRIPT_OF_LANGUAGE[baseLanguage(locale)];
  if (!script) return [];
  return familyOf(font)
    .faces.filter((face) => face.script === script)
    .map((face) => face.url);
}
