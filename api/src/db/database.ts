import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../lib/logger.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface PoolOptions {
  max?: number;
  applicationName?: string;
}

/**
 * A pg pool whose idle clients cannot crash the process: a server restart or a dropped
 * connection surfaces as an `error` event, which pg would otherwise rethrow.
 */
export function createPool(connectionString: string, logger: Logger, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'accessplus-api',
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', (error) => report(logger, error, 'idle PostgreSQL client failed'));
  pool.on('connect', (client) => {
    client.on('error', (error) => report(logger, error, 'PostgreSQL client failed'));
  });
  return pool;
}

// 57P01: the server is shutting down on purpose (a restart, or the embedded server stopping
// with this process), which closes idle connections: worth a line, not an alarm.
function report(logger: Logger, error: Error & { code?: string }, message: string): void {
  if (error.code === '57P01') logger.info({ code: error.code }, 'PostgreSQL closed a connection while shutting down');
  else logger.error({ err: error }, message);
}

export function createDb(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Replaces the user (and password) of a connection string. */
export function withCredentials(connectionString: string, user: string, password: string | undefined): string {
  const url = new URL(connectionString);
  url.username = encodeURIComponent(user);
  url.password = password ? encodeURIComponent(password) : '';
  return url.toString();
}

/** Replaces the database name of a connection string. */
export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
