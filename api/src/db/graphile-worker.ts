import { runMigrations } from 'graphile-worker';
import type pg from 'pg';
import type { Logger } from '../lib/logger.ts';
import { graphileLogger } from '../worker/logger.ts';
import { createPool } from './database.ts';

/**
 * What the API role needs in graphile-worker's schema: it enqueues jobs (`add_job` inside its
 * own transactions) and runs the worker, but cannot create schemas, so the migrator installs the
 * schema and grants this. Re-applied on every run: a graphile-worker upgrade may add objects.
 *
 * graphile-worker enables row-level security on its tables without any policy, which hides every
 * row from roles other than the owner; the policies let the API role through. These tables hold
 * no tenant rows (job payloads carry ids only; tasks re-enter the tenant to read anything).
 */
export const WORKER_GRANTS_SQL = `
grant usage on schema graphile_worker to accessplus_app;
grant select, insert, update, delete on all tables in schema graphile_worker to accessplus_app;
grant usage, select, update on all sequences in schema graphile_worker to accessplus_app;
grant execute on all functions in schema graphile_worker to accessplus_app;
do $$
declare
  t record;
begin
  for t in
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'graphile_worker' and c.relkind in ('r', 'p') and c.relrowsecurity
      and not exists (
        select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'accessplus_app_worker'
      )
  loop
    execute format(
      'create policy accessplus_app_worker on graphile_worker.%I to accessplus_app using (true) with check (true)',
      t.relname
    );
  end loop;
end
$$;`;

/**
 * Installs or upgrades graphile-worker's schema as `accessplus_owner` (like our migrations, so
 * the owner role owns everything), then grants the API role its use. `client` is the migrator's
 * connection, holding the migration lock.
 */
export async function migrateWorkerSchema(client: pg.Client, adminUrl: string, logger: Logger): Promise<void> {
  const url = new URL(adminUrl);
  // graphile-worker migrates over a pool of its own; the startup option makes each of its
  // connections act as the owner role from the start.
  const options = url.searchParams.get('options');
  url.searchParams.set('options', `${options ? `${options} ` : ''}-c role=accessplus_owner`);
  const pool = createPool(url.toString(), logger, { max: 1, applicationName: 'accessplus-migrate' });
  try {
    await runMigrations({ pgPool: pool, logger: graphileLogger(logger) });
  } finally {
    await pool.end();
  }
  await client.query('begin');
  try {
    await client.query('set local role accessplus_owner');
    await client.query(WORKER_GRANTS_SQL);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}
