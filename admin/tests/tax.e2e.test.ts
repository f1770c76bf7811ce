/**
 * The tax pages in a real browser, against the API on an embedded PostgreSQL. An owner on a phone
 * certifies her organization's W-9 details (a number the SSA never issues is refused beside the
 * field, and the number never comes back whole), adds a performer, records what she paid him by
 * check and by card and reads what Form 1099-NEC still needs; then, after a card sale, she reads
 * the year's Form 1099-K figures and downloads them for her accountant, and the file's totals are
 * the API's. Each page is checked with axe and photographed.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  type AdminStack,
  type Call,
  DESKTOP,
  expectNoAxeViolations,
  launchChromium,
  PHONE,
  shot,
  signIn,
  signUp,
  startAdminStack,
  submitForm,
} from './harness';

const SLOW = 120_000;

let stack: AdminStack;
let adminUrl: string;
let call: Call;
let browser: Browser;
let owner: Account;
let phone: BrowserContext;
let page: Page;

interface Form1099K {
  year: number;
  currency: string;
  gross_cents: number;
  transactions: number;
  in_person_cents: number;
  over_threshold: boolean;
}

interface Form1099Nec {
  year: number;
  payees: {
    name: string;
    reportable_cents: number;
    excluded_cents: number;
    needs_form: boolean;
    missing: string[];
  }[];
}

/** Cents as the CSV writes them: 60.00. */
const decimal = (cents: number) => (cents / 100).toFixed(2);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startAdminStack(), launchChromium()]);
  ({ adminUrl, call } = stack);
  owner = await signUp(call, 'Bethel Haitian Church', 'Marie-Claude Joseph');
  // One card sale at the storefront, so that the year's figures are not all zero.
  const starts = new Date(Date.now() + 21 * 86_400_000);
  const event = await call<{ id: string; tiers: { id: string }[] }>('POST', '/v1/events', {
    token: owner.token,
    body: {
      title: { en: 'Konsè Kreyòl' },
      description: { en: 'An evening of Haitian music for the building fund.' },
      category: 'gala-fundraiser',
      time_zone: 'America/New_York',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 3 * 3_600_000).toISOString(),
      venue_name: 'Bethel Hall',
      city: 'Miami',
      state: 'FL',
      tiers: [{ name: { en: 'General' }, price_cents: 3000, quantity: 100 }],
    },
  });
  await call('POST', `/v1/events/${event.id}/publish`, { token: owner.token });
  const held = await call<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders`,
    {
      body: {
        buyer: { name: 'Jean Pierre', email: `jean-${randomBytes(3).toString('hex')}@example.org` },
        tickets: [{ tier_id: event.tiers[0]?.id, quantity: 2 }],
      },
    },
  );
  await call('POST', `/v1/public/organizers/${owner.slug}/orders/${held.order.id}/pay?token=${held.access_token}`, {
    body: { method: 'card', card_number: '4242424242424242' },
  });
  phone = await browser.newContext({ locale: 'en-US', ...PHONE, acceptDownloads: true });
  page = await signIn(adminUrl, phone, owner.email);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the tax pages', () => {
  it(
    'certifies the W-9 details: a wrong SSN is refused beside the number, then an EIN is kept masked',
    async () => {
      await page.goto(`${adminUrl}/tax/taxpayer`, { waitUntil: 'networkidle' });
      await expectNoAxeViolations(page);
      await page.getByLabel('Legal name (line 1)').fill('Bethel Haitian Church of Miami');
      await page.getByLabel('Federal tax classification (line 3a)').selectOption('tax_exempt');
      await page.getByLabel('SSN or ITIN (a person)').check();
      await page.getByLabel('Taxpayer identification number').fill('000-12-3456');
      await page.getByLabel('Street address', { exact: true }).fill('1200 NE 2nd Ave');
      await page.getByLabel('City').fill('Miami');
      await page.getByLabel('State').fill('fl');
      await page.getByLabel('ZIP code').fill('33132');
      await page.getByLabel('I certify this is true, under penalty of perjury').check();
      await submitForm(page, 'Save and certify');

      const refused = 'This is not a number the Social Security Administration issues; check the card and try again.';
      await expect(page.locator('#tin-error').innerText()).resolves.toBe(refused);
      await expect(page.getByLabel('Taxpayer identification number').getAttribute('aria-invalid')).resolves.toBe(
        'true',
      );
      // What was typed stays, except the number, which never comes back to the page.
      await expect(page.getByLabel('Legal name (line 1)').inputValue()).resolves.toBe('Bethel Haitian Church of Miami');
      expect(await page.content()).not.toContain('000-12-3456');
      await call('GET', '/v1/organizer/taxpayer', { token: owner.token, expected: [404] });
      await expectNoAxeViolations(page, 'the W-9 form with a refused number');

      await page.getByLabel('EIN (an organization)').check();
      await page.getByLabel('Taxpayer identification number').fill('59-3456789');
      await page.getByLabel('I certify this is true, under penalty of perjury').check();
      await submitForm(page, 'Save and certify');
      await expect(page.getByTestId('taxpayer-saved').innerText()).resolves.toBe(
        'Saved. The number on file ends in ••••\u00a06789.',
      );
      await expect(page.getByTestId('tin-on-file').innerText()).resolves.toBe(
        'EIN (an organization) on file: ••••\u00a06789',
      );
      const saved = await call<{ tin_kind: string; tin_last4: string; state: string; tax_classification: string }>(
        'GET',
        '/v1/organizer/taxpayer',
        { token: owner.token },
      );
      expect(saved).toMatchObject({
        tin_kind: 'ein',
        tin_last4: '6789',
        state: 'FL',
        tax_classification: 'tax_exempt',
      });

      // Later visits keep the number unless a new one is typed.
      await page.goto(`${adminUrl}/tax/taxpayer`, { waitUntil: 'networkidle' });
      expect(await page.content()).not.toContain('3456789');
      await expect(page.getByLabel('Taxpayer identification number').inputValue()).resolves.toBe('');
      await expect(page.locator('#tin-hint').innerText()).resolves.toBe(
        'Number on file ends in 6789; leave empty to keep it.',
      );
      await expect(page.getByLabel('Taxpayer identification number').getAttribute('autocomplete')).resolves.toBe('off');
      await expect(page.getByLabel('Taxpayer identification number').getAttribute('inputmode')).resolves.toBe(
        'numeric',
      );
      await expectNoAxeViolations(page, 'the W-9 form with details on file');
      await shot(page, 'tax-w9-phone');
    },
    SLOW,
  );

  it(
    'adds a payee, records a check and a card payment, and says what Form 1099-NEC still needs',
    async () => {
      await page.goto(`${adminUrl}/tax/payees`, { waitUntil: 'networkidle' });
      await expectNoAxeViolations(page);
      await page.getByLabel('Name', { exact: true }).fill('Wyclef Baptiste');
      await page.getByLabel('Email (optional)').fill('wyclef@example.org');
      await page.getByLabel('City').fill('Miami');
      await submitForm(page, 'Add payee');
      await page.waitForURL(/done=payeeAdded/);
      await expect(page.locator('[aria-live] .alert.success').innerText()).resolves.toBe('Payee added.');
      const row = page.getByTestId('payees').getByRole('row', { name: /Wyclef Baptiste/ });
      await expect(row.innerText()).resolves.toMatch(/Missing[\s\S]*Incomplete/);

      const record = async (amount: string, method: string, memo: string, rows: number) => {
        await page.getByLabel('Payee', { exact: true }).selectOption({ label: 'Wyclef Baptiste' });
        await page.getByLabel('Amount (USD)').fill(amount);
        await page.getByLabel('Paid by').selectOption({ label: method });
        await page.getByLabel('Note (optional)').fill(memo);
        await submitForm(page, 'Record payment');
        // The page comes back with the payment listed.
        await page.waitForFunction(
          (count) => document.querySelectorAll('[data-testid="payments"] tbody tr').length === count,
          rows,
        );
      };
      await record('2,500', 'Check', 'Konpa band, Konsè Kreyòl', 1);
      await expect(page.locator('[aria-live] .alert.success').innerText()).resolves.toBe('Payment recorded.');
      await record('300.50', 'Card', 'Sound system rental', 2);

      const nec = await call<Form1099Nec>('GET', '/v1/tax-forms/1099-nec', { token: owner.token });
      const payee = nec.payees.find((candidate) => candidate.name === 'Wyclef Baptiste');
      expect(payee).toMatchObject({ reportable_cents: 250_000, excluded_cents: 30_050, missing: ['tin', 'address'] });
      const payments = page.getByTestId('payments');
      await expect(payments.locator('tbody tr').count()).resolves.toBe(2);
      await expect(payments.innerText()).resolves.toMatch(/Check[\s\S]*\$2,500\.00/);
      await expect(payments.innerText()).resolves.toMatch(/Card[\s\S]*\$300\.50/);
      const necRow = page.getByTestId('nec').getByRole('row', { name: /Wyclef Baptiste/ });
      const necText = await necRow.innerText();
      expect(necText).toContain('$2,500.00');
      expect(necText).toContain('$300.50');
      expect(necText).toContain(payee?.needs_form ? 'Form needed' : 'Not needed');
      expect(necText).toContain('Their tax number: ask for a Form W-9.');
      expect(necText).toContain('Their full address.');
      await expect(page.getByRole('heading', { name: `Form 1099-NEC for ${nec.year}` }).isVisible()).resolves.toBe(
        true,
      );

      // A payee with payments stays, and the page says why in the API's words.
      await page
        .getByTestId('payees')
        .getByRole('button', { name: /Delete Wyclef Baptiste/ })
        .click();
      await page.getByTestId('delete-refused').waitFor();
      await expect(page.getByTestId('delete-refused').innerText()).resolves.toContain(
        'Payments to this payee are recorded',
      );
      await expectNoAxeViolations(page, 'the payees page with payments');
      await shot(page, 'tax-payees-phone');
    },
    SLOW,
  );

  it(
    'shows the year’s Form 1099-K figures and downloads them with the API’s totals',
    async () => {
      const form = await call<Form1099K>('GET', '/v1/tax-forms/1099-k', { token: owner.token });
      expect(form.gross_cents).toBeGreaterThan(0);

      await page.goto(`${adminUrl}/tax`, { waitUntil: 'networkidle' });
      await expectNoAxeViolations(page);
      await expect(page.getByTestId('verdict').innerText()).resolves.toBe(
        form.over_threshold
          ? `Over the threshold: expect a Form 1099-K for ${form.year}.`
          : `Under the threshold: no federal Form 1099-K is expected for ${form.year} so far.`,
      );
      await expect(page.getByTestId('taxpayer-missing').count()).resolves.toBe(0);
      await shot(page, 'tax-1099k-phone');

      const desktop = await browser.newContext({
        locale: 'en-US',
        ...DESKTOP,
        acceptDownloads: true,
        storageState: await phone.storageState(),
      });
      const wide = await desktop.newPage();
      await wide.goto(`${adminUrl}/tax`, { waitUntil: 'networkidle' });
      await expectNoAxeViolations(wide, '/tax on a desktop');
      await shot(wide, 'tax-1099k-desktop');
      await expect(wide.getByTestId('totals').innerText()).resolves.toContain(
        new Intl.NumberFormat('en-US', { style: 'currency', currency: form.currency }).format(form.gross_cents / 100),
      );

      const [download] = await Promise.all([wide.waitForEvent('download'), wide.getByTestId('download-csv').click()]);
      expect(download.suggestedFilename()).toBe(`form-1099-k-${form.year}.csv`);
      const file = await readFile((await download.path()) as string);
      // A byte order mark, so that spreadsheets read the file as UTF-8.
      expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = file.subarray(3).toString('utf8').trimEnd().split('\r\n');
      expect(lines).toHaveLength(14);
      expect(lines[0]).toBe(
        `Month,Box,Card payments (${form.currency}),Payments,"In person, not on the form (${form.currency})"`,
      );
      expect(lines[1]).toMatch(/^January,5a,\d+\.\d{2},\d+,\d+\.\d{2}$/);
      expect(lines[13]).toBe(
        ['Total', '1a', decimal(form.gross_cents), String(form.transactions), decimal(form.in_person_cents)].join(','),
      );
      await desktop.close();
    },
    SLOW,
  );
});
