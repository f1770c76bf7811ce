import { sql } from 'kysely';
import type { Db } from './database.ts';

export interface RlsProblem {
  object: string;
  problem: string;
}

export class RlsGuardError extends Error {
  constructor(readonly problems: RlsProblem[]) {
    super(
      `Refusing to serve: tenant isolation is not enforced by the database.\n${problems
        .map((p) => `  - ${p.object}: ${p.problem}`)
        .join('\n')}`,
    );
  }
}

/**
 * Checks, through the API's own connection, that the database enforces tenant isolation:
 * every table with a `tenant_id` column has row-level security enabled and forced and at least
 * one policy; views run with the invoker's rights; and the connected role is no superuser,
 * cannot bypass RLS and owns no table (owners skip unforced policies).
 */
export async function findRlsProblems(db: Db): Promise<RlsProblem[]> {
  const problems: RlsProblem[] = [];

  const role = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>`
    select rolname, rolsuper, rolbypassrls from pg_roles where rolname = current_user`.execute(db);
  const me = role.rows[0];
  if (!me) return [{ object: 'current_user', problem: 'role not found' }];
  if (me.rolsuper) problems.push({ object: `role ${me.rolname}`, problem: 'is a superuser' });
  if (me.rolbypassrls) problems.push({ object: `role ${me.rolname}`, problem: 'has BYPASSRLS' });

  const owned = await sql<{ name: string }>`
    select n.nspname || '.' || c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v', 'm') and pg_has_role(current_user, c.relowner, 'member')
      and n.nspname not in ('pg_catalog', 'information_schema')`.execute(db);
  for (const row of owned.rows) {
    problems.push({ object: row.name, problem: `is owned by (or through) the API role ${me.rolname}` });
  }

  const tables = await sql<{ name: string; enabled: boolean; forced: boolean; policies: number }>`
    select n.nspname || '.' || c.relname as name,
           c.relrowsecurity as enabled,
           c.relforcerowsecurity as forced,
           (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p')
      and n.nspname not in ('pg_catalog', 'information_schema')
      and exists (
        select 1 from pg_attribute a
        where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
      )
    order by 1`.execute(db);
  for (const table of tables.rows) {
    if (!table.enabled) problems.push({ object: table.name, problem: 'row-level security is not enabled' });
    if (!table.forced) problems.push({ object: table.name, problem: 'row-level security is not forced' });
    if (table.policies === 0) problems.push({ object: table.name, problem: 'has no row-level security policy' });
  }

  const views = await sql<{ name: string }>`
    select n.nspname || '.' || c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'v'
      and n.nspname not in ('pg_catalog', 'information_schema')
      -- graphile-worker's own views: its schema holds no tenant rows (job payloads carry ids only).
      and n.nspname <> 'graphile_worker'
      and not coalesce('security_invoker=true' = any (c.reloptions), false)
      and not coalesce('security_invoker=on' = any (c.reloptions), false)
    order by 1`.execute(db);
  for (const view of views.rows) {
    problems.push({ object: view.name, problem: 'view is not security_invoker' });
  }

  return problems;
}

export async function assertRlsEnforced(db: Db): Promise<void> {
  const problems = await findRlsProblems(db);
  if (problems.length > 0) throw new RlsGuardError(problems);
}
