import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  eventBody,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';

let t: TestApp;
let addis: Organizer;
let houston: Organizer;
const ev: Record<string, string> = {};

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

async function get(url: string) {
  const response = await t.app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const idsOf = (page: { data: { id: string }[] }) => page.data.map((event) => event.id);

beforeAll(async () => {
  t = await startTestApp();
  addis = await signUpOrganizer(t.app, { locales: ['en', 'am'] });
  houston = await signUpOrganizer(t.app, { locales: ['es', 'en'], defaultLocale: 'es' });

  ev.gala = await publishedEvent(
    t.app,
    addis.token,
    {
      title: { en: 'Enkutatash New Year Gala', am: 'የእንቁጣጣሽ ጋላ' },
      description: { en: 'Dinner, music and a scholarship auction.' },
      category: 'gala-fundraiser',
      city: 'Silver Spring',
      state: 'MD',
      languages: ['en', 'am'],
      capacity: 300,
      tiers: [
        { name: { en: 'General' }, price_cents: 6500, quantity: 250 },
        { name: { en: 'VIP' }, price_cents: 15000, quantity: 80 },
        { name: { en: 'Presale' }, price_cents: 5000, quantity: 50, sales_start_at: inDays(2) },
        { name: { en: 'Comp' }, price_cents: 0, quantity: 40, hidden: true },
      ],
    },
    10,
  );
  ev.film = await publishedEvent(
    t.app,
    addis.token,
    {
      title: { en: 'Diaspora Film Night', am: 'የዲያስፖራ ፊልም ምሽት' },
      description: { en: 'A screening followed by a gala-style reception with the director.' },
      category: 'diaspora-film',
      city: 'Washington',
      state: 'DC',
      languages: ['am'],
      tiers: [{ name: { en: 'Seat' }, price_cents: 1500, quantity: 120 }],
    },
    20,
  );
  ev.fiestas = await publishedEvent(
    t.app,
    houston.token,
    {
      title: { es: 'Fiestas Patrias', en: 'Independence Day Celebration' },
      description: { es: 'Mariachi y antojitos.' },
      category: 'national-day',
      city: 'Houston',
      state: 'TX',
      time_zone: 'America/Chicago',
      languages: ['es', 'en'],
      tags: ['mexican', 'mariachi'],
      tiers: [
        { name: { es: 'General' }, price_cents: 2000, quantity: 1000 },
        { name: { es: 'Niños' }, price_cents: 0, quantity: 300 },
      ],
    },
    25,
  );
  ev.comedy = await publishedEvent(
    t.app,
    houston.token,
    {
      title: { es: 'Noche de Comedia' },
      description: { es: 'Cuatro comediantes.' },
      category: 'comedy',
      city: 'houston',
      state: 'tx',
      time_zone: 'America/Chicago',
      languages: ['es'],
      tiers: [
        { name: { es: 'Entrada' }, price_cents: 2800, quantity: 150 },
        { name: { es: 'Staff' }, price_cents: 500, quantity: 10, hidden: true },
      ],
    },
    9,
  );

  const client = as(t.app, addis.token);
  ev.draft = (await client.post('/v1/events', eventBody({ title: { en: 'Draft gala' } }))).json().id;
  ev.unpublished = await publishedEvent(t.app, addis.token, { title: { en: 'Unpublished gala' } });
  await client.post(`/v1/events/${ev.unpublished}/unpublish`);
  ev.cancelled = await publishedEvent(t.app, addis.token, { title: { en: 'Cancelled gala' } });
  await client.post(`/v1/events/${ev.cancelled}/cancel`);
  ev.past = await publishedEvent(t.app, addis.token, { title: { en: 'Last year gala' } }, 3);
  await t.admin.query(
    `update events set starts_at = now() - interval '30 days', ends_at = now() - interval '29 days' where id = $1`,
    [ev.past],
  );

  const suspended = await signUpOrganizer(t.app);
  ev.suspended = await publishedEvent(t.app, suspended.token, { title: { en: 'Suspended organizer gala' } });
  await t.admin.query(`update tenants set status = 'suspended' where id = $1`, [suspended.organizerId]);
  ev.suspendedSlug = suspended.slug;
});
afterAll(() => t.stop());

describe('what the catalog shows', () => {
  it('lists published, upcoming events of active organizers across tenants, by start time', async () => {
    const page = await get('/v1/public/events?limit=100');
    expect(idsOf(page)).toEqual([ev.comedy, ev.gala, ev.film, ev.fiestas]);
    const first = page.data.find((event: { id: string }) => event.id === ev.gala);
    expect(first).toMatchObject({
      organizer: { slug: addis.slug },
      title: { en: 'Enkutatash New Year Gala', am: 'የእንቁጣጣሽ ጋላ' },
      category: 'gala-fundraiser',
      currency: 'USD',
      price_from_cents: 5000,
      price_to_cents: 15000,
      sold_out: false,
    });
  });

  it("never shows drafts, unpublished, cancelled, ended or suspended organizers' events", async () => {
    const body = JSON.stringify(await get('/v1/public/events?limit=100'));
    for (const hidden of [ev.draft, ev.unpublished, ev.cancelled, ev.past, ev.suspended])
      expect(body).not.toContain(hidden);
    for (const hidden of [ev.draft, ev.unpublished, ev.cancelled, ev.suspended]) {
      expectErrorShape(await t.app.inject({ method: 'GET', url: `/v1/public/events/${hidden}` }), 404);
    }
  });

  it('shows ended events when asked for a past date range', async () => {
    const from = new Date(Date.now() - 40 * DAY).toISOString();
    const to = new Date(Date.now() - 20 * DAY).toISOString();
    const page = await get(`/v1/public/events?starts_from=${from}&starts_before=${to}`);
    expect(idsOf(page)).toEqual([ev.past]);
  });
});

describe('filters', () => {
  it.each([
    ['organizer', () => `organizer=${addis.slug}`, () => [ev.gala, ev.film]],
    ['unknown organizer', () => 'organizer=nobody-here', () => []],
    ['category', () => 'category=national-day', () => [ev.fiestas]],
    ['date range', () => `starts_from=${inDays(9.5)}&starts_before=${inDays(21)}`, () => [ev.gala, ev.film]],
    ['city, any case', () => 'city=HOUSTON', () => [ev.comedy, ev.fiestas]],
    ['state', () => 'state=dc', () => [ev.film]],
    ['city and state', () => 'city=silver%20spring&state=MD', () => [ev.gala]],
    ['price range', () => 'price_min=2500&price_max=5500', () => [ev.comedy, ev.gala]],
    ['free tickets', () => 'price_max=0', () => [ev.fiestas]],
    ['hidden tiers do not count', () => 'price_min=400&price_max=600', () => []],
    ['language held in', () => 'language=am', () => [ev.gala, ev.film]],
    ['language written in', () => 'language=es', () => [ev.comedy, ev.fiestas]],
    ['language nobody uses', () => 'language=yo', () => []],
    ['filters combine', () => `organizer=${houston.slug}&category=comedy&language=es`, () => [ev.comedy]],
  ])('%s', async (_label, query, expected) => {
    expect(idsOf(await get(`/v1/public/events?${query()}`))).toEqual(expected());
  });
});

describe('keyword search', () => {
  it("finds words in any locale's text, tags and category names", async () => {
    expect(idsOf(await get('/v1/public/events?q=fiestas'))).toEqual([ev.fiestas]);
    expect(idsOf(await get('/v1/public/events?q=mariachi'))).toEqual([ev.fiestas]);
    expect(idsOf(await get(`/v1/public/events?q=${encodeURIComponent('ጋላ')}`))).toEqual([ev.gala]);
    expect(idsOf(await get('/v1/public/events?q=comedia'))).toEqual([ev.comedy]);
    expect(idsOf(await get('/v1/public/events?q=nonexistentword'))).toEqual([]);
  });

  it('ranks a title match above a description match', async () => {
    // "gala" is in the gala's title and only in the film night's description.
    const ranked = await get('/v1/public/events?q=gala');
    expect(idsOf(ranked)).toEqual([ev.gala, ev.film]);
    const byDate = await get('/v1/public/events?q=gala&sort=date');
    expect(idsOf(byDate)).toEqual([ev.gala, ev.film]);
  });

  it('needs every word, unless they are joined by "or", and leaves out the events a "-word" names', async () => {
    expect(idsOf(await get('/v1/public/events?q=fiestas%20mariachi'))).toEqual([ev.fiestas]);
    expect(idsOf(await get('/v1/public/events?q=fiestas%20comedia'))).toEqual([]);
    expect(idsOf(await get('/v1/public/events?q=fiestas%20or%20comedia')).sort()).toEqual(
      [ev.fiestas, ev.comedy].sort(),
    );
    expect(idsOf(await get('/v1/public/events?q=comedia%20-fiestas'))).toEqual([ev.comedy]);
    const withoutGala = idsOf(await get('/v1/public/events?q=-gala&limit=100'));
    expect(withoutGala).toEqual(expect.arrayContaining([ev.fiestas, ev.comedy]));
    expect(withoutGala).not.toContain(ev.gala);
    expect(withoutGala).not.toContain(ev.film);
  });

  it('finds an event by the words it has now: after an edit, and not once it is unpublished', async () => {
    const client = as(t.app, addis.token);
    const id = await publishedEvent(
      t.app,
      addis.token,
      { title: { en: 'Kizomba Workshop' }, category: 'class-workshop' },
      40,
    );
    expect(idsOf(await get('/v1/public/events?q=kizomba'))).toEqual([id]);
    expect((await client.patch(`/v1/events/${id}`, { title: { en: 'Semba Workshop' } })).statusCode).toBe(200);
    expect(idsOf(await get('/v1/public/events?q=kizomba'))).toEqual([]);
    expect(idsOf(await get('/v1/public/events?q=semba'))).toEqual([id]);
    await client.post(`/v1/events/${id}/unpublish`);
    expect(idsOf(await get('/v1/public/events?q=semba'))).toEqual([]);
    await client.post(`/v1/events/${id}/publish`);
    expect(idsOf(await get('/v1/public/events?q=semba%20workshop'))).toEqual([id]);
  });
});

describe('searches after changes', () => {
  it('filter an event by what it and its tiers are now: prices, hidden tiers, languages, place and date', async () => {
    const client = as(t.app, houston.token);
    const id = await publishedEvent(
      t.app,
      houston.token,
      {
        title: { en: 'Zouk Night' },
        category: 'afrobeat-concert',
        city: 'Newark',
        state: 'NJ',
        languages: ['en'],
        tiers: [
          { name: { en: 'Dance floor' }, price_cents: 1000, quantity: 100 },
          { name: { en: 'Table' }, price_cents: 9000, quantity: 10 },
        ],
      },
      50,
    );
    const [floor, table] = (await client.get(`/v1/events/${id}`)).json().tiers.map((tier: { id: string }) => tier.id);
    // One word, several words, words joined by "or", no words: each reads the catalog its own way.
    const finds = async (query: string) => {
      const found = await Promise.all(
        [
          `q=zouk&${query}`,
          `q=zouk%20night&${query}`,
          `q=zouk%20or%20xylophone&${query}`,
          `organizer=${houston.slug}&${query}`,
        ].map(async (search) => idsOf(await get(`/v1/public/events?${search}`)).includes(id)),
      );
      expect(new Set(found).size, `${query}: ${found}`).toBe(1);
      return found[0];
    };

    expect(await finds('price_max=2000')).toBe(true);
    expect(await finds('price_min=8000&city=newark&category=afrobeat-concert')).toBe(true);
    expect(await finds('language=fr')).toBe(false);

    expect((await client.patch(`/v1/events/${id}/tiers/${floor}`, { price_cents: 3000 })).statusCode).toBe(200);
    expect(await finds('price_max=2000')).toBe(false);
    expect(await finds('price_min=2500&price_max=3500')).toBe(true);

    expect((await client.patch(`/v1/events/${id}/tiers/${table}`, { hidden: true })).statusCode).toBe(200);
    expect(await finds('price_min=8000')).toBe(false);
    expect(
      (await client.post(`/v1/events/${id}/tiers`, { name: { en: 'Balcony' }, price_cents: 500, quantity: 20 }))
        .statusCode,
    ).toBe(201);
    expect(await finds('price_max=600')).toBe(true);

    expect(
      (await client.patch(`/v1/events/${id}`, { title: { en: 'Zouk Night', fr: 'Soirée Zouk' } })).statusCode,
    ).toBe(200);
    expect(await finds('language=fr')).toBe(true);

    const startsAt = inDays(80);
    const endsAt = new Date(Date.parse(startsAt) + 4 * 3_600_000).toISOString();
    const moved = await client.patch(`/v1/events/${id}`, {
      city: 'Paterson',
      category: 'festival',
      starts_at: startsAt,
      ends_at: endsAt,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await finds('city=newark')).toBe(false);
    expect(await finds('category=afrobeat-concert')).toBe(false);
    expect(await finds(`city=paterson&category=festival&starts_from=${inDays(79)}&starts_before=${inDays(81)}`)).toBe(
      true,
    );
    expect(await finds(`starts_before=${inDays(60)}`)).toBe(false);

    await client.post(`/v1/events/${id}/unpublish`);
    expect(await finds('city=paterson')).toBe(false);
  });
});

describe('pagination', () => {
  /** The ids of every page of `/v1/public/events?<query>`, one event a page, cursor after cursor. */
  async function walkPages(query: string): Promise<string[]> {
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/v1/public/events?${query}limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...idsOf(page));
      cursor = page.next_cursor;
    } while (cursor);
    return walked;
  }

  it('walks the list in pages with no repeats or gaps', async () => {
    const all = idsOf(await get('/v1/public/events?limit=100'));
    expect(await walkPages('')).toEqual(all);
  });

  describe('of a search for words', () => {
    beforeAll(async () => {
      await publishedEvent(
        t.app,
        addis.token,
        { title: { en: 'Tizita Night of Poetry' }, category: 'class-workshop' },
        30,
      );
      await publishedEvent(
        t.app,
        addis.token,
        { title: { en: 'Tizita Night of Song' }, category: 'class-workshop' },
        31,
      );
      await publishedEvent(t.app, houston.token, { title: { en: 'Tizita Songs' }, category: 'class-workshop' }, 32);
    });

    it.each([
      ['one word', 'tizita', 3],
      ['several words', 'tizita%20night', 2],
      ['several words, by date', 'tizita%20night&sort=date', 2],
    ])('%s, in pages', async (_label, search, count) => {
      const all = idsOf(await get(`/v1/public/events?q=${search}&limit=100`));
      expect(all).toHaveLength(count);
      expect(await walkPages(`q=${search}&`)).toEqual(all);
    });
  });

  it('walks relevance-ranked results in pages too', async () => {
    const all = idsOf(await get('/v1/public/events?q=gala%20OR%20fiestas%20OR%20comedia'));
    expect(all).toHaveLength(4);
    const first = await get('/v1/public/events?q=gala%20OR%20fiestas%20OR%20comedia&limit=3');
    const second = await get(
      `/v1/public/events?q=gala%20OR%20fiestas%20OR%20comedia&limit=3&cursor=${first.next_cursor}`,
    );
    expect([...idsOf(first), ...idsOf(second)]).toEqual(all);
    expect(second.next_cursor).toBeNull();
  });
});

