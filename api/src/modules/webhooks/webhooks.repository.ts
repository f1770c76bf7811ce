import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { Database, WebhookEndpointsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/tenant.ts';

type Executor = Kysely<Database>;

const endpointColumns = [
  'id',
  'url',
  'description',
  'event_types',
  'enabled',
  'disabled_reason',
  'disabled_at',
  'failing_since',
  'created_at',
  'updated_at',
] as const;

export type EndpointRow = Awaited<ReturnType<typeof findEndpoint>> & {};

export function listEndpoints(db: Executor, tenantId: string) {
  return db
    .selectFrom('webhook_endpoints')
    .select(endpointColumns)
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function findEndpoint(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('webhook_endpoints')
    .select(endpointColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function countEndpoints(db: Executor, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return row.n;
}

export function findSecrets(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('webhook_endpoints')
    .select([
      'secret',
      sql<string | null>`case when previous_secret_expires_at > now() then previous_secret end`.as('previous_secret'),
      sql<Date | null>`case when previous_secret_expires_at > now() then previous_secret_expires_at end`.as(
        'previous_secret_expires_at',
      ),
    ])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function insertEndpoint(db: Executor, endpoint: Insertable<WebhookEndpointsTable>) {
  return db.insertInto('webhook_endpoints').values(endpoint).returning(endpointColumns).executeTakeFirstOrThrow();
}

export function updateEndpoint(db: Executor, tenantId: string, id: string, changes: Updateable<WebhookEndpointsTable>) {
  return db
    .updateTable('webhook_endpoints')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(endpointColumns)
    .executeTakeFirst();
}

/** The old secret keeps signing for `graceHours`, so receivers can switch to the new one. */
export function rotateSecret(db: Executor, tenantId: string, id: string, secret: string, graceHours: number) {
  return db
    .updateTable('webhook_endpoints')
    .set({
      previous_secret: sql<string>`secret`,
      previous_secret_expires_at: sql<Date>`now() + make_interval(hours => ${graceHours})`,
      secret,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(['id'])
    .executeTakeFirst();
}

/** Removes the endpoint with its deliveries (and their attempts). */
export async function deleteEndpoint(db: Executor, tenantId: string, id: string) {
  await db.deleteFrom('webhook_deliveries').where('tenant_id', '=', tenantId).where('endpoint_id', '=', id).execute();
  return db.deleteFrom('webhook_endpoints').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Pending deliveries of a disabled endpoint fail at once: nothing more is sent to it. */
export async function failPendingDeliveries(db: Executor, tenantId: string, endpointId: string, reason: string) {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', next_attempt_at: null, finished_at: sql<Date>`now()`, failure_reason: reason })
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .execute();
}

/** Fails deliveries for good without an attempt, saying why. */
export async function failDeliveries(db: Executor, tenantId: string, deliveryIds: readonly string[], reason: string) {
  if (deliveryIds.length === 0) return;
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', next_attempt_at: null, finished_at: sql<Date>`now()`, failure_reason: reason })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', deliveryIds as never[])
    .execute();
}

/**
 * One change to every enabled endpoint of the organizer that wants its type, while its plan
 * allows webhooks: one statement, the only one a change costs. Answers how many endpoints are
 * enabled at all (none: the rest of the transaction need not ask again) and which got a delivery.
 */
export async function fanOut(
  trx: Tx,
  tenantId: string,
  change: { id: string; type: string },
  plans: readonly string[],
): Promise<{ enabled: number; endpointIds: string[] }> {
  const { rows } = await sql<{ enabled: number; endpoint_ids: string[] }>`
    with candidates as (
      select e.id, cardinality(e.event_types) = 0 or ${change.type} = any(e.event_types) as wants
      from webhook_endpoints e
      where e.tenant_id = ${tenantId} and e.enabled
        and exists (select 1 from tenants t where t.id = ${tenantId} and t.plan = any(${plans}::text[]))
    ), made as (
      insert into webhook_deliveries (tenant_id, endpoint_id, change_id, event_type)
      select ${tenantId}, c.id, ${change.id}, ${change.type} from candidates c where c.wants
      returning endpoint_id
    )
    select (select count(*)::int from candidates) as enabled,
           array(select endpoint_id::text from made) as endpoint_ids`.execute(trx);
  const row = rows[0];
  return { enabled: row?.enabled ?? 0, endpointIds: row?.endpoint_ids ?? [] };
}

export function insertPing(db: Executor, tenantId: string, endpointId: string) {
  return db
    .insertInto('webhook_deliveries')
    .values({ tenant_id: tenantId, endpoint_id: endpointId, change_id: null, event_type: 'ping' })
    .returning('id')
    .executeTakeFirstOrThrow();
}

const deliveryColumns = [
  'webhook_deliveries.id',
  'webhook_deliveries.endpoint_id',
  'webhook_deliveries.change_id',
  'webhook_deliveries.event_type',
  'webhook_deliveries.status',
  'webhook_deliveries.attempt_count',
  'webhook_deliveries.next_attempt_at',
  'webhook_deliveries.failure_reason',
  'webhook_deliveries.created_at',
  'webhook_deliveries.finished_at',
] as const;

export type DeliveryRow = Awaited<ReturnType<typeof listDeliveries>>[number];

/** An endpoint's deliveries, newest first, from before `beforeId`. */
export function listDeliveries(
  db: Executor,
  tenantId: string,
  endpointId: string,
  options: { status?: string | undefined; beforeId?: string | undefined; limit: number },
) {
  let query = db
    .selectFrom('webhook_deliveries')
    .select(deliveryColumns)
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', endpointId);
  if (options.status) query = query.where('status', '=', options.status as 'pending');
  if (options.beforeId) query = query.where('id', '<', options.beforeId as never);
  return query.orderBy('id', 'desc').limit(options.limit).execute();
}

export function findDelivery(db: Executor, tenantId: string, endpointId: string, deliveryId: string) {
  return db
    .selectFrom('webhook_deliveries')
    .select(deliveryColumns)
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', endpointId)
    .where('id', '=', deliveryId as never)
    .executeTakeFirst();
}

/** The latest 50 attempts of each delivery, oldest first. */
export async function attemptsOf(db: Executor, tenantId: string, deliveryIds: readonly string[]) {
  if (deliveryIds.length === 0) return [];
  const { rows } = await sql<{
    id: string;
    delivery_id: string;
    attempted_at: Date;
    succeeded: boolean;
    status_code: number | null;
    error_code: string | null;
    error_message: string | null;
    latency_ms: number;
    response_excerpt: string;
    redelivery: boolean;
  }>`
    select a.id::text, a.delivery_id::text, a.attempted_at, a.succeeded, a.status_code, a.error_code,
           a.error_message, a.latency_ms, a.response_excerpt, a.redelivery
    from unnest(${deliveryIds}::bigint[]) as d(id)
    cross join lateral (
      select * from webhook_attempts w
      where w.tenant_id = ${tenantId} and w.delivery_id = d.id
      order by w.id desc limit 50
    ) a
    order by a.delivery_id, a.id`.execute(db);
  return rows;
}

/**
 * Sends the chosen deliveries again, each once and soon: a finished one gets one more attempt
 * (`finalStep` puts it past the retry schedule), a pending one is tried now and keeps its retries.
 * Answers which endpoints' deliveries were queued.
 */
export async function redeliver(
  db: Executor,
  tenantId: string,
  endpointId: string,
  which: { deliveryId: string } | { status: 'failed' | 'succeeded'; since: string; until: string | null },
  finalStep: number,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    update webhook_deliveries
    set status = 'pending',
        next_attempt_at = now(),
        redelivery = true,
        finished_at = null,
        failure_reason = null,
        retry_step = case when status = 'pending' then retry_step else ${finalStep}::int end
    where tenant_id = ${tenantId} and endpoint_id = ${endpointId}
      ${
        'deliveryId' in which
          ? sql`and id = ${which.deliveryId}::bigint`
          : sql`and status = ${which.status} and created_at >= ${which.since}::timestamptz
                ${which.until ? sql`and created_at < ${which.until}::timestamptz` : sql``}`
      }
    returning id::text`.execute(db);
  return rows.map((row) => row.id);
}

/** What the delivery job needs of the endpoint, once it has claimed the sending for itself. */
export interface ClaimedEndpoint {
  url: string;
  secret: string;
  previous_secret: string | null;
}

export interface DueDelivery {
  id: string;
  change_id: string | null;
  event_type: string;
  created_at: Date;
  retry_step: number;
  redelivery: boolean;
  data: Record<string, unknown> | null;
  occurred_at: Date | null;
}

/**
 * Claims the sending to an endpoint for `senderId` until `leaseSeconds` from now (or renews its
 * claim), and takes up to `limit` of its due deliveries, oldest first, with their changes: one
 * statement. Null when another sender holds the endpoint, or it is disabled or gone.
 */
export async function claimDueDeliveries(
  trx: Tx,
  tenantId: string,
  endpointId: string,
  senderId: string,
  leaseSeconds: number,
  limit: number,
): Promise<{ endpoint: ClaimedEndpoint; deliveries: DueDelivery[] } | null> {
  // The claim is written only when taken or half gone: while a job holds it, the endpoint's row stays as it is.
  const { rows } = await sql<ClaimedEndpoint & { [K in keyof DueDelivery]: DueDelivery[K] | null }>`
    with taken as (
      update webhook_endpoints
      set sender_id = ${senderId}, sending_until = now() + make_interval(secs => ${leaseSeconds})
      where tenant_id = ${tenantId} and id = ${endpointId} and enabled
        and (sender_id is null or sending_until < now()
             or (sender_id = ${senderId} and sending_until < now() + make_interval(secs => ${leaseSeconds / 2})))
      returning url, secret, case when previous_secret_expires_at > now() then previous_secret end as previous_secret
    ), held as (
      select url, secret, case when previous_secret_expires_at > now() then previous_secret end as previous_secret
      from webhook_endpoints
      where tenant_id = ${tenantId} and id = ${endpointId} and enabled
        and sender_id = ${senderId} and sending_until >= now() + make_interval(secs => ${leaseSeconds / 2})
    ), endpoint as (
      select * from taken union all select * from held
    ), due as (
      select id, change_id, event_type, created_at, retry_step, redelivery from webhook_deliveries
      where tenant_id = ${tenantId} and endpoint_id = ${endpointId} and status = 'pending' and next_attempt_at <= now()
        and exists (select 1 from endpoint)
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked
    )
    select e.url, e.secret, e.previous_secret, d.id::text, d.change_id::text, d.event_type, d.created_at,
           d.retry_step, d.redelivery, c.data, c.occurred_at
    from endpoint e
    left join due d on true
    left join changes c on c.tenant_id = ${tenantId} and c.id = d.change_id
    order by d.id`.execute(trx);
  const [first] = rows;
  if (!first) return null;
  const endpoint = { url: first.url, secret: first.secret, previous_secret: first.previous_secret };
  const deliveries = rows.filter((row) => row.id !== null) as DueDelivery[];
  return { endpoint, deliveries };
}

/** Gives up the sending, if `senderId` still holds it. */
export async function releaseEndpoint(db: Executor, tenantId: string, endpointId: string, senderId: string) {
  await db
    .updateTable('webhook_endpoints')
    .set({ sender_id: null, sending_until: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', endpointId)
    .where('sender_id', '=', senderId)
    .execute();
}

/** When the endpoint's next pending delivery is due, and whether that is already. */
export async function nextDue(db: Executor, tenantId: string, endpointId: string) {
  const { rows } = await sql<{ next: Date | null; due_now: boolean | null }>`
    select min(next_attempt_at) as next, bool_or(next_attempt_at <= now()) as due_now
    from webhook_deliveries
    where tenant_id = ${tenantId} and endpoint_id = ${endpointId} and status = 'pending'`.execute(db);
  const row = rows[0];
  return row?.next ? { at: row.next, dueNow: row.due_now === true } : null;
}

export interface AttemptOutcome {
  deliveryId: string;
  attemptedAt: Date;
  succeeded: boolean;
  statusCode: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  latencyMs: number;
  excerpt: string;
  redelivery: boolean;
  /** Null: finished (succeeded, or failed for good); else when to try again, at `retryStep`. */
  retryAt: Date | null;
  retryStep: number;
}

/**
 * Records a batch of attempts in one statement: a row each, their deliveries moved on, and the
 * endpoint's run of failures (ended by any success). Deliveries deleted meanwhile (their endpoint
 * removed) are skipped. Answers since when the endpoint has been failing, if it is.
 */
export async function recordAttempts(
  trx: Tx,
  tenantId: string,
  endpointId: string,
  outcomes: readonly AttemptOutcome[],
): Promise<{ failingSince: Date | null }> {
  const column = <T>(pick: (outcome: AttemptOutcome) => T) => outcomes.map(pick);
  const anySucceeded = outcomes.some((outcome) => outcome.succeeded);
  const firstFailure = outcomes.find((outcome) => !outcome.succeeded)?.attemptedAt ?? null;
  const failingSince = anySucceeded
    ? sql`null::timestamptz`
    : sql`coalesce(failing_since, ${firstFailure?.toISOString() ?? null}::timestamptz)`;
  const { rows } = await sql<{ failing_since: Date | null }>`
    with outcome as (
      select * from unnest(
        ${column((o) => o.deliveryId)}::bigint[], ${column((o) => o.attemptedAt.toISOString())}::timestamptz[],
        ${column((o) => o.succeeded)}::boolean[], ${column((o) => o.statusCode)}::int[],
        ${column((o) => o.errorCode)}::text[], ${column((o) => o.errorMessage)}::text[],
        ${column((o) => o.latencyMs)}::int[], ${column((o) => o.excerpt)}::text[],
        ${column((o) => o.redelivery)}::boolean[], ${column((o) => o.retryAt?.toISOString() ?? null)}::timestamptz[],
        ${column((o) => o.retryStep)}::int[]
      ) as o(delivery_id, attempted_at, succeeded, status_code, error_code, error_message, latency_ms, excerpt,
             redelivery, retry_at, retry_step)
    ), moved as (
      update webhook_deliveries d
      set attempt_count = d.attempt_count + 1,
          last_attempt_at = o.attempted_at,
          redelivery = false,
          retry_step = o.retry_step,
          status = case when o.succeeded then 'succeeded' when o.retry_at is null then 'failed' else 'pending' end,
          next_attempt_at = case when o.succeeded then null else o.retry_at end,
          finished_at = case when o.succeeded or o.retry_at is null then now() end
      from outcome o
      where d.tenant_id = ${tenantId} and d.id = o.delivery_id
      returning d.id
    ), logged as (
      insert into webhook_attempts (tenant_id, delivery_id, attempted_at, succeeded, status_code, error_code,
                                    error_message, latency_ms, response_excerpt, redelivery)
      select ${tenantId}, o.delivery_id, o.attempted_at, o.succeeded, o.status_code, o.error_code, o.error_message,
             o.latency_ms, o.excerpt, o.redelivery
      from outcome o join moved m on m.id = o.delivery_id
    ), endpoint as (
      select failing_since from webhook_endpoints where tenant_id = ${tenantId} and id = ${endpointId}
    ), marked as (
      -- Written only when the run of failures begins or ends, not on every batch.
      update webhook_endpoints
      set failing_since = ${failingSince}
      where tenant_id = ${tenantId} and id = ${endpointId} and failing_since is distinct from ${failingSince}
      returning failing_since
    )
    select case when exists (select 1 from marked) then (select failing_since from marked)
                else (select failing_since from endpoint) end as failing_since`.execute(trx);
  return { failingSince: rows[0]?.failing_since ?? null };
}

/** Turns the endpoint off with `reason`, if it was on; answers whether this did it. */
export async function disableEndpoint(db: Executor, tenantId: string, endpointId: string, reason: string) {
  const row = await db
    .updateTable('webhook_endpoints')
    .set({
      enabled: false,
      disabled_reason: reason,
      disabled_at: sql<Date>`now()`,
      sender_id: null,
      sending_until: null,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', endpointId)
    .where('enabled', '=', true)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Endpoints with deliveries overdue by more than `graceSeconds`, of every organizer (the due_webhooks scope). */
export async function overdueEndpoints(trx: Tx, graceSeconds: number) {
  const { rows } = await sql<{ tenant_id: string; endpoint_id: string }>`
    select distinct tenant_id, endpoint_id from webhook_deliveries
    where status = 'pending' and next_attempt_at < now() - make_interval(secs => ${graceSeconds})
    limit 1000`.execute(trx);
  return rows;
}

/** Deletes deliveries (and their attempts) older than `days`, of every organizer (the retention scope). */
export async function pruneDeliveries(trx: Tx, days: number): Promise<number> {
  const result = await trx
    .deleteFrom('webhook_deliveries')
    .where('created_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
