import { describe, expect, it } from 'vitest';
import { PublicCache, publicCacheTtlMs } from './public-cache';

/** A cache on a clock the test moves, and a count of the API reads it made. */
function cacheOnClock(ttlMs = 1000, maxEntries = 100) {
  let now = 1_000_000;
  const cache = new PublicCache<{ name: string; read: number }>({ ttlMs, maxEntries, now: () => now });
  let reads = 0;
  const read = (name: string) => async () => ({ name, read: ++reads });
  return {
    cache,
    read,
    reads: () => reads,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('the public answers cache', () => {
  it('answers from memory until the time to live is over, then asks again', async () => {
    const { cache, read, reads, advance } = cacheOnClock(1000);
    await expect(cache.get('addis/e1', read('Festival'))).resolves.toEqual({ name: 'Festival', read: 1 });
    advance(999);
    await expect(cache.get('addis/e1', read('Festival, changed'))).resolves.toEqual({ name: 'Festival', read: 1 });
    advance(1);
    await expect(cache.get('addis/e1', read('Festival, changed'))).resolves.toEqual({
      name: 'Festival, changed',
      read: 2,
    });
    expect(reads()).toBe(2);
  });

  it('keeps each key apart: one organizer never gets what was read for another', async () => {
    const { cache, read } = cacheOnClock();
    const addis = await cache.get('addis-cultural-center', read('Addis Cultural Center'));
    const casa = await cache.get('casa-latina-houston', read('Casa Latina Houston'));
    expect(addis.name).toBe('Addis Cultural Center');
    expect(casa.name).toBe('Casa Latina Houston');
    await expect(cache.get('addis-cultural-center', read('wrong'))).resolves.toBe(addis);
    await expect(cache.get('casa-latina-houston', read('wrong'))).resolves.toBe(casa);
  });

  it('asks the API once for visitors who come at the same moment', async () => {
    const { cache, reads } = cacheOnClock();
    let answer: (value: { name: string; read: number }) => void = () => undefined;
    const slow = () =>
      new Promise<{ name: string; read: number }>((resolve) => {
        answer = resolve;
      });
    let calls = 0;
    const counted = () => {
      calls += 1;
      return slow();
    };
    const visitors = Array.from({ length: 50 }, () => cache.get('addis/e1', counted));
    answer({ name: 'Festival', read: 1 });
    const seen = await Promise.all(visitors);
    expect(calls).toBe(1);
    expect(new Set(seen).size).toBe(1);
    expect(reads()).toBe(0);
  });

  it('keeps no failure: the next visitor asks again', async () => {
    const { cache, read } = cacheOnClock();
    const failing = () => Promise.reject(new Error('The API at http://127.0.0.1:3000 cannot be reached.'));
    await expect(cache.get('addis/e1', failing)).rejects.toThrow('cannot be reached');
    expect(cache.size).toBe(0);
    await expect(cache.get('addis/e1', read('Festival'))).resolves.toEqual({ name: 'Festival', read: 1 });
  });

  it('forgets a key, or every key of an organizer, at once', async () => {
    const { cache, read, reads } = cacheOnClock();
    await cache.get('addis/e1', read('one'));
    await cache.get('addis/e2', read('two'));
    await cache.get('casa/e3', read('three'));
    cache.deleteWhere((key) => key.startsWith('addis/'));
    await cache.get('addis/e1', read('one'));
    await cache.get('addis/e2', read('two'));
    await cache.get('casa/e3', read('three'));
    expect(reads()).toBe(5);
    cache.delete('casa/e3');
    await expect(cache.get('casa/e3', read('three, later'))).resolves.toEqual({ name: 'three, later', read: 6 });
  });

  it('holds at most its number of keys, dropping the oldest', async () => {
    const { cache, read, reads } = cacheOnClock(60_000, 2);
    await cache.get('a', read('a'));
    await cache.get('b', read('b'));
    await cache.get('c', read('c'));
    expect(cache.size).toBe(2);
    await cache.get('c', read('c'));
    await cache.get('b', read('b'));
    expect(reads()).toBe(3);
    await cache.get('a', read('a'));
    expect(reads()).toBe(4);
  });

  it('hands out frozen answers, so no page can change what the next visitor sees', async () => {
    const { cache } = cacheOnClock();
    const event = await cache.get('addis/e1', async () => ({
      name: 'Festival',
      read: 1,
      tiers: [
        { name: 'VIP', remaining: 2 },
        { name: 'General', remaining: 10 },
      ],
    }));
    expect(() => {
      (event as { name: string }).name = 'Changed';
    }).toThrow(TypeError);
    const tiers = (event as unknown as { tiers: { remaining: number }[] }).tiers;
    expect(() => tiers.reverse()).toThrow(TypeError);
    expect(() => {
      (tiers[0] as { remaining: number }).remaining = 0;
    }).toThrow(TypeError);
  });

  it('keeps nothing with a time to live of 0', async () => {
    const { cache, read, reads } = cacheOnClock(0);
    await cache.get('addis/e1', read('one'));
    await cache.get('addis/e1', read('one'));
    expect(reads()).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('reads its time to live from STOREFRONT_CACHE_TTL_MS, a second by default', () => {
    expect(publicCacheTtlMs(undefined)).toBe(1000);
    expect(publicCacheTtlMs('')).toBe(1000);
    expect(publicCacheTtlMs('0')).toBe(0);
    expect(publicCacheTtlMs('2500')).toBe(2500);
    expect(() => publicCacheTtlMs('a second')).toThrow('STOREFRONT_CACHE_TTL_MS');
    expect(() => publicCacheTtlMs('-1')).toThrow('STOREFRONT_CACHE_TTL_MS');
  });
});
