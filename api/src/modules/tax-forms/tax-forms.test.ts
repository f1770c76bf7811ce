import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldCipher } from '../../lib/field-encryption.ts';
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

const details = {
  legal_name: 'Ethiopian Community Association of Greater Washington',
  tax_classification: 'tax_exempt',
  tin_kind: 'ein',
  address_line1: '8121 Georgia Ave',
  city: 'Silver Spring',
  state: 'MD',
  postal_code: '20910',
  certify: true,
};

describe('the taxpayer details', () => {
  it('keep the number sealed, show its last four digits, and keep it when saved again without it', async () => {
    expectErrorShape(await owner.get('/v1/organizer/taxpayer'), 404, 'not_found');
    const saved = await owner.put('/v1/organizer/taxpayer', { ...details, tin: '52-1234567' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ tin_kind: 'ein', tin_last4: '4567', certified_by: expect.any(String) });
    expect(saved.body).not.toContain('521234567');
    const { rows } = await t.admin.query<{ tin_sealed: Buffer }>(
      'select tin_sealed from taxpayer_details where tenant_id = $1',
      [organizer.organizerId],
    );
    const sealed = rows[0]?.tin_sealed as Buffer;
    expect(sealed.toString('latin1')).not.toContain('521234567');
    expect(t.runtime.services.fieldCipher.open(sealed, `taxpayer:${organizer.organizerId}`)).toBe('521234567');

    const renamed = await owner.put('/v1/organizer/taxpayer', { ...details, business_name: 'ECAGW' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ business_name: 'ECAGW', tin_last4: '4567' });
    const switched = await owner.put('/v1/organizer/taxpayer', { ...details, tin_kind: 'ssn' });
    expect(expectErrorShape(switched, 422, 'tin_required').details[0]?.field).toBe('body.tin');
  });

  it('are for owners and admins only', async () => {
    const staff = await signedInMember(t, organizer, 'staff');
    expectErrorShape(await staff.client.get('/v1/organizer/taxpayer'), 403, 'forbidden');
    expectErrorShape(await staff.client.get('/v1/tax-forms/1099-k'), 403, 'forbidden');
    expectErrorShape(await staff.client.get('/v1/payees'), 403, 'forbidden');
  });
});

describe('a sealed number', () => {
  it('opens only under its key and for the row it was sealed for', () => {
    const cipher = createFieldCipher(randomBytes(32));
    const sealed = cipher.seal('123456789', 'taxpayer:a');
    expect(cipher.open(sealed, 'taxpayer:a')).toBe('123456789');
    expect(() => cipher.open(sealed, 'taxpayer:b')).toThrow();
    expect(() => createFieldCipher(randomBytes(32)).open(sealed, 'taxpayer:a')).toThrow();
    expect(cipher.seal('123456789', 'taxpayer:a').equals(sealed)).toBe(false);
  });
});

describe('Form 1099-NEC readiness', () => {
  it('adds up what each payee was paid by the year’s threshold, leaving out card payments', async () => {
    const drummer = (
      await owner.post('/v1/payees', { name: 'Tesfaye Drums', tin_kind: 'ssn', tin: '123-45-6789' })
    ).json();
    const caterer = (await owner.post('/v1/payees', { name: 'Injera House LLC' })).json();
    expect(drummer.tin_last4).toBe('6789');
    const pay = async (payeeId: string, paidOn: string, cents: number, method: string) => {
      const paid = await owner.post('/v1/payee-payments', {
        payee_id: payeeId,
        paid_on: paidOn,
        amount_cents: cents,
        method,
      });
      expect(paid.statusCode, paid.body).toBe(201);
      return paid.json();
    };
    await pay(drummer.id, '2025-12-31', 150_000, 'check');
    await pay(drummer.id, '2026-01-01', 150_000, 'cash');
    const typo = await pay(drummer.id, '2026-02-01', 999_999, 'cash');
    await pay(caterer.id, '2026-03-01', 250_000, 'bank_transfer');
    await pay(caterer.id, '2026-04-01', 900_000, 'card');
    expect((await owner.delete(`/v1/payee-payments/${typo.id}`)).statusCode).toBe(204);

    const y2025 = (await owner.get('/v1/tax-forms/1099-nec?year=2025')).json();
    expect(y2025.threshold).toMatchObject({ amount_cents: 60_000, rule: 'nec_600' });
    expect(y2025.payees).toEqual([
      expect.objectContaining({ name: 'Tesfaye Drums', reportable_cents: 150_000, needs_form: true }),
    ]);

    const y2026 = (await owner.get('/v1/tax-forms/1099-nec?year=2026')).json();
    expect(y2026.threshold).toMatchObject({ amount_cents: 200_000, rule: 'nec_2000' });
    const byName = Object.fromEntries(y2026.payees.map((p: { name: string }) => [p.name, p]));
    expect(byName['Tesfaye Drums']).toMatchObject({
      reportable_cents: 150_000,
      needs_form: false,
      missing: ['address'],
    });
    expect(byName['Injera House LLC']).toMatchObject({
      reportable_cents: 250_000,
      excluded_cents: 900_000,
      needs_form: true,
      missing: ['tin', 'address'],
    });
    const listed = (await owner.get('/v1/payee-payments?year=2026')).json().data;
    expect(listed.map((p: { amount_cents: number }) => p.amount_cents)).toEqual([900_000, 250_000, 150_000]);

    expectErrorShape(await owner.delete(`/v1/payees/${caterer.id}`), 409, 'payee_has_payments');
    const lonely = (await owner.post('/v1/payees', { name: 'Never paid' })).json();
    expect((await owner.delete(`/v1/payees/${lonely.id}`)).statusCode).toBe(204);
  });
});
