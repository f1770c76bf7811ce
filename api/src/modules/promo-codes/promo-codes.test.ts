import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.ts';
import {
  as,
  eventBody,
  expectErrorShape,
  type Organizer,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';
import { findPromoCodeByCode } from './promo-codes.repository.ts';

let t: TestApp;
let owner: Organizer;

beforeAll(async () => {
  t = await startTestApp();
  owner = await signUpOrganizer(t.app);
});
afterAll(() => t.stop());

/** A paid order that used the code, as checkout would record it. */
function orderUsing(organizer: Organizer, promoCodeId: string) {
  return t.admin.query(
    `insert into orders (tenant_id, number, status, buyer_name, buyer_email, currency, subtotal_cents,
       discount_cents, total_cents, promo_code_id, paid_at)
     values ($1, $2, 'paid', 'Buyer', 'buyer@example.org', 'USD', 1000, 100, 900, $3, now())`,
    [organizer.organizerId, `P${Math.floor(Math.random() * 1e8)}`, promoCodeId],
  );
}

describe('promo codes', () => {
  it('creates percent and amount codes, in capitals, limited to tiers and dates', async () => {
    const client = as(t.app, owner.token);
    const event = (await client.post('/v1/events', eventBody())).json();
    const tierId = event.tiers[0].id;
    const startsAt = new Date(Date.now() + 3_600_000).toISOString();
    const endsAt = new Date(Date.now() + 86_400_000).toISOString();
    const percent = await client.post('/v1/promo-codes', {
      code: 'spring-10',
      kind: 'percent',
      percent_off_bp: 1000,
      max_uses: 50,
      tier_ids: [tierId.toUpperCase()],
      starts_at: startsAt,
      ends_at: endsAt,
    });
    expect(percent.statusCode, percent.body).toBe(201);
    expect(percent.json()).toMatchObject({
      code: 'SPRING-10',
      kind: 'percent',
      percent_off_bp: 1000,
      amount_off_cents: null,
      max_uses: 50,
      used_count: 0,
      tier_ids: [tierId],
      starts_at: startsAt,
      ends_at: endsAt,
      active: true,
    });
    const amount = await client.post('/v1/promo-codes', { code: 'FIVEOFF', kind: 'amount', amount_off_cents: 500 });
    expect(amount.json()).toMatchObject({ percent_off_bp: null, amount_off_cents: 500, max_uses: null, tier_ids: [] });
    expect((await client.get(`/v1/promo-codes/${amount.json().id}`)).json()).toEqual(amount.json());
  });

  it('requires the discount of its kind and only that one', async () => {
    const client = as(t.app, owner.token);
    const check = async (body: Record<string, unknown>, field: string) =>
      expect(expectErrorShape(await client.post('/v1/promo-codes', body), 422).details[0]?.field).toBe(field);
    await check({ code: 'NOPCT', kind: 'percent' }, 'body.percent_off_bp');
    await check({ code: 'NOAMT', kind: 'amount' }, 'body.amount_off_cents');
    await check({ code: 'BOTH1', kind: 'percent', percent_off_bp: 10, amount_off_cents: 10 }, 'body.amount_off_cents');
    await check({ code: 'BOTH2', kind: 'amount', percent_off_bp: 10, amount_off_cents: 10 }, 'body.percent_off_bp');
    await check(
      {
        code: 'BACKWARDS',
        kind: 'amount',
        amount_off_cents: 10,
        starts_at: new Date(Date.now() + 7_200_000).toISOString(),
        ends_at: new Date(Date.now() + 3_600_000).toISOString(),
      },
      'body.ends_at',
    );
    await check({ code: 'NOTIER', kind: 'amount', amount_off_cents: 10, tier_ids: [randomUUID()] }, 'body.tier_ids');

    const code = (
      await client.post('/v1/promo-codes', { code: 'SWITCH', kind: 'percent', percent_off_bp: 500 })
    ).json();
    expectErrorShape(await client.patch(`/v1/promo-codes/${code.id}`, { kind: 'amount' }), 422);
    const switched = await client.patch(`/v1/promo-codes/${code.id}`, { kind: 'amount', amount_off_cents: 300 });
    expect(switched.json()).toMatchObject({ kind: 'amount', amount_off_cents: 300, percent_off_bp: null });
    expectErrorShape(await client.patch(`/v1/promo-codes/${code.id}`, { percent_off_bp: 10 }), 422);
  });

  it('keeps codes unique per organizer regardless of case', async () => {
    const client = as(t.app, owner.token);
    await client.post('/v1/promo-codes', { code: 'GALA2026', kind: 'amount', amount_off_cents: 1000 });
    const taken = expectErrorShape(
      await client.post('/v1/promo-codes', { code: 'gala2026', kind: 'percent', percent_off_bp: 100 }),
      409,
      'promo_code_exists',
    );
    expect(taken.message).toContain('GALA2026');
    const other = (
      await client.post('/v1/promo-codes', { code: 'GALA2027', kind: 'amount', amount_off_cents: 1 })
    ).json();
    expectErrorShape(await client.patch(`/v1/promo-codes/${other.id}`, { code: 'Gala2026' }), 409, 'promo_code_exists');

    const elsewhere = await signUpOrganizer(t.app);
    const same = await as(t.app, elsewhere.token).post('/v1/promo-codes', {
      code: 'GALA2026',
      kind: 'amount',
      amount_off_cents: 1,
    });
    expect(same.statusCode).toBe(201);
  });

  it('finds a code for checkout by what the buyer typed', async () => {
    const organizer = await signUpOrganizer(t.app);
    const created = (
      await as(t.app, organizer.token).post('/v1/promo-codes', { code: 'WELCOME', kind: 'amount', amount_off_cents: 1 })
    ).json();
    const find = (code: string) =>
      withTenant(t.runtime.db, organizer.organizerId, (trx) => findPromoCodeByCode(trx, organizer.organizerId, code));
    expect((await find(' welcome '))?.id).toBe(created.id);
    expect(await find('WELCOME2')).toBeUndefined();
  });

  it('never lowers max_uses below the uses, and deletes only unused codes', async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    const used = (await client.post('/v1/promo-codes', { code: 'USED', kind: 'amount', amount_off_cents: 100 })).json();
    await t.admin.query('update promo_codes set used_count = 5 where id = $1', [used.id]);
    const tooLow = expectErrorShape(await client.patch(`/v1/promo-codes/${used.id}`, { max_uses: 4 }), 422);
    expect(tooLow.details[0]?.field).toBe('body.max_uses');
    expect(tooLow.message).toContain('5 orders');
    expect((await client.patch(`/v1/promo-codes/${used.id}`, { max_uses: 5 })).json()).toMatchObject({
      max_uses: 5,
      used_count: 5,
    });
    expectErrorShape(await client.delete(`/v1/promo-codes/${used.id}`), 409, 'promo_code_used');

    const referenced = (
      await client.post('/v1/promo-codes', { code: 'ONORDER', kind: 'amount', amount_off_cents: 100 })
    ).json();
    await orderUsing(organizer, referenced.id);
    expectErrorShape(await client.delete(`/v1/promo-codes/${referenced.id}`), 409, 'promo_code_used');
    const deactivated = await client.patch(`/v1/promo-codes/${referenced.id}`, { active: false });
    expect(deactivated.json().active).toBe(false);

    const unused = (
      await client.post('/v1/promo-codes', { code: 'UNUSED', kind: 'amount', amount_off_cents: 100 })
    ).json();
    expect((await client.delete(`/v1/promo-codes/${unused.id}`)).statusCode).toBe(204);
    expectErrorShape(await client.get(`/v1/promo-codes/${unused.id}`), 404, 'not_found');
  });

  it('pages through codes oldest first', async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    const created: string[] = [];
    for (let i = 1; i <= 5; i += 1) {
      created.push(
        (await client.post('/v1/promo-codes', { code: `PAGE${i}`, kind: 'amount', amount_off_cents: i })).json().id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await client.get(`/v1/promo-codes?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode, page.body).toBe(200);
      seen.push(...page.json().data.map((code: { id: string }) => code.id));
      cursor = page.json().next_cursor;
    } while (cursor);
    expect(seen).toEqual(created);
  });

  it('lets every member read them, and only owners and admins change them', async () => {
    const organizer = await signUpOrganizer(t.app);
    const code = (
      await as(t.app, organizer.token).post('/v1/promo-codes', { code: 'TEAM', kind: 'amount', amount_off_cents: 1 })
    ).json();
    const door = (await signedInMember(t, organizer, 'check_in')).client;
    const staff = (await signedInMember(t, organizer, 'staff')).client;
    const admin = (await signedInMember(t, organizer, 'admin')).client;
    expect((await door.get(`/v1/promo-codes/${code.id}`)).statusCode).toBe(200);
    expect((await door.get('/v1/promo-codes')).json().data).toHaveLength(1);
    const body = { code: 'STAFF', kind: 'amount', amount_off_cents: 1 };
    expectErrorShape(await door.post('/v1/promo-codes', body), 403, 'forbidden');
    expectErrorShape(await staff.post('/v1/promo-codes', body), 403, 'forbidden');
    expectErrorShape(await staff.patch(`/v1/promo-codes/${code.id}`, { active: false }), 403, 'forbidden');
    expectErrorShape(await staff.delete(`/v1/promo-codes/${code.id}`), 403, 'forbidden');
    expect((await admin.post('/v1/promo-codes', body)).statusCode).toBe(201);
  });
});
