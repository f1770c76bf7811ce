import { createHash } from 'node:crypto';

/**
 * What the database keeps of a bearer secret: its SHA-256. A secret drawn from 128 or more random
 * bits cannot be guessed from its hash, so a slow password hash would buy nothing here.
 */
export function hashSecret(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
