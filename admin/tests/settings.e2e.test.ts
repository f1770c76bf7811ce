/**
 * The settings screens in a real browser, against the API on an embedded PostgreSQL: each form
 * given a bad value shows the API's message beside the field, in the form's own units, keeps what
 * was typed and saves nothing (checked through the API); given good values it saves them, and they
 * are there after a reload. Every page is photographed at desktop and phone widths and checked with
 * axe.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  type AdminStack,
  type Call,
  cli,
  DESKTOP,
  expectNoAxeViolations,
  launchChromium,
  type SignedInState,
  shot,
  signedInPages,
  signedInState,
  signUp,
  startAdminStack,
  submitForm,
} from './harness';

// Each test works a form through several pages on a machine that may be busy.
const SLOW = 120_000;

let stack: AdminStack;
let adminUrl: string;
let call: Call;
let browser: Browser;
let owner: Account;
/** The owner's signed-in browser state: sign-in attempts are limited, so the owner signs in once. */
let ownerState: SignedInState;
let frontRowTierId: string;
let generalTierId: string;
const cspViolations: string[] = [];

interface Organizer {
  name: string;
  contact_email: string | null;
  locales: string[];
  default_locale: string;
  time_zone: string;
  currency: string;
}

const organizer = () => call<Organizer>('GET', '/v1/organizer', { token: owner.token });

