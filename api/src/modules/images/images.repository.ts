import type { Insertable, Kysely } from 'kysely';
import type { Database, ImagesTable } from '../../db/schema.ts';

type Executor = Kysely<Database>;

export function insertImage(db: Executor, image: Insertable<ImagesTable>) {
  return db.insertInto('images').values(image).returningAll().executeTakeFirstOrThrow();
}

export function findImage(db: Executor, tenantId: string, id: string) {
  return db.selectFrom('images').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}
