import type { Kysely, Updateable } from 'kysely';
import type { BrandingsTable, Database } from '../../db/schema.ts';

type Executor = Kysely<Database>;

export function findBranding(db: Executor, tenantId: string) {
  return db.selectFrom('brandings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

/** Writes the given fields, creating the organizer's row (with defaults for the rest) on its first change. */
export function upsertBranding(
  db: Executor,
  tenantId: string,
  changes: Omit<Updateable<BrandingsTable>, 'tenant_id' | 'updated_at'>,
) {
  return db
    .insertInto('brandings')
    .values({ ...changes, tenant_id: tenantId })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(changes))
    .returningAll()
    .executeTakeFirstOrThrow();
}
