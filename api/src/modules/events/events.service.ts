import { EDITORS, type InTenant, MEMBERS, requireRole, type TenantContext } from '../../context.ts';
import type { EventPlaceAndTime, EventRow, EventUpdate as EventRowUpdate, TicketTierUpdate } from '../../db/schema.ts';
import { syncedListPage } from '../../db/sync.ts';
import { conflict, type ErrorDetail, invalidField, notFound, unprocessable } from '../../lib/errors.ts';
import { isTimeZone } from '../../lib/i18n.ts';
import { enqueueJob } from '../../worker/queue.ts';
import { recordChange } from '../changes/changes.service.ts';
import { imageForEvent } from '../images/images.service.ts';
import { findTenantById } from '../tenants/tenants.repository.ts';
import * as repo from './events.repository.ts';
import type { EventListQuery, EventUpdate, NewEvent, NewTier, TierListQuery, TierUpdate } from './events.schemas.ts';

type TierRow = Awaited<ReturnType<typeof repo.listTiers>>[number];

export function presentTier(row: TierRow) {
  return {
    id: row.id,
    event_id: row.event_id,
    name: row.name,
    description: row.description,
    price_cents: row.price_cents,
    currency: row.currency.trim(),
    quantity: row.quantity,
    sold_count: Number(row.sold_count),
    held_count: Math.max(0, Number(row.active_taken) - Number(row.sold_count)),
    remaining: Number(row.remaining),
    waitlist_paused: row.waitlist_paused,
    sales_start_at: row.sales_start_at?.toISOString() ?? null,
    sales_end_at: row.sales_end_at?.toISOString() ?? null,
    min_per_order: row.min_per_order,
    max_per_order: row.max_per_order,
    position: row.position,
    hidden: row.hidden,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deleted_at: row.deleted_at?.toISOString() ?? null,
  };
}

export function presentEvent(row: EventRow, tiers: TierRow[]) {
  return {
    id: row.id,
    status: row.status,
    title: row.title,
    description: row.description,
    category: row.category_id,
    tags: row.tags,
    languages: row.languages,
    venue_name: row.venue_name,
    address_line: row.address_line,
    city: row.city,
    state: row.state,
    postal_code: row.postal_code,
    country: row.country.trim(),
    time_zone: row.time_zone,
    starts_at: row.starts_at.toISOString(),
    ends_at: row.ends_at.toISOString(),
    capacity: row.capacity,
    image_url: row.image_url,
    image_id: row.image_id,
    image_srcset: row.image_srcset,
    donations_enabled: row.donations_enabled,
    donation_goal_cents: row.donation_goal_cents,
    online_url: row.online_url,
    waitlist_enabled: row.waitlist_enabled,
    attendee_names: row.attendee_names,
    published_at: row.published_at?.toISOString() ?? null,
    cancelled_at: row.cancelled_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deleted_at: row.deleted_at?.toISOString() ?? null,
    tiers: tiers.map(presentTier),
  };
}

async function loadEvent(ctx: TenantContext, eventId: string, lock = false) {
  const row = lock
    ? await repo.lockEvent(ctx.trx, ctx.tenantId, eventId)
    : await repo.findEvent(ctx.trx, ctx.tenantId, eventId);
  if (!row) throw notFound('The event');
  return row;
}

async function describe(ctx: TenantContext, row: EventRow) {
  return presentEvent(row, await repo.listTiers(ctx.trx, ctx.tenantId, [row.id]));
}

/** The checks a JSON schema cannot make: real zones and categories, times in order. */
async function checkEventFields(
  ctx: TenantContext,
  fields: { time_zone?: string; category?: string; starts_at?: string | Date; ends_at?: string | Date },
): Promise<void> {
  if (fields.time_zone !== undefined && !isTimeZone(fields.time_zone)) {
    throw invalidField(
      'body.time_zone',
      `"${fields.time_zone}" is not an IANA time zone; use one like America/Chicago.`,
    );
  }
  if (fields.category !== undefined && !(await repo.categoryExists(ctx.trx, fields.category))) {
    throw invalidField('body.category', `There is no category "${fields.category}". Pick one from GET /v1/categories.`);
  }
  if (fields.starts_at !== undefined && fields.ends_at !== undefined) {
    if (new Date(fields.ends_at).getTime() <= new Date(fields.starts_at).getTime()) {
      throw invalidField('body.ends_at', 'The event must end after it starts.');
    }
  }
}

