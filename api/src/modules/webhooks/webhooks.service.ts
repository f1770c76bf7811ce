import { type InTenant, MANAGERS, MEMBERS, requireRole, type TenantContext } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { badRequest, conflict, notFound, unprocessable } from '../../lib/errors.ts';
import { newWebhookSecret } from '../../lib/webhook-signature.ts';
import { enqueueJob } from '../../worker/queue.ts';
import { requireFeature } from '../billing/plans.ts';
import { CHANGE_API_VERSION } from '../changes/changes.service.ts';
import { getOrganizer } from '../tenants/tenants.service.ts';
import * as repo from './webhooks.repository.ts';
import { deliveryJobKey } from './webhooks.requests.ts';
import {
  type DeliveryListQuery,
  eventTypeCatalog,
  MAX_ENDPOINTS,
  type NewWebhookEndpoint,
  type Redeliveries,
  type WebhookEndpointUpdate,
} from './webhooks.schemas.ts';

/** How long the secret before a rotation keeps signing, so receivers can switch without missing a delivery. */
export const ROTATION_GRACE_HOURS = 24;

export function presentEndpoint(row: repo.EndpointRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    event_types: row.event_types,
    enabled: row.enabled,
    disabled_reason: row.enabled ? null : row.disabled_reason,
    disabled_at: row.enabled ? null : (row.disabled_at?.toISOString() ?? null),
    failing_since: row.failing_since?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The `webhook-id` of a delivery's every attempt: the change's id, or the ping's own. */
export function messageIdOf(delivery: { id: string; change_id: string | null }): string {
  return delivery.change_id ? `chg_${delivery.change_id}` : `ping_${delivery.id}`;
}

/** The body of a test delivery: the change envelope, with `type: "ping"`. */
export function pingEnvelope(delivery: { id: string; created_at: Date }, endpointId: string) {
  return {
    id: `ping_${delivery.id}`,
    type: 'ping',
    api_version: CHANGE_API_VERSION,
    timestamp: delivery.created_at.toISOString(),
    data: {
      endpoint_id: endpointId,
      message: 'A test from Access Plus: this endpoint receives webhooks.',
    },
  };
}

type Attempt = Awaited<ReturnType<typeof repo.attemptsOf>>[number];

function presentAttempt(attempt: Attempt) {
  return {
    id: attempt.id,
    attempted_at: attempt.attempted_at.toISOString(),
    succeeded: attempt.succeeded,
    status_code: attempt.status_code,
    error_code: attempt.error_code,
    error_message: attempt.error_message,
    latency_ms: attempt.latency_ms,
    response_excerpt: attempt.response_excerpt,
    redelivery: attempt.redelivery,
  };
}

function presentDelivery(row: repo.DeliveryRow, attempts: Attempt[]) {
  return {
    id: row.id,
    endpoint_id: row.endpoint_id,
    message_id: messageIdOf(row),
    event_type: row.event_type,
    status: row.status,
    attempt_count: row.attempt_count,
    next_attempt_at: row.next_attempt_at?.toISOString() ?? null,
    failure_reason: row.failure_reason,
    created_at: row.created_at.toISOString(),
    finished_at: row.finished_at?.toISOString() ?? null,
    attempts: attempts.map(presentAttempt),
  };
}

/** Asks for the endpoint's delivery job in the transaction that made its deliveries due (a person's action, not a sale). */
export function requestDelivery(ctx: InTenant, endpointId: string): Promise<void> {
  return enqueueJob(
    ctx.trx,
    'webhooks__deliver',
    { tenantId: ctx.tenantId, endpointId },
    { jobKey: deliveryJobKey(endpointId) },
  );
}

async function requireWebhooksPlan(ctx: TenantContext, action: string) {
  const organizer = await getOrganizer(ctx);
  requireFeature(organizer.plan, 'webhooks', action);
}

/** Checks the address as it will be used, and answers it normalized; a refusal names what to change. */
async function checkedUrl(ctx: TenantContext, url: string): Promise<string> {
  const checked = await ctx.services.outbound.checkOutboundUrl(url.trim());
  if (!checked.ok) {
    throw unprocessable('invalid_webhook_url', checked.message, [{ field: 'body.url', message: checked.message }]);
  }
  return checked.url;
}

async function loadEndpoint(ctx: TenantContext, endpointId: string) {
  const row = await repo.findEndpoint(ctx.trx, ctx.tenantId, endpointId);
  if (!row) throw notFound('The webhook endpoint');
  return row;
}

export function listEventTypes(ctx: TenantContext) {
  requireRole(ctx, MEMBERS, 'see the webhook event types');
  return eventTypeCatalog;
}

export async function listEndpoints(ctx: TenantContext) {
  requireRole(ctx, MANAGERS, 'see the webhook endpoints');
  return (await repo.listEndpoints(ctx.trx, ctx.tenantId)).map(presentEndpoint);
}

export async function getEndpoint(ctx: TenantContext, endpointId: string) {
  requireRole(ctx, MANAGERS, 'see the webhook endpoints');
  return presentEndpoint(await loadEndpoint(ctx, endpointId));
}

export async function createEndpoint(ctx: TenantContext, input: NewWebhookEndpoint) {
  requireRole(ctx, MANAGERS, 'add webhook endpoints');
  await requireWebhooksPlan(ctx, 'send webhooks');
  if ((await repo.countEndpoints(ctx.trx, ctx.tenantId)) >= MAX_ENDPOINTS) {
    throw conflict(
      'too_many_webhook_endpoints',
      `An organizer can have ${MAX_ENDPOINTS} webhook endpoints. Remove one you no longer use, or send more event types to one endpoint.`,
    );
  }
  const url = await checkedUrl(ctx, input.url);
  const secret = newWebhookSecret();
  const enabled = input.enabled ?? true;
  const row = await repo.insertEndpoint(ctx.trx, {
    tenant_id: ctx.tenantId,
    url,
    description: input.description?.trim() ?? '',
    event_types: input.event_types ?? [],
    enabled,
    ...(enabled ? {} : { disabled_reason: 'Turned off when it was added.', disabled_at: new Date() }),
    secret,
  });
  return { ...presentEndpoint(row), secret };
}

export async function updateEndpoint(ctx: TenantContext, endpointId: string, changes: WebhookEndpointUpdate) {
  requireRole(ctx, MANAGERS, 'change webhook endpoints');
  await requireWebhooksPlan(ctx, 'send webhooks');
  const current = await loadEndpoint(ctx, endpointId);
  const update: Parameters<typeof repo.updateEndpoint>[3] = {};
  if (changes.url !== undefined) update.url = await checkedUrl(ctx, changes.url);
  if (changes.description !== undefined) update.description = changes.description.trim();
  if (changes.event_types !== undefined) update.event_types = changes.event_types;
  if (changes.enabled === true && !current.enabled) {
    Object.assign(update, { enabled: true, disabled_reason: null, disabled_at: null, failing_since: null });
  } else if (changes.enabled === false && current.enabled) {
    Object.assign(update, {
      enabled: false,
      disabled_reason: 'Turned off by a person.',
      disabled_at: new Date(),
      sender_id: null,
      sending_until: null,
    });
  }
  const row =
    Object.keys(update).length > 0 ? await repo.updateEndpoint(ctx.trx, ctx.tenantId, endpointId, update) : current;
  if (!row) throw notFound('The webhook endpoint');
  if (update.enabled === false) {
    await repo.failPendingDeliveries(ctx.trx, ctx.tenantId, endpointId, 'The endpoint was turned off.');
  }
  return presentEndpoint(row);
}

export async function deleteEndpoint(ctx: TenantContext, endpointId: string) {
  requireRole(ctx, MANAGERS, 'remove webhook endpoints');
  const deleted = await repo.deleteEndpoint(ctx.trx, ctx.tenantId, endpointId);
  if (Number(deleted.numDeletedRows) === 0) throw notFound('The webhook endpoint');
}

function presentSecrets(row: NonNullable<Awaited<ReturnType<typeof repo.findSecrets>>>) {
  return {
    secret: row.secret,
    previous_secret: row.previous_secret,
    previous_secret_expires_at: row.previous_secret_expires_at?.toISOString() ?? null,
  };
}

export async function getSecret(ctx: TenantContext, endpointId: string) {
  requireRole(ctx, MANAGERS, "see a webhook endpoint's signing secret");
  const row = await repo.findSecrets(ctx.trx, ctx.tenantId, endpointId);
  if (!row) throw notFound('The webhook endpoint');
  return presentSecrets(row);
}

export async function rotateSecret(ctx: TenantContext, endpointId: string) {
  requireRole(ctx, MANAGERS, "change a webhook endpoint's signing secret");
  await requireWebhooksPlan(ctx, 'send webhooks');
  const rotated = await repo.rotateSecret(ctx.trx, ctx.tenantId, endpointId, newWebhookSecret(), ROTATION_GRACE_HOURS);
  if (!rotated) throw notFound('The webhook endpoint');
  return getSecret(ctx, endpointId);
}

function requireEnabled(endpoint: repo.EndpointRow, action: string) {
  if (endpoint.enabled) return;
  throw conflict(
    'webhook_endpoint_disabled',
    `The endpoint is turned off${endpoint.disabled_reason ? ` (${endpoint.disabled_reason.replace(/\.$/, '')})` : ''}, so nothing is sent to it. Turn it on again to ${action}.`,
  );
}

export async function sendPing(ctx: TenantContext, endpointId: string) {
  requireRole(ctx, MANAGERS, 'send a test to a webhook endpoint');
  await requireWebhooksPlan(ctx, 'send webhooks');
  const endpoint = await loadEndpoint(ctx, endpointId);
  requireEnabled(endpoint, 'send it a test');
  const { id } = await repo.insertPing(ctx.trx, ctx.tenantId, endpointId);
  await requestDelivery(ctx, endpointId);
  return loadDelivery(ctx, endpointId, id);
}

async function loadDelivery(ctx: TenantContext, endpointId: string, deliveryId: string) {
  const row = await repo.findDelivery(ctx.trx, ctx.tenantId, endpointId, deliveryId);
  if (!row) throw notFound('The delivery');
  return presentDelivery(row, await repo.attemptsOf(ctx.trx, ctx.tenantId, [row.id]));
}

const CURSOR_SHAPE = ['string'] as const;

export async function listDeliveries(ctx: TenantContext, endpointId: string, query: DeliveryListQuery) {
  requireRole(ctx, MANAGERS, "see a webhook endpoint's deliveries");
  await loadEndpoint(ctx, endpointId);
  const limit = query.limit ?? 20;
  let beforeId: string | undefined;
  if (query.cursor) {
    [beforeId] = decodeCursor(query.cursor, CURSOR_SHAPE) as [string];
    if (!/^[1-9][0-9]{0,17}$/.test(beforeId)) {
      throw badRequest('invalid_cursor', 'The cursor is not valid here. Use the next_cursor of this list.', [
        { field: 'query.cursor', message: 'is not a cursor of this list' },
      ]);
    }
  }
  const rows = await repo.listDeliveries(ctx.trx, ctx.tenantId, endpointId, {
    status: query.status,
    beforeId,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const attempts = await repo.attemptsOf(
    ctx.trx,
    ctx.tenantId,
    page.map((row) => row.id),
  );
  const last = page.at(-1);
  return {
    data: page.map((row) =>
      presentDelivery(
        row,
        attempts.filter((attempt) => attempt.delivery_id === row.id),
      ),
    ),
    next_cursor: rows.length > limit && last ? encodeCursor([last.id]) : null,
  };
}

export async function redeliverOne(ctx: TenantContext, endpointId: string, deliveryId: string) {
  requireRole(ctx, MANAGERS, 'send webhook deliveries again');
  await requireWebhooksPlan(ctx, 'send webhooks');
  const endpoint = await loadEndpoint(ctx, endpointId);
  await loadDelivery(ctx, endpointId, deliveryId);
  requireEnabled(endpoint, 'send deliveries again');
  await repo.redeliver(ctx.trx, ctx.tenantId, endpointId, { deliveryId }, finalStep(ctx));
  await requestDelivery(ctx, endpointId);
  return loadDelivery(ctx, endpointId, deliveryId);
}

export async function redeliverMany(ctx: TenantContext, endpointId: string, input: Redeliveries) {
  requireRole(ctx, MANAGERS, 'send webhook deliveries again');
  await requireWebhooksPlan(ctx, 'send webhooks');
  const endpoint = await loadEndpoint(ctx, endpointId);
  requireEnabled(endpoint, 'send deliveries again');
  if (input.until && Date.parse(input.until) <= Date.parse(input.since)) {
    throw unprocessable('invalid_period', 'The end of the period must come after its start.', [
      { field: 'body.until', message: 'must be after since' },
    ]);
  }
  const ids = await repo.redeliver(
    ctx.trx,
    ctx.tenantId,
    endpointId,
    { status: input.status ?? 'failed', since: input.since, until: input.until ?? null },
    finalStep(ctx),
  );
  if (ids.length > 0) await requestDelivery(ctx, endpointId);
  return { redelivered: ids.length };
}

/** A finished delivery sent again gets one attempt: its retry step is put past the schedule's end. */
function finalStep(ctx: InTenant): number {
  return ctx.services.config.webhookRetryDelaysMs.length;
}
