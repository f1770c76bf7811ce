import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buyTickets,
  eventBody,
  expectErrorShape,
  type Organizer,
  signUpOrganizer,
  startTestApp,
  type TestApp,
  until,
} from '../../test/app.ts';

let t: TestApp;
let owner: Organizer;

beforeAll(async () => {
  t = await startTestApp();
  owner = await signUpOrganizer(t.app, { locales: ['en', 'am'] });
});
afterAll(() => t.stop());

describe('creating events', () => {
  it('creates a draft with per-locale text and its tiers in one call', async () => {
    const response = await as(t.app, owner.token).post(
      '/v1/events',
      eventBody({
        capacity: 300,
        image_url: 'https://images.example.org/gala.jpg',
        tiers: [
          { name: { en: 'General', am: 'መደበኛ' }, price_cents: 6500, quantity: 250 },
          { name: { en: 'Volunteers' }, price_cents: 0, quantity: 20, hidden: true, max_per_order: 1 },
        ],
      }),
    );
    expect(response.statusCode, response.body).toBe(201);
    const event = response.json();
    expect(event).toMatchObject({
      status: 'draft',
      title: { en: 'Community Gala', am: 'የማህበረሰብ ጋላ' },
      category: 'gala-fundraiser',
      languages: ['en', 'am'],
      time_zone: 'America/New_York',
      capacity: 300,
      published_at: null,
    });
    expect(event.tiers).toHaveLength(2);
    expect(event.tiers[0]).toMatchObject({
      name: { en: 'General', am: 'መደበኛ' },
      price_cents: 6500,
      currency: 'USD',
      remaining: 250,
      position: 0,
    });
    expect(event.tiers[1]).toMatchObject({ price_cents: 0, hidden: true, max_per_order: 1, position: 1 });
  });

  it('keeps how buyers take part: an online link, the waitlist and names on tickets', async () => {
    const client = as(t.app, owner.token);
    const plain = (await client.post('/v1/events', eventBody())).json();
    expect(plain).toMatchObject({ online_url: null, waitlist_enabled: true, attendee_names: 'off' });

    const online = await client.post(
      '/v1/events',
      eventBody({
        venue_name: '',
        city: '',
        state: '',
        online_url: 'https://meet.example.org/gala',
        waitlist_enabled: false,
        attendee_names: 'required',
      }),
    );
    expect(online.statusCode, online.body).toBe(201);
    expect(online.json()).toMatchObject({
      online_url: 'https://meet.example.org/gala',
      waitlist_enabled: false,
      attendee_names: 'required',
      venue_name: '',
    });
    const changed = await client.patch(`/v1/events/${online.json().id}`, {
      online_url: null,
      waitlist_enabled: true,
      attendee_names: 'optional',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ online_url: null, waitlist_enabled: true, attendee_names: 'optional' });
  });

  it('keeps the organizer currency on tiers', async () => {
    const cad = await signUpOrganizer(t.app, { currency: 'CAD' });
    const event = await as(t.app, cad.token).post('/v1/events', eventBody());
    expect(event.json().tiers[0].currency).toBe('CAD');
  });
});

