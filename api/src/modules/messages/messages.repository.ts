import { type Insertable, sql } from 'kysely';
import type { MessageAudience, MessageRecipientsTable, MessagesTable, RecipientStatus } from '../../db/schema.ts';
import type { Tx } from '../../db/tenant.ts';

/** A ticket holder as a message reaches them: one per email address, from their latest order. */
export interface Holder {
  email: string;
  name: string;
  locale: string;
  order_id: string;
  order_number: string;
  marketing_consent: boolean;
  unsubscribed: boolean;
}

/**
 * The buyers of paid orders holding at least one valid ticket to the event that matches the
 * audience, one per email address (lower-cased): their latest order names them, and they gave
 * marketing consent if any of their orders did.
 */
export async function holdersOf(trx: Tx, tenantId: string, eventId: string, audience: MessageAudience) {
  const tiers = audience.tier_ids?.length ? audience.tier_ids : null;
  const checkedIn = audience.checked_in ?? 'any';
  const { rows } = await sql<Holder>`
    with holders as (
      select lower(o.buyer_email) as email, o.id, o.number, o.buyer_name, o.buyer_locale, o.marketing_consent,
             coalesce(o.paid_at, o.created_at) as ordered_at
      from orders o
      where o.tenant_id = ${tenantId}
        and o.status in ('paid', 'partially_refunded')
        and exists (
          select 1 from tickets t
          where t.tenant_id = o.tenant_id and t.order_id = o.id and t.event_id = ${eventId} and t.status = 'valid'
            ${tiers ? sql`and t.tier_id = any(${tiers}::uuid[])` : sql``}
            ${checkedIn === 'yes' ? sql`and t.checked_in_at is not null` : checkedIn === 'no' ? sql`and t.checked_in_at is null` : sql``}
        )
    )
    select h.email,
           (array_agg(h.buyer_name order by h.ordered_at desc, h.id))[1] as name,
           (array_agg(h.buyer_locale order by h.ordered_at desc, h.id))[1] as locale,
           (array_agg(h.id order by h.ordered_at desc, h.id))[1] as order_id,
           (array_agg(h.number order by h.ordered_at desc, h.id))[1] as order_number,
           bool_or(h.marketing_consent) as marketing_consent,
           exists (select 1 from unsubscribes u where u.tenant_id = ${tenantId} and u.email = h.email) as unsubscribed
    from holders h
    group by h.email
    order by h.email`.execute(trx);
  return rows;
}

export function insertMessage(trx: Tx, message: Insertable<MessagesTable>) {
  return trx.insertInto('messages').values(message).returningAll().executeTakeFirstOrThrow();
}

