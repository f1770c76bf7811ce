import { Redis } from 'ioredis';
import type { Logger } from './logger.ts';

/** Longest a Redis command may take before the caller falls back to what it does without Redis. */
export const REDIS_COMMAND_TIMEOUT_MS = 250;

/**
 * The API's two connections to Redis, which carries what API instances share (rate limits, catalog
 * cache invalidation) and never the only copy of anything. A request must not wait for Redis:
 * while it is unreachable, commands fail at once (no offline queue; a timeout for a server that
 * stops answering) and their callers fall back to this process, and the connections keep
 * reconnecting, about once a second, until it is back.
 */
export interface SharedRedis {
  /** Commands: rate-limit counters, publishing invalidations. */
  main: Redis;
  /** Subscriptions only: a subscribed connection runs no other command. */
  subscriber: Redis;
  /** `ok` when both connections are up and Redis answers now; else `unreachable`. */
  check(): Promise<'ok' | 'unreachable'>;
  close(): Promise<void>;
}

const retryStrategy = (attempt: number) => Math.min(attempt * 100, 1000);

export function connectRedis(url: string, logger: Logger): SharedRedis {
  const main = new Redis(url, {
    connectionName: 'accessplus-main',
    enableOfflineQueue: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy,
  });
  // Its one command, SUBSCRIBE, may wait for the connection (no request waits for it), and is
  // repeated by ioredis on every reconnection.
  const subscriber = new Redis(url, {
    connectionName: 'accessplus-subscriber',
    maxRetriesPerRequest: null,
    connectTimeout: 2000,
    retryStrategy,
  });
  for (const [name, client] of [
    ['main', main],
    ['subscriber', subscriber],
  ] as const) {
    // Once per outage, not once per reconnection attempt.
    let down = false;
    client.on('error', (error) => {
      if (down) return;
      down = true;
      logger.error(
        { err: error, redis: name },
        'Redis is unreachable: limits and cache invalidation stay in this process until it is back',
      );
    });
    client.on('ready', () => {
      if (!down) return;
      down = false;
      logger.info({ redis: name }, 'Redis is reachable again');
    });
  }
  // A Redis that stops answering without closing the connection (a paused or swamped server, a
  // network path that drops packets) leaves it "ready", and every command would wait for its
  // timeout. A PING a second that gets no answer drops the connection instead: until Redis answers
  // the reconnection's ready check, callers fall back at once.
  const watchdog = setInterval(() => {
    if (main.status !== 'ready') return;
    main.ping().catch(() => {
      if (main.status === 'ready') main.disconnect(true);
    });
  }, 1000);
  watchdog.unref();
  return {
    main,
    subscriber,
    async check() {
      if (main.status !== 'ready' || subscriber.status !== 'ready') return 'unreachable';
      try {
        await main.ping();
        return 'ok';
      } catch {
        return 'unreachable';
      }
    },
    async close() {
      clearInterval(watchdog);
      await Promise.all(
        [main, subscriber].map(async (client) => {
          if (client.status !== 'ready') return client.disconnect();
          await client.quit().catch(() => client.disconnect());
        }),
      );
    },
  };
}