describe('event detail and availability', () => {
  it('shows the tiers on offer with their availability, never hidden ones', async () => {
    const event = await get(`/v1/public/events/${ev.gala}`);
    expect(event).toMatchObject({
      description: { en: 'Dinner, music and a scholarship auction.' },
      category: 'gala-fundraiser',
      category_names: { en: 'Gala / Fundraiser', am: 'ጋላ / የገንዘብ ማሰባሰቢያ' },
    });
    expect(event.tiers.map((tier: { name: { en: string } }) => tier.name.en)).toEqual(['General', 'VIP', 'Presale']);
    const [general, vip, presale] = event.tiers;
    expect(general).toMatchObject({ price_cents: 6500, remaining: 250, sold_out: false, on_sale: true });
    // capacity 300 caps what is left across tiers
    expect(vip).toMatchObject({ remaining: 80, on_sale: true });
    expect(presale).toMatchObject({ on_sale: false, remaining: 50 });
    expect(event.remaining).toBe(300);
  });

  it('caps by capacity and reports sold out', async () => {
    const id = await publishedEvent(t.app, houston.token, {
      title: { es: 'Cupo limitado' },
      capacity: 100,
      tiers: [
        { name: { es: 'A' }, price_cents: 1000, quantity: 80 },
        { name: { es: 'B' }, price_cents: 2000, quantity: 80 },
      ],
    });
    await t.admin.query(`update ticket_tiers set taken_count = 60 where event_id = $1 and price_cents = 1000`, [id]);
    const partly = await get(`/v1/public/events/${id}`);
    expect(partly.remaining).toBe(40);
    expect(partly.tiers.map((tier: { remaining: number }) => tier.remaining)).toEqual([20, 40]);

    await t.admin.query(`update ticket_tiers set taken_count = 40 where event_id = $1 and price_cents = 2000`, [id]);
    t.runtime.services.catalogCache.invalidate();
    const full = await get(`/v1/public/events/${id}`);
    expect(full).toMatchObject({ remaining: 0, sold_out: true });
    expect(full.tiers.every((tier: { sold_out: boolean; on_sale: boolean }) => tier.sold_out && !tier.on_sale)).toBe(
      true,
    );
  });
});

