/**
 * One API and one storefront for every browser test file: the API (embedded PostgreSQL in a
 * throwaway folder, demo organizers seeded, emails kept in its local mail sink and read through
 * `GET /v1/dev/mailbox`) and the storefront's dev server run as they do under `pnpm start`. Each
 * file launches its own Chromium against them.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, startPnpm, stopPnpm } from '../../scripts/e2e-processes';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The running API, e.g. `http://127.0.0.1:41234`. */
    apiUrl: string;
    /** The storefront's port; organizers' hosts are `<slug>.example.test` on it. */
    storefrontPort: number;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'accessplus-e2e-'));
  let api: ChildProcess | undefined;
  let storefront: ChildProcess | undefined;
  const teardown = async () => {
    await stopPnpm(storefront);
    await stopPnpm(api);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const apiPort = await freePort();
    const storefrontPort = await freePort();
    api = await startPnpm(
      ['--filter', '@accessplus/api', 'start'],
      {
        PORT: String(apiPort),
        HOST: '127.0.0.1',
        ACCESSPLUS_DATA_DIR: path.join(dataDir, 'postgres'),
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        STOREFRONT_URL: `http://{slug}.example.test:${storefrontPort}`,
      },
      /Access Plus API is running/,
    );
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
      { API_URL: `http://127.0.0.1:${apiPort}`, STOREFRONT_BASE_DOMAIN: 'example.test' },
      /ready in/,
    );
    project.provide('apiUrl', `http://127.0.0.1:${apiPort}`);
    project.provide('storefrontPort', storefrontPort);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