describe('changing events', () => {
  it('updates only the fields sent and keeps times in order', async () => {
    const client = as(t.app, owner.token);
    const created = (await client.post('/v1/events', eventBody())).json();
    const moved = new Date(Date.parse(created.starts_at) + 86_400_000);
    const patched = await client.patch(`/v1/events/${created.id}`, {
      title: { en: 'Community Gala 2027' },
      starts_at: moved.toISOString(),
      ends_at: new Date(moved.getTime() + 3_600_000).toISOString(),
      category: 'festival',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      title: { en: 'Community Gala 2027' },
      category: 'festival',
      city: 'Silver Spring',
    });
    expect(Date.parse(patched.json().updated_at)).toBeGreaterThan(Date.parse(created.updated_at));
  });

  it('publishes only events with a tier that have not ended, and unpublishes and cancels', async () => {
    const client = as(t.app, owner.token);
    const noTiers = (await client.post('/v1/events', eventBody({ tiers: [] }))).json();
    expectErrorShape(await client.post(`/v1/events/${noTiers.id}/publish`), 409, 'no_tiers');

    const past = (await client.post('/v1/events', eventBody({}, -3))).json();
    expectErrorShape(await client.post(`/v1/events/${past.id}/publish`), 422, 'event_over');

    const event = (await client.post('/v1/events', eventBody())).json();
    const published = await client.post(`/v1/events/${event.id}/publish`);
    expect(published.json()).toMatchObject({ status: 'published' });
    expect(published.json().published_at).not.toBeNull();
    expect((await client.post(`/v1/events/${event.id}/publish`)).statusCode).toBe(200);

    expect((await client.post(`/v1/events/${event.id}/unpublish`)).json().status).toBe('unpublished');
    expectErrorShape(await client.post(`/v1/events/${event.id}/unpublish`), 409, 'not_published');
    expect((await client.post(`/v1/events/${event.id}/publish`)).json().status).toBe('published');

    const cancelled = await client.post(`/v1/events/${event.id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expectErrorShape(await client.post(`/v1/events/${event.id}/cancel`), 409, 'event_cancelled');
    expectErrorShape(await client.patch(`/v1/events/${event.id}`, { city: 'Baltimore' }), 409, 'event_cancelled');
    expectErrorShape(await client.post(`/v1/events/${event.id}/publish`), 409, 'event_cancelled');
  });

  it('deletes drafts only', async () => {
    const client = as(t.app, owner.token);
    const draft = (await client.post('/v1/events', eventBody())).json();
    expect((await client.delete(`/v1/events/${draft.id}`)).statusCode).toBe(204);
    expectErrorShape(await client.get(`/v1/events/${draft.id}`), 404);
    expectErrorShape(await client.delete(`/v1/events/${draft.id}`), 404);
    expect((await client.get('/v1/events?limit=100')).body).not.toContain(draft.id);
    // Kept as tombstones for sync, with its tiers; nothing else reads them.
    const tiers = await t.admin.query(
      'select count(*)::int as n, count(deleted_at)::int as deleted from ticket_tiers where event_id = $1',
      [draft.id],
    );
    expect(tiers.rows[0]).toEqual({ n: 1, deleted: 1 });

    const live = (await client.post('/v1/events', eventBody())).json();
    await client.post(`/v1/events/${live.id}/publish`);
    await client.post(`/v1/events/${live.id}/unpublish`);
    expectErrorShape(await client.delete(`/v1/events/${live.id}`), 409, 'not_draft');
    expect((await client.get(`/v1/events/${live.id}`)).statusCode).toBe(200);
  });
});

describe('duplicating events', () => {
  it('copies the details and tiers into a new draft, without what the original sold', async () => {
    const client = as(t.app, owner.token);
    const original = (
      await client.post(
        '/v1/events',
        eventBody({
          capacity: 120,
          donations_enabled: true,
          donation_goal_cents: 500_000,
          tiers: [
            { name: { en: 'General' }, price_cents: 2500, quantity: 100, max_per_order: 6 },
            { name: { en: 'Volunteers' }, price_cents: 0, quantity: 10, hidden: true },
          ],
        }),
      )
    ).json();
    await client.post(`/v1/events/${original.id}/publish`);
    await buyTickets(t.app, owner.slug, { tickets: [{ tier_id: original.tiers[0].id, quantity: 2 }] });

    const response = await client.post(`/v1/events/${original.id}/duplicate`);
    expect(response.statusCode, response.body).toBe(201);
    const copy = response.json();
    expect(copy.id).not.toBe(original.id);
    expect(copy).toMatchObject({
      status: 'draft',
      published_at: null,
      title: original.title,
      description: original.description,
      category: original.category,
      starts_at: original.starts_at,
      capacity: 120,
      donations_enabled: true,
      donation_goal_cents: 500_000,
    });
    expect(copy.tiers.map((tier: Record<string, unknown>) => [tier.name, tier.price_cents, tier.hidden])).toEqual([
      [{ en: 'General' }, 2500, false],
      [{ en: 'Volunteers' }, 0, true],
    ]);
    expect(copy.tiers[0]).toMatchObject({ quantity: 100, sold_count: 0, remaining: 100, max_per_order: 6 });
    expect(copy.tiers[0].id).not.toBe(original.tiers[0].id);
    // The original keeps its sales and its state.
    const after = (await client.get(`/v1/events/${original.id}`)).json();
    expect(after).toMatchObject({ status: 'published' });
    expect(after.tiers[0].sold_count).toBe(2);
  });

  it("answers 404 for an unknown event or another organizer's", async () => {
    const client = as(t.app, owner.token);
    const event = (await client.post('/v1/events', eventBody())).json();
    expectErrorShape(await client.post('/v1/events/00000000-0000-4000-8000-000000000000/duplicate'), 404);
    const other = await signUpOrganizer(t.app);
    expectErrorShape(await as(t.app, other.token).post(`/v1/events/${event.id}/duplicate`), 404);
  });
});

describe('tiers', () => {
  it('adds, changes and deletes tiers, and marks the event changed', async () => {
    const client = as(t.app, owner.token);
    const event = (await client.post('/v1/events', eventBody())).json();
    const added = await client.post(`/v1/events/${event.id}/tiers`, {
      name: { en: 'VIP', am: 'ቪአይፒ' },
      price_cents: 15000,
      quantity: 40,
      sales_start_at: new Date(Date.now() + 3_600_000).toISOString(),
      max_per_order: 4,
    });
    expect(added.statusCode, added.body).toBe(201);
    const tier = added.json();
    expect(tier).toMatchObject({
      price_cents: 15000,
      quantity: 40,
      sold_count: 0,
      remaining: 40,
      position: 1,
      max_per_order: 4,
    });

    const changed = await client.patch(`/v1/events/${event.id}/tiers/${tier.id}`, { price_cents: 12000, hidden: true });
    expect(changed.json()).toMatchObject({ price_cents: 12000, hidden: true, quantity: 40 });
    const reread = (await client.get(`/v1/events/${event.id}`)).json();
    expect(Date.parse(reread.updated_at)).toBeGreaterThan(Date.parse(event.updated_at));
    expect((await client.get(`/v1/events/${event.id}/tiers`)).json().data).toHaveLength(2);

    expect((await client.delete(`/v1/events/${event.id}/tiers/${tier.id}`)).statusCode).toBe(204);
    expectErrorShape(await client.get(`/v1/events/${event.id}/tiers/${tier.id}`), 404);
  });

  it('lets a tier with a high minimum default its maximum to that minimum', async () => {
    const client = as(t.app, owner.token);
    const event = (await client.post('/v1/events', eventBody())).json();
    const table = await client.post(`/v1/events/${event.id}/tiers`, {
      name: { en: 'Table of 12' },
      price_cents: 90000,
      quantity: 10,
      min_per_order: 12,
    });
    expect(table.statusCode, table.body).toBe(201);
    expect(table.json()).toMatchObject({ min_per_order: 12, max_per_order: 12 });
  });

  it('keeps tiers with sales: no deleting, no quantity below what was sold', async () => {
    const client = as(t.app, owner.token);
    const event = (await client.post('/v1/events', eventBody())).json();
    const tierId = event.tiers[0].id;
    await t.admin.query('update ticket_tiers set taken_count = 30 where id = $1', [tierId]);
    expectErrorShape(await client.delete(`/v1/events/${event.id}/tiers/${tierId}`), 409, 'tier_has_sales');
    expectErrorShape(await client.patch(`/v1/events/${event.id}/tiers/${tierId}`, { quantity: 29 }), 422);
    const ok = await client.patch(`/v1/events/${event.id}/tiers/${tierId}`, { quantity: 30 });
    expect(ok.json()).toMatchObject({ quantity: 30, held_count: 30, sold_count: 0, remaining: 0 });
  });
});

describe('listing and syncing', () => {
  it('pages through events by start time with a stable cursor', async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    const created: string[] = [];
    for (let day = 1; day <= 7; day += 1) created.push((await client.post('/v1/events', eventBody({}, day))).json().id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await client.get(`/v1/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode, page.body).toBe(200);
      seen.push(...page.json().data.map((e: { id: string }) => e.id));
      cursor = page.json().next_cursor;
    } while (cursor);
    expect(seen).toEqual(created);
    const drafts = await client.get('/v1/events?status=published');
    expect(drafts.json().data).toEqual([]);
  });

  it('syncs what changed since a time, then from the position each page returns', async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    const first = (await client.post('/v1/events', eventBody({}, 5))).json();
    const second = (await client.post('/v1/events', eventBody({}, 2))).json();
    const since = encodeURIComponent(first.created_at);
    // A change shows once every transaction older than it has ended: other work may hold it back a moment.
    const sync = (query: string, count: number) =>
      until(async () => {
        const page = (await client.get(`/v1/events?${query}`)).json();
        return page.data.length === count && page;
      });
    const all = await sync(`updated_since=${since}`, 2);
    expect(all.data.map((e: { id: string }) => e.id)).toEqual([first.id, second.id]);
    expect(all.next_cursor).toBeNull();
    expect(all.next_updated_since).toMatch(/^pos_/);

    await client.patch(`/v1/events/${first.id}`, { city: 'Takoma Park' });
    const changed = await sync(`updated_since=${all.next_updated_since}`, 1);
    expect(changed.data).toMatchObject([{ id: first.id, city: 'Takoma Park' }]);
    expect((await client.get(`/v1/events?updated_since=${changed.next_updated_since}`)).json().data).toEqual([]);

    // In the order of the last change, page by page.
    const paged = await sync(`updated_since=${since}&limit=1`, 1);
    expect(paged.next_cursor).toMatch(/^pos_/);
    const next = (await client.get(`/v1/events?updated_since=${since}&limit=1&cursor=${paged.next_cursor}`)).json();
    expect([paged.data[0].id, next.data[0].id]).toEqual([second.id, first.id]);
  });
});

