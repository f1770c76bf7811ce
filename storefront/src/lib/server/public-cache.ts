/**
 * A short-lived, in-process cache of answers the API gives anyone (which organizer a host is for,
 * an organizer's public profile, a published event with its availability), so a busy page asks
 * the API once a second rather than once per visitor. Visitors asking at the same moment share one
 * request. Answers are frozen: they are shared by every page that reads them, so a page that
 * changed one would change it for the next visitor. Failures are never kept.
 *
 * Nothing kept here is a visitor's own: a signed-in customer's reads and every write go to the
 * API each time.
 */
export interface PublicCacheOptions {
  /** How long an answer is kept; 0 keeps nothing. */
  ttlMs: number;
  /** Beyond this many keys the oldest go first. */
  maxEntries: number;
  now?: () => number;
}

interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
}

export class PublicCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: PublicCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** The kept answer for `key`, or the one `read` gives (kept when it succeeds). */
  get(key: string, read: () => Promise<T>): Promise<T> {
    if (this.#ttlMs <= 0) return read().then(deepFreeze);
    const now = this.#now();
    const kept = this.#entries.get(key);
    if (kept && kept.expiresAt > now) return kept.value;
    if (kept) this.#entries.delete(key);
    const value = read().then(deepFreeze);
    const entry = { value, expiresAt: now + this.#ttlMs };
    this.#entries.set(key, entry);
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return value;
  }

  /** Forgets `key`, so the next reader asks the API. */
  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Forgets every key `matches` accepts. */
  deleteWhere(matches: (key: string) => boolean): void {
    for (const key of [...this.#entries.keys()]) if (matches(key)) this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** STOREFRONT_CACHE_TTL_MS, or a second: availability a buyer sees is at most that much older than the API's. */
export function publicCacheTtlMs(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 1000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0)
    throw new Error(`STOREFRONT_CACHE_TTL_MS must be a whole number of milliseconds, got "${value}".`);
  return ms;
}
