import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Seals the few values the database must never hold readable (taxpayer identification numbers)
 * with AES-256-GCM. Each sealed value is bound to what it belongs to (`context`, such as the
 * organizer and the row), so a value copied into another organizer's row does not open there.
 *
 * Layout: version (1 byte) | nonce (12) | tag (16) | ciphertext.
 */
export interface FieldCipher {
  seal(plain: string, context: string): Buffer;
  open(sealed: Buffer, context: string): string;
}

const VERSION = 1;

export function createFieldCipher(key: Buffer): FieldCipher {
  if (key.length !== 32) throw new Error('The data encryption key must be 32 bytes.');
  return {
    seal(plain, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
    },
    open(sealed, context) {
      if (sealed[0] !== VERSION) throw new Error('A sealed value of an unknown version.');
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(sealed.subarray(13, 29));
      return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * The key from DATA_ENCRYPTION_KEY (32 bytes, base64), else from the file DATA_ENCRYPTION_KEY_FILE
 * names, which is made once with a new key, readable by its owner only. Production sets one of
 * them: losing the key loses every number it sealed.
 */
export function dataEncryptionKey(config: {
  dataEncryptionKey: string | undefined;
  dataEncryptionKeyFile: string | undefined;
}): Buffer {
  if (config.dataEncryptionKey) return decodeKey(config.dataEncryptionKey, 'DATA_ENCRYPTION_KEY');
  const file = config.dataEncryptionKeyFile;
  if (!file) {
    throw new Error(
      'Set DATA_ENCRYPTION_KEY (openssl rand -base64 32) or DATA_ENCRYPTION_KEY_FILE: the key seals taxpayer numbers.',
    );
  }
  mkdirSync(dirname(file), { recursive: true });
  // Written whole beside it, then linked into place: processes starting together (the API, the
  // worker, parallel test files) either make the one key or read it complete, never half written.
  const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
  writeFileSync(partial, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(partial, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(partial, { force: true });
  }
  return decodeKey(readFileSync(file, 'utf8').trim(), file);
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${source} must hold 32 bytes in base64 (openssl rand -base64 32).`);
  return key;
}