/** The event's reminder, made once: null when it already exists. */
export function insertReminder(trx: Tx, tenantId: string, eventId: string) {
  return trx
    .insertInto('messages')
    .values({ tenant_id: tenantId, event_id: eventId, kind: 'reminder' })
    .onConflict((oc) => oc.columns(['tenant_id', 'event_id']).where('kind', '=', 'reminder').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function findReminder(trx: Tx, tenantId: string, eventId: string) {
  return trx
    .selectFrom('messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('event_id', '=', eventId)
    .where('kind', '=', 'reminder')
    .executeTakeFirst();
}

/** Adds recipients; an address the message already has keeps its row (and what became of it). */
export async function addRecipients(trx: Tx, rows: Insertable<MessageRecipientsTable>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const added = await trx
    .insertInto('message_recipients')
    .values(rows)
    .onConflict((oc) => oc.columns(['tenant_id', 'message_id', 'email']).doNothing())
    .returning('email')
    .execute();
  return added.length;
}

export function findMessage(trx: Tx, tenantId: string, messageId: string) {
  return trx
    .selectFrom('messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', messageId)
    .executeTakeFirst();
}

export function listMessages(
  trx: Tx,
  tenantId: string,
  eventId: string,
  page: { before: { at: string; id: string } | null; limit: number },
) {
  let query = trx.selectFrom('messages').selectAll().where('tenant_id', '=', tenantId).where('event_id', '=', eventId);
  if (page.before) {
    const { at, id } = page.before;
    query = query.where(sql<boolean>`(created_at, id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

export async function countsOf(trx: Tx, tenantId: string, messageIds: string[]) {
  if (messageIds.length === 0) return new Map<string, Record<RecipientStatus, number>>();
  const rows = await trx
    .selectFrom('message_recipients')
    .select(['message_id', 'status', (eb) => eb.fn.countAll<string>().as('count')])
    .where('tenant_id', '=', tenantId)
    .where('message_id', 'in', messageIds)
    .groupBy(['message_id', 'status'])
    .execute();
  const counts = new Map<string, Record<RecipientStatus, number>>();
  for (const id of messageIds) counts.set(id, { pending: 0, sent: 0, failed: 0, skipped: 0 });
  for (const row of rows) {
    const found = counts.get(row.message_id);
    if (found) found[row.status] = Number(row.count);
  }
  return counts;
}

export function listRecipients(
  trx: Tx,
  tenantId: string,
  messageId: string,
  filter: { status?: RecipientStatus; after: string | null; limit: number },
) {
  let query = trx
    .selectFrom('message_recipients')
    .select(['email', 'name', 'locale', 'status', 'skipped_reason', 'sent_at', 'error'])
    .where('tenant_id', '=', tenantId)
    .where('message_id', '=', messageId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.after !== null) query = query.where('email', '>', filter.after);
  return query
    .orderBy('email')
    .limit(filter.limit + 1)
    .execute();
}

/** The next recipients still to send, oldest attempt first. */
export function pendingRecipients(trx: Tx, tenantId: string, messageId: string, limit: number) {
  return trx
    .selectFrom('message_recipients')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('message_id', '=', messageId)
    .where('status', '=', 'pending')
    .orderBy('attempts')
    .orderBy('email')
    .limit(limit)
    .execute();
}

export function recordSent(trx: Tx, tenantId: string, messageId: string, email: string) {
  return trx
    .updateTable('message_recipients')
    .set({ status: 'sent', sent_at: sql<Date>`now()`, error: null, attempts: (eb) => eb('attempts', '+', 1) })
    .where('tenant_id', '=', tenantId)
    .where('message_id', '=', messageId)
    .where('email', '=', email)
    .where('status', '=', 'pending')
    .execute();
}

export function recordFailure(
  trx: Tx,
  tenantId: string,
  messageId: string,
  failure: { email: string; error: string; givenUp: boolean },
) {
  return trx
    .updateTable('message_recipients')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      error: failure.error.slice(0, 500),
      ...(failure.givenUp ? { status: 'failed' as const } : {}),
    }))
    .where('tenant_id', '=', tenantId)
    .where('message_id', '=', messageId)
    .where('email', '=', failure.email)
    .where('status', '=', 'pending')
    .execute();
}

/** Closes a message once nobody is left to send to: failed when nobody could be sent it. */
export function finishMessage(trx: Tx, tenantId: string, messageId: string) {
  return sql`
    update messages m set
      status = case when exists (
          select 1 from message_recipients r
          where r.tenant_id = m.tenant_id and r.message_id = m.id and r.status = 'failed')
        and not exists (
          select 1 from message_recipients r
          where r.tenant_id = m.tenant_id and r.message_id = m.id and r.status = 'sent')
        then 'failed' else 'sent' end,
      finished_at = now()
    where m.tenant_id = ${tenantId} and m.id = ${messageId} and m.status = 'sending'
      and not exists (
        select 1 from message_recipients r
        where r.tenant_id = m.tenant_id and r.message_id = m.id and r.status = 'pending')`.execute(trx);
}

/** Sending again: a closed message that got new recipients (a reminder run again) is open again. */
export function reopenMessage(trx: Tx, tenantId: string, messageId: string) {
  return trx
    .updateTable('messages')
    .set({ status: 'sending', finished_at: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', messageId)
    .execute();
}

export function findByUnsubscribeToken(trx: Tx, tenantId: string, tokenHash: Buffer) {
  return trx
    .selectFrom('unsubscribe_links')
    .select('email')
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function isUnsubscribed(trx: Tx, tenantId: string, email: string) {
  const row = await trx
    .selectFrom('unsubscribes')
    .select('email')
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .executeTakeFirst();
  return row !== undefined;
}

export function unsubscribe(trx: Tx, tenantId: string, email: string) {
  return trx
    .insertInto('unsubscribes')
    .values({ tenant_id: tenantId, email })
    .onConflict((oc) => oc.columns(['tenant_id', 'email']).doNothing())
    .execute();
}

export function resubscribe(trx: Tx, tenantId: string, email: string) {
  return trx.deleteFrom('unsubscribes').where('tenant_id', '=', tenantId).where('email', '=', email).execute();
}

export function organizerOf(trx: Tx, tenantId: string) {
  return trx
    .selectFrom('tenants')
    .select(['name', 'slug', 'default_locale', 'locales'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
}

export function eventOf(trx: Tx, tenantId: string, eventId: string) {
  return trx
    .selectFrom('events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', eventId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Events starting within two days that still take place, across organizers (under the reminders' scope). */
export function eventsStartingSoon(trx: Tx) {
  return trx
    .selectFrom('events')
    .select(['tenant_id', 'id', 'starts_at', 'time_zone'])
    .where('status', 'in', ['published', 'unpublished'])
    .where('deleted_at', 'is', null)
    .where('starts_at', '>', sql<Date>`now()`)
    .where('starts_at', '<=', sql<Date>`now() + interval '2 days'`)
    .execute();
}

/** Who wrote a message, in words, kept though they leave. */
export async function personLabel(trx: Tx, userId: string): Promise<string> {
  const user = await trx
    .selectFrom('users')
    .select(['display_name', 'email'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return user ? [user.display_name, `<${user.email}>`].filter(Boolean).join(' ').slice(0, 320) : '';
}

export async function orderNumber(trx: Tx, tenantId: string, orderId: string): Promise<string> {
  const order = await trx
    .selectFrom('orders')
    .select('number')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .executeTakeFirst();
  return order?.number ?? '';
}

export function insertUnsubscribeLink(trx: Tx, tenantId: string, email: string, tokenHash: Buffer) {
  return trx.insertInto('unsubscribe_links').values({ tenant_id: tenantId, token_hash: tokenHash, email }).execute();
}

/** A change notice of the event prepared and not yet given its recipients. */
export function waitingChangeNotice(trx: Tx, tenantId: string, eventId: string) {
  return trx
    .selectFrom('messages as m')
    .select('m.id')
    .where('m.tenant_id', '=', tenantId)
    .where('m.event_id', '=', eventId)
    .where('m.kind', '=', 'event_change')
    .where('m.status', '=', 'sending')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('message_recipients as r')
            .select('r.email')
            .whereRef('r.tenant_id', '=', 'm.tenant_id')
            .whereRef('r.message_id', '=', 'm.id'),
        ),
      ),
    )
    .executeTakeFirst();
}

export async function hasRecipients(trx: Tx, tenantId: string, messageId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('message_recipients')
    .select('email')
    .where('tenant_id', '=', tenantId)
    .where('message_id', '=', messageId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
