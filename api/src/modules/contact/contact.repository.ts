import { sql } from 'kysely';
import type { Tx } from '../../db/tenant.ts';

export function insertMessage(
  trx: Tx,
  message: {
    tenant_id: string;
    name: string;
    email: string;
    order_reference: string | null;
    message: string;
    locale: string;
  },
) {
  return trx.insertInto('contact_messages').values(message).returning('id').executeTakeFirstOrThrow();
}

export function findUnsentMessage(trx: Tx, tenantId: string, id: string) {
  return trx
    .selectFrom('contact_messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .executeTakeFirst();
}

export function markSent(trx: Tx, tenantId: string, id: string) {
  return trx
    .updateTable('contact_messages')
    .set({ sent_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}
