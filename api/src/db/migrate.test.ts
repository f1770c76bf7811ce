import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../lib/logger.ts';
import { withDatabase } from './database.ts';
import { MIGRATIONS_DIR, MigrationError, migrate, planMigrations, readMigrations } from './migrate.ts';

const logger = createLogger('silent');
const maintenanceUrl = inject('testAdminUrl');
const created: string[] = [];
let scratch: string;

async function freshDatabase(): Promise<string> {
  const name = `accessplus_migrate_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  created.push(name);
  return withDatabase(maintenanceUrl, name);
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(scratch, 'migrations-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'accessplus-migrate-test-'));
});
afterAll(async () => {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  for (const name of created) await client.query(`drop database if exists ${name} with (force)`);
  await client.end();
  await rm(scratch, { recursive: true, force: true });
});

describe('migrate', () => {
  it('applies every file once, in order, recorded with its checksum, owned by the owner role', async () => {
    const url = await freshDatabase();
    const files = await readMigrations();
    expect(await migrate({ adminUrl: url, logger })).toEqual(files.map((f) => f.version));
    expect(await migrate({ adminUrl: url, logger })).toEqual([]);
    const applied = await query(url, 'select version, checksum from schema_migrations order by version');
    expect(applied.rows).toEqual(files.map((f) => ({ version: f.version, checksum: f.checksum })));
    const owners = await query(
      url,
      `select distinct tableowner from pg_tables where schemaname = 'public' and tablename <> 'schema_migrations'`,
    );
    expect(owners.rows).toEqual([{ tableowner: 'accessplus_owner' }]);
  });

  it('refuses an applied migration that was edited', async () => {
    const url = await freshDatabase();
    const dir = await copyOfMigrations();
    await migrate({ adminUrl: url, logger, directory: dir });
    await writeFile(path.join(dir, '0001_tenancy.sql'), '-- changed after the fact\nselect 1;');
    await expect(migrate({ adminUrl: url, logger, directory: dir })).rejects.toThrow(
      /0001_tenancy was edited after it was applied/,
    );
  });

  it('refuses a new migration that sorts before the last applied one', async () => {
    const url = await freshDatabase();
    const dir = await copyOfMigrations();
    await writeFile(path.join(dir, '0900_later.sql'), 'create table later_things (id int primary key);');
    await migrate({ adminUrl: url, logger, directory: dir });
    await writeFile(path.join(dir, '0800_sneaked_in.sql'), 'create table sneaked (id int primary key);');
    await expect(migrate({ adminUrl: url, logger, directory: dir })).rejects.toThrow(/0800_sneaked_in sorts before/);
    const table = await query(url, `select to_regclass('public.sneaked') as t`);
    expect(table.rows[0].t).toBeNull();
  });

  it('refuses when an applied file is missing, and badly named files', async () => {
    const applied = [{ version: 3, name: 'gone', checksum: 'x' }];
    expect(() => planMigrations([], applied)).toThrow(/0003_gone was applied but its file is missing/);
    const dir = await copyOfMigrations();
    await writeFile(path.join(dir, '7_no_padding.sql'), 'select 1;');
    await expect(readMigrations(dir)).rejects.toBeInstanceOf(MigrationError);
  });

  it('applies a failing migration not at all', async () => {
    const url = await freshDatabase();
    const dir = await copyOfMigrations();
    await writeFile(
      path.join(dir, '0999_half.sql'),
      'create table half_done (id int primary key);\nselect no_such_function();',
    );
    await expect(migrate({ adminUrl: url, logger, directory: dir })).rejects.toThrow(
      /0999_half failed.*Nothing of it was applied/,
    );
    const result = await query(
      url,
      `select to_regclass('public.half_done') as t, (select max(version) from schema_migrations) as v`,
    );
    const files = await readMigrations(dir);
    expect(result.rows[0]).toEqual({ t: null, v: files.filter((f) => f.name !== 'half').at(-1)?.version });
  });
});
