import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { exactText, tierAvailability } from '../events/events.repository.ts';
import { activeTaken } from '../inventory/inventory.repository.ts';

type Executor = Kysely<Database>;

export interface CatalogFilter {
  organizer?: string;
  category?: string;
  startsFrom?: string;
  startsBefore?: string;
  city?: string;
  state?: string;
  priceMin?: number;
  priceMax?: number;
  language?: string;
  q?: string;
  sort: 'date' | 'relevance';
  after?: { rank?: number; startsAt: string; id: string };
  limit: number;
}

/** Published events of active organizers, with their tiers' price range and availability. */
function publishedEvents(db: Executor) {
  return db
    .selectFrom('events as e')
    .innerJoin('tenants as t', 't.id', 'e.tenant_id')
    .innerJoin('categories as c', 'c.id', 'e.category_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('ticket_tiers as tt')
          .select([
            sql<number | null>`min(tt.price_cents) filter (where not tt.hidden)`.as('price_from_cents'),
            sql<number | null>`max(tt.price_cents) filter (where not tt.hidden)`.as('price_to_cents'),
            sql<number>`coalesce(sum(greatest(tt.quantity - ${activeTaken('tt')}, 0)) filter (where not tt.hidden), 0)::int`.as(
              'tier_remaining',
            ),
            sql<number>`coalesce(sum(${activeTaken('tt')}), 0)::int`.as('taken'),
          ])
          .whereRef('tt.tenant_id', '=', 'e.tenant_id')
          .whereRef('tt.event_id', '=', 'e.id')
          .where('tt.deleted_at', 'is', null)
          .as('av'),
      (join) => join.onTrue(),
    )
    .select([
      'e.id',
      'e.tenant_id',
      't.slug as organizer_slug',
      't.name as organizer_name',
      't.currency',
      'e.title',
      'e.description',
      'e.category_id',
      'c.names as category_names',
      'e.tags',
      'e.languages',
      'e.venue_name',
      'e.address_line',
      'e.city',
      'e.state',
      'e.postal_code',
      'e.country',
      'e.time_zone',
      'e.starts_at',
      'e.ends_at',
      'e.capacity',
      'e.image_url',
      'e.image_srcset',
      'e.donations_enabled',
      'e.donation_goal_cents',
      'e.waitlist_enabled',
      'e.attendee_names',
      'av.price_from_cents',
      'av.price_to_cents',
      'av.tier_remaining',
      'av.taken',
    ])
    .select((eb) => exactText(eb.ref('e.starts_at')).as('starts_at_key'))
    .select(sql<boolean>`e.online_url is not null`.as('is_online'))
    .where('e.status', '=', 'published')
    .where('t.status', '=', 'active');
}

type CatalogQuery = ReturnType<typeof publishedEvents>;

function applyFilters(query: CatalogQuery, filter: CatalogFilter): CatalogQuery {
  let q = query;
  if (filter.organizer) q = q.where('t.slug', '=', filter.organizer);
  if (filter.category) q = q.where('e.category_id', '=', filter.category);
  if (filter.startsFrom) {
    q = q.where('e.starts_at', '>=', new Date(filter.startsFrom));
  } else {
    q = q.where('e.ends_at', '>', sql<Date>`now()`);
  }
  if (filter.startsBefore) q = q.where('e.starts_at', '<', new Date(filter.startsBefore));
  if (filter.city) q = q.where(sql`lower(e.city)`, '=', filter.city.trim().toLowerCase());
  if (filter.state) q = q.where(sql`lower(e.state)`, '=', filter.state.trim().toLowerCase());
  if (filter.priceMin !== undefined || filter.priceMax !== undefined) {
    const { priceMin, priceMax } = filter;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('ticket_tiers as p')
          .select(sql`1`.as('one'))
          .whereRef('p.tenant_id', '=', 'e.tenant_id')
          .whereRef('p.event_id', '=', 'e.id')
          .where('p.hidden', '=', false)
          .where('p.deleted_at', 'is', null)
          .$if(priceMin !== undefined, (sub) => sub.where('p.price_cents', '>=', priceMin as number))
          .$if(priceMax !== undefined, (sub) => sub.where('p.price_cents', '<=', priceMax as number)),
      ),
    );
  }
  if (filter.language) {
    const language = filter.language;
    q = q.where((eb) =>
      eb.or([eb(sql.val(language), '=', eb.fn.any('e.languages')), eb(sql`e.title ? ${language}`, '=', sql.lit(true))]),
    );
  }
  return q;
}

function rankOf(q: string) {
  return sql<number>`ts_rank(e.search, websearch_to_tsquery('simple', ${q}))::float8`;
}

/** One page of the public catalog, by start time or by relevance to the keywords. */
export function listPublishedEvents(db: Executor, filter: CatalogFilter) {
  let query = applyFilters(publishedEvents(db), filter);
  const q = filter.q;
  if (q) query = query.where(sql<boolean>`e.search @@ websearch_to_tsquery('simple', ${q})`);
  const after = filter.after;

  if (filter.sort === 'relevance' && q) {
    const rank = rankOf(q);
    let ranked = query.select(rank.as('rank'));
    if (after) {
      ranked = ranked.where((eb) =>
        eb.or([
          eb(rank, '<', after.rank ?? 0),
          eb.and([
            eb(rank, '=', after.rank ?? 0),
            eb(eb.refTuple('e.starts_at', 'e.id'), '>', eb.tuple(sql<Date>`${after.startsAt}::timestamptz`, after.id)),
          ]),
        ]),
      );
    }
    return ranked
      .orderBy('rank', 'desc')
      .orderBy('e.starts_at')
      .orderBy('e.id')
      .limit(filter.limit + 1)
      .execute();
  }

  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple('e.starts_at', 'e.id'), '>', eb.tuple(sql<Date>`${after.startsAt}::timestamptz`, after.id)),
    );
  }
  return query
    .select(sql<number>`0::float8`.as('rank'))
    .orderBy('e.starts_at')
    .orderBy('e.id')
    .limit(filter.limit + 1)
    .execute();
}

export function findPublishedEvent(db: Executor, eventId: string) {
  return publishedEvents(db).where('e.id', '=', eventId).executeTakeFirst();
}

export function listOfferedTiers(db: Executor, tenantId: string, eventId: string) {
  return db
    .selectFrom('ticket_tiers')
    .selectAll()
    .select(tierAvailability)
    .where('tenant_id', '=', tenantId)
    .where('event_id', '=', eventId)
    .where('hidden', '=', false)
    .where('deleted_at', 'is', null)
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function findActiveOrganizer(db: Executor, slug: string) {
  return db
    .selectFrom('tenants')
    .select([
      'id',
      'slug',
      'name',
      'contact_email',
      'default_locale',
      'locales',
      'time_zone',
      'currency',
      'plan',
      'platform_branding',
    ])
    .where('slug', '=', slug)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export function listCategories(db: Executor) {
  return db.selectFrom('categories').selectAll().orderBy('position').execute();
}
