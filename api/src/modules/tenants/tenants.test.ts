import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  expectErrorShape,
  type Organizer,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';

let t: TestApp;
let owner: Organizer;

beforeAll(async () => {
  t = await startTestApp();
  owner = await signUpOrganizer(t.app);
});
afterAll(() => t.stop());

const publicProfile = async (slug: string) =>
  (await t.app.inject({ method: 'GET', url: `/v1/public/organizers/${slug}` })).json();

describe("the organizer's contact email", () => {
  it('is given, shown to buyers on the public profile, changed and taken away', async () => {
    const client = as(t.app, owner.token);
    expect((await client.get('/v1/organizer')).json().contact_email).toBeNull();
    expect((await publicProfile(owner.slug)).contact_email).toBeNull();

    const given = await client.patch('/v1/organizer', { contact_email: 'Tickets@Addis-Center.org' });
    expect(given.statusCode, given.body).toBe(200);
    expect(given.json().contact_email).toBe('Tickets@Addis-Center.org');
    expect((await client.get('/v1/organizer')).json().contact_email).toBe('Tickets@Addis-Center.org');
    // The public profile is cached; the change clears the cache at once.
    expect((await publicProfile(owner.slug)).contact_email).toBe('Tickets@Addis-Center.org');

    // Another setting leaves it alone.
    const renamed = await client.patch('/v1/organizer', { name: 'Addis Cultural Center' });
    expect(renamed.json()).toMatchObject({ name: 'Addis Cultural Center', contact_email: 'Tickets@Addis-Center.org' });

    const removed = await client.patch('/v1/organizer', { contact_email: null });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().contact_email).toBeNull();
    expect((await publicProfile(owner.slug)).contact_email).toBeNull();
  });

  it('must be an email address, and a refused one changes nothing', async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    await client.patch('/v1/organizer', { contact_email: 'hello@example.org' });
    const before = (await client.get('/v1/organizer')).json();

    const refused = expectErrorShape(
      await client.patch('/v1/organizer', { name: 'Half changed', contact_email: 'hello at example.org' }),
      400,
      'invalid_request',
    );
    expect(refused.details).toEqual([{ field: 'body.contact_email', message: 'must be a valid email' }]);
    expect((await client.get('/v1/organizer')).json()).toEqual(before);

    // The database keeps the rule too, for writes that do not pass through the API's schema.
    await expect(
      t.admin.query('update tenants set contact_email = $1 where id = $2', ['nobody', organizer.organizerId]),
    ).rejects.toThrow(/check constraint/);
  });

  it('is changed by owners and admins only', async () => {
    const organizer = await signUpOrganizer(t.app);
    const admin = await signedInMember(t, organizer, 'admin');
    const staff = await signedInMember(t, organizer, 'staff');
    expect((await admin.client.patch('/v1/organizer', { contact_email: 'admin@example.org' })).statusCode).toBe(200);
    expectErrorShape(await staff.client.patch('/v1/organizer', { contact_email: 'staff@example.org' }), 403);
    expect((await staff.client.get('/v1/organizer')).json().contact_email).toBe('admin@example.org');
  });
});
