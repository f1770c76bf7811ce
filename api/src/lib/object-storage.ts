import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { Config, S3Config } from '../config.ts';

/** An object as it is read back: its bytes as a stream, its type and its length when known. */
export interface StoredObject {
  body: Readable;
  contentType: string;
  size: number | undefined;
}

export interface PutOptions {
  /** Sent with the object wherever it is fetched from the store directly (S3_PUBLIC_URL). */
  cacheControl?: string;
}

/**
 * Where uploaded files live: a local folder by default, any S3-compatible bucket in production.
 * Keys are paths of lowercase letters, digits, `.`, `_` and `-` (`images/3fa9….webp`).
 */
export interface ObjectStorage {
  /** What the log says the files are kept in. */
  readonly description: string;
  put(key: string, bytes: Uint8Array, contentType: string, options?: PutOptions): Promise<void>;
  /** The object, or null when there is none under `key`. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; nothing happens when there is none. */
  delete(key: string): Promise<void>;
  /** The address people fetch the object from directly, or null when the API must serve it. */
  publicUrl(key: string): string | null;
}

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

/** Every segment starts with a letter or digit, so no key can climb out of its folder (`..`). */
function assertKey(key: string): void {
  if (key.length > 512 || !KEY.test(key)) throw new Error(`"${key}" is not a valid object key.`);
}

export function createObjectStorage(config: Pick<Config, 'filesDir' | 's3'>): ObjectStorage {
  return config.s3 ? s3Storage(config.s3) : folderStorage(config.filesDir);
}

/** The folder serves each file with the type its extension names: it keeps no other record of types. */
const TYPES_BY_EXTENSION: Record<string, string> = {
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function folderStorage(directory: string): ObjectStorage {
  return {
    description: `the folder ${directory}`,
    async put(key, bytes) {
      assertKey(key);
      const path = join(directory, key);
      await mkdir(dirname(path), { recursive: true });
      // Written beside and renamed into place, so a reader never meets half a file.
      const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
      try {
        await writeFile(partial, bytes);
        await rename(partial, path);
      } finally {
        await rm(partial, { force: true });
      }
    },
    async get(key) {
      assertKey(key);
      const path = join(directory, key);
      const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
        throw error;
      });
      if (!found?.isFile()) return null;
      return {
        body: createReadStream(path),
        contentType: TYPES_BY_EXTENSION[extname(key)] ?? 'application/octet-stream',
        size: found.size,
      };
    },
    async delete(key) {
      assertKey(key);
      await rm(join(directory, key), { force: true });
    },
    publicUrl: () => null,
  };
}

export function s3Storage(config: S3Config): ObjectStorage {
  const client = new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
  });
  return {
    description: `the S3 bucket ${config.bucket}${config.endpoint ? ` at ${config.endpoint}` : ''}`,
    async put(key, bytes, contentType, options = {}) {
      assertKey(key);
      await client.send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: key,
          Body: bytes,
          ContentType: contentType,
          ...(options.cacheControl ? { CacheControl: options.cacheControl } : {}),
        }),
      );
    },
    async get(key) {
      assertKey(key);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: key }));
        return {
          body: object.Body as Readable,
          contentType: object.ContentType ?? 'application/octet-stream',
          size: object.ContentLength,
        };
      } catch (error) {
        if (
          error instanceof NoSuchKey ||
          (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)
        ) {
          return null;
        }
        throw error;
      }
    },
    async delete(key) {
      assertKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }));
    },
    publicUrl: (key) => {
      assertKey(key);
      return config.publicUrl ? `${config.publicUrl}/${key}` : null;
    },
  };
}