describe('what buyers can add to an event', () => {
  const orders = () => `/v1/public/organizers/${addis.slug}/orders`;
  let eventId: string;
  let tierId: string;
  const addOn: Record<string, string> = {};

  beforeAll(async () => {
    eventId = await publishedEvent(t.app, addis.token, {
      title: { en: 'Scholarship Gala Stream', am: 'የነፃ ትምህርት ጋላ' },
      venue_name: '',
      city: '',
      state: '',
      online_url: 'https://meet.example.org/scholarship-gala?pwd=secret',
      donations_enabled: true,
      donation_goal_cents: 500_000,
      waitlist_enabled: false,
      attendee_names: 'optional',
      tiers: [{ name: { en: 'Stream pass' }, price_cents: 1000, quantity: 100 }],
    });
    tierId = (await as(t.app, addis.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
    const add = async (key: string, body: Record<string, unknown>) => {
      const created = await as(t.app, addis.token).post('/v1/products', body);
      expect(created.statusCode, created.body).toBe(201);
      addOn[key] = created.json().id;
    };
    await add('book', {
      event_id: eventId,
      name: { en: 'Gala booklet', am: 'የጋላ መጽሔት' },
      description: { en: 'Printed and mailed.' },
      price_cents: 1500,
      quantity: 3,
      max_per_order: 2,
      position: 2,
    });
    await add('shirt', { event_id: eventId, name: { en: 'T-shirt' }, price_cents: 2000, quantity: 50, position: 1 });
    await add('retired', { event_id: eventId, name: { en: 'Old mug' }, price_cents: 900, quantity: 9, active: false });
    await add('elsewhere', { event_id: ev.film, name: { en: 'Popcorn' }, price_cents: 500, quantity: 40 });
  });

  const event = () => get(`/v1/public/events/${eventId}`);

  it("carries the event's active add-ons in display order, its donation settings and how buyers take part", async () => {
    const shown = await event();
    expect(shown.add_ons).toEqual([
      {
        id: addOn.shirt,
        name: { en: 'T-shirt' },
        description: {},
        price_cents: 2000,
        currency: 'USD',
        remaining: 50,
        sold_out: false,
        max_per_order: 10,
      },
      {
        id: addOn.book,
        name: { en: 'Gala booklet', am: 'የጋላ መጽሔት' },
        description: { en: 'Printed and mailed.' },
        price_cents: 1500,
        currency: 'USD',
        remaining: 3,
        sold_out: false,
        max_per_order: 2,
      },
    ]);
    expect(shown).toMatchObject({
      donations_enabled: true,
      donation_goal_cents: 500_000,
      donations_raised_cents: 0,
      waitlist_enabled: false,
      attendee_names: 'optional',
      is_online: true,
    });
    // The link is what tickets buy: the public event only says there is one.
    expect(JSON.stringify(shown)).not.toContain('meet.example.org');
    expect((await get(`/v1/public/events?organizer=${addis.slug}&limit=50`)).data).toContainEqual(
      expect.objectContaining({ id: eventId, is_online: true }),
    );

    const gala = await get(`/v1/public/events/${ev.gala}`);
    expect(gala).toMatchObject({
      add_ons: [],
      donations_enabled: false,
      donation_goal_cents: null,
      donations_raised_cents: 0,
      waitlist_enabled: true,
      attendee_names: 'off',
      is_online: false,
    });
    expect((await get(`/v1/public/events/${ev.film}`)).add_ons.map((a: { id: string }) => a.id)).toEqual([
      addOn.elsewhere,
    ]);
  });

  it('counts paid donations towards the goal, less refunds; held orders and add-ons count for nothing', async () => {
    const giving = (amount: number, extra: Record<string, unknown> = {}) =>
      t.app.inject({
        method: 'POST',
        url: orders(),
        payload: {
          buyer: { name: 'Selam Bekele', email: 'selam@example.org' },
          tickets: [{ tier_id: tierId, quantity: 1 }],
          donations: [{ event_id: eventId, amount_cents: amount }],
          ...extra,
        },
      });
    const held = await giving(7_500);
    expect(held.statusCode, held.body).toBe(201);
    t.runtime.services.catalogCache.invalidate();
    expect((await event()).donations_raised_cents).toBe(0);

    const placed = await giving(2_500, { add_ons: [{ product_id: addOn.book, quantity: 2 }] });
    expect(placed.statusCode, placed.body).toBe(201);
    const { order, access_token } = placed.json();
    const paid = await t.app.inject({
      method: 'POST',
      url: `${orders()}/${order.id}/pay?token=${encodeURIComponent(access_token)}`,
      payload: { method: 'card', card_number: '4242424242424242' },
    });
    expect(paid.statusCode, paid.body).toBe(200);
    // No waiting for the cached event to expire: the giver sees the gift counted at once.
    const after = await event();
    expect(after.donations_raised_cents).toBe(2_500);
    expect(after.add_ons.find((a: { id: string }) => a.id === addOn.book)).toMatchObject({ remaining: 1 });

    const lines = paid.json().order.lines as { id: string; kind: string }[];
    const lineOf = (kind: string) => lines.find((line) => line.kind === kind)?.id;
    const owner = as(t.app, addis.token);
    const addOnRefund = await owner.post(`/v1/orders/${order.id}/refunds`, { line_ids: [lineOf('product')] });
    expect(addOnRefund.statusCode, addOnRefund.body).toBe(200);
    expect((await event()).donations_raised_cents).toBe(2_500);
    const giftRefund = await owner.post(`/v1/orders/${order.id}/refunds`, { line_ids: [lineOf('donation')] });
    expect(giftRefund.statusCode, giftRefund.body).toBe(200);
    expect((await event()).donations_raised_cents).toBe(0);
  });
});

describe('organizers and categories', () => {
  it("shows an active organizer's public profile", async () => {
    expect(await get(`/v1/public/organizers/${houston.slug}`)).toEqual({
      slug: houston.slug,
      name: `Organizer ${houston.slug}`,
      contact_email: null,
      about: {},
      contact_phone: null,
      address_line: null,
      city: null,
      state: null,
      postal_code: null,
      website_url: null,
      social_links: {},
      default_locale: 'es',
      locales: ['es', 'en'],
      time_zone: 'America/New_York',
      currency: 'USD',
      payments: { card_provider: 'test', card_test_mode: true, offline_methods: [], community_partners: [] },
      show_platform_branding: true,
      branding: {
        logo: null,
        favicon: null,
        hero: null,
        brand_color: null,
        brand_text_color: null,
        background_color: null,
        text_color: null,
        font: 'system',
      },
      theme_version: null,
    });
    expectErrorShape(await t.app.inject({ method: 'GET', url: `/v1/public/organizers/${ev.suspendedSlug}` }), 404);

    // What the organizer takes in person is what its storefront offers.
    const settings = await as(t.app, houston.token).patch('/v1/organizer/checkout-settings', {
      offline_methods: ['cash', 'partner'],
      community_partners: ['Ethiopian Community Center', 'St. Mary Church'],
    });
    expect(settings.statusCode, settings.body).toBe(200);
    expect((await get(`/v1/public/organizers/${houston.slug}`)).payments).toEqual({
      card_provider: 'test',
      card_test_mode: true,
      offline_methods: ['cash', 'partner'],
      community_partners: ['Ethiopian Community Center', 'St. Mary Church'],
    });
  });

  it('lists the cultural taxonomy', async () => {
    const { data } = await get('/v1/categories');
    expect(data.map((c: { names: { en: string } }) => c.names.en)).toEqual([
      'Gala / Fundraiser',
      'National Day Celebration',
      'Afrobeat Concert',
      'Diaspora Film Screening',
      'Religious Celebration',
      'Wedding / Private Celebration',
      'Conference',
      'Comedy',
      'Festival',
      'Sports',
      'Class / Workshop',
      'Community Meeting',
    ]);
  });
});

describe('the catalog cache', () => {
  it('serves repeated reads from cache and drops it when an organizer changes an event', async () => {
    const url = `/v1/public/events?organizer=${houston.slug}&limit=50`;
    const before = await get(url);
    await t.admin.query(`update events set city = 'Changed behind the API' where id = $1`, [ev.comedy]);
    const cached = await get(url);
    expect(cached).toEqual(before);

    const id = await publishedEvent(t.app, houston.token, { title: { es: 'Recién publicado' } });
    const after = await get(url);
    expect(idsOf(after)).toContain(id);
    expect(JSON.stringify(after)).toContain('Changed behind the API');
  });

  it('marks public responses cacheable by browsers and CDNs for the same short time', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/v1/public/events' });
    expect(response.headers['cache-control']).toBe('public, max-age=5');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('sends the compressed form a client accepts, with the same content', async () => {
    const url = '/v1/public/events?limit=50';
    const plain = await t.app.inject({ method: 'GET', url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('accept-encoding');
    const br = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());
    const gzip = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString())).toEqual(plain.json());
    const refused = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });
});
