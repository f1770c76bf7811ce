import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Logger } from '../lib/logger.ts';
import { migrateWorkerSchema } from './graphile-worker.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
// Any stable number: two processes starting at once migrate one after the other.
const MIGRATION_LOCK = 7_311_204_551;

export interface MigrationFile {
  version: number;
  name: string;
  checksum: string;
  sql: string;
}

export interface MigrateOptions {
  /** Connection of a role allowed to create roles and act as `accessplus_owner`. */
  adminUrl: string;
  logger: Logger;
  /** When set, the API role's password is set to it (from the environment, never the repo). */
  appPassword?: string | undefined;
  directory?: string;
}

export class MigrationError extends Error {}

export async function readMigrations(directory = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.sql') && name !== 'roles.sql').sort();
  const migrations: MigrationFile[] = [];
  for (const fileName of names) {
    const match = MIGRATION_FILE.exec(fileName);
    if (!match) throw new MigrationError(`Migration file "${fileName}" must be named NNNN_snake_case.sql.`);
    const sql = await readFile(`${directory}/${fileName}`, 'utf8');
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new MigrationError(`Two migration files share version ${version}.`);
    }
    migrations.push({ version, name: match[2] as string, sql, checksum: sha256(sql) });
  }
  return migrations;
}

/**
 * Applies pending migrations in order, each in its own transaction acting as the owner role,
 * then installs or upgrades graphile-worker's schema (see graphile-worker.ts).
 * Refuses to run when an applied file was edited or removed, or a new file sorts before the
 * last applied one: migrations are forward-only.
 */
export async function migrate(options: MigrateOptions): Promise<number[]> {
  const directory = options.directory ?? MIGRATIONS_DIR;
  const migrations = await readMigrations(directory);
  const rolesSql = await readFile(`${directory}/roles.sql`, 'utf8');
  const client = new pg.Client({ connectionString: options.adminUrl, application_name: 'accessplus-migrate' });
  client.on('error', (error) => options.logger.error({ err: error }, 'migration connection failed'));
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(rolesSql);
    if (options.appPassword) {
      await client.query(`alter role accessplus_app password ${client.escapeLiteral(options.appPassword)}`);
    }
    await client.query(`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
    const applied = await client.query<{ version: number; name: string; checksum: string }>(
      'select version, name, checksum from schema_migrations order by version',
    );
    const pending = planMigrations(migrations, applied.rows);
    for (const migration of pending) {
      await client.query('begin');
      try {
        await client.query('set local role accessplus_owner');
        await client.query(migration.sql);
        await client.query('reset role');
        await client.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
          migration.version,
          migration.name,
          migration.checksum,
        ]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new MigrationError(
          `Migration ${formatName(migration)} failed: ${(error as Error).message}. Nothing of it was applied.`,
        );
      }
      options.logger.info({ migration: formatName(migration) }, 'migration applied');
    }
    try {
      await migrateWorkerSchema(client, options.adminUrl, options.logger);
    } catch (error) {
      throw new MigrationError(`Installing graphile-worker's schema failed: ${(error as Error).message}`);
    }
    return pending.map((m) => m.version);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** The migrations still to apply, after checking the applied ones against the files. */
export function planMigrations(
  files: MigrationFile[],
  applied: { version: number; name: string; checksum: string }[],
): MigrationFile[] {
  const byVersion = new Map(files.map((m) => [m.version, m]));
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new MigrationError(
        `Migration ${String(row.version).padStart(4, '0')}_${row.name} was applied but its file is missing. Restore it.`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${formatName(file)} was edited after it was applied. Put the change in a new migration instead.`,
      );
    }
  }
  const lastApplied = applied.at(-1)?.version ?? 0;
  const appliedVersions = new Set(applied.map((row) => row.version));
  const pending = files.filter((m) => !appliedVersions.has(m.version));
  const early = pending.find((m) => m.version < lastApplied);
  if (early) {
    throw new MigrationError(
      `Migration ${formatName(early)} sorts before the last applied migration (${lastApplied}). Renumber it after ${lastApplied}.`,
    );
  }
  return pending;
}

function formatName(migration: MigrationFile): string {
  return `${String(migration.version).padStart(4, '0')}_${migration.name}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
