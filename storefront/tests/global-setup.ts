/**
 * One API and one storefront for every browser test file: the API (embedded PostgreSQL in a
 * throwaway folder, demo organizers seeded, emails kept in its local mail sink and read through
 * `GET /v1/dev/mailbox`) and the storefront's dev server run as they do under `pnpm start`. Each
 * file launches its own Chromium against them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The running API, e.g. `http://127.0.0.1:41234`. */
    apiUrl: string;
    /** The storefront's port; organizers' hosts are `<slug>.example.test` on it. */
    storefrontPort: number;
  }
}

const repoDir = fileURLToPath(new URL('../..', import.meta.url));

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

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'accessplus-e2e-'));
  let api: ChildProcess | undefined;
  let storefront: ChildProcess | undefined;
  const teardown = async () => {
    await stop(storefront);
    await stop(api);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
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
        STOREFRONT_URL: `http://{slug}.example.test:${storefrontPort}`,
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
    project.provide('apiUrl', `http://127.0.0.1:${apiPort}`);
    project.provide('storefrontPort', storefrontPort);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
