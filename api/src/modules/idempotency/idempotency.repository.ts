import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Executor = Kysely<Database>;

/** One key: whose it is (the organizer, and whose within it) and the key the client sent. */
export interface KeyRef {
  tenantId: string;
  scope: string;
  key: string;
}

export interface KeptAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const isKey =
  (ref: KeyRef) =>
  ({ and, eb }: ExpressionBuilder<Database, 'idempotency_keys'>) =>
    and([eb('tenant_id', '=', ref.tenantId), eb('scope', '=', ref.scope), eb('key', '=', ref.key)]);

const olderThan = (column: 'created_at' | 'claimed_at', seconds: number) =>
  sql<boolean>`${sql.ref(column)} <= now() - make_interval(secs => ${seconds})`;

/** Claims the key for one request; false when it is already there (held, answered or expired). */
export async function insertClaim(db: Executor, ref: KeyRef, fingerprint: string, claim: string): Promise<boolean> {
  const row = await db
    .insertInto('idempotency_keys')
    .values({ tenant_id: ref.tenantId, scope: ref.scope, key: ref.key, fingerprint, claim })
    .onConflict((oc) => oc.columns(['tenant_id', 'scope', 'key']).doNothing())
    .returning('claim')
    .executeTakeFirst();
  return row !== undefined;
}

/** The key as it stands, judged by the database's clock (every API instance shares it). */
export function findKey(db: Executor, ref: KeyRef, keptSeconds: number, abandonedSeconds: number) {
  return db
    .selectFrom('idempotency_keys')
    .select([
      'fingerprint',
      'response_status',
      'response_headers',
      'response_body',
      olderThan('created_at', keptSeconds).as('expired'),
      olderThan('claimed_at', abandonedSeconds).as('abandoned'),
    ])
    .where(isKey(ref))
    .executeTakeFirst();
}

export async function deleteExpiredKey(db: Executor, ref: KeyRef, keptSeconds: number): Promise<void> {
  await db.deleteFrom('idempotency_keys').where(isKey(ref)).where(olderThan('created_at', keptSeconds)).execute();
}

/** Gives an abandoned claim to another request; false when someone else answered or took it first. */
export async function takeOverClaim(db: Executor, ref: KeyRef, claim: string, abandonedSeconds: number) {
  const row = await db
    .updateTable('idempotency_keys')
    .set({ claim, claimed_at: sql<Date>`now()` })
    .where(isKey(ref))
    .where('completed_at', 'is', null)
    .where(olderThan('claimed_at', abandonedSeconds))
    .returning('claim')
    .executeTakeFirst();
  return row !== undefined;
}

export async function recordAnswer(db: Executor, ref: KeyRef, claim: string, answer: KeptAnswer): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({
      response_status: answer.status,
      response_headers: JSON.stringify(answer.headers),
      response_body: answer.body,
      completed_at: sql<Date>`now()`,
    })
    .where(isKey(ref))
    .where('claim', '=', claim)
    .where('completed_at', 'is', null)
    .execute();
}

export async function deleteClaim(db: Executor, ref: KeyRef, claim: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where(isKey(ref))
    .where('claim', '=', claim)
    .where('completed_at', 'is', null)
    .execute();
}

/** Deletes up to `limit` expired keys of any organizer (under the sweep's scope); how many it deleted. */
export async function deleteExpiredKeys(db: Executor, keptSeconds: number, limit: number): Promise<number> {
  const deleted = await db
    .deleteFrom('idempotency_keys')
    .where(({ eb, refTuple, selectFrom }) =>
      eb(
        refTuple('tenant_id', 'scope', 'key'),
        'in',
        selectFrom('idempotency_keys as expired')
          .select(['expired.tenant_id', 'expired.scope', 'expired.key'])
          .where(olderThan('created_at', keptSeconds))
          .orderBy('expired.created_at')
          .limit(limit)
          .$asTuple('tenant_id', 'scope', 'key'),
      ),
    )
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