/**
 * An uploaded image sets the event's image_url and srcset from its own; an image_url sent alone
 * (an external image, or null) clears the uploaded one.
 */
async function imageFields(
  ctx: TenantContext,
  input: { image_id?: string | null; image_url?: string | null },
): Promise<Pick<EventRowUpdate, 'image_id' | 'image_url' | 'image_srcset'>> {
  if (input.image_id) {
    if (input.image_url !== undefined) {
      throw invalidField(
        'body.image_url',
        'Send image_id or image_url, not both: an uploaded image sets image_url itself.',
      );
    }
    const image = await imageForEvent(ctx, input.image_id, 'body.image_id');
    return { image_id: image.id, image_url: image.url, image_srcset: image.srcset };
  }
  if (input.image_id === null || input.image_url !== undefined) {
    return { image_id: null, image_url: input.image_url ?? null, image_srcset: null };
  }
  return {};
}

/** Without a stated maximum a buyer may take 10 tickets, or the minimum if that is higher. */
function defaultMaxPerOrder(minPerOrder: number | undefined): number {
  return Math.max(10, minPerOrder ?? 1);
}

function assertTierRules(
  tier: {
    min_per_order?: number;
    max_per_order?: number;
    sales_start_at?: string | Date | null;
    sales_end_at?: string | Date | null;
  },
  field: string,
): void {
  const min = tier.min_per_order ?? 1;
  const max = tier.max_per_order ?? defaultMaxPerOrder(min);
  let problem: ErrorDetail | null = null;
  if (max < min) problem = { field: `${field}.max_per_order`, message: 'must be at least min_per_order' };
  else if (tier.sales_start_at && tier.sales_end_at && new Date(tier.sales_end_at) <= new Date(tier.sales_start_at)) {
    problem = { field: `${field}.sales_end_at`, message: 'must be after sales_start_at' };
  }
  if (problem) {
    throw unprocessable('invalid_input', `The tier is not valid: ${problem.field} ${problem.message}.`, [problem]);
  }
}

async function tenantCurrency(ctx: TenantContext): Promise<string> {
  const tenant = await findTenantById(ctx.trx, ctx.tenantId);
  return tenant?.currency.trim() ?? 'USD';
}

function tierValues(ctx: TenantContext, eventId: string, currency: string, tier: NewTier, index: number) {
  return {
    tenant_id: ctx.tenantId,
    event_id: eventId,
    name: JSON.stringify(tier.name),
    description: JSON.stringify(tier.description ?? {}),
    price_cents: tier.price_cents,
    currency,
    quantity: tier.quantity,
    sales_start_at: tier.sales_start_at ?? null,
    sales_end_at: tier.sales_end_at ?? null,
    min_per_order: tier.min_per_order ?? 1,
    max_per_order: tier.max_per_order ?? defaultMaxPerOrder(tier.min_per_order),
    position: tier.position ?? index,
    hidden: tier.hidden ?? false,
  };
}

function assertEditable(row: EventRow): void {
  if (row.status === 'cancelled') {
    throw conflict('event_cancelled', 'This event was cancelled and can no longer be changed.');
  }
}

type EventChange =
  | 'event.created'
  | 'event.updated'
  | 'event.published'
  | 'event.unpublished'
  | 'event.cancelled'
  | 'event.deleted';

function eventChanged(
  ctx: InTenant,
  type: EventChange,
  row: Pick<EventRow, 'id' | 'status'>,
  detail: { changed: string[]; previous: Record<string, string | null> } | null = null,
) {
  return recordChange(ctx, { type, subjectId: row.id, data: { id: row.id, status: row.status, ...detail } });
}

