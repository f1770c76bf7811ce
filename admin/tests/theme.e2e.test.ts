/**
 * Settings → Theme in a real browser, against the API on an embedded PostgreSQL: on Basic the
 * page says which plan has themes; on Pro an owner saves a draft the check refuses to publish
 * (each finding graded, Publish disabled), fixes it, gets a preview link, publishes twice and
 * rolls back to the first version. Pages are checked with axe and photographed.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  type AdminStack,
  type Call,
  cli,
  expectNoAxeViolations,
  launchChromium,
  PHONE,
  type SignedInState,
  shot,
  signedInPages,
  signedInState,
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
let staff: Account;
let ownerState: SignedInState;
const cspViolations: string[] = [];

beforeAll(async () => {
  stack = await startAdminStack();
  ({ adminUrl, call } = stack);
  owner = await signUp(call, 'Haitian Cultural Center', 'Marie Joseph');
  staff = await signUp(call, 'Access Plus Desk', 'Jordan Reyes');
  expect(await cli(stack, 'grant-staff', staff.email)).toContain('is now platform staff');
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

const theme = () =>
  call<{ live_version: number | null; draft: Record<string, string | null>; versions: { version: number }[] }>(
    'GET',
    '/v1/organizer/theme',
    { token: owner.token },
  );

describe('Settings → Theme', { timeout: SLOW }, () => {
  it('says on Basic that themes come with Pro, and offers no draft', async () => {
    const { context, page } = await open('/settings/profile');
    try {
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Theme' }).click();
      await page.waitForURL(`${adminUrl}/settings/theme`);
      await expect(page.getByTestId('theme-plan').innerText()).resolves.toContain(
        'Themes come with the Pro plan or higher; Haitian Cultural Center is on Basic.',
      );
      await expect(page.getByRole('button', { name: 'Save the draft' }).count()).resolves.toBe(0);
      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
    await call('PUT', `/v1/staff/organizers/${owner.organizerId}/plan`, {
      token: staff.token,
      body: { plan: 'pro', reason: 'Their own look for the Flag Day gala' },
    });
  });

  it('saves a draft with what the check finds, and will not publish a fatal one', async () => {
    const { context, page } = await open('/settings/theme');
    try {
      await expect(page.getByTestId('live-version').innerText()).resolves.toContain('no theme is published');
      await page.getByLabel('Header').fill('<h2>{{organizer.name}}</h2><script>alert(1)</script>');
      await page.getByLabel('Event page sections').fill('{{#each events}}<p>{{name}}</p>{{/each}}');
      await page.getByLabel('Stylesheet (CSS)').fill('@import url(https://elsewhere.example/x.css);');
      await submitForm(page, 'Save the draft');
      await page.getByText('The draft is saved.').waitFor();
      const findings = page.getByTestId('finding');
      await expect(
        findings.evaluateAll((items) => items.map((item) => item.getAttribute('data-level'))),
      ).resolves.toEqual(['fatal', 'error', 'error']);
      await expect(findings.first().innerText()).resolves.toContain(
        'Event page sections, line 1: "events" is not available in this section.',
      );
      await expect(page.getByRole('button', { name: 'Publish the draft' }).isDisabled()).resolves.toBe(true);
      // What was typed is kept as typed.
      await expect(page.getByLabel('Header').inputValue()).resolves.toBe(
        '<h2>{{organizer.name}}</h2><script>alert(1)</script>',
      );
      await expectNoAxeViolations(page);
      await shot(page, 'theme-draft-findings');
      expect((await theme()).live_version).toBeNull();
    } finally {
      await context.close();
    }
  });

  it('fixes the draft, shows a preview link, publishes, publishes again and rolls back', async () => {
    const { context, page } = await open('/settings/theme', PHONE);
    try {
      await page.getByLabel('Header').fill('<h2>{{organizer.name}}</h2>');
      await page.getByLabel('Event page sections').fill('<section><h2>Sponsors</h2><p>{{event.name}}</p></section>');
      await page.getByLabel('Stylesheet (CSS)').fill('.theme-header h2 { letter-spacing: 0.05em }');
      await submitForm(page, 'Save the draft');
      await page.getByTestId('check-clean').waitFor();

      await submitForm(page, 'Get a preview link');
      const link = page.getByTestId('preview-link');
      await link.waitFor();
      const href = (await link.getAttribute('href')) ?? '';
      expect(href).toMatch(/\?theme_preview=[\w-]{43}$/);
      await expectNoAxeViolations(page);
      await shot(page, 'theme-preview-link-phone');

      await submitForm(page, 'Publish the draft');
      await page.getByText('Version 1 is published').waitFor();
      await page.getByLabel('Header').fill('<h2>{{organizer.name}} · Flag Day</h2>');
      await submitForm(page, 'Save the draft');
      await submitForm(page, 'Publish the draft');
      await page.getByText('Version 2 is published').waitFor();
      await expect(page.getByTestId('live-version').innerText()).resolves.toContain('version 2');

      await submitForm(page, 'Roll back to this version 1');
      await page.getByText('Your storefront wears version 1 again.').waitFor();
      const state = await theme();
      expect(state.live_version).toBe(1);
      expect(state.versions.map((version) => version.version)).toEqual([2, 1]);
      expect(state.draft.header).toBe('<h2>{{organizer.name}} · Flag Day</h2>');
      await expectNoAxeViolations(page);
      await shot(page, 'theme-rolled-back-phone');
    } finally {
      await context.close();
    }
    expect(cspViolations).toEqual([]);
  });
});
