import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  generateSigningKey,
  type PrivateSigningKey,
  type PublicSigningKey,
  privateSigningKey,
} from './ticket-codes.ts';

type Executor = Kysely<Database>;

// Keys never change once written (a rotation adds a row), so each process may keep what it read.
const privateKeys = new Map<string, PrivateSigningKey>();
const publicKeys = new Map<string, { keys: PublicSigningKey[]; readAt: number }>();
const PUBLIC_KEYS_TTL_MS = 60_000;

/** Whether this transaction wrote the row: a key not yet committed, which may still roll back. */
const uncommitted = sql<boolean>`coalesce(xmin = pg_current_xact_id_if_assigned()::xid, false)`.as('uncommitted');

/**
 * The organizer's active signing key, created on first use. A key this transaction created is
 * not kept for later until it is read again after commit: the transaction may yet roll back (a
 * first sale refused, a connection lost), and a kept key that was never stored would sign every
 * later order's link with a key no one can verify.
 */
export async function activeSigningKey(db: Executor, tenantId: string): Promise<PrivateSigningKey> {
  const cached = privateKeys.get(tenantId);
  if (cached) return cached;
  const find = () =>
    db
      .selectFrom('ticket_signing_keys')
      .select(['id', 'private_key', uncommitted])
      .where('tenant_id', '=', tenantId)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
  let row = await find();
  if (!row) {
    const material = generateSigningKey();
    // Two first sales at once: one key wins, the other insert does nothing and reads it.
    await db
      .insertInto('ticket_signing_keys')
      .values({
        tenant_id: tenantId,
        id: material.id,
        public_key: material.publicKey,
        private_key: material.privateKeyDer,
      })
      .onConflict((oc) => oc.column('tenant_id').where('retired_at', 'is', null).doNothing())
      .execute();
    row = await find();
  }
  if (!row) throw new Error(`No signing key could be created for tenant ${tenantId}`);
  const key = privateSigningKey(row.id, row.private_key);
  if (!row.uncommitted) privateKeys.set(tenantId, key);
  return key;
}

/** Every public key of the organizer, current and retired: old tickets stay verifiable. */
export async function signingPublicKeys(db: Executor, tenantId: string): Promise<PublicSigningKey[]> {
  const cached = publicKeys.get(tenantId);
  if (cached && Date.now() - cached.readAt < PUBLIC_KEYS_TTL_MS) return cached.keys;
  const rows = await db
    .selectFrom('ticket_signing_keys')
    .select(['id', 'public_key', uncommitted])
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .execute();
  const keys = rows.map((row) => ({ id: row.id, publicKey: row.public_key }));
  // Kept only once a committed key is among them; see activeSigningKey.
  if (keys.length > 0 && !rows.some((row) => row.uncommitted)) publicKeys.set(tenantId, { keys, readAt: Date.now() });
  return keys;
}