/**
 * When and where an event takes place: their values before an update travel with the change,
 * and ticket holders are told when any of them changes.
 */
export const PLACE_AND_TIME_FIELDS = [
  'starts_at',
  'ends_at',
  'time_zone',
  'venue_name',
  'address_line',
  'city',
  'state',
  'postal_code',
  'country',
  'online_url',
] as const satisfies readonly (keyof EventPlaceAndTime)[];

function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') return value.trim();
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
}

/** The fields an update changed, and what the date, time and place fields among them were. */
function changesBetween(before: EventRow, after: EventRow) {
  const changed = (Object.keys(after) as (keyof EventRow)[]).filter(
    (field) =>
      !['updated_at', 'changed_xid', 'search', 'city_key', 'state_key'].includes(field) &&
      comparable(before[field]) !== comparable(after[field]),
  );
  const previous: Record<string, string | null> = {};
  for (const field of PLACE_AND_TIME_FIELDS) {
    if (!changed.includes(field)) continue;
    const value = before[field];
    previous[field] = value instanceof Date ? value.toISOString() : value === null ? null : String(value).trim();
  }
  return { changed, previous };
}

function tierChanged(
  ctx: InTenant,
  type: 'tier.created' | 'tier.deleted',
  tier: { id: string; event_id: string },
): Promise<void> {
  return recordChange(ctx, { type, subjectId: tier.id, data: { id: tier.id, event_id: tier.event_id } });
}

export async function createEvent(ctx: TenantContext, input: NewEvent) {
  requireRole(ctx, EDITORS, 'create events');
  await checkEventFields(ctx, input);
  for (const [i, tier] of (input.tiers ?? []).entries()) assertTierRules(tier, `body.tiers.${i}`);
  const row = await repo.insertEvent(ctx.trx, {
    tenant_id: ctx.tenantId,
    title: JSON.stringify(input.title),
    description: JSON.stringify(input.description ?? {}),
    category_id: input.category,
    tags: input.tags ?? [],
    languages: input.languages ?? [],
    venue_name: input.venue_name ?? '',
    address_line: input.address_line ?? '',
    city: input.city ?? '',
    state: input.state ?? '',
    postal_code: input.postal_code ?? '',
    country: input.country ?? 'US',
    time_zone: input.time_zone,
    starts_at: input.starts_at,
    ends_at: input.ends_at,
    capacity: input.capacity ?? null,
    ...(await imageFields(ctx, input)),
    donations_enabled: input.donations_enabled ?? false,
    donation_goal_cents: input.donation_goal_cents ?? null,
    online_url: input.online_url ?? null,
    waitlist_enabled: input.waitlist_enabled ?? true,
    attendee_names: input.attendee_names ?? 'off',
  });
  await eventChanged(ctx, 'event.created', row);
  if (input.tiers?.length) {
    const currency = await tenantCurrency(ctx);
    const tiers = await repo.insertTiers(
      ctx.trx,
      input.tiers.map((tier, i) => tierValues(ctx, row.id, currency, tier, i)),
    );
    for (const tier of tiers) await tierChanged(ctx, 'tier.created', { id: tier.id, event_id: row.id });
  }
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return describe(ctx, row);
}

/**
 * A new draft with the event's details and tiers, for a series or next year's edition: nothing
 * sold, held or scanned comes along, and the dates stay as they were for the organizer to move.
 */