describe('roles', () => {
  it('lets staff edit events but not the team, and check-in staff only read', async () => {
    const client = as(t.app, owner.token);
    await client.post('/v1/organizer/members', { email: 'staff-person@example.org', role: 'staff' });
    await client.post('/v1/organizer/members', { email: 'door-person@example.org', role: 'check_in' });
    const token = async (email: string) => {
      const { token: reset } = await t.mail.received('invitation', email);
      await t.app.inject({
        method: 'POST',
        url: '/v1/auth/password-reset/confirm',
        payload: { token: reset, password: 'chosen by invitee' },
      });
      const signIn = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/sign-in',
        payload: { email, password: 'chosen by invitee' },
      });
      return signIn.json().token as string;
    };
    const staff = as(t.app, await token('staff-person@example.org'));
    const door = as(t.app, await token('door-person@example.org'));

    const created = await staff.post('/v1/events', eventBody());
    expect(created.statusCode).toBe(201);
    expectErrorShape(await staff.get('/v1/organizer/members'), 403, 'forbidden');
    expectErrorShape(await staff.patch('/v1/organizer', { name: 'Taken over' }), 403);

    expect((await door.get(`/v1/events/${created.json().id}`)).statusCode).toBe(200);
    expectErrorShape(await door.post('/v1/events', eventBody()), 403);
    expectErrorShape(await door.post(`/v1/events/${created.json().id}/publish`), 403);
  });

  it('keeps at least one owner, and only owners make owners', async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    expectErrorShape(
      await client.patch(`/v1/organizer/members/${organizer.userId}`, { role: 'admin' }),
      422,
      'last_owner',
    );
    expectErrorShape(await client.delete(`/v1/organizer/members/${organizer.userId}`), 422, 'last_owner');

    const admin = await client.post('/v1/organizer/members', {
      email: `admin-${organizer.slug}@example.org`,
      role: 'admin',
    });
    expect(admin.statusCode).toBe(201);
    expectErrorShape(
      await client.post('/v1/organizer/members', { email: `admin-${organizer.slug}@example.org`, role: 'staff' }),
      409,
    );
    const promoted = await client.patch(`/v1/organizer/members/${admin.json().user_id}`, { role: 'owner' });
    expect(promoted.json().role).toBe('owner');
    expect((await client.patch(`/v1/organizer/members/${organizer.userId}`, { role: 'admin' })).json().role).toBe(
      'admin',
    );
    expectErrorShape(await client.patch(`/v1/organizer/members/${organizer.userId}`, { role: 'owner' }), 403);
  });
});
