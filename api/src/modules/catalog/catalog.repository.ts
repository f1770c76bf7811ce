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

// Literals, not parameters: a plan made once for any values (a prepared statement's generic
// plan) can then use the indexes of published events only.
const PUBLISHED = sql.lit('published' as const);
const ACTIVE = sql.lit('active' as const);

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
    .where('e.status', '=', PUBLISHED)
    .where('t.status', '=', ACTIVE);
}

/**
 * The events a search may find. The full-text match cannot use an index under row-level security;
 * the events' words can: with keywords, only the events that have them are read, one by one (the
 * planner, which counts the match as cheap, would otherwise match every event). Only a query with
 * a negation ("-word", the one place "-" means anything to websearch_to_tsquery) may match events
 * that have none of its words.
 */
function fromEvents(db: Executor, filter: CatalogFilter) {
  const plain = db.selectFrom('events as e');
  if (!filter.q || filter.q.includes('-')) return plain;
  const query = tsquery(filter.q);
  const withTheWords = db
    .selectFrom('event_search_terms as s')
    .select(['s.tenant_id', 's.event_id'])
    .where('s.term', '=', sql<string>`any((select terms from app.tsquery_terms(${query}))::text[])`)
    .groupBy(['s.tenant_id', 's.event_id'])
    .having(
      sql<number>`count(*)`,
      '>=',
      sql<number>`(select case when needs_all then cardinality(terms) else 1 end from app.tsquery_terms(${query}))`,
    );
  return db.selectFrom(withTheWords.as('s')).innerJoinLateral(
    (eb) =>
      eb
        .selectFrom('events')
        .selectAll()
        .whereRef('events.tenant_id', '=', 's.tenant_id')
        .whereRef('events.id', '=', 's.event_id')
        // Kept a subquery (OFFSET 0), so each event is looked up by its key.
        .offset(0)
        .as('e'),
    (join) => join.onTrue(),
  ) as unknown as typeof plain;
}

/**
 * Published events of active organizers that pass the filter: only their keys and what orders
 * them. Every condition here is one row-level security lets an index answer (see migration 0028).
 */
function matchingEvents(db: Executor, filter: CatalogFilter) {
  let q = fromEvents(db, filter)
    .innerJoin('tenants as t', 't.id', 'e.tenant_id')
    .select(['e.tenant_id', 'e.id', 'e.starts_at'])
    .where('e.status', '=', PUBLISHED)
    .where('t.status', '=', ACTIVE);
  if (filter.organizer) q = q.where('t.slug', '=', filter.organizer);
  if (filter.category) q = q.where('e.category_id', '=', filter.category);
  if (filter.startsFrom) {
    q = q.where('e.starts_at', '>=', new Date(filter.startsFrom));
  } else {
    // An event not over yet started less than the longest published event lasts ago: a bound on
    // start times that an index can seek to.
    q = q
      .where('e.ends_at', '>', sql<Date>`now()`)
      .where('e.starts_at', '>', sql<Date>`now() - app.catalog_longest_event()`);
  }
  if (filter.startsBefore) q = q.where('e.starts_at', '<', new Date(filter.startsBefore));
  if (filter.city) q = q.where('e.city_key', '=', filter.city.trim().toLowerCase());
  if (filter.state) q = q.where('e.state_key', '=', filter.state.trim().toLowerCase());
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
  if (filter.q) {
    const query = tsquery(filter.q);
    q = q.where(sql<boolean>`e.search @@ ${query}`);
  }
  return q;
}

/** The keywords as a query, parsed once per statement (a generic plan would parse them per row). */
function tsquery(q: string) {
  return sql<string>`(select websearch_to_tsquery('simple', ${q}))`;
}

/** The keys of one page (and one row more), by start time or by relevance to the keywords. */
function pageOfEvents(db: Executor, filter: CatalogFilter) {
  const { q, after } = filter;
  if (filter.sort === 'relevance' && q) {
    const rank = sql<number>`ts_rank(e.search, ${tsquery(q)})::float8`;
    let ranked = matchingEvents(db, filter).select(rank.as('rank'));
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
      .limit(filter.limit + 1);
  }
  let dated = matchingEvents(db, filter).select(sql<number>`0::float8`.as('rank'));
  if (after) {
    dated = dated.where((eb) =>
      eb(eb.refTuple('e.starts_at', 'e.id'), '>', eb.tuple(sql<Date>`${after.startsAt}::timestamptz`, after.id)),
    );
  }
  return dated
    .orderBy('e.starts_at')
    .orderBy('e.id')
    .limit(filter.limit + 1);
}

/**
 * One page of the public catalog, in two statements: the page's keys, chosen by a query whose
 * shape follows the filters, then its events in full, with their tiers' prices and availability,
 * by a query of one shape for every page. Planning the policies of tiers and holds took longer than
 * running the whole search: the second statement is prepared once per connection and keeps its
 * plan, however many ways buyers filter, while the first is planned for its values.
 */
export async function listPublishedEvents(db: Executor, filter: CatalogFilter) {
  const page = await pageOfEvents(db, filter).execute();
  if (page.length === 0) return [];
  const rows = await publishedEvents(db)
    .where('e.id', '=', sql<string>`any(${page.map((key) => key.id)}::uuid[])`)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return page.flatMap((key) => {
    const row = byId.get(key.id);
    return row ? [{ ...row, rank: key.rank }] : [];
  });
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
      'about',
      'contact_phone',
      'address_line',
      'city',
      'state',
      'postal_code',
      'website_url',
      'social_links',
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