export async function duplicateEvent(ctx: TenantContext, eventId: string) {
  requireRole(ctx, EDITORS, 'create events');
  const {
    id: _id,
    status: _status,
    published_at: _publishedAt,
    cancelled_at: _cancelledAt,
    taken_count: _taken,
    created_at: _createdAt,
    updated_at: _updatedAt,
    search: _search,
    city_key: _cityKey,
    state_key: _stateKey,
    changed_xid: _changedXid,
    deleted_at: _deletedAt,
    ...details
  } = await loadEvent(ctx, eventId);
  const row = await repo.insertEvent(ctx.trx, {
    ...details,
    title: JSON.stringify(details.title),
    description: JSON.stringify(details.description),
  });
  await eventChanged(ctx, 'event.created', row);
  const tiers = await repo.listTiers(ctx.trx, ctx.tenantId, [eventId]);
  if (tiers.length > 0) {
    const copies = await repo.insertTiers(
      ctx.trx,
      tiers.map((tier) => ({
        tenant_id: ctx.tenantId,
        event_id: row.id,
        name: JSON.stringify(tier.name),
        description: JSON.stringify(tier.description),
        price_cents: tier.price_cents,
        currency: tier.currency,
        quantity: tier.quantity,
        sales_start_at: tier.sales_start_at,
        sales_end_at: tier.sales_end_at,
        min_per_order: tier.min_per_order,
        max_per_order: tier.max_per_order,
        position: tier.position,
        hidden: tier.hidden,
      })),
    );
    for (const copy of copies) await tierChanged(ctx, 'tier.created', { id: copy.id, event_id: row.id });
  }
  return describe(ctx, row);
}

export async function getEvent(ctx: TenantContext, eventId: string) {
  requireRole(ctx, MEMBERS, 'see events');
  return describe(ctx, await loadEvent(ctx, eventId));
}

async function presentEvents(ctx: TenantContext, rows: EventRow[]) {
  const tiers = await repo.listTiers(
    ctx.trx,
    ctx.tenantId,
    rows.map((row) => row.id),
  );
  return rows.map((row) =>
    presentEvent(
      row,
      tiers.filter((tier) => tier.event_id === row.id),
    ),
  );
}

export async function listEvents(ctx: TenantContext, query: EventListQuery) {
  requireRole(ctx, MEMBERS, 'see events');
  return syncedListPage(ctx.trx, query, 20, {
    name: 'events',
    changes: () => repo.eventChanges(ctx.trx, ctx.tenantId, { status: query.status }),
    table: 'events',
    page: (after, limit) => repo.listEvents(ctx.trx, ctx.tenantId, { status: query.status, after, limit }),
    present: (rows) => presentEvents(ctx, rows),
  });
}

export async function updateEvent(ctx: TenantContext, eventId: string, changes: EventUpdate) {
  requireRole(ctx, EDITORS, 'change events');
  const { capacity, ...otherChanges } = changes;
  if (capacity !== undefined) {
    assertEditable(await loadEvent(ctx, eventId));
    if (!(await repo.setEventCapacity(ctx.trx, ctx.tenantId, eventId, capacity))) {
      throw invalidField(
        'body.capacity',
        'More tickets of this event are already sold or held than that capacity allows. Choose a larger one.',
      );
    }
    if (Object.keys(otherChanges).length === 0) {
      const row = await loadEvent(ctx, eventId);
      await eventChanged(ctx, 'event.updated', row);
      ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
      return describe(ctx, row);
    }
  }
  const current = await loadEvent(ctx, eventId, true);
  assertEditable(current);
  await checkEventFields(ctx, {
    ...(changes.time_zone !== undefined ? { time_zone: changes.time_zone } : {}),
    ...(changes.category !== undefined ? { category: changes.category } : {}),
    starts_at: changes.starts_at ?? current.starts_at,
    ends_at: changes.ends_at ?? current.ends_at,
  });
  const { category, title, description, image_id, image_url, ...rest } = otherChanges;
  const update: EventRowUpdate = { ...rest, ...(await imageFields(ctx, { image_id, image_url })) };
  if (category !== undefined) update.category_id = category;
  if (title !== undefined) update.title = JSON.stringify(title);
  if (description !== undefined) update.description = JSON.stringify(description);
  const row = await repo.updateEvent(ctx.trx, ctx.tenantId, eventId, update);
  await eventChanged(ctx, 'event.updated', row, changesBetween(current, row));
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return describe(ctx, row);
}

