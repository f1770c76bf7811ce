import { MANAGERS, recordedBy, requirePerson, requireRole, type TenantContext } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { getOrganizer } from '../tenants/tenants.service.ts';
import * as repo from './activity.repository.ts';
import type { ActivityQuery } from './activity.schemas.ts';

/** A write as the HTTP layer saw it; the service decides what of it is kept. */
export interface WriteRequest {
  operation: string;
  area: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  params: Record<string, unknown>;
  body: unknown;
  ipAddress: string;
  userAgent: string;
}

// Never kept: what would let the reader of the log sign in, pay, sign or file as someone else.
const HIDDEN = /password|secret|token|^tin$|card_number|private_key/i;
// A ticket's code at the door is the ticket itself.
const HIDDEN_BY_OPERATION: Record<string, readonly string[]> = { scanTicket: ['code'] };
const LONGEST_TEXT = 300;
const MOST_ITEMS = 50;
const DEEPEST = 4;

function kept(value: unknown, hidden: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return value.length > LONGEST_TEXT ? `${value.slice(0, LONGEST_TEXT)}…` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= DEEPEST) return '…';
  if (Array.isArray(value)) return value.slice(0, MOST_ITEMS).map((item) => kept(item, hidden, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      HIDDEN.test(key) || hidden.includes(key) ? '[hidden]' : kept(item, hidden, depth + 1),
    ]),
  );
}

/** What the log keeps of a request's body: its values, less secrets and long texts; a file by its size. */
export function changesOf(operation: string, body: unknown): Record<string, unknown> {
  if (Buffer.isBuffer(body)) return { file_bytes: body.length };
  if (body === null || body === undefined) return {};
  const values = kept(body, HIDDEN_BY_OPERATION[operation] ?? [], 0);
  return typeof values === 'object' && values !== null && !Array.isArray(values)
    ? (values as Record<string, unknown>)
    : { body: values };
}

/** The record a write was about: the one its path names last, else the one it created. */
function resourceOf(params: Record<string, unknown>, result: unknown): string | null {
  const named = Object.values(params)
    .filter((value): value is string => typeof value === 'string')
    .at(-1);
  if (named) return named.slice(0, 100);
  const created = (result as { id?: unknown } | null)?.id;
  return typeof created === 'string' ? created : typeof created === 'number' ? String(created) : null;
}

/** Who is acting, as the log names them: a person's name and email, or a key's name. */
export function actorLabel(ctx: TenantContext): Promise<string> {
  return repo.actorLabel(ctx.trx, ctx.tenantId, recordedBy(ctx));
}

/** Writes the entry of a write that has just succeeded, in its transaction. */
export async function recordWrite(ctx: TenantContext, request: WriteRequest, result: unknown): Promise<void> {
  const by = recordedBy(ctx);
  await repo.insertEntry(ctx.trx, {
    tenant_id: ctx.tenantId,
    actor_kind: ctx.actor.kind,
    actor_user_id: by.userId,
    actor_api_key_id: by.apiKeyId,
    actor_label: await repo.actorLabel(ctx.trx, ctx.tenantId, by),
    operation: request.operation,
    area: request.area.slice(0, 40),
    method: request.method,
    path: request.path.slice(0, 500),
    resource_id: resourceOf(request.params, result),
    changes: JSON.stringify(changesOf(request.operation, request.body)),
    ip_address: request.ipAddress.slice(0, 64),
    user_agent: request.userAgent.slice(0, 300),
  });
}

export async function listActivity(ctx: TenantContext, query: ActivityQuery) {
  requireRole(ctx, MANAGERS, 'see the activity log');
  requirePerson(ctx, 'read the activity log');
  const limit = query.limit ?? 20;
  const before = query.cursor ? String(decodeCursor(query.cursor, ['string'])[0]) : undefined;
  const organizer = await getOrganizer(ctx);
  const rows = await repo.listEntries(ctx.trx, ctx.tenantId, {
    area: query.area,
    actorUserId: query.actor_user_id,
    actorApiKeyId: query.actor_api_key_id,
    resourceId: query.resource_id,
    from: query.from,
    to: query.to,
    timeZone: organizer.time_zone,
    before,
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => ({
      id: row.id,
      occurred_at: row.occurred_at.toISOString(),
      actor: {
        kind: row.actor_kind,
        user_id: row.actor_user_id,
        api_key_id: row.actor_api_key_id,
        label: row.actor_label,
      },
      operation: row.operation,
      area: row.area,
      method: row.method,
      path: row.path,
      resource_id: row.resource_id,
      changes: row.changes,
      ip_address: row.ip_address,
      user_agent: row.user_agent,
    })),
    next_cursor: rows.length > limit && last ? encodeCursor([last.id]) : null,
  };
}
