import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import * as fontkit from 'fontkit';
import type { PDFDocument, PDFFont, PDFPage, RGB } from 'pdf-lib';

/**
 * Text in any of our languages on a PDF page. pdf-lib's standard fonts only cover WinAnsi, and
 * organizers and attendees write Amharic, Arabic, Yoruba with its tone marks…: each character is
 * drawn with the first Noto font that has it (Latin, Greek and Cyrillic; Arabic; Ethiopic), which
 * pdf-lib embeds as a subset of the glyphs used. A character none of them has (an emoji, Chinese)
 * is drawn as "?" — replaced, never transliterated, and never a reason to fail the ticket.
 *
 * Arabic is shaped by fontkit, which also lays a right-to-left run out from right to left; the
 * order of runs in a line of mixed directions is the Unicode bidirectional algorithm's (bidi-js).
 *
 * The fonts go through fontkit itself rather than pdf-lib's fork of it (@pdf-lib/fontkit 1.1):
 * the fork writes a TrueType subset's short `loca` table without padding odd-length glyphs, so
 * that some letters of Noto Sans come out blank, a bug fontkit fixed in 1.8.
 */

const require = createRequire(import.meta.url);

export type FontWeight = 'regular' | 'bold';

const FONT_FILES: Record<FontWeight, readonly string[]> = {
  regular: [
    '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
    '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
    '@expo-google-fonts/noto-sans-ethiopic/400Regular/NotoSansEthiopic_400Regular.ttf',
  ],
  bold: [
    '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
    '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf',
    '@expo-google-fonts/noto-sans-ethiopic/700Bold/NotoSansEthiopic_700Bold.ttf',
  ],
};

const MISSING = '?';

interface LoadedFont {
  bytes: Buffer;
  parsed: fontkit.Font;
  covers: Set<number>;
}

// Read and parsed once per process: a few hundred kilobytes each, and parsing is most of the cost
// of a document.
const loaded = new Map<string, LoadedFont>();
const parsedByBytes = new WeakMap<Uint8Array, fontkit.Font>();

function loadFont(file: string): LoadedFont {
  let font = loaded.get(file);
  if (!font) {
    const bytes = readFileSync(require.resolve(file));
    const parsed = fontkit.create(bytes);
    if (!('characterSet' in parsed)) throw new Error(`${file} is a font collection, not a font`);
    font = { bytes, parsed, covers: new Set(parsed.characterSet) };
    loaded.set(file, font);
    parsedByBytes.set(bytes, parsed);
  }
  return font;
}

/**
 * fontkit as pdf-lib calls it: the fonts parsed already, and a subset's `encodeStream` (fontkit
 * 1's, which pdf-lib reads) made from today's `encode`.
 */
const adapted = new WeakMap<fontkit.Font, fontkit.Font>();
const fontkitForPdfLib = {
  create(bytes: Uint8Array) {
    const font = parsedByBytes.get(bytes);
    if (!font) throw new Error('only the fonts of FONT_FILES are embedded');
    let forPdfLib = adapted.get(font);
    if (!forPdfLib) {
      // One per font, kept: fontkit caches glyphs and layout on the font object.
      forPdfLib = Object.assign(Object.create(font) as fontkit.Font, {
        createSubset() {
          const subset = font.createSubset();
          return Object.assign(subset, { encodeStream: () => Readable.from([Buffer.from(subset.encode())]) });
        },
      });
      adapted.set(font, forPdfLib);
    }
    return forPdfLib;
  },
} as unknown as Parameters<PDFDocument['registerFontkit']>[0];

// bidi-js is CommonJS whose module.exports is the factory, which its types call `default`.
const bidi = (require('bidi-js') as typeof import('bidi-js').default)();
const RIGHT_TO_LEFT_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;
// Spaces, punctuation, digits and combining marks stay in the font of the text around them.
const SHARED = /[\p{Script=Common}\p{Script=Inherited}]/u;

interface Run {
  text: string;
  font: number;
  level: number;
}

export interface TextStyle {
  weight?: FontWeight;
  size: number;
  color?: RGB;
}

/** Measures, wraps and draws text on the pages of one document. */
export class PdfText {
  private readonly embedded = new Map<string, Promise<PDFFont>>();

  constructor(private readonly doc: PDFDocument) {
    doc.registerFontkit(fontkitForPdfLib);
  }

  private font(weight: FontWeight, index: number): Promise<PDFFont> {
    const key = `${weight}:${index}`;
    let font = this.embedded.get(key);
    if (!font) {
      const file = FONT_FILES[weight][index] as string;
      font = this.doc.embedFont(loadFont(file).bytes, { subset: true });
      this.embedded.set(key, font);
    }
    return font;
  }

