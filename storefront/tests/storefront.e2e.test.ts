/**
 * The storefront in a real browser: the API (embedded PostgreSQL, demo organizers) and the
 * storefront's server run as they do under `pnpm start`, and Chromium visits organizers' own
 * host names (`<slug>.example.test`, mapped to this machine).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const storefrontDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = path.join(storefrontDir, '..');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let dataDir: string;
let api: ChildProcess;
let storefront: ChildProcess;
let browser: Browser;
let page: Page;
let origin: (slug: string) => string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Starts `pnpm …` and resolves once a line of its output matches `ready`. */
function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn('pnpm', args, {
    cwd: repoDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    const timer = setTimeout(
      () => reject(new Error(`pnpm ${args.join(' ')} did not start:\n${output.join('\n')}`)),
      90_000,
    );
    child.once('exit', (code) =>
      reject(new Error(`pnpm ${args.join(' ')} exited with ${code}:\n${output.join('\n')}`)),
    );
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream as NodeJS.ReadableStream }).on('line', (line) => {
        output.push(line);
        if (ready.test(line)) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolve(child);
        }
      });
    }
  });
}

async function stop(child: ChildProcess | undefined) {
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'accessplus-e2e-'));
  const apiPort = await freePort();
  const storefrontPort = await freePort();
  api = await start(
    ['--filter', '@accessplus/api', 'start'],
    {
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      ACCESSPLUS_DATA_DIR: path.join(dataDir, 'postgres'),
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    /Access Plus API is running/,
  );
  storefront = await start(
    [
      '--filter',
      '@accessplus/storefront',
      'exec',
      'vite',
      'dev',
      '--host',
      '127.0.0.1',
      '--port',
      String(storefrontPort),
      '--strictPort',
    ],
    { API_URL: `http://127.0.0.1:${apiPort}`, STOREFRONT_BASE_DOMAIN: 'example.test' },
    /ready in/,
  );
  origin = (slug) => `http://${slug}.example.test:${storefrontPort}`;
  browser = await chromium.launch({
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
      '--host-resolver-rules=MAP *.example.test 127.0.0.1',
    ],
  });
  page = await browser.newPage({ locale: 'en-US' });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stop(storefront);
  await stop(api);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

const cardTitles = () => page.locator('.event-card h3').allInnerTexts();

describe("an organizer's storefront", () => {
  it("shows the organizer's published events on its own host, and no one else's", async () => {
    const response = await page.goto(origin('addis-cultural-center'));
    expect(response?.status()).toBe(200);
    await expect(page.locator('.brand').textContent()).resolves.toBe('Addis Cultural Center');
    const titles = await cardTitles();
    expect(titles).toEqual(
      expect.arrayContaining([
        'Enkutatash: Ethiopian New Year Gala',
        'Timkat Celebration',
        'Diaspora Film Night: "Lamb"',
      ]),
    );
    expect(titles.join(' ')).not.toMatch(/Town Hall|Fiestas|Afrobeats/);
    await expect(page.locator('.event-card', { hasText: 'Timkat' }).textContent()).resolves.toContain('Free');
  });

  it('switches to Amharic and keeps the choice', async () => {
    await page.goto(origin('addis-cultural-center'));
    await page.locator('.language-switcher a[lang="am"]').click();
    await page.waitForURL(/lang=am/);
    expect(await cardTitles()).toContain('የእንቁጣጣሽ የአዲስ ዓመት ጋላ');
    await page.goto(origin('addis-cultural-center'));
    expect(await cardTitles()).toContain('የጥምቀት በዓል');
    await page.goto(`${origin('addis-cultural-center')}/?lang=en`);
  });

  it('opens an event with its tiers, prices and availability', async () => {
    await page.goto(origin('addis-cultural-center'));
    await page.getByRole('link', { name: 'Enkutatash: Ethiopian New Year Gala' }).click();
    await page.waitForURL(/\/events\//);
    const tiers = await page.locator('.tier').allInnerTexts();
    expect(tiers).toHaveLength(3);
    expect(tiers.join('\n')).toMatch(/General admission[\s\S]*\$65\.00/);
    expect(tiers.join('\n')).toMatch(/VIP table seat[\s\S]*\$150\.00/);
    expect(tiers.join('\n')).toMatch(/Student[\s\S]*\$25\.00/);
  });

  it("speaks each visitor's language among the organizer's", async () => {
    const english = await page.goto(origin('casa-latina-houston'));
    expect(english?.status()).toBe(200);
    expect(await cardTitles()).toContain('Mexican Independence Day Celebration');

    const context = await browser.newContext({ locale: 'es-MX' });
    try {
      const spanish = await context.newPage();
      await spanish.goto(origin('casa-latina-houston'));
      await expect(spanish.locator('html').getAttribute('lang')).resolves.toBe('es');
      const titles = await spanish.locator('.event-card h3').allInnerTexts();
      expect(titles).toContain('Fiestas Patrias: Grito de Independencia');
      await expect(spanish.locator('h1').textContent()).resolves.not.toBe('Upcoming events');
    } finally {
      await context.close();
    }
  });

  it("answers a host that is no organizer's with a 404 page", async () => {
    const response = await page.goto(origin('nobody-here'));
    expect(response?.status()).toBe(404);
  });
});