beforeAll(async () => {
  stack = await startAdminStack();
  ({ adminUrl, call } = stack);
  owner = await signUp(call, 'Addis Cultural Center', 'Selam Tesfaye');
  const starts = new Date(Date.now() + 30 * 86_400_000);
  const created = await call<{ id: string; tiers: { id: string; position: number }[] }>('POST', '/v1/events', {
    token: owner.token,
    body: {
      title: { en: 'Enkutatash Gala' },
      category: 'gala-fundraiser',
      time_zone: 'America/Chicago',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 4 * 3_600_000).toISOString(),
      tiers: [
        { name: { en: 'General admission' }, price_cents: 2000, quantity: 100, position: 0 },
        { name: { en: 'Front row' }, price_cents: 9000, quantity: 10, position: 1 },
      ],
    },
  });
  const [general, frontRow] = [...created.tiers].sort((a, b) => a.position - b.position);
  if (!general || !frontRow) throw new Error('the event has no tiers');
  generalTierId = general.id;
  frontRowTierId = frontRow.id;
  await call('POST', `/v1/events/${created.id}/publish`, { token: owner.token });

  browser = await launchChromium();
  ownerState = await signedInState(browser, adminUrl, owner.email);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

const open = signedInPages(
  () => browser,
  () => adminUrl,
  () => ownerState,
  cspViolations,
);
const submit = submitForm;

/**
 * The message beside a field, after checking the field points to it (and, for an input, is
 * flagged as invalid; a group of checkboxes or radio buttons is described by it).
 */
async function messageBeside(page: Page, id: string): Promise<string> {
  const field = page.locator(`#${id}`);
  await page.locator(`#${id}-error`).waitFor();
  if ((await field.evaluate((element) => element.tagName)) !== 'FIELDSET') {
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
  }
  await expect(field.getAttribute('aria-describedby')).resolves.toContain(`${id}-error`);
  return (await page.locator(`#${id}-error`).innerText()).trim();
}

/** The error summary at the top of a refused form: its links lead to the fields. */
async function summaryLinks(page: Page) {
  const summary = page.locator('.error-summary[role="alert"]');
  await summary.waitFor();
  return summary
    .locator('a')
    .evaluateAll((links) => links.map((link) => ({ href: link.getAttribute('href'), text: link.textContent?.trim() })));
}

describe('the settings area', { timeout: SLOW }, () => {
  it('is in the main navigation and opens on the profile', async () => {
    const { context, page } = await open('/');
    try {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await page.waitForURL(`${adminUrl}/settings/profile`);
      const sections = await page.getByRole('navigation', { name: 'Settings' }).getByRole('link').allInnerTexts();
      expect(sections).toEqual([
        'Profile',
        'Branding',
        'Checkout',
        'Sales tax',
        'Promo codes',
        'Team',
        'API keys',
        'Webhooks',
        'Custom domains',
        'Theme',
        'Activity',
      ]);
    } finally {
      await context.close();
    }
  });
});

describe('organizer profile', { timeout: SLOW }, () => {
  it("shows the API's message beside a contact email it refuses, keeps what was typed, and saves nothing", async () => {
    const before = await organizer();
    const { context, page } = await open('/settings/profile');
    try {
      await page.getByLabel('Name', { exact: true }).fill('Addis Center, renamed');
      // Browsers take an address without a dot after the @; the API does not.
      await page.getByLabel('Contact email (optional)').fill('tickets@addiscenter');
      await submit(page, 'Save profile');
      expect(await messageBeside(page, 'contact_email')).toBe(
        'Contact email must be an email address, like tickets@example.org.',
      );
      expect(await summaryLinks(page)).toEqual([
        { href: '#contact_email', text: 'Contact email must be an email address, like tickets@example.org.' },
      ]);
      await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Addis Center, renamed');
      await expect(page.getByLabel('Contact email (optional)').inputValue()).resolves.toBe('tickets@addiscenter');
      expect(await organizer()).toEqual(before);
      await expectNoAxeViolations(page, 'the refused profile form');
      await shot(page, 'settings-profile-refused-desktop');
    } finally {
      await context.close();
    }
  });

  it('asks for a default language among the ones ticked', async () => {
    const before = await organizer();
    const { context, page } = await open('/settings/profile');
    try {
      await page.getByLabel('Default language').selectOption('fr');
      await submit(page, 'Save profile');
      expect(await messageBeside(page, 'default_locale')).toBe('Choose a default language among the ones ticked.');
      await expect(page.getByLabel('Default language').inputValue()).resolves.toBe('fr');
      expect(await organizer()).toEqual(before);
    } finally {
      await context.close();
    }
  });

  it('saves the profile, which is there after a reload', async () => {
    const { context, page } = await open('/settings/profile');
    try {
      await page.getByLabel('Name', { exact: true }).fill('Addis Cultural Center of Houston');
      await page.getByLabel('Contact email (optional)').fill('tickets@addis-center.org');
      await page.getByRole('checkbox', { name: /^Amharic/ }).check();
      await page.getByLabel('Default language').selectOption('am');
      await page.getByLabel('Time zone').selectOption('America/Chicago');
      await submit(page, 'Save profile');
      await page.getByText('Saved.').waitFor();

      await page.reload({ waitUntil: 'networkidle' });
      await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe(
        'Addis Cultural Center of Houston',
      );
      await expect(page.getByLabel('Contact email (optional)').inputValue()).resolves.toBe('tickets@addis-center.org');
      await expect(page.getByRole('checkbox', { name: /^Amharic/ }).isChecked()).resolves.toBe(true);
      await expect(page.getByLabel('Default language').inputValue()).resolves.toBe('am');
      await expect(page.getByLabel('Time zone').inputValue()).resolves.toBe('America/Chicago');
      // The top bar names the organizer as it is now called.
      await expect(page.locator('.account').innerText()).resolves.toContain('Addis Cultural Center of Houston');
      expect(await organizer()).toMatchObject({
        name: 'Addis Cultural Center of Houston',
        contact_email: 'tickets@addis-center.org',
        locales: ['en', 'am'],
        default_locale: 'am',
        time_zone: 'America/Chicago',
        currency: 'USD',
      });
      const profile = await call<{ contact_email: string }>('GET', `/v1/public/organizers/${owner.slug}`);
      expect(profile.contact_email).toBe('tickets@addis-center.org');
    } finally {
      await context.close();
    }
  });

  it("refuses another site as a social link beside its field, and saves the About page's details", async () => {
    const before = await organizer();
    const { context, page } = await open('/settings/profile');
    try {
      await page.getByLabel('Phone (optional)').fill('+1 713 555 0143');
      await page.getByLabel('Instagram').fill('https://evil.example/addis');
      await submit(page, 'Save profile');
      expect(await messageBeside(page, 'social_instagram')).toMatch(/^This is not an address on Instagram\./);
      await expect(page.getByLabel('Instagram').inputValue()).resolves.toBe('https://evil.example/addis');
      await expect(page.getByLabel('Phone (optional)').inputValue()).resolves.toBe('+1 713 555 0143');
      expect(await organizer()).toEqual(before);
      await expectNoAxeViolations(page, 'the profile form with a refused social link');
      await shot(page, 'settings-profile-social-refused-desktop');

      await page.getByLabel('Instagram').fill('@addisculture');
      await page.getByLabel('Website (optional)').fill('addis-center.org');
      await page.getByLabel('City', { exact: true }).fill('Houston');
      await page.getByLabel(/^About you \(English\)/).fill('We gather the community.\n\nEvery Saturday.');
      await submit(page, 'Save profile');
      await page.getByText('Saved.').waitFor();
      await page.reload({ waitUntil: 'networkidle' });
      await expect(page.getByLabel('Instagram').inputValue()).resolves.toBe('https://www.instagram.com/addisculture');
      await expect(page.getByLabel('Website (optional)').inputValue()).resolves.toBe('https://addis-center.org/');
      await expect(page.getByLabel('City', { exact: true }).inputValue()).resolves.toBe('Houston');
      await expect(page.getByLabel(/^About you \(English\)/).inputValue()).resolves.toBe(
        'We gather the community.\n\nEvery Saturday.',
      );
      expect(await organizer()).toMatchObject({
        contact_phone: '+1 713 555 0143',
        city: 'Houston',
        social_links: { instagram: 'https://www.instagram.com/addisculture' },
      });
    } finally {
      await context.close();
    }
  });

  it('works without JavaScript: a refused form shows the message beside the field', async () => {
    const before = await organizer();
    const { context, page } = await open('/settings/profile', { ...DESKTOP, javaScriptEnabled: false });
    try {
      await page.getByLabel('Contact email (optional)').fill('hello@nowhere');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save profile' }).click()]);
      expect(await messageBeside(page, 'contact_email')).toBe(
        'Contact email must be an email address, like tickets@example.org.',
      );
      expect(await organizer()).toEqual(before);

      await page.getByLabel('Contact email (optional)').fill('hello@addis-center.org');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save profile' }).click()]);
      await page.getByText('Saved.').waitFor();
      expect((await organizer()).contact_email).toBe('hello@addis-center.org');
    } finally {
      await context.close();
    }
  });
});

describe('checkout settings', { timeout: SLOW }, () => {
  const settings = () =>
    call<Record<string, unknown>>('GET', '/v1/organizer/checkout-settings', { token: owner.token });

  it('shows a refused percentage in percent, keeps what was typed, and saves nothing', async () => {
    const before = await settings();
    const { context, page } = await open('/settings/checkout');
    try {
      await page.getByLabel('Percent of the ticket price').fill('60');
      await page.getByLabel('Fund name').fill('Youth scholarship fund');
      await submit(page, 'Save checkout settings');
      // The API says "must be 5000 or less", in basis points.
      expect(await messageBeside(page, 'service_fee_percent')).toBe('The service fee must be 50% or less.');
      await expect(page.getByLabel('Percent of the ticket price').inputValue()).resolves.toBe('60');
      await expect(page.getByLabel('Fund name').inputValue()).resolves.toBe('Youth scholarship fund');
      expect(await settings()).toEqual(before);
      await expectNoAxeViolations(page, 'the refused checkout form');
      await shot(page, 'settings-checkout-refused-desktop');
    } finally {
      await context.close();
    }
  });

  it('shows a refused flat fee in dollars', async () => {
    const before = await settings();
    const { context, page } = await open('/settings/checkout');
    try {
      await page.getByLabel('Plus a flat fee per ticket (USD)').fill('1000.01');
      await submit(page, 'Save checkout settings');
      expect(await messageBeside(page, 'service_fee_flat')).toBe('The flat fee must be $1,000.00 or less.');
      expect(await settings()).toEqual(before);
    } finally {
      await context.close();
    }
  });

  it('asks for a community partner when payment at one is ticked', async () => {
    const before = await settings();
    const { context, page } = await open('/settings/checkout');
    try {
      await page.getByRole('checkbox', { name: 'At a community partner' }).check();
      await page.getByLabel('Community partners').fill('  \n ');
      await submit(page, 'Save checkout settings');
      const problems = await page.locator('.error-summary li').allInnerTexts();
      expect(problems).toEqual([
        'Payment at a community partner needs at least one partner: name them below, one per line, or untick "At a community partner".',
      ]);
      expect(await messageBeside(page, 'offline_methods')).toBe(problems[0]);
      await expect(page.getByRole('checkbox', { name: 'At a community partner' }).isChecked()).resolves.toBe(true);
      expect(await settings()).toEqual(before);
    } finally {
      await context.close();
    }
  });

  it('works out an example ticket as fees are typed, saves the settings, and shows them after a reload', async () => {
    const { context, page } = await open('/settings/checkout');
    try {
      const example = page.getByTestId('fee-example');
      await page.getByLabel('Percent of the ticket price').fill('5');
      await page.getByLabel('Plus a flat fee per ticket (USD)').fill('1');
      await page.getByLabel('Share of the service fee for the fund').fill('10');
      await page.getByLabel('Fund name').fill('Youth scholarship fund');
      await expect(example.innerText()).resolves.toMatch(
        /A \$20\.00 ticket: the buyer pays \$22\.00, you receive \$20\.00\.\s+The service fee is \$2\.00, of which \$0\.20 goes to Youth scholarship fund\./,
      );
      await page.getByRole('radio', { name: 'You: it comes out of what you receive' }).check();
      await expect(example.innerText()).resolves.toContain('the buyer pays $20.00, you receive $18.00.');
      await page.getByRole('radio', { name: 'The buyer, on top of the ticket price' }).check();

      await page.getByLabel('Minutes a checkout holds its tickets').fill('15');
      await page.getByRole('checkbox', { name: 'In cash, at the door or your office' }).check();
      await page.getByRole('checkbox', { name: 'At a community partner' }).check();
      await page.getByLabel('Community partners').fill('St. Mary Church\n\nEthiopian Community Center\n');
      await page.getByLabel('Hours a reservation waits for its payment').fill('48');
      await page.getByLabel('Minutes a waitlist offer keeps returned tickets').fill('90');
      await submit(page, 'Save checkout settings');
      await page.getByText('Saved.').waitFor();

      await page.reload({ waitUntil: 'networkidle' });
      await expect(page.getByLabel('Percent of the ticket price').inputValue()).resolves.toBe('5');
      await expect(page.getByLabel('Plus a flat fee per ticket (USD)').inputValue()).resolves.toBe('1.00');
      await expect(page.getByLabel('Community partners').inputValue()).resolves.toBe(
        'St. Mary Church\nEthiopian Community Center',
      );
      await expect(example.innerText()).resolves.toContain('the buyer pays $22.00, you receive $20.00.');
      expect(await settings()).toMatchObject({
        service_fee_percent_bp: 500,
        service_fee_flat_cents: 100,
        fees_paid_by: 'buyer',
        impact_fee_share_bp: 1000,
        impact_fund_name: 'Youth scholarship fund',
        hold_minutes: 15,
        offline_methods: ['cash', 'partner'],
        community_partners: ['St. Mary Church', 'Ethiopian Community Center'],
        offline_payment_hours: 48,
        waitlist_offer_minutes: 90,
      });

      // The example is what checkout charges: the storefront's quote for a $20.00 ticket says the same.
      const quote = await call<{ total_cents: number; fee_cents: number; impact_fee_cents: number }>(
        'POST',
        `/v1/public/organizers/${owner.slug}/quote`,
        { body: { tickets: [{ tier_id: generalTierId, quantity: 1 }] } },
      );
      expect(quote).toMatchObject({ total_cents: 2200, fee_cents: 200, impact_fee_cents: 20 });
    } finally {
      await context.close();
    }
  });
});

describe('sales tax rates', { timeout: SLOW }, () => {
  const rates = async () =>
    (
      await call<{ data: { state: string; city: string; rate_ppm: number; label: string }[] }>('GET', '/v1/tax-rates', {
        token: owner.token,
      })
    ).data;

  it('shows a refused rate in percent, keeps what was typed, and saves nothing', async () => {
    const { context, page } = await open('/settings/tax-rates');
    try {
      await page.getByLabel('State', { exact: true }).fill('md');
      await page.getByLabel('Rate', { exact: true }).fill('35');
      await page.getByLabel('Name on receipts (optional)').fill('Maryland sales tax');
      await submit(page, 'Add the rate');
      expect(await messageBeside(page, 'rate')).toBe('The rate must be 30% or less.');
      await expect(page.getByLabel('Rate', { exact: true }).inputValue()).resolves.toBe('35');
      await expect(page.getByLabel('Name on receipts (optional)').inputValue()).resolves.toBe('Maryland sales tax');
      expect(await rates()).toEqual([]);
      await expectNoAxeViolations(page, 'the refused tax rate form');
    } finally {
      await context.close();
    }
  });

  it('adds, changes and, once confirmed, deletes a rate', async () => {
    const { context, page } = await open('/settings/tax-rates');
    try {
      await page.getByLabel('State', { exact: true }).fill('md');
      await page.getByLabel('Rate', { exact: true }).fill('6');
      await page.getByLabel('Name on receipts (optional)').fill('Maryland sales tax');
      await submit(page, 'Add the rate');
      await page.getByText('Rate added.').waitFor();
      await page.reload({ waitUntil: 'networkidle' });
      await expect(page.getByTestId('tax-rates').innerText()).resolves.toMatch(
        /MD \(statewide\)\s+6%\s+Maryland sales tax/,
      );
      expect(await rates()).toMatchObject([{ state: 'MD', city: '', rate_ppm: 60_000, label: 'Maryland sales tax' }]);

      // A second statewide rate for Maryland: the API's sentence, beside the city.
      await page.getByLabel('State', { exact: true }).fill('MD');
      await page.getByLabel('Rate', { exact: true }).fill('7');
      await submit(page, 'Add the rate');
      expect(await messageBeside(page, 'city')).toBe(
        'MD (statewide) already has a tax rate. Change that rate instead of adding another.',
      );

      await page.goto(`${adminUrl}/settings/tax-rates`, { waitUntil: 'networkidle' });
      await page.getByRole('link', { name: 'Change the rate of MD (statewide)' }).click();
      await page.getByRole('heading', { name: 'Change the rate of MD (statewide)' }).waitFor();
      await page.getByLabel('Rate', { exact: true }).fill('8.875');
      await submit(page, 'Save the rate');
      await page.getByText('Rate changed.').waitFor();
      await expect(page.getByTestId('tax-rates').innerText()).resolves.toContain('8.875%');
      expect((await rates())[0]?.rate_ppm).toBe(88_750);

      await page.getByRole('link', { name: /^Delete the rate of MD \(statewide\)/ }).click();
      await page.getByRole('heading', { name: 'Delete the rate of MD (statewide) (8.875%)?' }).waitFor();
      await shot(page, 'settings-tax-rates-confirm-desktop');
      expect(await rates()).toHaveLength(1);
      await submit(page, 'Delete the rate');
      await page.getByText('Rate deleted.').waitFor();
      await page.getByTestId('no-rates').waitFor();
      expect(await rates()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('promo codes', { timeout: SLOW }, () => {
  interface Promo {
    id: string;
    code: string;
    kind: string;
    percent_off_bp: number | null;
    max_uses: number | null;
    tier_ids: string[];
    starts_at: string | null;
    ends_at: string | null;
    active: boolean;
  }
  const promos = async () => (await call<{ data: Promo[] }>('GET', '/v1/promo-codes', { token: owner.token })).data;

  beforeAll(async () => {
    // Dates are typed on the organizer's clock.
    await call('PATCH', '/v1/organizer', { token: owner.token, body: { time_zone: 'America/Chicago' } });
  });

  it('shows a refused percentage in percent, keeps what was typed, and saves nothing', async () => {
    const { context, page } = await open('/settings/promo-codes/new');
    try {
      await page.getByLabel('Code', { exact: true }).fill('spring10');
      await page.getByLabel('Percent off').fill('150');
      await page.getByLabel('Orders that may use it (optional)').fill('50');
      await submit(page, 'Create the code');
      expect(await messageBeside(page, 'percent_off')).toBe('The percent off must be 100% or less.');
      await expect(page.getByLabel('Code', { exact: true }).inputValue()).resolves.toBe('spring10');
      await expect(page.getByLabel('Orders that may use it (optional)').inputValue()).resolves.toBe('50');
      expect(await promos()).toEqual([]);

      // Valid until before valid from: the API's rule, in the form's words.
      await page.getByLabel('Percent off').fill('10');
      await page.getByLabel('Valid from (optional)').fill('2030-11-20T18:00');
      await page.getByLabel('Valid until (optional)').fill('2030-11-01T18:00');
      await submit(page, 'Create the code');
      expect(await messageBeside(page, 'ends_at')).toBe('Valid until must be later than valid from.');
      expect(await promos()).toEqual([]);
      await expectNoAxeViolations(page, 'the refused promo code form');
      await shot(page, 'settings-promo-code-refused-desktop');
    } finally {
      await context.close();
    }
  });

  it('creates a code for chosen tickets and dates on the organizer clock, changes it, and deletes it once confirmed', async () => {
    const { context, page } = await open('/settings/promo-codes');
    try {
      await page.getByRole('link', { name: 'New promo code' }).click();
      await page.waitForURL(`${adminUrl}/settings/promo-codes/new`);
      await page.getByLabel('Code', { exact: true }).fill('spring10');
      await page.getByLabel('Percent off').fill('12.5');
      await page.getByRole('checkbox', { name: /^Front row/ }).check();
      await page.getByLabel('Orders that may use it (optional)').fill('50');
      await page.getByLabel('Valid from (optional)').fill('2030-11-20T18:00');
      await page.getByLabel('Valid until (optional)').fill('2030-12-31T23:30');
      await submit(page, 'Create the code');
      await page.getByText('Promo code created.').waitFor();
      const row = page.getByRole('row', { name: /SPRING10/ });
      await expect(row.innerText()).resolves.toMatch(/12\.5% off each ticket[\s\S]*1 ticket tier[\s\S]*0 of 50 used/);
      const [created] = await promos();
      expect(created).toMatchObject({
        code: 'SPRING10',
        kind: 'percent',
        percent_off_bp: 1250,
        max_uses: 50,
        tier_ids: [frontRowTierId],
        // 6 PM in Chicago in November is midnight UTC; 11:30 PM on New Year's Eve is 5:30 AM.
        starts_at: '2030-11-21T00:00:00.000Z',
        ends_at: '2031-01-01T05:30:00.000Z',
        active: true,
      });

      await row.getByRole('link', { name: 'Change SPRING10' }).click();
      await page.waitForURL(`${adminUrl}/settings/promo-codes/${created?.id}`);
      await expect(page.getByLabel('Valid from (optional)').inputValue()).resolves.toBe('2030-11-20T18:00');
      await expect(page.getByRole('checkbox', { name: /^Front row/ }).isChecked()).resolves.toBe(true);
      await page.getByRole('radio', { name: 'An amount off the order' }).check();
      await page.getByLabel('Amount off (USD)').fill('5');
      await page.getByRole('checkbox', { name: /^Active/ }).uncheck();
      await submit(page, 'Save the code');
      await page.getByText('Promo code saved.').waitFor();
      await expect(page.getByRole('row', { name: /SPRING10/ }).innerText()).resolves.toMatch(
        /\$5\.00 off the order[\s\S]*Inactive/,
      );
      expect(await promos()).toMatchObject([
        { kind: 'amount', amount_off_cents: 500, percent_off_bp: null, active: false },
      ]);

      await page.goto(`${adminUrl}/settings/promo-codes/${created?.id}`, { waitUntil: 'networkidle' });
      await expect(page.getByLabel('Amount off (USD)').inputValue()).resolves.toBe('5.00');
      await expect(page.getByRole('checkbox', { name: /^Active/ }).isChecked()).resolves.toBe(false);

      await page.goto(`${adminUrl}/settings/promo-codes`, { waitUntil: 'networkidle' });
      await page.getByRole('link', { name: /^Delete SPRING10/ }).click();
      await page.getByRole('heading', { name: 'Delete the promo code SPRING10?' }).waitFor();
      expect(await promos()).toHaveLength(1);
      await submit(page, 'Delete the code');
      await page.getByText('Promo code deleted.').waitFor();
      await page.getByTestId('no-promo-codes').waitFor();
      expect(await promos()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('team', { timeout: SLOW }, () => {
  interface Member {
    user_id: string;
    email: string;
    role: string;
    email_verified: boolean;
  }
  const members = async () =>
    (await call<{ data: Member[] }>('GET', '/v1/organizer/members', { token: owner.token })).data;
  const doorEmail = () => `door-${owner.slug}@example.org`;

  it("shows the API's message beside an email it refuses, keeps what was typed, and adds nobody", async () => {
    const { context, page } = await open('/settings/team');
    try {
      await page.getByLabel('Email address').fill('door@addiscenter');
      await page.getByLabel('Name (optional)').fill('Dawit Bekele');
      await page.getByRole('radio', { name: /^Check-in staff/ }).check();
      await submit(page, 'Add to the team');
      expect(await messageBeside(page, 'email')).toBe('Email address must be an email address, like name@example.org.');
      await expect(page.getByLabel('Name (optional)').inputValue()).resolves.toBe('Dawit Bekele');
      await expect(page.getByRole('radio', { name: /^Check-in staff/ }).isChecked()).resolves.toBe(true);
      expect(await members()).toHaveLength(1);
      await expectNoAxeViolations(page, 'the refused invitation form');
    } finally {
      await context.close();
    }
  });

  it('adds a person, changes their role, keeps the last owner, and removes the person once confirmed', async () => {
    const { context, page } = await open('/settings/team');
    try {
      await page.getByLabel('Email address').fill(doorEmail());
      await page.getByLabel('Name (optional)').fill('Dawit Bekele');
      await page.getByRole('radio', { name: /^Check-in staff/ }).check();
      await submit(page, 'Add to the team');
      await page.getByText('Added to the team.', { exact: false }).waitFor();
      const row = page.getByTestId('member-row').filter({ hasText: 'Dawit Bekele' });
      await expect(row.innerText()).resolves.toContain('Invited: email not confirmed yet');
      await expect(row.getByLabel('Role of Dawit Bekele', { exact: true }).inputValue()).resolves.toBe('check_in');

      await row.getByLabel('Role of Dawit Bekele', { exact: true }).selectOption('staff');
      await submit(page, 'Change the role of Dawit Bekele');
      await page.getByText('Role changed.').waitFor();
      await page.reload({ waitUntil: 'networkidle' });
      await expect(page.getByLabel('Role of Dawit Bekele', { exact: true }).inputValue()).resolves.toBe('staff');
      const door = (await members()).find((member) => member.email === doorEmail());
      expect(door?.role).toBe('staff');

      // The API keeps an owner: its sentence is shown, and the owner stays one.
      await page.getByLabel('Role of Selam Tesfaye', { exact: true }).selectOption('admin');
      await submit(page, 'Change the role of Selam Tesfaye');
      await page
        .getByRole('alert')
        .getByText('An organizer needs at least one owner. Make someone else owner first.')
        .waitFor();
      expect((await members()).find((member) => member.email === owner.email)?.role).toBe('owner');

      await page.goto(`${adminUrl}/settings/team`, { waitUntil: 'networkidle' });
      await page.getByRole('link', { name: /^Remove Dawit Bekele/ }).click();
      await page.getByRole('heading', { name: 'Remove Dawit Bekele from the team?' }).waitFor();
      await shot(page, 'settings-team-confirm-desktop');
      expect(await members()).toHaveLength(2);
      await submit(page, 'Remove from the team');
      await page.getByText('Removed from the team.').waitFor();
      expect((await members()).map((member) => member.email)).toEqual([owner.email]);
    } finally {
      await context.close();
    }
  });
});

describe('API keys', { timeout: SLOW }, () => {
  interface Key {
    id: string;
    name: string;
    prefix: string;
    scopes: string[];
    status: string;
  }
  const keys = async () => (await call<{ data: Key[] }>('GET', '/v1/organizer/api-keys', { token: owner.token })).data;
  /** The API's answer to a request made with a key, as an integration makes it. */
  const withKey = async (secret: string, path: string) =>
    (await fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${secret}` } })).status;

  it('says on Basic which plan has API keys, and offers no form', async () => {
    const { context, page } = await open('/settings/api-keys');
    try {
      await expect(page.getByTestId('api-keys-plan').innerText()).resolves.toMatch(
        /^API keys come with the Pro plan or higher; Addis Cultural Center[\w ]* is on Basic\. Pro: 300 requests a minute per key; Enterprise: 1,200\.$/,
      );
      await expect(page.getByRole('button', { name: 'Make the key' }).count()).resolves.toBe(0);
      await expect(page.getByRole('link', { name: 'See the plans' }).getAttribute('href')).resolves.toBe('/plan');
      await shot(page, 'settings-api-keys-basic-desktop');
    } finally {
      await context.close();
    }
  });

  it('makes a key shown once with a copy button, which works with the API until it is revoked', async () => {
    const staff = await signUp(call, 'Access Plus Desk', 'Jordan Reyes');
    expect(await cli(stack, 'grant-staff', staff.email)).toContain('is now platform staff');
    await call('PUT', `/v1/staff/organizers/${owner.organizerId}/plan`, {
      token: staff.token,
      body: { plan: 'pro', reason: 'Community partner' },
    });
    const { context, page } = await open('/settings/api-keys');
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: adminUrl });
      await page.getByText('Each key may make 300 requests a minute on Pro.', { exact: false }).waitFor();
      await page.getByLabel('Name', { exact: true }).fill('CRM sync');
      await submit(page, 'Make the key');
      expect(await messageBeside(page, 'scopes')).toBe('Choose what the key may read or change in at least one area.');
      await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('CRM sync');
      expect(await keys()).toEqual([]);

      const group = (name: string) => page.getByRole('group', { name, exact: true });
      await group('Orders').getByRole('radio', { name: 'Read', exact: true }).check();
      await group('Events').getByRole('radio', { name: 'Read and change' }).check();
      await submit(page, 'Make the key');
      const panel = page.getByTestId('new-key');
      await panel.getByRole('heading', { name: 'Copy your new key now' }).waitFor();
      await expect(panel.innerText()).resolves.toContain('You will not see it again.');
      const secret = await page.getByLabel('API key "CRM sync"').inputValue();
      expect(secret).toMatch(/^apk_[0-9A-Za-z]{38}$/);
      await panel.getByRole('button', { name: 'Copy the key' }).click();
      await panel.getByText('Copied.').waitFor();
      await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(secret);
      await shot(page, 'settings-api-keys-created-desktop');
      await expectNoAxeViolations(page, 'the new key');
      // The form starts afresh for the next key.
      await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('');
      await expect(group('Events').getByRole('radio', { name: 'No access' }).isChecked()).resolves.toBe(true);

      const [made] = await keys();
      expect(made).toMatchObject({
        name: 'CRM sync',
        prefix: secret.slice(0, 8),
        scopes: ['events:write', 'orders:read'],
      });
      expect(await withKey(secret, '/v1/orders')).toBe(200);
      expect(await withKey(secret, '/v1/events')).toBe(200);
      expect(await withKey(secret, '/v1/organizer/members')).toBe(403);

      // Once left, the secret is nowhere on the page: only its first characters.
      await page.goto(`${adminUrl}/settings/api-keys`, { waitUntil: 'networkidle' });
      expect(await page.content()).not.toContain(secret);
      const row = page.getByTestId('api-key-row').filter({ hasText: 'CRM sync' });
      await expect(row.innerText()).resolves.toContain(`${secret.slice(0, 8)}…`);
      await expect(row.innerText()).resolves.toContain('Events: read and change');
      await expect(row.innerText()).resolves.toContain('Orders: read');
      await expect(row.innerText()).resolves.toContain('Active');

      await row.getByRole('link', { name: 'Revoke the key CRM sync' }).click();
      await page.getByRole('heading', { name: 'Revoke the key "CRM sync"?' }).waitFor();
      await shot(page, 'settings-api-keys-revoke-desktop');
      expect(await withKey(secret, '/v1/orders')).toBe(200);
      await submit(page, 'Revoke the key');
      await page.getByText('The key is revoked', { exact: false }).waitFor();
      expect(await withKey(secret, '/v1/orders')).toBe(401);
      await expect(page.getByTestId('api-key-row').filter({ hasText: 'CRM sync' }).innerText()).resolves.toContain(
        'Revoked',
      );
    } finally {
      await context.close();
    }
  });

  it('fits a phone, a key made without the page script included', async () => {
    const { context, page } = await open('/settings/api-keys', {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      javaScriptEnabled: false,
    });
    try {
      await page.getByLabel('Name', { exact: true }).fill('Door app');
      await page
        .getByRole('group', { name: 'Check-in', exact: true })
        .getByRole('radio', { name: 'Read and change' })
        .check();
      const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel('Stops working on (optional)').fill(inAMonth);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Make the key' }).click()]);
      await page.getByRole('heading', { name: 'Copy your new key now' }).waitFor();
      // Without the script there is no copy button: the key is in a field to select.
      await expect(page.getByRole('button', { name: 'Copy the key' }).count()).resolves.toBe(0);
      const secret = await page.getByLabel('API key "Door app"').inputValue();
      expect(await withKey(secret, '/v1/events/00000000-0000-4000-8000-000000000000/check-ins')).toBe(404);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(page, 'settings-api-keys-created-phone');
    } finally {
      await context.close();
    }
  });
});

// Every settings page is checked with axe at both widths by accessibility.e2e.test.ts.
describe('the content security policy', () => {
  it('refused no script on any settings page', () => {
    expect(cspViolations).toEqual([]);
  });
});
