import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Negotiator } from '@fastify/accept-negotiator';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../lib/logger.ts';

const INVALIDATION_CHANNEL = 'accessplus:catalog:invalidate';
// Below this, compressing costs more than the bytes it saves.
const COMPRESS_FROM_BYTES = 1024;

export type ContentEncoding = 'br' | 'gzip' | 'identity';

/**
 * A serialized response, with each compressed form made the first time a client asks for it and
 * kept with the entry: a response that is never asked for again (a search of its own, or any
 * response while the cache is off) is compressed once, for the one client that asked.
 */
export class CachedBody {
  private br: Buffer | undefined;
  private gzip: Buffer | undefined;
  private readonly worthIt: boolean;
  constructor(readonly identity: Buffer) {
    this.worthIt = identity.length >= COMPRESS_FROM_BYTES;
  }

  /** The best form the client accepts. */
  pick(encoding: ContentEncoding): { encoding: ContentEncoding; body: Buffer } {
    if (!this.worthIt || encoding === 'identity') return { encoding: 'identity', body: this.identity };
    if (encoding === 'br') {
      this.br ??= brotliCompressSync(this.identity, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: this.identity.length },
      });
      return { encoding, body: this.br };
    }
    this.gzip ??= gzipSync(this.identity, { level: 6 });
    return { encoding, body: this.gzip };
  }
}

const negotiator = new Negotiator({ supportedValues: ['br', 'gzip', 'identity'], cache: new Map() });

export function acceptedEncoding(header: string | undefined): ContentEncoding {
  if (!header) return 'identity';
  return (negotiator.negotiate(header) as ContentEncoding | null) ?? 'identity';
}

/**
 * Short-lived cache of serialized public catalog responses, ready to send. Any change to
 * events or tiers invalidates it after commit; with Redis, the invalidation reaches every API
 * instance. Entries live a few seconds at most, which also bounds how stale availability can be.
 */
export interface CatalogCache {
  get(key: string): CachedBody | undefined;
  set(key: string, body: CachedBody): void;
  /** Drops every entry here and, with Redis, on every other instance. */
  invalidate(): void;
  close(): Promise<void>;
}

export function createCatalogCache(options: {
  ttlMs: number;
  logger: Logger;
  /** A publishing connection and a dedicated subscriber connection, or null for one instance. */
  redis: { publisher: Redis; subscriber: Redis } | null;
}): CatalogCache {
  // The generation is part of every key, so a response computed before a change and stored
  // after it is never served: it was filed under the old generation.
  let generation = 0;
  const entries = new LRUCache<string, CachedBody>({ max: 2000, ttl: Math.max(options.ttlMs, 1) });
  const enabled = options.ttlMs > 0;
  const dropLocal = () => {
    generation += 1;
    entries.clear();
  };

  const redis = options.redis;
  // While Redis is unreachable, invalidations from here reach no other instance and theirs miss
  // this one: their entries still expire within the TTL, and a reconnection drops everything here.
  let publishing = true;
  if (redis) {
    redis.subscriber.subscribe(INVALIDATION_CHANNEL).catch((error: unknown) => {
      options.logger.error({ err: error }, 'catalog cache could not subscribe to invalidations');
    });
    redis.subscriber.on('message', (channel) => {
      if (channel === INVALIDATION_CHANNEL) dropLocal();
    });
    redis.subscriber.on('ready', dropLocal);
  }

  return {
    get: (key) => (enabled ? entries.get(`${generation}:${key}`) : undefined),
    set: (key, body) => {
      if (enabled) entries.set(`${generation}:${key}`, body);
    },
    invalidate: () => {
      dropLocal();
      // Never awaited, and failing at once while Redis is unreachable: no request waits for it.
      redis?.publisher.publish(INVALIDATION_CHANNEL, String(Date.now())).then(
        () => {
          publishing = true;
        },
        (error: unknown) => {
          if (publishing) options.logger.error({ err: error }, 'catalog cache invalidation could not be published');
          publishing = false;
        },
      );
    },
    close: async () => {
      entries.clear();
    },
  };
}
