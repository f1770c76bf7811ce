/**
 * Settings → Custom domains in a real browser, against the API on an embedded PostgreSQL: on
 * Basic the page says which plan has custom domains; on Pro an owner is refused the domain's apex
 * beside the field, adds a name under it, copies the records to create, checks them now and sees
 * what was found (the name is registered nowhere, so nothing is), and removes it after a
 * confirmation. Pages are checked with axe and photographed at desktop and phone widths.
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
// Under a real suffix and registered by nobody: the DNS answers that nothing is there.
const HOST = 'tickets.accessplus-e2e-unregistered-4kq7.org';

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
  owner = await signUp(call, 'Ethiopian Community of DC', 'Selam Bekele');
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

const domains = () =>
  call<{ data: { id: string; hostname: string; records: { state: string }[] }[] }>('GET', '/v1/organizer/domains', {
    token: owner.token,
  });

/** Whether the page fits the screen: nothing sideways to scroll to. */
const fitsScreen = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe('Settings → Custom domains', { timeout: SLOW }, () => {
  it('says on Basic that custom domains come with Pro, and offers nothing to add', async () => {
    const { context, page } = await open('/settings/profile');
    try {
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Custom domains' }).click();
      await page.waitForURL(`${adminUrl}/settings/domains`);
      await expect(page.getByTestId('domains-plan').innerText()).resolves.toContain(
        'Custom domains come with the Pro plan or higher',
      );
      await expect(page.getByRole('button', { name: 'Add the domain' }).count()).resolves.toBe(0);
      await expectNoAxeViolations(page);
      await shot(page, 'domains-basic');
    } finally {
      await context.close();
    }
    await call('PUT', `/v1/staff/organizers/${owner.organizerId}/plan`, {
      token: staff.token,
      body: { plan: 'pro', reason: 'Their own address for the New Year festival' },
    });
  });

  it("refuses the domain's apex with the API's sentence beside the field, keeping what was typed", async () => {
    const { context, page } = await open('/settings/domains');
    try {
      await page.getByLabel('Host name').fill('ethiopian-dc.org');
      await submitForm(page, 'Add the domain');
      await page.locator('#hostname-error').waitFor();
      await expect(page.locator('#hostname-error').innerText()).resolves.toContain('cannot carry the CNAME record');
      await expect(page.getByLabel('Host name').getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(page.getByLabel('Host name').inputValue()).resolves.toBe('ethiopian-dc.org');
      expect((await domains()).data).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('adds a domain and shows the records to create, with copy buttons', async () => {
    const { context, page } = await open('/settings/domains', {
      ...DESKTOP,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    try {
      await page.getByLabel('Host name').fill(HOST.toUpperCase());
      await submitForm(page, 'Add the domain');
      await page.getByText('The domain is added.').waitFor();
      const domain = page.getByTestId('domain');
      await expect(domain.getByRole('heading', { level: 3 }).innerText()).resolves.toBe(HOST);
      await expect(domain.getByTestId('dns-state').innerText()).resolves.toBe('Waiting for the TXT record');
      const routing = domain.locator('[data-purpose="routing"]');
      const ownership = domain.locator('[data-purpose="ownership"]');
      await expect(routing.innerText()).resolves.toContain('CNAME');
      await expect(routing.innerText()).resolves.toContain('Not checked yet');
      await expect(ownership.innerText()).resolves.toContain(`_accessplus.${HOST}`);
      const token = (await domains()).data[0] as unknown as { records: { purpose: string; value: string }[] };
      const txtValue = token.records.find((record) => record.purpose === 'ownership')?.value ?? '';
      expect(txtValue).toMatch(/^accessplus-verify=/);

      await ownership.getByRole('button', { name: "Copy the TXT record's value" }).click();
      await page.getByText('Copied.').waitFor();
      await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(txtValue);
      await expectNoAxeViolations(page);
      await shot(page, 'domains-added');
    } finally {
      await context.close();
    }
  });

  it('checks now and says what was found, in plain words, on a phone too', async () => {
    const { context, page } = await open('/settings/domains', PHONE);
    try {
      await submitForm(page, `Check now ${HOST}`);
      await page.getByText('Checked just now').waitFor();
      const domain = page.getByTestId('domain');
      const states = await domain.locator('[data-testid="record"] .badge').allInnerTexts();
      expect(states).toHaveLength(2);
      expect(states).not.toContain('Not checked yet');
      const findings = await domain.getByTestId('finding').allInnerTexts();
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.join(' ')).toMatch(/TXT record|did not answer/);
      expect((await domains()).data[0]?.records.map((record) => record.state)).not.toContain('unchecked');
      await expect(fitsScreen(page)).resolves.toBe(true);
      await expectNoAxeViolations(page);
      await shot(page, 'domains-checked-phone');
    } finally {
      await context.close();
    }
  });

  it('removes the domain after a confirmation', async () => {
    const { context, page } = await open('/settings/domains');
    try {
      await page.getByRole('link', { name: `Remove ${HOST}` }).click();
      await page.getByRole('heading', { name: `Remove ${HOST}?` }).waitFor();
      await expectNoAxeViolations(page);
      await shot(page, 'domains-remove');
      // Keeping it changes nothing.
      await page.getByRole('link', { name: 'Keep it' }).click();
      await page.waitForURL(`${adminUrl}/settings/domains`);
      expect((await domains()).data).toHaveLength(1);

      await page.getByRole('link', { name: `Remove ${HOST}` }).click();
      await submitForm(page, 'Remove the domain');
      await page.getByText('The domain is removed').waitFor();
      await page.getByTestId('no-domains').waitFor();
      expect((await domains()).data).toEqual([]);
      expect(cspViolations).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
