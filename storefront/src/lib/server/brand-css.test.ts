import { describe, expect, it } from 'vitest';
import { brandCss, brandCssVersion, brandStylesheet } from './brand-css';

const none = {
  logo: null,
  favicon: null,
  hero: null,
  brand_color: null,
  brand_text_color: null,
  background_color: null,
  text_color: null,
  font: 'system' as const,
};

describe("the organizer's style sheet", () => {
  it("is made once per organizer's answer, and each answer keeps its own", () => {
    const maroon = { ...none, brand_color: '#7a1f3d' };
    const green = { ...none, brand_color: '#0b6e4f' };
    const first = brandStylesheet(maroon);
    expect(first).toEqual({ css: brandCss(maroon), version: brandCssVersion(brandCss(maroon)) });
    expect(brandStylesheet(maroon)).toBe(first);
    const other = brandStylesheet(green);
    expect(other.css).toContain('#0b6e4f');
    expect(other.version).not.toBe(first.version);
    // A new answer with the brand changed (the cache of answers read it again) is a new sheet.
    expect(brandStylesheet({ ...maroon, brand_color: '#111111' }).css).toContain('#111111');
  });

  it("without a brand keeps the storefront's look: the device's font, with Ethiopic and Arabic behind it", () => {
    const css = brandCss(none);
    const families = [...css.matchAll(/font-family: "([^"]+)"/g)].map(([, family]) => family);
    expect(families).toEqual(['Noto Sans Ethiopic Variable', 'Noto Sans Arabic Variable']);
    expect(css).toContain(
      'html:root {\n  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Ethiopic Variable", "Noto Sans Arabic Variable", sans-serif;\n  --font-ethiopic: "Noto Sans Ethiopic Variable";\n  --font-arabic: "Noto Sans Arabic Variable";\n}\n',
    );
    expect(css).not.toContain('--brand');
  });

  it('sets only the colors chosen, as the custom properties app.css reads', () => {
    const css = brandCss({ ...none, brand_color: '#7a1f3d', brand_text_color: '#ffffff', text_color: '#222222' });
    expect(css.slice(css.indexOf('html:root'))).toBe(
      'html:root {\n  --brand: #7a1f3d;\n  --brand-contrast: #ffffff;\n  --text: #222222;\n  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Ethiopic Variable", "Noto Sans Arabic Variable", sans-serif;\n  --font-ethiopic: "Noto Sans Ethiopic Variable";\n  --font-arabic: "Noto Sans Arabic Variable";\n}\n',
    );
  });

  it('never writes a value that is not a color', () => {
    const css = brandCss({ ...none, brand_color: 'red;}body{display:none', background_color: '#fdf8f3' });
    expect(css).not.toContain('body{');
    expect(css).not.toContain('red;');
    expect(css).toContain('--background: #fdf8f3;');
  });

  it.each([
    [
      'noto_sans',
      ['Noto Sans Variable', 'Noto Sans Variable', 'Noto Sans Ethiopic Variable', 'Noto Sans Arabic Variable'],
    ],
    [
      'noto_serif',
      ['Noto Serif Variable', 'Noto Serif Variable', 'Noto Serif Ethiopic Variable', 'Noto Naskh Arabic Variable'],
    ],
  ] as const)(
    '%s: the Latin, Ethiopic and Arabic subsets only; Latin swapped in as it arrives, the others awaited',
    (font, families) => {
      const css = brandCss({ ...none, font });
      const faces = [...css.matchAll(/@font-face \{([^}]*)\}/g)].map(([, body]) => body ?? '');
      expect(faces.map((face) => face.match(/font-family: "([^"]+)"/)?.[1])).toEqual(families);
      for (const face of faces) {
        expect(face).toContain(/Ethiopic|Arabic/.test(face) ? 'font-display: block;' : 'font-display: swap;');
        expect(face).toMatch(/src: url\("[^"]+\.woff2"\) format\("woff2"\)/);
        expect(face).not.toMatch(/url\("https?:/);
        expect(face).toMatch(/unicode-range: U\+/);
      }
      expect(css).toMatch(/-ethiopic-ethiopic-wght-normal/);
      expect(css).not.toMatch(/cyrillic|greek|vietnamese|devanagari/);
      expect(css).toContain(`--font: "${families[0]}", "${families[2]}", "${families[3]}"`);
    },
  );

  it('changes its fingerprint when the brand changes, and only then', () => {
    const a = brandCss({ ...none, brand_color: '#7a1f3d', brand_text_color: '#ffffff' });
    const b = brandCss({ ...none, brand_color: '#0b6e4f', brand_text_color: '#ffffff' });
    expect(brandCssVersion(a)).toBe(brandCssVersion(`${a}`));
    expect(brandCssVersion(a)).not.toBe(brandCssVersion(b));
  });
});

describe('the fonts a page asks for up front', () => {
  it("is its script's face, in the organizer's font or behind the device's, and none for Latin pages", async () => {
    const { fontPreloads } = await import('./brand-fonts');
    expect(fontPreloads('system', 'am')).toEqual([expect.stringMatching(/noto-sans-ethiopic-ethiopic/)]);
    expect(fontPreloads('noto_serif', 'am')).toEqual([expect.stringMatching(/noto-serif-ethiopic-ethiopic/)]);
    expect(fontPreloads('system', 'ar')).toEqual([expect.stringMatching(/noto-sans-arabic-arabic/)]);
    expect(fontPreloads('noto_serif', 'ar')).toEqual([expect.stringMatching(/noto-naskh-arabic-arabic/)]);
    expect(fontPreloads('system', 'ht')).toEqual([]);
  });
});
