import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compareShapes, databaseShape, declaredShape, type SchemaShape, schemaSource } from '../test/schema-shape.ts';
import { withDatabase } from './database.ts';

/**
 * The Kysely types of schema.ts against a database all migrations have run on (a clone of the
 * test run's migrated template): every table and column, its value as node-postgres hands it over,
 * null or not, and whether an insert must give it.
 */

const maintenanceUrl = inject('testAdminUrl');
const name = `accessplus_schema_${randomBytes(6).toString('hex')}`;
let client: pg.Client;
let declared: SchemaShape;

beforeAll(async () => {
  const maintenance = new pg.Client({ connectionString: maintenanceUrl });
  await maintenance.connect();
  await maintenance.query(`create database ${name} template ${inject('testTemplate')}`);
  await maintenance.end();
  client = new pg.Client({ connectionString: withDatabase(maintenanceUrl, name) });
  await client.connect();
  declared = declaredShape();
});

afterAll(async () => {
  await client?.end();
  const maintenance = new pg.Client({ connectionString: maintenanceUrl });
  await maintenance.connect();
  await maintenance.query(`drop database if exists ${name} with (force)`);
  await maintenance.end();
});

/** The differences after `migration` runs, undone afterwards (PostgreSQL's DDL is transactional). */
async function differencesAfter(migration: string, types = declared): Promise<string[]> {
  await client.query('begin');
  try {
    await client.query(migration);
    return compareShapes(await databaseShape(client), types);
  } finally {
    await client.query('rollback');
  }
}

describe('the Kysely types in schema.ts', () => {
  it('say what the migrated database holds, table by table and column by column', async () => {
    const differences = compareShapes(await databaseShape(client), declared);
    expect(differences, `schema.ts disagrees with the migrations:\n${differences.join('\n')}`).toEqual([]);
  });

  it('are found lacking when a migration adds a table or a column', async () => {
    expect(
      await differencesAfter(`
        alter table events add column doors_open_at timestamptz;
        create table event_sponsors (tenant_id uuid not null, id uuid not null, primary key (tenant_id, id))`),
    ).toEqual([
      'event_sponsors: a table in the database that the Database interface of schema.ts lacks',
      'events.doors_open_at: a column in the database (timestamp with time zone) that schema.ts lacks',
    ]);
  });

  it('are found wrong when a migration changes a type, a null rule, a default or a list of values', async () => {
    expect(
      await differencesAfter(`
        alter table tax_rates alter column rate_ppm type bigint;
        alter table orders alter column buyer_email drop not null;
        alter table events alter column capacity set not null;
        alter table tax_rates alter column city drop default;
        alter table tenants drop constraint tenants_plan_check;
        alter table tenants add constraint tenants_plan_check check (plan in ('basic', 'pro', 'enterprise', 'free'));
        alter table orders drop column disputed_at`),
    ).toEqual([
      'events.capacity: the database says not null (integer not null), but schema.ts includes null',
      'orders.buyer_email: the database allows null (text), but schema.ts does not include null',
      'orders.disputed_at: in schema.ts, but the database has no such column',
      'tax_rates.city: an insert must give it (not null, no default), but schema.ts makes it optional on insert',
      'tax_rates.rate_ppm: schema.ts reads it as number, but the database (bigint not null) gives string',
      "tenants.plan: schema.ts reads it as 'basic' | 'enterprise' | 'pro', but the database (text not null) gives 'basic' | 'enterprise' | 'free' | 'pro'",
    ]);
  });

  it('are found wrong when schema.ts is changed to disagree', async () => {
    const edited = schemaSource()
      .replace('  capacity: number | null;\n', '  capacity: string | null;\n')
      .replace('  token_hash: Buffer;\n  user_id: string;\n', '  token_hash: string;\n  user_id: string;\n')
      .replace("export type TicketStatus = 'valid' | 'revoked';", "export type TicketStatus = 'valid' | 'void';");
    expect(compareShapes(await databaseShape(client), declaredShape(edited))).toEqual([
      'events.capacity: schema.ts reads it as string, but the database (integer) gives number',
      'sessions.token_hash: schema.ts reads it as string, but the database (bytea not null) gives Buffer',
      "tickets.status: schema.ts reads it as 'valid' | 'void', but the database (text not null) gives 'revoked' | 'valid'",
    ]);
  });
});
