import { LRUCache } from 'lru-cache';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { notFound } from '../../lib/errors.ts';
import { findTenantBySlug } from './tenants.repository.ts';

type Organizer = NonNullable<Awaited<ReturnType<typeof findTenantBySlug>>>;

// Every storefront request names its organizer by slug; remembering the answer for a few
// seconds spares a query per request. A change made through this process is seen at once
// (`forgetStorefrontOrganizer`); one made through another API instance, within the TTL.
const TTL_MS = 5_000;
// One cache per database handle: two runtimes in one process (tests) may reuse a slug.
const caches = new WeakMap<Db, LRUCache<string, Organizer>>();

function cacheOf(db: Db): LRUCache<string, Organizer> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new LRUCache({ max: 10_000, ttl: TTL_MS });
    caches.set(db, cache);
  }
  return cache;
}

/** The organizer behind a storefront, if it is open for business. */
export async function organizerBySlug(services: Services, slug: string): Promise<Organizer> {
  const tenant = await storefrontOrganizer(services.db, slug);
  if (tenant?.status !== 'active') throw notFound('The organizer');
  return tenant;
}

/** The organizer with this storefront slug, whatever its status; undefined if there is none. */
async function storefrontOrganizer(db: Db, slug: string): Promise<Organizer | undefined> {
  const cache = cacheOf(db);
  const cached = cache.get(slug);
  if (cached) return cached;
  const found = await findTenantBySlug(db, slug);
  if (found) cache.set(slug, found);
  return found;
}

export function forgetStorefrontOrganizer(db: Db, slug: string): void {
  caches.get(db)?.delete(slug);
}
