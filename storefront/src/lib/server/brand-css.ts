import { createHash } from 'node:crypto';
import type { PublicOrganizer } from '../api-types';
import { brandFontCss } from './brand-fonts';

const HEX = /^#[0-9a-f]{6}$/;

/**
 * The organizer's brand as a style sheet: its colors and font as the custom properties app.css
 * reads, each only where the organizer chose one, so a storefront without a brand looks as the
 * platform's. Served as a file of the storefront's own (`/brand.css`), which its content security
 * policy allows without inline styles.
 */
export function brandCss(branding: PublicOrganizer['branding']): string {
  const properties: [string, string | null][] = [
    ['--brand', branding.brand_color],
    ['--brand-contrast', branding.brand_text_color],
    ['--background', branding.background_color],
    ['--text', branding.text_color],
  ];
  const font = brandFontCss(branding.font);
  // The API checks colors; a value that is not one never reaches the style sheet all the same.
  const declarations = properties
    .filter((entry): entry is [string, string] => entry[1] !== null && HEX.test(entry[1]))
    .map(([property, value]) => `  ${property}: ${value};`);
  declarations.push(
    `  --font: ${font.stack};`,
    `  --font-ethiopic: ${font.ethiopic};`,
    `  --font-arabic: ${font.arabic};`,
  );
  // SvelteKit places a page's own <link>s before the app's style sheet, whose `:root` would then win:
  // `html:root` outranks it wherever it comes.
  const root = declarations.length > 0 ? `html:root {\n${declarations.join('\n')}\n}\n` : '';
  return `${font.faces ? `${font.faces}\n` : ''}${root}`;
}

/** A short fingerprint of the style sheet, so a changed brand is a new address and an unchanged one stays cached. */
export function brandCssVersion(css: string): string {
  return createHash('sha256').update(css).digest('base64url').slice(0, 12);
}

const stylesheets = new WeakMap<PublicOrganizer['branding'], { css: string; version: string }>();

/**
 * The brand's style sheet and its fingerprint, made once per branding answer: every page links
 * it, and the organizer's answer is shared by the pages of a moment (tenant.ts). Keyed by the
 * answer itself, so one organizer's sheet is never another's.
 */
export function brandStylesheet(branding: PublicOrganizer['branding']): { css: string; version: string } {
  let sheet = stylesheets.get(branding);
  if (!sheet) {
    const css = brandCss(branding);
    sheet = { css, version: brandCssVersion(css) };
    stylesheets.set(branding, sheet);
  }
  return sheet;
}
