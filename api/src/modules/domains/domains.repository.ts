import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { CustomDomainsTable, Database } from '../../db/schema.ts';

type Executor = Kysely<Database>;

export function listDomains(db: Executor, tenantId: string) {
  return db
    .selectFrom('custom_domains')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export type DomainRow = Awaited<ReturnType<typeof listDomains>>[number];

export function findDomain(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('custom_domains')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The row to work on, locked against a check or removal running at the same time. */
export function lockDomain(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('custom_domains')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Domains that count towards the organizer's limit: every one not expired. */
export async function countLiveDomains(db: Executor, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('custom_domains')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('status', '<>', 'expired')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertDomain(db: Executor, domain: Insertable<CustomDomainsTable>) {
  return db.insertInto('custom_domains').values(domain).returningAll().executeTakeFirstOrThrow();
}

export function updateDomain(db: Executor, tenantId: string, id: string, changes: Updateable<CustomDomainsTable>) {
  return db
    .updateTable('custom_domains')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteDomain(db: Executor, tenantId: string, id: string) {
  return db
    .deleteFrom('custom_domains')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** The organizer's verified custom domain that its links use: the first verified. */
export async function verifiedHostnameOf(db: Executor, tenantId: string): Promise<string | null> {
  const row = await db
    .selectFrom('custom_domains')
    .select('hostname')
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'verified')
    .orderBy('verified_at')
    .orderBy('id')
    .executeTakeFirst();
  return row?.hostname ?? null;
}

/** Under the `due_domains` scope: the domains of every organizer whose next check is due. */
export function dueDomains(db: Executor, limit: number) {
  return db
    .selectFrom('custom_domains')
    .select(['tenant_id', 'id'])
    .where('next_check_at', '<=', sql<Date>`now()`)
    .orderBy('next_check_at')
    .limit(limit)
    .execute();
}

/** The active organizer whose verified domain `hostname` is, before any organizer is entered. */
export async function organizerOfHost(
  db: Executor,
  hostname: string,
): Promise<{ tenant_id: string; slug: string } | undefined> {
  const result = await sql<{
    tenant_id: string;
    slug: string;
  }>`select * from app.custom_domain_organizer(${hostname})`.execute(db);
  return result.rows[0];
}
