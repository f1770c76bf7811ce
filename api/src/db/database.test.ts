import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../lib/logger.ts';
import { startTestApp, type TestApp } from '../test/app.ts';
import { createDb, createPool, type Db } from './database.ts';

let t: TestApp;
let db: Db;

beforeAll(async () => {
  t = await startTestApp();
  // One connection, so that every query below runs in the session it inspects.
  db = createDb(createPool(t.adminUrl, createLogger('silent'), { max: 1, prepareStatements: true }));
});
afterAll(async () => {
  await db.destroy();
  await t.stop();
});

beforeEach(async () => {
  await t.admin.query(
    'drop table if exists prepare_probe; create table prepare_probe (a int); insert into prepare_probe values (1)',
  );
});

async function preparedProbes(): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`
    select statement from pg_prepared_statements where statement like '%prepare_probe where%'`.execute(db);
  return rows.map((row) => row.statement);
}

const probe = (a: number) => sql<{ a: number; b?: number }>`select * from prepare_probe where a = ${a}`.execute(db);

describe('a pool that prepares statements', () => {
  it('prepares a statement on its third run and reuses it after', async () => {
    await probe(1);
    await probe(1);
    expect(await preparedProbes()).toEqual([]);
    await probe(1);
    await probe(1);
    expect(await preparedProbes()).toEqual(['select * from prepare_probe where a = $1']);
    expect((await probe(1)).rows).toEqual([{ a: 1 }]);
  });

  it('fails only the query under way when a migration changes the columns, then prepares anew', async () => {
    for (let i = 0; i < 4; i++) await probe(1);
    await t.admin.query('alter table prepare_probe add column b int default 2');
    await expect(probe(1)).rejects.toThrow('cached plan must not change result type');
    expect((await probe(1)).rows).toEqual([{ a: 1, b: 2 }]);
    expect((await probe(1)).rows).toEqual([{ a: 1, b: 2 }]);
  });
});