export async function publishEvent(ctx: TenantContext, eventId: string) {
  requireRole(ctx, EDITORS, 'publish events');
  const current = await loadEvent(ctx, eventId, true);
  if (current.status === 'published') return describe(ctx, current);
  assertEditable(current);
  if (current.ends_at.getTime() <= Date.now()) {
    throw unprocessable(
      'event_over',
      'This event has already ended, so it cannot be published. Change its dates first.',
    );
  }
  const { count } = await repo.countTiers(ctx.trx, ctx.tenantId, eventId);
  if (Number(count) === 0) {
    throw conflict('no_tiers', 'Add at least one ticket tier (it may be free) before publishing.');
  }
  const row = await repo.updateEvent(ctx.trx, ctx.tenantId, eventId, {
    status: 'published',
    published_at: current.published_at ?? new Date(),
  });
  await eventChanged(ctx, 'event.published', row);
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return describe(ctx, row);
}

export async function unpublishEvent(ctx: TenantContext, eventId: string) {
  requireRole(ctx, EDITORS, 'unpublish events');
  const current = await loadEvent(ctx, eventId, true);
  if (current.status !== 'published') {
    throw conflict('not_published', `This event is ${current.status}, not published.`);
  }
  const row = await repo.updateEvent(ctx.trx, ctx.tenantId, eventId, { status: 'unpublished' });
  await eventChanged(ctx, 'event.unpublished', row);
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return describe(ctx, row);
}

export async function cancelEvent(ctx: TenantContext, eventId: string) {
  requireRole(ctx, EDITORS, 'cancel events');
  const current = await loadEvent(ctx, eventId, true);
  if (current.status === 'cancelled') throw conflict('event_cancelled', 'This event is already cancelled.');
  const row = await repo.updateEvent(ctx.trx, ctx.tenantId, eventId, { status: 'cancelled', cancelled_at: new Date() });
  await eventChanged(ctx, 'event.cancelled', row);
  // Every order holding the event is cancelled or refunded by jobs, one order each.
  await enqueueJob(ctx.trx, 'orders__settle_cancelled_event', { tenantId: ctx.tenantId, eventId });
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return describe(ctx, row);
}

export async function deleteEvent(ctx: TenantContext, eventId: string) {
  requireRole(ctx, EDITORS, 'delete events');
  const current = await loadEvent(ctx, eventId, true);
  if (!(await repo.deleteDraftEvent(ctx.trx, ctx.tenantId, eventId))) {
    throw conflict(
      'not_draft',
      `Only drafts can be deleted, and this event is ${current.status}. Unpublish or cancel it instead.`,
    );
  }
  await eventChanged(ctx, 'event.deleted', current);
}

/** The links of those of `eventIds` that happen online, by event id: for their ticket holders. */
export async function onlineUrlsOf(ctx: InTenant, eventIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await repo.onlineUrls(ctx.trx, ctx.tenantId, eventIds);
  return new Map(rows.map((row) => [row.id, row.online_url]));
}

// Tiers -------------------------------------------------------------------------------------

export async function listTiers(ctx: TenantContext, eventId: string) {
  requireRole(ctx, MEMBERS, 'see ticket tiers');
  await loadEvent(ctx, eventId);
  return (await repo.listTiers(ctx.trx, ctx.tenantId, [eventId])).map(presentTier);
}

/** Every tier of the organizer, or of one event: a plain page by creation, or a sync page. */
export async function listAllTiers(ctx: TenantContext, query: TierListQuery) {
  requireRole(ctx, MEMBERS, 'see ticket tiers');
  return syncedListPage(ctx.trx, query, 20, {
    name: 'tiers',
    changes: () => repo.tierChanges(ctx.trx, ctx.tenantId, { eventId: query.event_id }),
    table: 'ticket_tiers',
    page: (after, limit) => repo.listAllTiers(ctx.trx, ctx.tenantId, { eventId: query.event_id, after, limit }),
    present: (rows) => rows.map(presentTier),
  });
}

async function loadTier(ctx: TenantContext, eventId: string, tierId: string) {
  const tier = await repo.findTier(ctx.trx, ctx.tenantId, eventId, tierId);
  if (!tier) throw notFound('The ticket tier');
  return tier;
}

