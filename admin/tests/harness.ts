/**
 * What the admin's browser tests share: the API (embedded PostgreSQL in a throwaway folder) and
 * the admin's production build (made once for the run, tests/global-setup.ts), an integrator's view of the API,
 * Chromium, and signing in through the sign-in page.
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { freePort, startApi, startPnpm, stopPnpm } from '../../scripts/e2e-processes';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shotsDir = process.env.ADMIN_SHOTS_DIR ?? path.join(tmpdir(), 'admin-shots');
export const PASSWORD = 'correct horse battery staple';
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 900 } };

/** Calls the API as an integrator would; fails the test on an unexpected status. */
export type Call = <T = Record<string, unknown>>(
  method: string,
  pathname: string,
  options?: { token?: string; body?: unknown; expected?: number[] },
) => Promise<T>;

export interface AdminStack {
  apiUrl: string;
  adminUrl: string;
  /** With `storefront`, an organizer's own storefront: `http://<slug>.example.test:<port>`. */
  storefrontOrigin(slug: string): string;
  call: Call;
  /** The embedded PostgreSQL's folder (`ACCESSPLUS_DATA_DIR`). */
  postgresDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the API (with `apiEnv` added to its environment) and the admin against it: the run's
 * production build, run as `node build` is.
 */
export async function startAdminStack(
  apiEnv: Record<string, string> = {},
  options: { storefront?: boolean } = {},
): Promise<AdminStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'accessplus-admin-e2e-'));
  await mkdir(shotsDir, { recursive: true });
  let api: ChildProcess | undefined;
  let admin: ChildProcess | undefined;
  let storefront: ChildProcess | undefined;
  const stop = async () => {
    await stopPnpm(storefront);
    await stopPnpm(admin);
    await stopPnpm(api);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const apiPort = await freePort();
    const adminPort = await freePort();
    const storefrontPort = options.storefront ? await freePort() : 0;
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const adminUrl = `http://127.0.0.1:${adminPort}`;
    api = await startApi({
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      ACCESSPLUS_DATA_DIR: path.join(dataDir, 'postgres'),
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      SEED_DEMO: 'false',
      // Links in account emails lead to this admin.
      ADMIN_URL: adminUrl,
      ...(options.storefront ? { STOREFRONT_URL: `http://{slug}.example.test:${storefrontPort}` } : {}),
      // Every buyer of these tests comes from 127.0.0.1: no per-address limit on holds and quotes.
      ORDER_HOLD_RATE_LIMIT_MAX: '0',
      QUOTE_RATE_LIMIT_MAX: '0',
      ...apiEnv,
    });
    // As in production: ORIGIN is the one address people reach the admin at.
    admin = await startPnpm(
      inject('adminBuild'),
      { API_URL: apiUrl, HOST: '127.0.0.1', PORT: String(adminPort), ORIGIN: adminUrl },
      /Listening on/,
    );
    if (options.storefront) {
      storefront = await startPnpm(
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
        { API_URL: apiUrl, STOREFRONT_BASE_DOMAIN: 'example.test' },
        /ready in/,
      );
    }
    return {
      apiUrl,
      adminUrl,
      storefrontOrigin: (slug) => `http://${slug}.example.test:${storefrontPort}`,
      call: apiCaller(apiUrl),
      postgresDir: path.join(dataDir, 'postgres'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function apiCaller(apiUrl: string): Call {
  return async (method, pathname, { token, body, expected = [200, 201] } = {}) => {
    const response = await fetch(new URL(pathname, apiUrl), {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expected.includes(response.status)) throw new Error(`${method} ${pathname}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

export interface Account {
  email: string;
  token: string;
  slug: string;
  /** The organizer's id. */
  organizerId: string;
}

/** Asks the API for an account and a new organizer; nothing exists until the emailed link is followed. */
export async function askToSignUp(
  call: Call,
  organizer: string,
  person: string,
  slug = `${organizer.toLowerCase().replace(/\W+/g, '-')}-${randomBytes(3).toString('hex')}`,
): Promise<{ email: string; slug: string }> {
  const email = `${person.split(' ')[0]?.toLowerCase()}-${slug}@example.org`;
  await call('POST', '/v1/auth/sign-up', {
    body: { email, password: PASSWORD, display_name: person, organizer: { name: organizer, slug } },
    expected: [202],
  });
  return { email, slug };
}

/**
 * The link to `path` in the newest email to `email` in the API's local mail sink, once its worker
 * has sent it (the API runs as under `pnpm start`, without SMTP_URL).
 */
export async function emailedLink(call: Call, email: string, path: string): Promise<URL> {
  for (let waited = 0; ; waited += 100) {
    const mailbox = await call<{ data: { to: string; text: string }[] }>('GET', '/v1/dev/mailbox?limit=200');
    const link = mailbox.data
      .filter((mail) => mail.to.includes(email))
      .flatMap((mail) => [...mail.text.matchAll(/https?:\/\/\S+/g)].map(([href]) => new URL(href)))
      .find((url) => url.pathname === path);
    if (link) return link;
    if (waited > 30_000) throw new Error(`no email to ${email} with a link to ${path}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Signs a person up with a new organizer through the API, following the emailed link as they would. */
export async function signUp(call: Call, organizer: string, person: string): Promise<Account> {
  const { email, slug } = await askToSignUp(call, organizer, person);
  const link = await emailedLink(call, email, '/confirm-sign-up');
  const body = await call<{ token: string; session: { active_organizer: { organizer_id: string } } }>(
    'POST',
    '/v1/auth/sign-up/confirm',
    { body: { token: link.searchParams.get('token') }, expected: [201] },
  );
  return { email, token: body.token, slug, organizerId: body.session.active_organizer.organizer_id };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      // Organizers' storefronts, for tests that start one.
      '--host-resolver-rules=MAP *.example.test 127.0.0.1',
    ],
  });
}

/** Signs in through the admin's sign-in page; the page is left on the dashboard. */
export async function signIn(adminUrl: string, context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  // Once the page's modules have loaded: on a fresh checkout, the dev server may still find a
  // dependency to optimize and reload the page, emptying a form filled before that.
  await page.goto(`${adminUrl}/sign-in`, { waitUntil: 'networkidle' });
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  try {
    await Promise.all([page.waitForURL(`${adminUrl}/`), page.getByRole('button', { name: 'Sign in' }).click()]);
  } catch (error) {
    // Say what the page said instead, if anything: a message from the API, or an emptied form.
    const said = await page.locator('[role="alert"], [role="status"]').allTextContents();
    const typed = await page.getByLabel('Email address').inputValue();
    throw new Error(`signing in stayed on ${page.url()}: ${JSON.stringify({ said, typed })}`, { cause: error });
  }
  return page;
}

/** What a browser context keeps of a signed-in person: `browser.newContext({ storageState })` starts signed in. */
export type SignedInState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** Signs `email` in through the sign-in page, on a desktop in US English, and answers the session to start contexts with. */
export async function signedInState(browser: Browser, adminUrl: string, email: string): Promise<SignedInState> {
  const context = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
  try {
    await (await signIn(adminUrl, context, email)).close();
    return await context.storageState();
  } finally {
    await context.close();
  }
}

/**
 * Saves a full-page screenshot for people to look at, and answers where (null when not saved).
 * Under CI, where nobody looks, only when ADMIN_SHOTS_DIR asks for them.
 */
export async function shot(page: Page, name: string): Promise<string | null> {
  if (process.env.CI && !process.env.ADMIN_SHOTS_DIR) return null;
  const file = path.join(shotsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects reports of what Chromium refused under the admin's content security policy. */
export function watchCsp(page: Page, violations: string[]) {
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy'))
      violations.push(message.text());
  });
}

const repoDir = path.resolve(import.meta.dirname, '..', '..');

/** The embedded PostgreSQL the API started, as its administrator (the folder keeps its credentials). */
export async function databaseUrl(stack: AdminStack): Promise<string> {
  const credentials = JSON.parse(await readFile(path.join(stack.postgresDir, 'credentials.json'), 'utf8')) as {
    superuserPassword: string;
    port: number;
  };
  return `postgres://postgres:${encodeURIComponent(credentials.superuserPassword)}@127.0.0.1:${credentials.port}/accessplus`;
}

/** Runs the API's command line against the running API's database, as an operator would. */
export async function cli(stack: AdminStack, ...args: string[]): Promise<string> {
  const url = await databaseUrl(stack);
  return new Promise((resolve, reject) => {
    execFile(
      'pnpm',
      ['--filter', '@accessplus/api', 'exec', 'tsx', 'src/cli.ts', ...args],
      { cwd: repoDir, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

/**
 * Fails unless axe-core finds no accessibility violation on the page as it is now (every rule
 * axe runs by default: WCAG 2 A and AA, and its best practices). The error lists each violation's
 * rule, what it asks, and the elements that break it, for the person fixing them. The page must
 * come from `browser.newContext()`, as axe's Playwright driver asks.
 */
export async function expectNoAxeViolations(page: Page, what = page.url()): Promise<void> {
  // A page without frames is checked in itself, three times faster than the way frames need
  // (each frame's findings gathered in a blank page of their own), with the same rules.
  const { violations } = await new AxeBuilder({ page }).setLegacyMode(page.frames().length === 1).analyze();
  if (violations.length === 0) return;
  const report = violations.map((violation) =>
    [
      `${violation.id} (${violation.impact ?? 'unrated'}): ${violation.help} — ${violation.helpUrl}`,
      ...violation.nodes.map(
        (node) =>
          `  at ${node.target.join(' ')}${node.failureSummary ? `: ${node.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
      ),
    ].join('\n'),
  );
  throw new Error(`${violations.length} accessibility violation(s) on ${what}:\n${report.join('\n')}`);
}

/** Submits with the named button and waits for the form's answer to be shown. */
export async function submitForm(page: Page, button: string): Promise<void> {
  await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  await page.waitForLoadState('networkidle');
}

/**
 * Opens pages of the admin in a browser that is signed in as `state` (a context's storageState),
 * in US English, its scripts loaded, collecting what the content security policy refused.
 */
export function signedInPages(
  browser: () => Browser,
  adminUrl: () => string,
  state: () => SignedInState,
  cspViolations: string[],
) {
  return async (at: string, options: Parameters<Browser['newContext']>[0] = DESKTOP) => {
    const context = await browser().newContext({ locale: 'en-US', ...options, storageState: state() });
    const page = await context.newPage();
    watchCsp(page, cspViolations);
    await page.goto(`${adminUrl()}${at}`, { waitUntil: 'networkidle' });
    return { context, page };
  };
}
