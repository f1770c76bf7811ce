import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import type { Logger } from '../lib/logger.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface PoolOptions {
  max?: number;
  applicationName?: string;
  /** Prepare the statements run again and again on each connection (see `PreparingClient`). */
  prepareStatements?: boolean;
  /** Settings every connection of the pool starts with, for its whole session. */
  sessionSettings?: Record<string, string>;
}

/**
 * A pg pool whose idle clients cannot crash the process: a server restart or a dropped
 * connection surfaces as an `error` event, which pg would otherwise rethrow.
 */
export function createPool(connectionString: string, logger: Logger, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    ...(options.prepareStatements ? { Client: PreparingClient } : {}),
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'accessplus-api',
    ...(options.sessionSettings
      ? {
          options: Object.entries(options.sessionSettings)
            .map(([name, value]) => `-c ${name}=${value}`)
            .join(' '),
        }
      : {}),
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    types: { getTypeParser: typeParser },
  });
  pool.on('error', (error) => report(logger, error, 'idle PostgreSQL client failed'));
  pool.on('connect', (client) => {
    client.on('error', (error) => report(logger, error, 'PostgreSQL client failed'));
  });
  return pool;
}

const DATE_OID = 1082;

// A date (a calendar day, such as the day a payee was paid) stays the text PostgreSQL sends:
// pg would turn it into a Date at this machine's local midnight, a day off for half the world.
const typeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === DATE_OID ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

// 57P01: the server is shutting down on purpose (a restart, or the embedded server stopping
// with this process), which closes idle connections: worth a line, not an alarm.
function report(logger: Logger, error: Error & { code?: string }, message: string): void {
  if (error.code === '57P01') logger.info({ code: error.code }, 'PostgreSQL closed a connection while shutting down');
  else logger.error({ err: error }, message);
}

// A text becomes a prepared statement from its third run; a connection keeps at most this many.
const PREPARE_FROM_RUN = 3;
const MAX_PREPARED_PER_CONNECTION = 200;
const runsByText = new LRUCache<string, number>({ max: 5_000 });
const namesByText = new LRUCache<string, string>({ max: 5_000 });
// Part of every name: bumped when a migration has made prepared statements stale.
let generation = 0;

function statementName(text: string): string {
  let name = namesByText.get(text);
  if (!name) {
    name = `ap_${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
    namesByText.set(text, name);
  }
  return `${name}_${generation}`;
}

/** PostgreSQL's refusal to run a prepared statement whose result columns a migration changed. */
function isStalePreparedStatement(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '0A000' && message?.includes('cached plan must not change result type') === true;
}

type QueryConfig = { name?: string; text: string; values?: unknown[] };

/**
 * A connection that prepares the statements the API runs again and again, so that PostgreSQL
 * plans each once per connection instead of on every run: under row-level security, whose
 * policies every plan takes in, planning cost as much as executing (a checkout's tier query
 * took 0.5 ms to plan and 0.07 ms to run). Texts seen fewer than three times, and any beyond a
 * connection's share, run unnamed as before, so one-off queries do not pile up in sessions.
 *
 * A migration that changes the columns of a `select *` makes PostgreSQL refuse the statements
 * prepared before it. The first refusal moves every connection to new statement names, so that
 * only the queries already under way fail. (Behind PgBouncer in transaction mode, this needs its
 * `max_prepared_statements`.)
 */
class PreparingClient extends pg.Client {
  readonly #prepared = new Set<string>();
  #generation = generation;

  static {
    const query = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
    PreparingClient.prototype.query = function (this: PreparingClient, ...args: unknown[]) {
      const [text, values] = args;
      if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || args.length > 2) {
        return query.apply(this, args);
      }
      const config: QueryConfig = { text, values };
      const preparedIn = generation;
      const runs = (runsByText.get(text) ?? 0) + 1;
      runsByText.set(text, runs);
      if (runs >= PREPARE_FROM_RUN) {
        if (this.#generation !== generation) {
          this.#prepared.clear();
          this.#generation = generation;
        }
        const name = statementName(text);
        if (this.#prepared.has(name) || this.#prepared.size < MAX_PREPARED_PER_CONNECTION) {
          this.#prepared.add(name);
          config.name = name;
        }
      }
      const result = query.call(this, config) as Promise<unknown>;
      return result.catch((error: unknown) => {
        if (config.name && preparedIn === generation && isStalePreparedStatement(error)) generation += 1;
        throw error;
      });
    } as typeof pg.Client.prototype.query;
  }
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
