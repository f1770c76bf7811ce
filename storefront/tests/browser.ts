import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

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
 * With STOREFRONT_SHOTS=<folder>, saves a full-page screenshot there, for people to look at, and
 * answers where; without it, answers null.
 */
export async function screenshot(page: Page, name: string): Promise<string | null> {
  const folder = process.env.STOREFRONT_SHOTS;
  if (!folder) return null;
  await mkdir(folder, { recursive: true });
  const file = path.resolve(folder, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
