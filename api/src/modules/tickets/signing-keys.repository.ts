import type { Kysely } from 'kysely';
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

/** The organizer's active signing key, created on first use. */
export async function activeSigningKey(db: Executor, tenantId: string): Promise<PrivateSigningKey> {
  const cached = privateKeys.get(tenantId);
  if (cached) return cached;
  const find = () =>
    db
      .selectFrom('ticket_signing_keys')
      .select(['id', 'private_key'])
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
  privateKeys.set(tenantId, key);
  return key;
}

/** Every public key of the organizer, current and retired: old tickets stay verifiable. */
export async function signingPublicKeys(db: Executor, tenantId: string): Promise<PublicSigningKey[]> {
  const cached = publicKeys.get(tenantId);
  if (cached && Date.now() - cached.readAt < PUBLIC_KEYS_TTL_MS) return cached.keys;
  const rows = await db
    .selectFrom('ticket_signing_keys')
    .select(['id', 'public_key'])
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .execute();
  const keys = rows.map((row) => ({ id: row.id, publicKey: row.public_key }));
  if (keys.length > 0) publicKeys.set(tenantId, { keys, readAt: Date.now() });
  return keys;
}
