import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, ThemesTable, ThemeVersionsTable } from '../../db/schema.ts';

type Executor = Kysely<Database>;

export function findTheme(db: Executor, tenantId: string) {
  return db.selectFrom('themes').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

/** The organizer's theme row, locked for a publish or a rollback; created empty on first use. */
export async function lockTheme(db: Executor, tenantId: string) {
  await db
    .insertInto('themes')
    .values({ tenant_id: tenantId })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return db.selectFrom('themes').selectAll().where('tenant_id', '=', tenantId).forUpdate().executeTakeFirstOrThrow();
}

export function upsertTheme(db: Executor, tenantId: string, changes: Omit<Updateable<ThemesTable>, 'tenant_id'>) {
  return db
    .insertInto('themes')
    .values({ ...changes, tenant_id: tenantId })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(changes))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listVersions(db: Executor, tenantId: string) {
  return db
    .selectFrom('theme_versions')
    .select(['version', 'published_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('version', 'desc')
    .execute();
}

export function findVersion(db: Executor, tenantId: string, version: number) {
  return db
    .selectFrom('theme_versions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function insertVersion(db: Executor, version: Omit<Insertable<ThemeVersionsTable>, 'version'>) {
  const latest = await db
    .selectFrom('theme_versions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('tenant_id', '=', version.tenant_id)
    .executeTakeFirst();
  return db
    .insertInto('theme_versions')
    .values({ ...version, version: (latest?.version ?? 0) + 1 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes all but the `keep` newest versions, never the live one. */
export function pruneVersions(db: Executor, tenantId: string, keep: number, live: number | null) {
  return db
    .deleteFrom('theme_versions')
    .where('tenant_id', '=', tenantId)
    .where('version', 'not in', (eb) =>
      eb
        .selectFrom('theme_versions')
        .select('version')
        .where('tenant_id', '=', tenantId)
        .orderBy('version', 'desc')
        .limit(keep),
    )
    .$if(live !== null, (qb) => qb.where('version', '!=', live as number))
    .execute();
}
