import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../lib/logger.ts';

const INVALIDATION_CHANNEL = 'accessplus:hosts:invalidate';
const TTL_MS = 60_000;

/** Which organizer a host is for, as the storefront and the TLS allow-list ask it. */
export interface HostAnswer {
  slug: string;
  kind: 'custom_domain' | 'platform_subdomain';
  /** The organizer's verified custom domain, whichever host was asked. */
  customDomain: string | null;
}

/**
 * Answers of host resolution, unknown hosts included, kept a minute. Adding, verifying, expiring
 * or removing a domain drops them all, here and, with Redis, on every other API instance; while
 * Redis is unreachable another instance may answer from its copy until the minute is out.
 */
export interface HostCache {
  get(host: string): HostAnswer | null | undefined;
  set(host: string, answer: HostAnswer | null): void;
  invalidate(): void;
}

export function createHostCache(options: {
  logger: Logger;
  redis: { publisher: Redis; subscriber: Redis } | null;
}): HostCache {
  // The generation is part of every key, so an answer read before a change and stored after it
  // is never served: it was filed under the old generation.
  let generation = 0;
  const entries = new LRUCache<string, { answer: HostAnswer | null }>({ max: 20_000, ttl: TTL_MS });
  const dropLocal = () => {
    generation += 1;
    entries.clear();
  };
  const redis = options.redis;
  if (redis) {
    redis.subscriber.subscribe(INVALIDATION_CHANNEL).catch((error: unknown) => {
      options.logger.error({ err: error }, 'host cache could not subscribe to invalidations');
    });
    redis.subscriber.on('message', (channel) => {
      if (channel === INVALIDATION_CHANNEL) dropLocal();
    });
    redis.subscriber.on('ready', dropLocal);
  }
  return {
    get: (host) => entries.get(`${generation}:${host}`)?.answer,
    set: (host, answer) => {
      entries.set(`${generation}:${host}`, { answer });
    },
    invalidate: () => {
      dropLocal();
      redis?.publisher.publish(INVALIDATION_CHANNEL, String(Date.now())).catch((error: unknown) => {
        options.logger.error({ err: error }, 'host cache invalidation could not be published');
      });
    },
  };
}
