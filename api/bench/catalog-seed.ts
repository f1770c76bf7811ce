/**
 * A large public catalog for `pnpm bench catalog`, written straight into the database as the
 * owner role (one INSERT … SELECT generate_series per organizer and table), not through the API
 * one event at a time. Events of many organizers with varied titles in two languages, categories,
 * cities, dates, prices and tiers; the search load (searchPath) draws its filters from the same
 * words.
 */
import pg from 'pg';

export const ORIGINS = [
  'Ethiopian',
  'Eritrean',
  'Haitian',
  'Nigerian',
  'Ghanaian',
  'Somali',
  'Senegalese',
  'Congolese',
  'Kenyan',
  'Cameroonian',
  'Jamaican',
  'Dominican',
  'Salvadoran',
  'Guatemalan',
  'Vietnamese',
  'Filipino',
  'Lebanese',
  'Sudanese',
  'Liberian',
  'Brazilian',
  'Ivorian',
  'Malian',
  'Tanzanian',
  'Ugandan',
];
export const OCCASIONS = [
  'Independence Day',
  'New Year',
  'Heritage',
  'Flag Day',
  'Harvest',
  'Unity',
  'Youth',
  'Women',
  'Spring',
  'Summer',
  'Family',
  'Community',
  'Diaspora',
  'Friendship',
];
export const KINDS = [
  'Gala',
  'Festival',
  'Concert',
  'Afrobeat Night',
  'Comedy Show',
  'Film Screening',
  'Conference',
  'Dinner',
  'Dance Party',
  'Soccer Tournament',
  'Cooking Class',
  'Drumming Workshop',
  'Prayer Service',
  'Town Hall',
  'Fashion Show',
  'Poetry Evening',
];
export const CATEGORIES = [
  'gala-fundraiser',
  'national-day',
  'afrobeat-concert',
  'diaspora-film',
  'religious-celebration',
  'wedding-private',
  'conference',
  'comedy',
  'festival',
  'sports',
  'class-workshop',
  'community-meeting',
];
export const CITIES: [string, string][] = [
  ['Houston', 'TX'],
  ['Dallas', 'TX'],
  ['Atlanta', 'GA'],
  ['Minneapolis', 'MN'],
  ['Saint Paul', 'MN'],
  ['Silver Spring', 'MD'],
  ['Baltimore', 'MD'],
  ['Newark', 'NJ'],
  ['Paterson', 'NJ'],
  ['Brooklyn', 'NY'],
  ['Bronx', 'NY'],
  ['Boston', 'MA'],
  ['Miami', 'FL'],
  ['Orlando', 'FL'],
  ['Chicago', 'IL'],
  ['Columbus', 'OH'],
  ['Seattle', 'WA'],
  ['Oakland', 'CA'],
  ['Los Angeles', 'CA'],
  ['San Diego', 'CA'],
  ['Denver', 'CO'],
  ['Phoenix', 'AZ'],
  ['Philadelphia', 'PA'],
  ['Charlotte', 'NC'],
  ['Nashville', 'TN'],
  ['Alexandria', 'VA'],
  ['Washington', 'DC'],
  ['Portland', 'OR'],
  ['Salt Lake City', 'UT'],
  ['Detroit', 'MI'],
];
export const LANGUAGES = ['en', 'fr', 'es', 'am', 'ht', 'ar', 'sw', 'yo', 'pt'];

const textArray = (values: readonly string[]) =>
  `array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(',')}]`;

// Each event's choices come from its number, so a run seeds the same catalog every time.
const INSERT_EVENTS = `
  with words as (
    select ${textArray(ORIGINS)} as origins, ${textArray(OCCASIONS)} as occasions, ${textArray(KINDS)} as kinds,
      ${textArray(CATEGORIES)} as categories, ${textArray(CITIES.map(([city]) => city))} as cities,
      ${textArray(CITIES.map(([, state]) => state))} as states, ${textArray(LANGUAGES)} as languages
  ), picks as (
    select g, w.*,
      1 + (g * 7) % cardinality(w.origins) as o,
      1 + (g * 11 + $3) % cardinality(w.occasions) as oc,
      1 + (g * 13 + $3 * 3) % cardinality(w.kinds) as k,
      1 + (g * 5 + $3) % cardinality(w.categories) as c,
      1 + (g * 17 + $3 * 7) % cardinality(w.cities) as ci,
      1 + (g + $3) % cardinality(w.languages) as l,
      -- Mostly the coming year; one in ten already over.
      now() + make_interval(days => (g * 37 + $3 * 11) % 400 - 40, hours => (g * 3) % 24) as starts
    from generate_series(1, $2::int) g, words w
  )
  insert into events (tenant_id, status, title, description, category_id, tags, languages, venue_name,
    address_line, city, state, postal_code, time_zone, starts_at, ends_at, capacity, image_url, published_at)
  select $1::uuid, 'published',
    case when g % 3 = 0
      then jsonb_build_object('en', concat_ws(' ', origins[o], occasions[oc], kinds[k]),
        'fr', concat_ws(' ', kinds[k], origins[o], '—', occasions[oc]))
      else jsonb_build_object('en', concat_ws(' ', origins[o], occasions[oc], kinds[k])) end,
    jsonb_build_object('en', concat('Join the ', origins[o], ' community of ', cities[ci],
      ' for an evening of music, food and friends. Families welcome; doors open an hour early.')),
    categories[c],
    array[lower(origins[o]), lower(split_part(kinds[k], ' ', 1))],
    case when g % 4 = 0 then array['en', languages[l]] else array['en'] end,
    concat(origins[o], ' Community Hall'),
    concat(100 + g % 900, ' Main Street'),
    cities[ci], states[ci], lpad(((g * 97) % 99999)::text, 5, '0'), 'America/New_York',
    starts, starts + make_interval(hours => 3 + g % 5),
    case when g % 5 = 0 then 200 + g % 300 end,
    case when g % 2 = 0 then concat('https://images.example.org/events/', g, '.jpg') end,
    now()
  from picks`;

