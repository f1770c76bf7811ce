import { randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { hashSecret } from '../../lib/secrets.ts';

/**
 * An API key's secret: `apk_`, 32 random base62 characters (190 bits) and a 6-character base62
 * CRC32 of them, e.g. `apk_3xFq…Wd1Z02bR7q`. The fixed prefix and the checksum let secret scanners
 * (GitHub's among them) find a key pasted somewhere public with few false alarms, and let the API
 * refuse a mistyped or cut-short key without a database lookup.
 */
const PREFIX = 'apk_';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SHAPE = new RegExp(`^${PREFIX}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);

/** 62^6 is past 2^32, so every CRC32 fits in six characters, padded with zeros. */
function checksumOf(random: string): string {
  let value = crc32(random);
  let digits = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    digits = BASE62[value % 62] + digits;
    value = Math.floor(value / 62);
  }
  return digits;
}

export interface NewApiKeySecret {
  /** Shown once, to the person who made the key. */
  secret: string;
  hash: Buffer;
  /** `apk_` and the first four random characters, for telling keys apart in a list. */
  displayPrefix: string;
}

export function newApiKeySecret(): NewApiKeySecret {
  let random = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) random += BASE62[randomInt(62)];
  const secret = `${PREFIX}${random}${checksumOf(random)}`;
  return { secret, hash: hashSecret(secret), displayPrefix: secret.slice(0, PREFIX.length + 4) };
}

/** Whether a bearer token is meant as an API key (then it is judged as one, never as a session). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(PREFIX);
}

/** Whether an `apk_` token is whole and typed right: its shape and checksum, without the database. */
export function isWellFormedApiKey(token: string): boolean {
  if (!SHAPE.test(token)) return false;
  const random = token.slice(PREFIX.length, PREFIX.length + RANDOM_LENGTH);
  return token.slice(PREFIX.length + RANDOM_LENGTH) === checksumOf(random);
}
