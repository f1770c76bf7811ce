import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.ts';
import {
  as,
  expectErrorShape,
  type Organizer,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';
import { taxRateFor } from './tax-rates.repository.ts';

let t: TestApp;
let owner: Organizer;

beforeAll(async () => {
  t = await startTestApp();
  owner = await signUpOrganizer(t.app);
});
afterAll(() => t.stop());

describe('tax rates', () => {
  it('adds, lists by state and city, changes and removes rates', async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    const city = await client.post('/v1/tax-rates', {
      state: 'MD',
      city: ' Baltimore ',
      rate_ppm: 60_000,
      label: 'Baltimore amusement tax',
    });
    expect(city.statusCode, city.body).toBe(201);
    expect(city.json()).toMatchObject({ state: 'MD', city: 'Baltimore', rate_ppm: 60_000 });
    const state = await client.post('/v1/tax-rates', { state: 'MD', rate_ppm: 60_000, label: 'Maryland sales tax' });
    expect(state.json()).toMatchObject({ city: '', label: 'Maryland sales tax' });
    await client.post('/v1/tax-rates', { state: 'DC', rate_ppm: 60_000 });

    const list = (await client.get('/v1/tax-rates')).json().data;
    expect(list.map((rate: { state: string; city: string }) => `${rate.state}/${rate.city}`)).toEqual([
      'DC/',
      'MD/',
      'MD/Baltimore',
    ]);

    const changed = await client.patch(`/v1/tax-rates/${city.json().id}`, { rate_ppm: 88_750 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ rate_ppm: 88_750, city: 'Baltimore', label: 'Baltimore amusement tax' });
    expect(Date.parse(changed.json().updated_at)).toBeGreaterThan(Date.parse(city.json().updated_at));

    expect((await client.delete(`/v1/tax-rates/${city.json().id}`)).statusCode).toBe(204);
    expectErrorShape(await client.delete(`/v1/tax-rates/${city.json().id}`), 404, 'not_found');
    expect((await client.get('/v1/tax-rates')).json().data).toHaveLength(2);
  });

  it('keeps one rate per state and city, whatever the case of the city', async () => {
    const client = as(t.app, owner.token);
    await client.post('/v1/tax-rates', { state: 'NY', city: 'New York', rate_ppm: 88_750 });
    const again = expectErrorShape(
      await client.post('/v1/tax-rates', { state: 'NY', city: 'NEW YORK', rate_ppm: 40_000 }),
      409,
      'tax_rate_exists',
    );
    expect(again.message).toContain('NEW YORK, NY');
    const other = (await client.post('/v1/tax-rates', { state: 'NY', city: 'Buffalo', rate_ppm: 87_500 })).json();
    expectErrorShape(await client.patch(`/v1/tax-rates/${other.id}`, { city: 'new york' }), 409, 'tax_rate_exists');
    expect((await client.post('/v1/tax-rates', { state: 'NJ', city: 'New York', rate_ppm: 1 })).statusCode).toBe(201);
    const rates = (await client.get('/v1/tax-rates')).json().data as { city: string; rate_ppm: number }[];
    expect(rates.filter((rate) => rate.city.toLowerCase() === 'new york').map((rate) => rate.rate_ppm)).toEqual([
      1, 88_750,
    ]);
    expect(rates.some((rate) => rate.city === 'Buffalo')).toBe(true);
  });

  it("gives checkout the city's rate, else the state's, else none", async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    await client.post('/v1/tax-rates', { state: 'MD', rate_ppm: 60_000 });
    await client.post('/v1/tax-rates', { state: 'MD', city: 'Baltimore', rate_ppm: 70_000 });
    await client.post('/v1/tax-rates', { state: 'VA', city: 'Arlington', rate_ppm: 63_000 });
    const rate = (state: string, city: string) =>
      withTenant(t.runtime.db, organizer.organizerId, (trx) => taxRateFor(trx, organizer.organizerId, state, city));
    expect(await rate('MD', 'baltimore')).toBe(70_000);
    expect(await rate('md', 'Silver Spring')).toBe(60_000);
    expect(await rate('MD', '')).toBe(60_000);
    expect(await rate('VA', 'Richmond')).toBe(0);
    expect(await rate('VA', 'ARLINGTON ')).toBe(63_000);
    expect(await rate('CA', 'Oakland')).toBe(0);
  });

  it('lets every member read them, and only owners and admins change them', async () => {
    const organizer = await signUpOrganizer(t.app);
    const rate = (await as(t.app, organizer.token).post('/v1/tax-rates', { state: 'MD', rate_ppm: 60_000 })).json();
    const door = (await signedInMember(t, organizer, 'check_in')).client;
    const staff = (await signedInMember(t, organizer, 'staff')).client;
    const admin = (await signedInMember(t, organizer, 'admin')).client;
    expect((await door.get('/v1/tax-rates')).json().data).toHaveLength(1);
    expectErrorShape(await door.post('/v1/tax-rates', { state: 'VA', rate_ppm: 1 }), 403, 'forbidden');
    expectErrorShape(await staff.post('/v1/tax-rates', { state: 'VA', rate_ppm: 1 }), 403, 'forbidden');
    expectErrorShape(await staff.patch(`/v1/tax-rates/${rate.id}`, { rate_ppm: 1 }), 403, 'forbidden');
    expectErrorShape(await staff.delete(`/v1/tax-rates/${rate.id}`), 403, 'forbidden');
    expect((await admin.patch(`/v1/tax-rates/${rate.id}`, { rate_ppm: 1 })).json().rate_ppm).toBe(1);
  });
});