// One to three tiers an event, one in twenty of them hidden; prices from free to $250.
const INSERT_TIERS = `
  insert into ticket_tiers (tenant_id, event_id, name, price_cents, currency, quantity, position, hidden)
  select e.tenant_id, e.id,
    jsonb_build_object('en', (array['General admission', 'Reserved seat', 'VIP table'])[n]),
    case n when 1 then (hashtext(e.id::text) & 63) * 250 when 2 then 4000 + (hashtext(e.id::text) & 31) * 250
      else 10000 + (hashtext(e.id::text) & 60) * 250 end,
    'USD', 100 + (hashtext(e.id::text) & 900), n, n > 1 and (hashtext(e.id::text) + n) % 20 = 0
  from events e, generate_series(1, 1 + (hashtext(e.id::text) & 1023) % 3) n
  where e.tenant_id = $1::uuid`;

/**
 * Adds `organizers` organizers with `eventsEach` published events each, numbered from `from`
 * (so a second call grows the catalog), then vacuums and analyzes the database.
 */
export async function seedCatalog(adminUrl: string, options: { from: number; organizers: number; eventsEach: number }) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('set local role accessplus_owner');
    const tenants = await client.query<{ id: string }>(
      `insert into tenants (slug, name, locales)
       select 'bench-catalog-' || g, 'Community Association ' || g, '{en,fr}'
       from generate_series($1::int, $2::int) g returning id`,
      [options.from, options.from + options.organizers - 1],
    );
    let n = options.from;
    for (const { id } of tenants.rows) {
      // Row-level security is forced on the owner too: each organizer's rows go in under it.
      await client.query(`select set_config('app.tenant_id', $1, true)`, [id]);
      await client.query(INSERT_EVENTS, [id, options.eventsEach, n]);
      await client.query(INSERT_TIERS, [id]);
      n += 1;
    }
    await client.query('commit');
    // As autovacuum would leave them after a while: statistics, and pages marked all-visible.
    await client.query('vacuum analyze');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)] as T;

/** A random search of the public event list, as buyers type and click them: no two alike. */
export function searchPath(): string {
  const params = new URLSearchParams();
  const roll = Math.random;
  if (roll() < 0.6) {
    const words = [pick(ORIGINS), pick(OCCASIONS).split(' ')[0], pick(KINDS).split(' ')[0]] as string[];
    params.set('q', roll() < 0.5 ? (pick(words) as string) : `${words[0]} ${pick(words.slice(1))}`);
    if (roll() < 0.3) params.set('sort', 'date');
  }
  if (roll() < 0.35) params.set('category', pick(CATEGORIES));
  if (roll() < 0.35) params.set('city', pick(CITIES)[0]);
  if (roll() < 0.4) {
    const from = Date.now() + Math.floor(roll() * 200) * 86_400_000;
    params.set('starts_from', new Date(from).toISOString());
    params.set('starts_before', new Date(from + (7 + Math.floor(roll() * 60)) * 86_400_000).toISOString());
  }
  if (roll() < 0.3) {
    const min = Math.floor(roll() * 40) * 250;
    params.set('price_min', String(min));
    if (roll() < 0.7) params.set('price_max', String(min + 1000 + Math.floor(roll() * 80) * 250));
  }
  if (roll() < 0.1) params.set('language', pick(LANGUAGES.slice(1)));
  if (params.size === 0 || roll() < 0.2) params.set('limit', String(10 + Math.floor(roll() * 20)));
  return `/v1/public/events?${params}`;
}