export async function getTier(ctx: TenantContext, eventId: string, tierId: string) {
  requireRole(ctx, MEMBERS, 'see ticket tiers');
  return presentTier(await loadTier(ctx, eventId, tierId));
}

export async function createTier(ctx: TenantContext, eventId: string, input: NewTier) {
  requireRole(ctx, EDITORS, 'add ticket tiers');
  const event = await loadEvent(ctx, eventId, true);
  assertEditable(event);
  assertTierRules(input, 'body');
  const { count } = await repo.countTiers(ctx.trx, ctx.tenantId, eventId);
  if (Number(count) >= 50) throw unprocessable('too_many_tiers', 'An event can have at most 50 tiers.');
  const [created] = await repo.insertTiers(ctx.trx, [
    tierValues(ctx, eventId, await tenantCurrency(ctx), input, Number(count)),
  ]);
  if (created) await tierChanged(ctx, 'tier.created', { id: created.id, event_id: eventId });
  await repo.touchEvent(ctx.trx, ctx.tenantId, eventId);
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return presentTier(await loadTier(ctx, eventId, created?.id ?? ''));
}

export async function updateTier(ctx: TenantContext, eventId: string, tierId: string, changes: TierUpdate) {
  requireRole(ctx, EDITORS, 'change ticket tiers');
  // The tier before its event: the order in which a hold's commit takes them.
  await repo.lockTier(ctx.trx, ctx.tenantId, tierId);
  assertEditable(await loadEvent(ctx, eventId, true));
  const current = await loadTier(ctx, eventId, tierId);
  assertTierRules(
    {
      min_per_order: changes.min_per_order ?? current.min_per_order,
      max_per_order: changes.max_per_order ?? current.max_per_order,
      sales_start_at: changes.sales_start_at !== undefined ? changes.sales_start_at : current.sales_start_at,
      sales_end_at: changes.sales_end_at !== undefined ? changes.sales_end_at : current.sales_end_at,
    },
    'body',
  );
  const { name, description, quantity, ...rest } = changes;
  if (quantity !== undefined && !(await repo.setTierQuantity(ctx.trx, ctx.tenantId, tierId, quantity))) {
    const taken = Number(current.active_taken);
    throw invalidField(
      'body.quantity',
      `${taken} tickets of this tier are sold or held by buyers, so its quantity cannot go below that.`,
    );
  }
  const update: TicketTierUpdate = { ...rest };
  if (name !== undefined) update.name = JSON.stringify(name);
  if (description !== undefined) update.description = JSON.stringify(description);
  if (Object.keys(update).length > 0) await repo.updateTier(ctx.trx, ctx.tenantId, eventId, tierId, update);
  // More stock, or a line that may take offers again: the people waiting are offered what is free.
  const unpaused = changes.waitlist_paused === false && current.waitlist_paused;
  await recordChange(ctx, {
    type: 'tier.updated',
    subjectId: tierId,
    data: {
      id: tierId,
      event_id: eventId,
      seats_added: (quantity !== undefined && quantity > current.quantity) || unpaused,
    },
  });
  await repo.touchEvent(ctx.trx, ctx.tenantId, eventId);
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return presentTier(await loadTier(ctx, eventId, tierId));
}

export async function deleteTier(ctx: TenantContext, eventId: string, tierId: string) {
  requireRole(ctx, EDITORS, 'delete ticket tiers');
  assertEditable(await loadEvent(ctx, eventId, true));
  await loadTier(ctx, eventId, tierId);
  const deleted = await repo.deleteUnsoldTier(ctx.trx, ctx.tenantId, eventId, tierId);
  if (Number(deleted.numUpdatedRows) === 0) {
    throw conflict(
      'tier_has_sales',
      'Tickets of this tier were sold, so it cannot be deleted. Hide it or set its quantity instead.',
    );
  }
  await tierChanged(ctx, 'tier.deleted', { id: tierId, event_id: eventId });
  await repo.touchEvent(ctx.trx, ctx.tenantId, eventId);
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
}
