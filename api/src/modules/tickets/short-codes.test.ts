import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatShortCode,
  normalizeShortCode,
  SHORT_CODE_ALPHABET,
  SHORT_CODE_EXAMPLE,
  shortCodeFragment,
} from './short-codes.ts';

const symbol = fc.constantFrom(...SHORT_CODE_ALPHABET);
const storedCode = fc.string({ unit: symbol, minLength: 10, maxLength: 10 });

/** The ways a person writes a symbol of a code: its case, and the look-alike letters Crockford reads as digits. */
function variantsOf(char: string): string[] {
  const variants = [char, char.toLowerCase()];
  if (char === '0') variants.push('O', 'o');
  if (char === '1') variants.push('I', 'i', 'L', 'l');
  return variants;
}

/** A code as someone might type it: symbols in variants, with separators anywhere. */
const typedCode = storedCode.chain((code) =>
  fc
    .tuple(
      ...[...code].map((char) =>
        fc.tuple(
          fc.constantFrom(...variantsOf(char)),
          fc.constantFrom('', '', '', '-', ' ', '  ', '\u2013', '\u2011', '\t'),
        ),
      ),
    )
    .map((parts) => ({ code, text: parts.map(([char, separator]) => char + separator).join('') })),
);

describe('short codes', () => {
  it('uses the 32 symbols of Crockford base32: digits and letters without I, L, O and U', () => {
    expect(SHORT_CODE_ALPHABET).toHaveLength(32);
    expect(new Set(SHORT_CODE_ALPHABET).size).toBe(32);
    expect(SHORT_CODE_ALPHABET).not.toMatch(/[ILOU]/);
    expect(SHORT_CODE_ALPHABET).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ');
  });

  it('shows a code in groups of four, four and two, and reads the grouped form back', () => {
    expect(formatShortCode('7KQ4M2XD9P')).toBe('7KQ4-M2XD-9P');
    expect(normalizeShortCode(SHORT_CODE_EXAMPLE)).toBe('7KQ4M2XD9P');
    fc.assert(
      fc.property(storedCode, (code) => {
        expect(formatShortCode(code)).toMatch(/^.{4}-.{4}-.{2}$/);
        expect(normalizeShortCode(formatShortCode(code))).toBe(code);
        expect(normalizeShortCode(code)).toBe(code);
      }),
    );
  });

  it('reads a code in any case, hyphens and spaces ignored, O as 0 and I or L as 1', () => {
    expect(normalizeShortCode('7kq4-m2xd-9p')).toBe('7KQ4M2XD9P');
    expect(normalizeShortCode(' 7KQ4 M2XD 9P ')).toBe('7KQ4M2XD9P');
    expect(normalizeShortCode('oIL0-1iLo-oo')).toBe('0110111000');
    expect(normalizeShortCode('7KQ4–M2XD–9P')).toBe('7KQ4M2XD9P');
    fc.assert(
      fc.property(typedCode, ({ code, text }) => {
        expect(normalizeShortCode(text)).toBe(code);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses what cannot be a code: U, other characters, too few or too many symbols', () => {
    for (const text of [
      '',
      '7KQ4-M2XD-9',
      '7KQ4-M2XD-9PP',
      '7KQ4-M2XD-9U',
      '7KQ4_M2XD_9P',
      '7KQ4.M2XD.9P',
      '#7KQ4M2XD9P',
      '7KQ4M2XD9P!',
      'ÉKQ4-M2XD-9P',
      `${'-'.repeat(40)}7KQ4M2XD9P`,
      'AP1.abcdefghijkl.payload.signature',
    ]) {
      expect(normalizeShortCode(text), text).toBeNull();
    }
    for (const value of [undefined, null, 42, {}, ['7KQ4M2XD9P']]) expect(normalizeShortCode(value)).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const code = normalizeShortCode(text);
        if (code !== null) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads part of a code for a search, from four symbols on', () => {
    expect(shortCodeFragment('7kq4-m')).toBe('7KQ4M');
    expect(shortCodeFragment('m2xd')).toBe('M2XD');
    expect(shortCodeFragment('7kq')).toBeNull();
    expect(shortCodeFragment('Abebe Kebede')).toBeNull();
    expect(shortCodeFragment('abebe@example.org')).toBeNull();
    expect(shortCodeFragment('7KQ4-M2XD-9PX')).toBeNull();
  });
});
