/**
 * A ticket's short code: what door staff type when its QR code will not scan. Ten symbols of
 * Crockford's base32 (https://www.crockford.com/base32.html), drawn at random by the database
 * (`app.random_ticket_short_code()`, migration 0014) and unique within the ticket's event.
 *
 * Stored upper-case without hyphens (`7KQ4M2XD9P`), shown in groups (`7KQ4-M2XD-9P`). Read as
 * Crockford says: in any case, hyphens and spaces ignored, O read as 0, and I and L as 1, since
 * those are what a person copying the code off a phone screen or a printout gets wrong.
 */

export const SHORT_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const SHORT_CODE_LENGTH = 10;
/** An example to show people, in the grouped form they see under a QR code. */
export const SHORT_CODE_EXAMPLE = '7KQ4-M2XD-9P';

const STORED = /^[0-9A-HJKMNP-TV-Z]{10}$/;
const SYMBOLS = /^[0-9A-HJKMNP-TV-Z]+$/;
// Hyphen-minus and the dashes and minus signs that phone keyboards and word processors put in its place.
const SEPARATORS = /[\s\u002D\u2010-\u2015\u2212]+/g;

/** Upper-case, separators dropped, and the letters Crockford reads as digits made digits. */
function canonical(input: string): string {
  return input.replace(SEPARATORS, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** The stored form of a code someone typed or read, or null when it cannot be a short code. */
export function normalizeShortCode(input: unknown): string | null {
  // Anything much longer than a grouped code with generous spacing is something else (a QR payload).
  if (typeof input !== 'string' || input.length > 40) return null;
  const code = canonical(input);
  return STORED.test(code) ? code : null;
}

/**
 * The stored form of part of a code, for searching: null when the text cannot be part of one,
 * or is too short to be worth matching (fewer than four symbols).
 */
export function shortCodeFragment(input: string): string | null {
  if (input.length > 40) return null;
  const fragment = canonical(input);
  return fragment.length >= 4 && fragment.length <= SHORT_CODE_LENGTH && SYMBOLS.test(fragment) ? fragment : null;
}

/** `7KQ4M2XD9P` → `7KQ4-M2XD-9P`: groups of four read back more easily than ten in a row. */
export function formatShortCode(code: string): string {
  return [code.slice(0, 4), code.slice(4, 8), code.slice(8)].filter(Boolean).join('-');
}
