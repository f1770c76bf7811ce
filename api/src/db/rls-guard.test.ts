import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createLogger } from '../lib/logger.ts';
import { createRuntime } from '../server.ts';
import { startTestApp, type TestApp } from '../test/app.ts';
import { createDb, createPool, type Db } from './database.ts';
import { assertRlsEnforced, findRlsProblems, RlsGuardError } from './rls-guard.ts';

let t: TestApp;
let apiDb: Db;

beforeAll(async () => {
  t = await startTestApp();
  apiDb = createDb(createPool(t.appRoleUrl, createLogger('silent'), { max: 2 }));
});
afterAll(async () => {
  await apiDb.destroy();
  await t.stop();
});

async function asOwner(statements: string) {
  await t.admin.query(`set role accessplus_owner; ${statements}; reset role;`);
}

beforeEach(async () => {
  await t.admin.query('drop table if exists guard_probe cascade; drop view if exists guard_probe_view');
});

describe('the RLS guard', () => {
  it('accepts the migrated schema', async () => {
    expect(await findRlsProblems(apiDb)).toEqual([]);
    await expect(assertRlsEnforced(apiDb)).resolves.toBeUndefined();
  });

  it('fails on a tenant table without row-level security', async () => {
    await asOwner('create table guard_probe (tenant_id uuid not null, id uuid primary key)');
    const problems = await findRlsProblems(apiDb);
    expect(problems).toEqual(
      expect.arrayContaining([
        { object: 'public.guard_probe', problem: 'row-level security is not enabled' },
        { object: 'public.guard_probe', problem: 'row-level security is not forced' },
        { object: 'public.guard_probe', problem: 'has no row-level security policy' },
      ]),
    );
    await expect(assertRlsEnforced(apiDb)).rejects.toBeInstanceOf(RlsGuardError);
  });

  it('fails when row-level security is enabled but not forced', async () => {
    await asOwner(`create table guard_probe (tenant_id uuid not null, id uuid primary key);
      alter table guard_probe enable row level security;
      create policy guard_probe_tenant on guard_probe using (tenant_id = app.current_tenant_id())`);
    expect(await findRlsProblems(apiDb)).toEqual([
      { object: 'public.guard_probe', problem: 'row-level security is not forced' },
    ]);
  });

  it('passes once the table is enabled, forced and has a policy', async () => {
    await asOwner(`create table guard_probe (tenant_id uuid not null, id uuid primary key);
      alter table guard_probe enable row level security;
      alter table guard_probe force row level security;
      create policy guard_probe_tenant on guard_probe using (tenant_id = app.current_tenant_id())`);
    expect(await findRlsProblems(apiDb)).toEqual([]);
  });

  it("fails on a view that runs with its owner's rights", async () => {
    await asOwner('create view guard_probe_view as select id from events');
    expect(await findRlsProblems(apiDb)).toEqual([
      { object: 'public.guard_probe_view', problem: 'view is not security_invoker' },
    ]);
    await asOwner('alter view guard_probe_view set (security_invoker = true)');
    expect(await findRlsProblems(apiDb)).toEqual([]);
  });

  it('fails when the API role owns a table', async () => {
    await asOwner(`create table guard_probe (tenant_id uuid not null, id uuid primary key);
      alter table guard_probe enable row level security;
      alter table guard_probe force row level security;
      create policy guard_probe_tenant on guard_probe using (tenant_id = app.current_tenant_id())`);
    await t.admin.query('alter table guard_probe owner to accessplus_app');
    expect(await findRlsProblems(apiDb)).toEqual([
      { object: 'public.guard_probe', problem: 'is owned by (or through) the API role accessplus_app' },
    ]);
  });

  it('fails when connected as a role that bypasses row-level security', async () => {
    const ownerDb = createDb(createPool(t.adminUrl, createLogger('silent'), { max: 1 }));
    try {
      const problems = await findRlsProblems(ownerDb);
      expect(problems.map((p) => p.problem)).toEqual(expect.arrayContaining(['is a superuser']));
    } finally {
      await ownerDb.destroy();
    }
  });

  it('stops the API from starting on an unprotected database', async () => {
    await asOwner('create table guard_probe (tenant_id uuid not null, id uuid primary key)');
    const config = { ...loadConfig({ NODE_ENV: 'test' }), logLevel: 'silent', seedDemo: false };
    await expect(
      createRuntime({ config, logger: createLogger('silent'), database: { appUrl: t.appRoleUrl } }),
    ).rejects.toThrow(/guard_probe: row-level security is not enabled/);
  });
});
