import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeyOf,
  as,
  buyTickets,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  putOnPlan,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';

let t: TestApp;
let organizer: Organizer;
let owner: ReturnType<typeof as>;

beforeAll(async () => {
  t = await startTestApp();
  organizer = await signUpOrganizer(t.app);
  owner = as(t.app, organizer.token);
});
afterAll(async () => {
  await t?.stop();
});

interface Entry {
  operation: string;
  area: string;
  method: string;
  path: string;
  resource_id: string | null;
  changes: Record<string, unknown>;
  actor: { kind: string; label: string; user_id: string | null; api_key_id: string | null };
  ip_address: string;
  user_agent: string;
}

async function entries(query = ''): Promise<Entry[]> {
  const response = await owner.get(`/v1/activity?limit=100${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

describe('the activity log', () => {
  it('enters every write by the team and the keys, with who, where from and the values set', async () => {
    const eventId = await publishedEvent(t.app, organizer.token, { title: { en: 'Eid dinner' } });
    const renamed = await owner.send({
      method: 'PATCH',
      url: `/v1/events/${eventId}`,
      payload: { title: { en: 'Eid al-Fitr dinner' } },
      headers: { 'user-agent': 'Treasurer laptop' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const bought = await buyTickets(t.app, organizer.slug, {
      tickets: [{ tier_id: (await owner.get(`/v1/events/${eventId}`)).json().tiers[0].id, quantity: 1 }],
    });
    const order = bought.order.id;
    const ticket = bought.order.tickets[0];
    expect((await owner.post(`/v1/orders/${order}/refunds`, { ticket_ids: [ticket?.id] })).statusCode).toBe(200);
    await owner.put('/v1/organizer/taxpayer', {
      legal_name: 'Masjid Community Center',
      tax_classification: 'tax_exempt',
      tin_kind: 'ein',
      tin: '12-3456789',
      address_line1: '1 Main St',
      city: 'Columbus',
      state: 'OH',
      postal_code: '43215',
      certify: true,
    });
    await putOnPlan(t, organizer, 'pro');
    const key = await apiKeyOf(t.app, organizer, ['catalog:write'], 'Accounting sync');
    const byKey = await as(t.app, key.secret).post('/v1/tax-rates', { state: 'OH', rate_ppm: 57_500 });
    expect(byKey.statusCode, byKey.body).toBe(201);

    const log = await entries();
    const of = (operation: string) => log.find((entry) => entry.operation === operation);
    expect(of('updateEvent')).toMatchObject({
      area: 'Events',
      method: 'PATCH',
      path: `/v1/events/${eventId}`,
      resource_id: eventId,
      changes: { title: { en: 'Eid al-Fitr dinner' } },
      actor: { kind: 'member', user_id: organizer.userId, label: expect.stringContaining(organizer.email) },
      ip_address: '127.0.0.1',
      user_agent: 'Treasurer laptop',
    });
    expect(of('createEvent')?.resource_id).toBe(eventId);
    expect(of('refundOrder')).toMatchObject({ resource_id: order, changes: { ticket_ids: [ticket?.id] } });
    // The taxpayer number is not kept in the log, nor is the key's secret.
    expect(of('saveTaxpayer')?.changes).toMatchObject({ tin: '[hidden]', legal_name: 'Masjid Community Center' });
    expect(JSON.stringify(log)).not.toContain('123456789');
    expect(JSON.stringify(log)).not.toContain('12-3456789');
    expect(JSON.stringify(log)).not.toContain(key.secret);
    expect(of('createTaxRate')).toMatchObject({
      actor: { kind: 'api_key', api_key_id: key.id, user_id: null, label: expect.stringContaining('Accounting sync') },
      changes: { state: 'OH', rate_ppm: 57_500 },
    });
    // Newest first, and filtered by area.
    expect(log[0]?.operation).toBe('createTaxRate');
    expect((await entries('&area=Events')).every((entry) => entry.area === 'Events')).toBe(true);
    expect((await entries(`&resource_id=${eventId}`)).map((entry) => entry.operation)).toEqual([
      'updateEvent',
      'publishEvent',
      'createEvent',
    ]);
  });

  it('enters nothing for a write that was refused', async () => {
    const before = await entries();
    const refused = await owner.patch('/v1/organizer', { time_zone: 'Nowhere/Land' });
    expect(refused.statusCode).toBe(422);
    expect(await entries()).toEqual(before);
  });

  it('enters an upload once, and not the check made before its body is read', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0b6e4f' } })
      .png()
      .toBuffer();
    const uploaded = await owner.send({
      method: 'POST',
      url: '/v1/images',
      payload: png,
      headers: { 'content-type': 'image/png' },
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const refused = await owner.send({
      method: 'POST',
      url: '/v1/images',
      payload: '<svg/>',
      headers: { 'content-type': 'image/svg+xml' },
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    const uploads = (await entries('&area=Images')).map((entry) => [entry.operation, entry.resource_id]);
    expect(uploads).toEqual([['uploadImage', uploaded.json().id]]);
  });

  it('pages back in time with the cursor', async () => {
    const all = await entries();
    const first = (await owner.get('/v1/activity?limit=2')).json();
    const second = (await owner.get(`/v1/activity?limit=2&cursor=${first.next_cursor}`)).json();
    expect([...first.data, ...second.data]).toEqual(all.slice(0, 4));
  });

  it('is for owners and admins, signed in', async () => {
    const staff = await signedInMember(t, organizer, 'staff');
    expectErrorShape(await staff.client.get('/v1/activity'), 403, 'forbidden');
    const key = await apiKeyOf(t.app, organizer, ['organizer:read'], 'Reader');
    expectErrorShape(await as(t.app, key.secret).get('/v1/activity'), 403, 'api_key_not_allowed');
  });
});

describe('the activity log in the database', () => {
  it('lets the API role add and read entries, never change or remove them', async () => {
    const api = new pg.Client({ connectionString: t.appRoleUrl });
    await api.connect();
    try {
      await api.query('begin');
      await api.query(`select set_config('app.tenant_id', $1, true)`, [organizer.organizerId]);
      const seen = await api.query('select count(*)::int as n from activity_log');
      expect(seen.rows[0].n).toBeGreaterThan(0);
      for (const statement of [
        "update activity_log set actor_label = 'someone else'",
        'delete from activity_log',
        'truncate activity_log',
      ]) {
        await api.query('savepoint attempt');
        await expect(api.query(statement), statement).rejects.toMatchObject({ code: '42501' });
        await api.query('rollback to savepoint attempt');
      }
      await api.query('rollback');
    } finally {
      await api.end();
    }
    const kept = await t.admin.query('select count(*)::int as n from activity_log where tenant_id = $1', [
      organizer.organizerId,
    ]);
    expect(kept.rows[0].n).toBeGreaterThan(0);
  });
});
