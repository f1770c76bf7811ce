import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** An organizer's own storefront address: `<slug>.example.test`, mapped to this machine. */
export function origin(slug: string): string {
  return `http://${slug}.example.test:${inject('storefrontPort')}`;
}

/**
 * Chromium as the tests drive it; `args` adds flags of a test's own, `hosts` more names (an
 * organizer's custom domain) that reach this machine.
 */
export function launchBrowser(args: string[] = [], hosts: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=${['*.example.test', ...hosts].map((host) => `MAP ${host} 127.0.0.1`).join(', ')}`,
      ...args,
    ],
  });
}

/**
 * Presses the order page's Pay button with `press` and waits for the order page the payment
 * answers with. That page has the address of the one it replaces, so waiting for the address
 * alone could end before the payment was even sent.
 */
export async function submitPayment(page: Page, press: () => Promise<void>): Promise<void> {
  const answered = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame() && !new URL(frame.url()).search.includes('/pay'),
  });
  await press();
  await answered;
  await page.waitForLoadState();
}

/**
 * With STOREFRONT_SHOTS=<folder>, saves a full-page screenshot there, for people to look at, and
 * answers where; without it, answers null.
 */
export async function screenshot(page: Page, name: string): Promise<string | null> {
  const folder = process.env.STOREFRONT_SHOTS;
  if (!folder) return null;
  await mkdir(folder, { recursive: true });
  const file = path.resolve(folder, `${name}.png`);
  // Drawn once its fonts have arrived, as a person sees it after the first moment.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * axe-core finds nothing on the page: each violation is named with the elements it is on. A page
 * without frames is checked in itself, three times faster than the way frames need (each frame's
 * findings gathered in a blank page of their own), with the same rules.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).setLegacyMode(page.frames().length === 1).analyze();
  expect(
    violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(' ')}`),
  ).toEqual([]);
}

const ROUTES = path.join(import.meta.dirname, '..', 'src', 'routes');

/** The storefront's pages as SvelteKit routes them: `src/routes/orders/[id]/+page.svelte` → `/orders/[id]`. */
export async function storefrontRoutes(dir = ROUTES): Promise<string[]> {
  const routes: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) routes.push(...(await storefrontRoutes(full)));
    else if (entry.name === '+page.svelte') {
      routes.push(`/${path.relative(ROUTES, dir).split(path.sep).join('/')}`.replace(/\/$/, '') || '/');
    }
  }
  return routes.sort();
}
