/**
 * Two APIs, each with its storefront, for every browser test file, started side by side and run
 * as they do under `pnpm start` (embedded PostgreSQL in a throwaway folder, demo organizers
 * seeded, emails kept in the local mail sink and read through `GET /v1/dev/mailbox`):
 *
 * - the first takes cards with the test provider, as a newcomer's machine does;
 * - the second takes them through Stripe: its `stripe` SDK talks to the harness's local Stripe
 *   server (api/src/test/stripe-server.ts), which the browser reaches too, through the tests'
 *   stand-in for Stripe.js (tests/stripe-checkout.e2e.test.ts).
 *
 * Both storefronts serve `<slug>.example.test`, each on its own port. Each file launches its own
 * Chromium against them.
 */
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { type FakeStripe, startFakeStripe } from '../../api/src/test/stripe-server';
import { compileApiMessages, freePort, startApi, startPnpm, stopPnpm } from '../../scripts/e2e-processes';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The running API, e.g. `http://127.0.0.1:41234`. */
    apiUrl: string;
    /** The storefront's port; organizers' hosts are `<slug>.example.test` on it. */
    storefrontPort: number;
    /** The API that takes cards through Stripe. */
    stripeApiUrl: string;
    /** Its storefront's port, for the same `<slug>.example.test` hosts. */
    stripeStorefrontPort: number;
    /** The local Stripe server that API talks to, and the keys it was given. */
    stripe: { url: string; secretKey: string; publishableKey: string };
    /** The UDP port of 127.0.0.1 the first API asks DNS questions of (a test answers them there). */
    dnsPort: number;
    /** The first API's embedded PostgreSQL folder, for the API's command line. */
    postgresDir: string;
  }
}

/** Stripe.js receives it from the API with each client secret; the stand-in checks it. */
const PUBLISHABLE_KEY = 'pk_test_accessplus_e2e';

/** A running API (on its own embedded PostgreSQL) and the storefront's dev server in front of it. */
interface Pair {
  api?: ChildProcess;
  storefront?: ChildProcess;
}

/** A UDP port nothing listens on now. */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A custom domain of the tests: under a real suffix, registered by nobody, mapped to this machine. */
export const CUSTOM_DOMAIN_ZONE = 'harar-heritage-e2e.org';

async function startPair(pair: Pair, dataDir: string, apiEnv: Record<string, string>) {
  const apiPort = await freePort();
  const storefrontPort = await freePort();
  pair.api = await startApi({
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    ACCESSPLUS_DATA_DIR: path.join(dataDir, 'postgres'),
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    STOREFRONT_URL: `http://{slug}.example.test:${storefrontPort}`,
    // Every buyer of these tests comes through one storefront from 127.0.0.1: no per-address
    // limit on holds, quotes and waitlist joins.
    ORDER_HOLD_RATE_LIMIT_MAX: '0',
    QUOTE_RATE_LIMIT_MAX: '0',
    WAITLIST_JOIN_RATE_LIMIT_MAX: '0',
    ...apiEnv,
  });
  pair.storefront = await startPnpm(
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
    {
      API_URL: `http://127.0.0.1:${apiPort}`,
      STOREFRONT_BASE_DOMAIN: 'example.test',
      STOREFRONT_DEV_HOSTS: `.${CUSTOM_DOMAIN_ZONE}`,
    },
    /ready in/,
  );
  return { apiUrl: `http://127.0.0.1:${apiPort}`, storefrontPort };
}

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'accessplus-e2e-'));
  const testCards: Pair = {};
  const stripeCards: Pair = {};
  let fakeStripe: FakeStripe | undefined;
  const teardown = async () => {
    await Promise.all(
      [testCards, stripeCards].map(async (pair) => {
        await stopPnpm(pair.storefront);
        await stopPnpm(pair.api);
      }),
    );
    await fakeStripe?.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  const dnsPort = await freeUdpPort();
  await compileApiMessages();
  const [started, startedWithStripe] = await Promise.allSettled([
    startPair(testCards, path.join(dataDir, 'test-cards'), { DNS_SERVERS: `127.0.0.1:${dnsPort}` }),
    startFakeStripe().then((fake) => {
      fakeStripe = fake;
      return startPair(stripeCards, path.join(dataDir, 'stripe'), {
        STRIPE_SECRET_KEY: fake.secretKey,
        STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
        STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
        STRIPE_API_BASE: fake.url,
      });
    }),
  ]);
  if (started.status === 'rejected' || startedWithStripe.status === 'rejected' || !fakeStripe) {
    await teardown();
    throw started.status === 'rejected' ? started.reason : (startedWithStripe as PromiseRejectedResult).reason;
  }
  project.provide('apiUrl', started.value.apiUrl);
  project.provide('storefrontPort', started.value.storefrontPort);
  project.provide('stripeApiUrl', startedWithStripe.value.apiUrl);
  project.provide('stripeStorefrontPort', startedWithStripe.value.storefrontPort);
  project.provide('dnsPort', dnsPort);
  project.provide('postgresDir', path.join(dataDir, 'test-cards', 'postgres'));
  project.provide('stripe', { url: fakeStripe.url, secretKey: fakeStripe.secretKey, publishableKey: PUBLISHABLE_KEY });
  return teardown;
}
