import pg from 'pg';
import type { Config } from '../config.ts';
import type { Logger } from '../lib/logger.ts';
import { withCredentials, withDatabase } from './database.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';

export const APP_ROLE = 'accessplus_app';
const EMBEDDED_DATABASE = 'accessplus';

export interface DatabaseEndpoints {
  /** Owner/administrator connection, for migrations and the CLI. */
  adminUrl: string;
  /** The API role's connection: everything it does is subject to row-level security. */
  appUrl: string;
  embedded: EmbeddedServer | null;
}

/**
 * Finds (or starts) the database, migrates it and returns how to reach it. Without
 * DATABASE_URL a persistent embedded PostgreSQL is started from the package.
 */
export async function prepareDatabase(config: Config, logger: Logger): Promise<DatabaseEndpoints> {
  let embedded: EmbeddedServer | null = null;
  let adminUrl = config.databaseUrl;
  let appPassword = config.appDatabasePassword;
  if (!adminUrl) {
    logger.info({ dataDir: config.dataDir }, 'DATABASE_URL is not set: starting the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, logger, persistent: true });
    await createDatabaseIfMissing(embedded.adminUrl, EMBEDDED_DATABASE);
    adminUrl = withDatabase(embedded.adminUrl, EMBEDDED_DATABASE);
    appPassword = embedded.appPassword;
  }
  await migrate({ adminUrl, logger, appPassword });
  const appUrl = config.appDatabaseUrl ?? withCredentials(adminUrl, APP_ROLE, appPassword);
  return { adminUrl, appUrl, embedded };
}

export async function createDatabaseIfMissing(maintenanceUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
