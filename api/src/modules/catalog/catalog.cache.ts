import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../lib/logger.ts';

const INVALIDATION_CHANNEL = 'accessplus:catalog:invalidate';

/**
 * Short-lived cache of serialized public catalog responses. Any change to events or tiers
 * invalidates it after commit; with Redis, the invalidation reaches every API instance.
 * Entries live a few seconds at most, which also bounds how stale availability can be.
 */
export interface CatalogCache {
  get(key: string): string | undefined;
  set(key: string, body: string): void;
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
  const entries = new LRUCache<string, string>({ max: 2000, ttl: Math.max(options.ttlMs, 1) });
  const enabled = options.ttlMs > 0;
  const dropLocal = () => {
    generation += 1;
    entries.clear();
  };

  const redis = options.redis;
  if (redis) {
    redis.subscriber.subscribe(INVALIDATION_CHANNEL).catch((error: unknown) => {
      options.logger.error({ err: error }, 'catalog cache could not subscribe to invalidations');
    });
    redis.subscriber.on('message', (channel) => {
      if (channel === INVALIDATION_CHANNEL) dropLocal();
    });
  }

  return {
    get: (key) => (enabled ? entries.get(`${generation}:${key}`) : undefined),
    set: (key, body) => {
      if (enabled) entries.set(`${generation}:${key}`, body);
    },
    invalidate: () => {
      dropLocal();
      redis?.publisher.publish(INVALIDATION_CHANNEL, String(Date.now())).catch((error: unknown) => {
        options.logger.error({ err: error }, 'catalog cache invalidation could not be published');
      });
    },
    close: async () => {
      entries.clear();
    },
  };
}