  /** The line cut into runs of one font and one direction, in the order they are drawn, left to right. */
  private runs(line: string, weight: FontWeight): Run[] {
    const fonts = FONT_FILES[weight].map(loadFont);
    const characters: { text: string; font: number; index: number }[] = [];
    let text = '';
    let current = -1;
    for (const character of line.replace(/\s/g, ' ')) {
      const codePoint = character.codePointAt(0) as number;
      let font =
        current >= 0 && SHARED.test(character) && fonts[current]?.covers.has(codePoint)
          ? current
          : fonts.findIndex((candidate) => candidate.covers.has(codePoint));
      let drawn = character;
      if (font < 0) {
        font = Math.max(current, 0);
        drawn = MISSING;
      }
      characters.push({ text: drawn, font, index: text.length });
      text += drawn;
      current = font;
    }
    if (characters.length === 0) return [];
    const { levels } = bidi.getEmbeddingLevels(text);
    const runs: Run[] = [];
    for (const character of characters) {
      const level = levels[character.index] ?? 0;
      const last = runs.at(-1);
      if (last && last.font === character.font && last.level === level) last.text += character.text;
      else runs.push({ text: character.text, font: character.font, level });
    }
    // Rule L2: from the highest level down to the lowest odd one, reverse every sequence of runs at that level or higher.
    const highest = Math.max(...runs.map((run) => run.level));
    const lowestOdd = Math.min(...runs.map((run) => (run.level % 2 === 1 ? run.level : run.level + 1)));
    for (let level = highest; level >= lowestOdd; level--) {
      for (let start = 0; start < runs.length; start++) {
        if ((runs[start] as Run).level < level) continue;
        let end = start;
        while (end + 1 < runs.length && (runs[end + 1] as Run).level >= level) end++;
        runs.splice(start, end - start + 1, ...runs.slice(start, end + 1).reverse());
        start = end;
      }
    }
    return runs.map((run) => {
      // fontkit lays out a run of Arabic letters right to left itself; right-to-left punctuation
      // alone is reversed (and mirrored, brackets) here.
      if (run.level % 2 === 0 || RIGHT_TO_LEFT_LETTER.test(run.text)) return run;
      const reversed = [...run.text].reverse().map((character) => bidi.getMirroredCharacter(character) ?? character);
      return { ...run, text: reversed.join('') };
    });
  }

  async width(text: string, style: TextStyle): Promise<number> {
    let width = 0;
    for (const run of this.runs(text, style.weight ?? 'regular')) {
      width += (await this.font(style.weight ?? 'regular', run.font)).widthOfTextAtSize(run.text, style.size);
    }
    return width;
  }

  /** The text cut into lines no wider than `maxWidth`, between words where it can, at most `maxLines` of them. */
  async wrap(text: string, style: TextStyle, maxWidth: number, maxLines = Number.POSITIVE_INFINITY): Promise<string[]> {
    const words = text.split(/\s+/).filter(Boolean);
    if ((await this.width(words.join(' '), style)) <= maxWidth) return words.length > 0 ? [words.join(' ')] : [];
    // Shaping every candidate line is the cost of a page: a line is measured as the sum of its
    // words and spaces (no kerning or joining happens across a space).
    const space = await this.width(' ', style);
    const lines: string[] = [];
    let line = '';
    let lineWidth = 0;
    for (const word of words) {
      const wordWidth = await this.width(word, style);
      if (line && lineWidth + space + wordWidth <= maxWidth) {
        line = `${line} ${word}`;
        lineWidth += space + wordWidth;
        continue;
      }
      if (line) lines.push(line);
      line = word;
      lineWidth = wordWidth;
      // A word longer than the line (a URL, a name without spaces) is cut where it has to be.
      while (lineWidth > maxWidth) {
        const characters = [...line];
        let fits = 1;
        while (
          fits < characters.length &&
          (await this.width(characters.slice(0, fits + 1).join(''), style)) <= maxWidth
        ) {
          fits++;
        }
        lines.push(characters.slice(0, fits).join(''));
        line = characters.slice(fits).join('');
        lineWidth = await this.width(line, style);
      }
    }
    if (line) lines.push(line);
    if (lines.length <= maxLines) return lines;
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]}…`;
    return kept;
  }

  /** Draws one line with its left end at `x` and its baseline at `y`; answers its width. */
  async draw(page: PDFPage, text: string, at: { x: number; y: number }, style: TextStyle): Promise<number> {
    const weight = style.weight ?? 'regular';
    let x = at.x;
    for (const run of this.runs(text, weight)) {
      const font = await this.font(weight, run.font);
      page.drawText(run.text, { x, y: at.y, size: style.size, font, ...(style.color ? { color: style.color } : {}) });
      x += font.widthOfTextAtSize(run.text, style.size);
    }
    return x - at.x;
  }
}
