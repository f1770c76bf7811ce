import { type Kysely, type RawBuilder, sql } from 'kysely';
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
 * Where a search reads published events: catalog_events (`c`, migration 0032). The full-text match
 * cannot use an index under row-level security; the events' words can: with keywords, only the
 * events that have them are read, one by one (the planner, which counts the match as cheap, would
 * otherwise match every event). Only a query with a negation ("-word", the one place "-" means
 * anything to websearch_to_tsquery) may match events that have none of its words.
 */
function fromCatalog(db: Executor, filter: CatalogFilter) {
  const plain = db.selectFrom('catalog_events as c');
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
        .selectFrom('catalog_events')
        .selectAll()
        .whereRef('catalog_events.tenant_id', '=', 's.tenant_id')
        .whereRef('catalog_events.event_id', '=', 's.event_id')
        // Kept a subquery (OFFSET 0), so each event is looked up by its key.
        .offset(0)
        .as('c'),
    (join) => join.onTrue(),
  ) as unknown as typeof plain;
}

/** Published events of active organizers that pass the filter: only their keys and what orders them. */
function matchingEvents(db: Executor, filter: CatalogFilter) {
  let q = fromCatalog(db, filter)
    .select(['c.tenant_id', 'c.event_id as id', 'c.starts_at'])
    .where(ofActiveOrganizer('c', filter));
  for (const condition of [...placeAndTime('c', filter), ...priceAndLanguage(filter)]) q = q.where(condition);
  if (filter.q) q = q.where(sql<boolean>`c.search @@ ${tsquery(filter.q)}`);
  return q;
}

/**
 * The row's organizer is active, and the one asked for if any: the organizers are looked up once
 * per search (a subquery), not joined, as the planner, misjudging how many events a word narrows
 * to, would hash every organizer again for each event. Without an organizer asked for, the rows of
 * the few organizers not active are left out (IS TRUE keeps that out of index scans: seeking
 * organizers' events in turn and sorting them all would replace a scan in order that stops at the
 * page's end).
 */
function ofActiveOrganizer(table: 'c' | 's', filter: CatalogFilter): RawBuilder<boolean> {
  const tenantId = sql.ref(`${table}.tenant_id`);
  if (filter.organizer) {
    return sql<boolean>`${tenantId} = (select id from tenants where slug = ${filter.organizer} and status = ${ACTIVE})`;
  }
  return sql<boolean>`(${tenantId} <> all(array(select id from tenants where status <> ${ACTIVE}))) is true`;
}

/**
 * The start, category and place conditions, on catalog_events (`c`) or on the words of published
 * events (`s`), which carry the same columns.
 */
function placeAndTime(table: 'c' | 's', filter: CatalogFilter): RawBuilder<boolean>[] {
  const column = (name: 'starts_at' | 'ends_at' | 'category_id' | 'city_key' | 'state_key') =>
    sql.ref(`${table}.${name}`);
  const conditions: RawBuilder<boolean>[] = [];
  if (filter.category) conditions.push(sql`${column('category_id')} = ${filter.category}`);
  if (filter.startsFrom) {
    conditions.push(sql`${column('starts_at')} >= ${new Date(filter.startsFrom)}`);
  } else {
    // An event not over yet started less than the longest published event lasts ago: a bound on
    // start times that an index can seek to, worked out once per search (a subquery), not per row.
    conditions.push(sql`${column('ends_at')} > now()`);
    conditions.push(sql`${column('starts_at')} > (select now() - app.catalog_longest_event())`);
  }
  if (filter.startsBefore) conditions.push(sql`${column('starts_at')} < ${new Date(filter.startsBefore)}`);
  if (filter.city) conditions.push(sql`${column('city_key')} = ${filter.city.trim().toLowerCase()}`);
  if (filter.state) conditions.push(sql`${column('state_key')} = ${filter.state.trim().toLowerCase()}`);
  return conditions;
}

/**
 * The price and language conditions, on catalog_events (`c`), which alone carries the prices of an
 * event's tiers on offer and the languages it is held or written in.
 */
function priceAndLanguage(filter: CatalogFilter): RawBuilder<boolean>[] {
  const conditions: RawBuilder<boolean>[] = [];
  const bounds = [
    ...(filter.priceMin !== undefined ? [sql`p >= ${filter.priceMin}`] : []),
    ...(filter.priceMax !== undefined ? [sql`p <= ${filter.priceMax}`] : []),
  ];
  // A tier on offer costs within the range.
  if (bounds.length > 0)
    conditions.push(sql`exists (select 1 from unnest(c.prices) p where ${sql.join(bounds, sql` and `)})`);
  if (filter.language) conditions.push(sql`${filter.language} = any(c.languages)`);
  return conditions;
}

/** Rows after the cursor's in order of start, then of key. */
function startsAfter(table: 'c' | 's', after: NonNullable<CatalogFilter['after']>): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${table}.starts_at`)}, ${sql.ref(`${table}.event_id`)}) > (${after.startsAt}::timestamptz, ${after.id})`;
}

