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
import { CHECKOUT_SETTINGS_DEFAULTS } from './checkout-settings.repository.ts';

let t: TestApp;
let owner: Organizer;

beforeAll(async () => {
  t = await startTestApp();
  owner = await signUpOrganizer(t.app);
});
afterAll(() => t.stop());

describe('checkout settings', () => {
  it('starts from the defaults without storing a row', async () => {
    const organizer = await signUpOrganizer(t.app);
    const response = await as(t.app, organizer.token).get('/v1/organizer/checkout-settings');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      service_fee_percent_bp: 0,
      service_fee_flat_cents: 0,
      fees_paid_by: 'buyer',
      impact_fee_share_bp: 0,
      impact_fund_name: '',
      fees_taxable: false,
      hold_minutes: 10,
      offline_methods: [],
      offline_payment_hours: 72,
      community_partners: [],
      waitlist_offer_minutes: 60,
      updated_at: null,
    });
    const rows = await t.admin.query('select count(*)::int as n from checkout_settings where tenant_id = $1', [
      organizer.organizerId,
    ]);
    expect(rows.rows[0].n).toBe(0);
  });

  it('keeps its defaults equal to the column defaults of the table', async () => {
    const columns = await t.admin.query<{ column_name: string; column_default: string }>(
      `select column_name, column_default from information_schema.columns
       where table_schema = 'public' and table_name = 'checkout_settings'
         and column_name not in ('tenant_id', 'updated_at')`,
    );
    const database: Record<string, unknown> = {};
    for (const { column_name, column_default } of columns.rows) {
      database[column_name] = (await t.admin.query(`select ${column_default} as value`)).rows[0].value;
    }
    expect(database).toEqual(CHECKOUT_SETTINGS_DEFAULTS);
  });

  it('changes only the fields sent, creating the row on the first change', async () => {
    const client = as(t.app, owner.token);
    const first = await client.patch('/v1/organizer/checkout-settings', {
      service_fee_percent_bp: 250,
      service_fee_flat_cents: 99,
      impact_fee_share_bp: 1000,
      impact_fund_name: 'Youth scholarship fund',
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      service_fee_percent_bp: 250,
      service_fee_flat_cents: 99,
      impact_fee_share_bp: 1000,
      impact_fund_name: 'Youth scholarship fund',
      fees_paid_by: 'buyer',
      hold_minutes: 10,
    });
    expect(first.json().updated_at).not.toBeNull();

    const second = await client.patch('/v1/organizer/checkout-settings', {
      fees_paid_by: 'organizer',
      offline_methods: ['cash', 'partner'],
      community_partners: ['Merkato Market', 'St. Mary Church office'],
      hold_minutes: 15,
    });
    expect(second.json()).toMatchObject({
      service_fee_percent_bp: 250,
      fees_paid_by: 'organizer',
      offline_methods: ['cash', 'partner'],
      community_partners: ['Merkato Market', 'St. Mary Church office'],
      hold_minutes: 15,
    });
    expect(Date.parse(second.json().updated_at)).toBeGreaterThan(Date.parse(first.json().updated_at));
    expect((await client.get('/v1/organizer/checkout-settings')).json()).toEqual(second.json());
  });

  it('refuses partner payments without a community partner, naming the field', async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    const refused = expectErrorShape(
      await client.patch('/v1/organizer/checkout-settings', { offline_methods: ['partner'] }),
      422,
      'invalid_input',
    );
    expect(refused.details[0]?.field).toBe('body.offline_methods');
    expect((await client.get('/v1/organizer/checkout-settings')).json().updated_at).toBeNull();

    await client.patch('/v1/organizer/checkout-settings', {
      offline_methods: ['partner'],
      community_partners: ['Merkato Market'],
    });
    const emptied = expectErrorShape(
      await client.patch('/v1/organizer/checkout-settings', { community_partners: [] }),
      422,
    );
    expect(emptied.details[0]?.field).toBe('body.community_partners');
    expect((await client.get('/v1/organizer/checkout-settings')).json().community_partners).toEqual(['Merkato Market']);
  });

  it('lets every member read them, and only owners and admins change them', async () => {
    const organizer = await signUpOrganizer(t.app);
    const door = (await signedInMember(t, organizer, 'check_in')).client;
    const staff = (await signedInMember(t, organizer, 'staff')).client;
    const admin = (await signedInMember(t, organizer, 'admin')).client;
    expect((await door.get('/v1/organizer/checkout-settings')).statusCode).toBe(200);
    expectErrorShape(await door.patch('/v1/organizer/checkout-settings', { hold_minutes: 20 }), 403, 'forbidden');
    expectErrorShape(await staff.patch('/v1/organizer/checkout-settings', { hold_minutes: 20 }), 403, 'forbidden');
    const changed = await admin.patch('/v1/organizer/checkout-settings', { hold_minutes: 20 });
    expect(changed.json().hold_minutes).toBe(20);
  });
});
