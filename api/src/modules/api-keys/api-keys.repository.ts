import { type Insertable, type Kysely, sql } from 'kysely';
import type { ApiKeysTable, Database, TenantPlan } from '../../db/schema.ts';

type Executor = Kysely<Database>;

/** The organizer's keys with the person who made each (null once that person is gone). */
function keysWithCreator(db: Executor, tenantId: string) {
  return db
    .selectFrom('api_keys as k')
    .leftJoin('users as u', 'u.id', 'k.created_by')
    .select([
      'k.id',
      'k.name',
      'k.scopes',
      'k.display_prefix',
      'k.created_at',
      'k.expires_at',
      'k.last_used_at',
      'k.revoked_at',
      'k.created_by',
      'u.email as created_by_email',
      'u.display_name as created_by_name',
    ])
    .where('k.tenant_id', '=', tenantId);
}

export type ApiKeyRow = NonNullable<Awaited<ReturnType<typeof findApiKey>>>;

export function listApiKeys(db: Executor, tenantId: string) {
  return keysWithCreator(db, tenantId).orderBy('k.created_at', 'desc').orderBy('k.id').execute();
}

export function findApiKey(db: Executor, tenantId: string, id: string) {
  return keysWithCreator(db, tenantId).where('k.id', '=', id).executeTakeFirst();
}

export function insertApiKey(db: Executor, key: Insertable<ApiKeysTable>) {
  return db.insertInto('api_keys').values(key).returning('id').executeTakeFirstOrThrow();
}

/** Keys that still work: neither revoked nor expired. */
export async function countUsableApiKeys(db: Executor, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Revokes a key that is not revoked yet; null when it already was (or is not the organizer's). */
export function revokeApiKey(db: Executor, tenantId: string, id: string, revokedBy: string) {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: sql`now()`, revoked_by: revokedBy })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}

export interface KeyOfHash {
  tenant_id: string;
  id: string;
  scopes: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  plan: TenantPlan;
}

/**
 * The key with this hash, its organizer and that organizer's plan, before any organizer is
 * entered: through `app.api_key_by_hash`, which answers for the one key presented and no other.
 */
export async function findApiKeyByHash(db: Executor, tokenHash: Buffer): Promise<KeyOfHash | undefined> {
  const result = await sql<KeyOfHash>`select * from app.api_key_by_hash(${tokenHash})`.execute(db);
  return result.rows[0];
}

/** Notes the key was used, unless that was noted less than a minute ago (by any instance). */
export function markApiKeyUsed(db: Executor, tenantId: string, id: string) {
  return db
    .updateTable('api_keys')
    .set({ last_used_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]),
    )
    .execute();
}