/** Rows after the cursor's in order of relevance (`rank`, compared with `value`), then of start. */
function rankedAfter(
  rank: RawBuilder<number>,
  value: RawBuilder<number>,
  table: 'c' | 's',
  after: NonNullable<CatalogFilter['after']>,
): RawBuilder<boolean> {
  return sql<boolean>`(${rank} < ${value} or (${rank} = ${value} and ${startsAfter(table, after)}))`;
}

// A word of letters and digits: one lexeme for the text search parser, and no operator.
const PLAIN_WORD = /^[\p{L}\p{N}]+$/u;

/**
 * The words of keywords that only list words (which websearch_to_tsquery joins with AND), one of
 * each; none when the keywords use anything else: "or", a "-word", quotes, punctuation.
 */
function plainWords(q: string): string[] {
  const words = q.trim().split(/\s+/u);
  if (!words.every((word) => PLAIN_WORD.test(word) && word.toLowerCase() !== 'or')) return [];
  return [...new Map(words.map((word) => [word.toLowerCase(), word])).values()];
}

/**
 * One page of a search for plain words, from the words' rows alone (migration 0032). The first
 * word's rows, in order of relevance or of start and filtered by the columns they carry, each
 * joined by key to the other words' rows of the same event: a search by start stops at the page's
 * end. An event's relevance to several words is the sum of its relevance to each. A price or
 * language filter looks each event up in catalog_events.
 */
function plainWordsPage(db: Executor, filter: CatalogFilter, words: string[]) {
  const byRank = filter.sort === 'relevance';
  const { after } = filter;
  const lexeme = (word: string) => sql<string>`(select terms[1] from app.tsquery_terms(${tsquery(word)}))`;
  // The longest word first: the rarer, as a rule, so the fewer rows to join.
  const [first, ...others] = [...words].sort((x, y) => y.length - x.length) as [string, ...string[]];
  let q = db
    .selectFrom('event_search_terms as s')
    .select(['s.tenant_id', 's.event_id as id', 's.starts_at'])
    .where('s.term', '=', lexeme(first))
    .where(ofActiveOrganizer('s', filter));
  const ranks = [sql`s.rank`];
  others.forEach((word, index) => {
    const other = (column: string) => sql.ref(`w${index}.${column}`);
    q = q.innerJoin(`event_search_terms as w${index}` as 'event_search_terms', (join) =>
      join.on(
        sql<boolean>`${other('tenant_id')} = s.tenant_id and ${other('event_id')} = s.event_id and ${other('term')} = ${lexeme(word)}`,
      ),
    ) as unknown as typeof q;
    ranks.push(other('rank'));
  });
  const rank = sql<number>`(${sql.join(ranks, sql` + `)})`;
  let page = q.select(byRank ? sql<number>`${rank}::float8`.as('rank') : sql<number>`0::float8`.as('rank'));
  for (const condition of placeAndTime('s', filter)) page = page.where(condition);
  const onCatalog = priceAndLanguage(filter);
  if (onCatalog.length > 0) {
    page = page.where(
      sql<boolean>`exists (select 1 from catalog_events c where c.tenant_id = s.tenant_id and c.event_id = s.event_id and ${sql.join(onCatalog, sql` and `)})`,
    );
  }
  if (byRank) {
    // One word's relevance is kept as a real: compared as one, so its index can order the rows.
    const total = others.length === 0 ? sql<number>`s.rank` : rank;
    if (after) page = page.where(rankedAfter(total, sql<number>`${after.rank ?? 0}::real`, 's', after));
    page = page.orderBy(total, 'desc');
  } else if (after) {
    page = page.where(startsAfter('s', after));
  }
  return page
    .orderBy('s.starts_at')
    .orderBy('s.event_id')
    .limit(filter.limit + 1);
}

/** The keywords as a query, parsed once per statement (a generic plan would parse them per row). */
function tsquery(q: string) {
  return sql<string>`(select websearch_to_tsquery('simple', ${q}))`;
}

/** The keys of one page (and one row more), by start time or by relevance to the keywords. */
function pageOfEvents(db: Executor, filter: CatalogFilter) {
  const { q, after } = filter;
  const words = q ? plainWords(q) : [];
  if (words.length > 0) return plainWordsPage(db, filter, words);
  if (filter.sort === 'relevance' && q) {
    const rank = sql<number>`ts_rank(c.search, ${tsquery(q)})::float8`;
    let ranked = matchingEvents(db, filter).select(rank.as('rank'));
    if (after) ranked = ranked.where(rankedAfter(rank, sql<number>`${after.rank ?? 0}`, 'c', after));
    return ranked
      .orderBy('rank', 'desc')
      .orderBy('c.starts_at')
      .orderBy('c.event_id')
      .limit(filter.limit + 1);
  }
  let dated = matchingEvents(db, filter).select(sql<number>`0::float8`.as('rank'));
  if (after) dated = dated.where(startsAfter('c', after));
  return dated
    .orderBy('c.starts_at')
    .orderBy('c.event_id')
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
