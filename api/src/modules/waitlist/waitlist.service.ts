import { sql } from 'kysely';
import {
  EDITORS,
  type InTenant,
  MEMBERS,
  requireRole,
  runInTenantAsSystem,
  type Services,
  type TenantContext,
} from '../../context.ts';
import { syncedListPage } from '../../db/sync.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { AppError, conflict, invalidField, notFound, unprocessable } from '../../lib/errors.ts';
import { textIn } from '../../lib/i18n.ts';
import { enqueueJob } from '../../worker/queue.ts';
import { recordChange } from '../changes/changes.service.ts';
import { recordOrder, resolveCart } from '../checkout/checkout.service.ts';
import { loadCheckoutSettings } from '../checkout-settings/checkout-settings.repository.ts';
import { findEvent, lockTier } from '../events/events.repository.ts';
import { takeOrderStock } from '../inventory/inventory.repository.ts';
import { releaseOrder } from '../orders/orders.lifecycle.ts';
import { organizerBySlug } from '../tenants/storefront-organizers.ts';
import { findTenantById } from '../tenants/tenants.repository.ts';
import * as repo from './waitlist.repository.ts';
import type { AllWaitlistListQuery, JoinWaitlist, MoveWaitlistEntry, WaitlistListQuery } from './waitlist.schemas.ts';

function presentPlace(entry: repo.EntryRow) {
  return {
    id: entry.id,
    tier_id: entry.tier_id,
    status: entry.status,
    position_in_line: entry.position_in_line,
    quantity: entry.quantity,
    created_at: entry.created_at.toISOString(),
  };
}

function presentEntry(entry: repo.EntryRow) {
  return {
    id: entry.id,
    event_id: entry.event_id,
    tier_id: entry.tier_id,
    name: entry.name,
    email: entry.email,
    locale: entry.locale,
    quantity: entry.quantity,
    status: entry.status,
    position_in_line: entry.position_in_line,
    offer:
      entry.offered_at && entry.offer_expires_at
        ? {
            order_id: entry.offer_order_id,
            offered_at: entry.offered_at.toISOString(),
            expires_at: entry.offer_expires_at.toISOString(),
          }
        : null,
    created_at: entry.created_at.toISOString(),
    updated_at: entry.updated_at.toISOString(),
  };
}

const notOnSale = (message: string) => unprocessable('not_on_sale', message, [{ field: 'body.tier_id', message }]);

/**
 * A buyer joins the line for a tier that has fewer tickets left than they want. They are
 * emailed an offer (a pending order holding the tickets) when enough come back.
 */
export async function joinWaitlist(services: Services, slug: string, input: JoinWaitlist) {
  const tenant = await organizerBySlug(services, slug);
  return runInTenantAsSystem(services, tenant.id, async (ctx) => {
    const tier = await repo.findTierForWaitlist(ctx.trx, ctx.tenantId, input.tier_id);
    if (!tier || tier.hidden) {
      throw invalidField('body.tier_id', 'There is no ticket tier with this id on sale at this organizer.');
    }
    const name = textIn(tier.name);
    if (tier.event_status !== 'published' || tier.event_over) throw notOnSale(`"${name}" is not on sale.`);
    if (tier.sales_end_at && tier.sales_end_at.getTime() <= Date.now()) {
      throw notOnSale(`Sales of "${name}" have closed, so its waitlist is closed too.`);
    }
    if (tier.sales_start_at && tier.sales_start_at.getTime() > Date.now()) {
      throw notOnSale(`Sales of "${name}" open at ${tier.sales_start_at.toISOString()}. Buy then.`);
    }
    if (!tier.waitlist_enabled) {
      throw conflict(
        'waitlist_closed',
        `The organizer keeps no waitlist for this event, so you cannot join one for "${name}". Check the event page later for returned tickets.`,
        [{ field: 'body.tier_id', message: 'this event has no waitlist' }],
      );
    }
    if (input.quantity < tier.min_per_order || input.quantity > tier.max_per_order) {
      throw invalidField(
        'body.quantity',
        `"${name}" is sold ${tier.min_per_order} to ${tier.max_per_order} per order.`,
      );
    }
    if (tier.remaining >= input.quantity) {
      const left = tier.remaining === 1 ? '1 ticket' : `${tier.remaining} tickets`;
      throw conflict(
        'tickets_available',
        `${left} of "${name}" ${tier.remaining === 1 ? 'is' : 'are'} still available. Buy them now instead of joining the waitlist.`,
        [{ field: 'body.quantity', message: `${tier.remaining} available` }],
      );
    }
    const created = await repo.insertEntry(ctx.trx, {
      tenantId: ctx.tenantId,
      eventId: tier.event_id,
      tierId: tier.id,
      email: input.email.toLowerCase(),
      name: input.name.trim(),
      locale: input.locale ?? tenant.default_locale,
      quantity: input.quantity,
    });
    if (!created) {
      throw conflict(
        'already_on_waitlist',
        'This email is already on the waitlist for these tickets. We will email you when they come back.',
        [{ field: 'body.email', message: 'already waiting for this tier' }],
      );
    }
    await recordChange(ctx, {
      type: 'waitlist.joined',
      subjectId: created.id,
      data: { id: created.id, event_id: tier.event_id, tier_id: tier.id, quantity: input.quantity },
    });
    // Tickets may have come back between the check above and now, while the line was empty:
    // they are offered now (usually the tier is still sold out and nothing happens).
    await announceReturnedSeats(ctx, [tier.id]);
    return presentPlace(await loadEntry(ctx, created.id));
  });
}

async function loadEntry(ctx: InTenant, entryId: string) {
  const entry = await repo.findEntry(ctx.trx, ctx.tenantId, entryId);
  if (!entry) throw notFound('The waitlist entry');
  return entry;
}

export async function listWaitlist(ctx: TenantContext, eventId: string, query: WaitlistListQuery) {
  requireRole(ctx, MEMBERS, 'see waitlists');
  if (!(await findEvent(ctx.trx, ctx.tenantId, eventId))) throw notFound('The event');
  const limit = query.limit ?? 20;
  const after = query.cursor
    ? (decodeCursor(query.cursor, ['number', 'string', 'number', 'string', 'string']) as [
        number,
        string,
        number,
        string,
        string,
      ])
    : undefined;
  const rows = await repo.listEntries(ctx.trx, ctx.tenantId, {
    eventId,
    tierId: query.tier_id,
    status: query.status,
    after: after && {
      tierPosition: after[0],
      tierId: after[1],
      position: after[2],
      createdAt: after[3],
      id: after[4],
    },
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(presentEntry),
    next_cursor:
      rows.length > limit && last
        ? encodeCursor([last.tier_position, last.tier_id, last.position, last.created_key, last.id])
        : null,
  };
}

/** Everyone on the organizer's waitlists (or one event's): a plain page by joining, or a sync page. */
export async function listAllWaitlistEntries(ctx: TenantContext, query: AllWaitlistListQuery) {
  requireRole(ctx, MEMBERS, 'see waitlists');
  const filter = { eventId: query.event_id, tierId: query.tier_id, status: query.status };
  return syncedListPage(ctx.trx, query, 20, {
    name: 'waitlist-entries',
    changes: () => repo.entryChanges(ctx.trx, ctx.tenantId, filter),
    table: 'w',
    page: (after, limit) => repo.listAllEntries(ctx.trx, ctx.tenantId, { ...filter, after, limit }),
    keyOf: (row) => row.created_key,
    present: (rows) => rows.map(presentEntry),
  });
}

/** Puts a waiting entry just before or after another waiting entry of the same tier. */
export async function moveWaitlistEntry(ctx: TenantContext, entryId: string, input: MoveWaitlistEntry) {
  requireRole(ctx, EDITORS, 'reorder waitlists');
  const [field, anchorId, side] =
    'before_entry_id' in input
      ? (['body.before_entry_id', input.before_entry_id, 'before'] as const)
      : (['body.after_entry_id', input.after_entry_id, 'after'] as const);
  const entry = await loadEntry(ctx, entryId);
  if (anchorId === entryId) throw invalidField(field, 'Name another entry to move this one next to.');
  const notWaiting = () =>
    conflict(
      'not_waiting',
      `Only people still waiting can be moved; this entry is ${entry.status === 'waiting' ? 'no longer waiting' : entry.status}.`,
    );
  if (entry.status !== 'waiting') throw notWaiting();

  for (let attempt = 0; attempt < 2; attempt++) {
    const queue = await repo.lockQueue(ctx.trx, ctx.tenantId, entry.tier_id);
    if (!queue.some((queued) => queued.id === entryId)) throw notWaiting();
    const others = queue.filter((queued) => queued.id !== entryId);
    const at = others.findIndex((queued) => queued.id === anchorId);
    const anchor = others[at];
    if (!anchor) throw invalidField(field, 'Name an entry that is waiting for the same tier.');
    const lower = side === 'before' ? others[at - 1]?.position : anchor.position;
    const upper = side === 'before' ? anchor.position : others[at + 1]?.position;
    const position =
      lower === undefined ? (upper as number) - 1 : upper === undefined ? lower + 1 : lower + (upper - lower) / 2;
    if (lower !== undefined && upper !== undefined && !(lower < position && position < upper)) {
      // No double fits between the neighbours: space the line out and place it again.
      await repo.renumberQueue(ctx.trx, ctx.tenantId, entry.tier_id);
      continue;
    }
    await repo.setPosition(ctx.trx, ctx.tenantId, entryId, position);
    return presentEntry(await loadEntry(ctx, entryId));
  }
  throw new Error('A renumbered waitlist left no room between two neighbours');
}

function entryRemoved(ctx: InTenant, entry: repo.EntryRow): Promise<void> {
  return recordChange(ctx, {
    type: 'waitlist.removed',
    subjectId: entry.id,
    data: { id: entry.id, event_id: entry.event_id, tier_id: entry.tier_id, quantity: entry.quantity },
  });
}

/**
 * Takes someone off the waitlist. An open offer is cancelled first, so its tickets pass to the
 * next person in line. Removing an entry that is already off the line changes nothing.
 */
export async function removeWaitlistEntry(ctx: TenantContext, entryId: string) {
  requireRole(ctx, EDITORS, 'remove people from waitlists');
  // No lock on the entry up front: paying an offer locks its order, then its entry, and this
  // must take them in the same order. A change in between is seen on the next look.
  for (let attempt = 0; attempt < 3; attempt++) {
    const entry = await loadEntry(ctx, entryId);
    switch (entry.status) {
      case 'removed':
      case 'expired':
        return;
      case 'claimed':
        throw conflict(
          'offer_claimed',
          'This person already bought the offered tickets. Refund their order to cancel them.',
        );
      case 'waiting':
        if (await repo.markRemoved(ctx.trx, ctx.tenantId, entryId, ['waiting'])) return entryRemoved(ctx, entry);
        break;
      case 'offered':
        if (entry.offer_order_id) await releaseOrder(ctx, entry.offer_order_id, 'cancelled');
        if (await repo.markRemoved(ctx.trx, ctx.tenantId, entryId, ['offered', 'expired'])) {
          return entryRemoved(ctx, entry);
        }
        break;
    }
  }
  throw conflict('busy', 'This waitlist entry is being changed by another request. Try again in a moment.');
}

/**
 * A deleted tier's line closes: the people still waiting are taken off it (an open offer would
 * have held the tier's stock, which a deleted tier never had).
 */
export async function closeWaitlistOfDeletedTier(ctx: InTenant, tierId: string): Promise<void> {
  await repo.removeWaitingForTier(ctx.trx, ctx.tenantId, tierId);
}

export type OfferRun =
  | { offered: number; stopped: 'line_empty' | 'not_enough_tickets' | 'paused' | 'not_on_sale' }
  | { offered: number; stopped: 'head_not_sellable'; entryId: string; reason: string };

/**
 * Seats came back to these tiers (a lapsed or cancelled hold, a refund, more stock, the line
 * unpaused): the people waiting are offered them at once, in the transaction that returned them.
 * It holds the tier's row until it commits, so nobody outside the line can buy those seats
 * first. Should offering fail, it is undone alone and the offer job tries again after commit.
 */
export async function announceReturnedSeats(ctx: InTenant, returnedTierIds: readonly (string | null)[]) {
  const tierIds = [...new Set(returnedTierIds.filter((id): id is string => id !== null))];
  for (const tierId of tierIds) {
    await sql`savepoint returned_seats`.execute(ctx.trx);
    try {
      await offerReturnedSeats(ctx, tierId);
      await sql`release savepoint returned_seats`.execute(ctx.trx);
    } catch (error) {
      await sql`rollback to savepoint returned_seats`.execute(ctx.trx);
      ctx.services.logger.warn({ err: error, tierId }, 'could not offer returned seats at once; the offer job will');
      await enqueueJob(
        ctx.trx,
        'waitlist__offer_seats',
        { tenantId: ctx.tenantId, tierId },
        { jobKey: `waitlist:${tierId}` },
      );
    }
  }
}

/**
 * Offers the tier's free tickets to the people waiting, strictly in line order: each offer is a
 * pending order holding the entry's quantity through the same stock update as checkout, kept
 * for the organizer's offer time. Stops at the first person whose quantity does not fit (a
 * smaller request behind them does not jump the line). Offers are made one run at a time per
 * tier, and an entry is offered only while waiting, so running it again offers nothing twice.
 */
export async function offerReturnedSeats(ctx: InTenant, tierId: string): Promise<OfferRun> {
  // One offer run per tier at a time.
  if (!(await lockTier(ctx.trx, ctx.tenantId, tierId))) return { offered: 0, stopped: 'not_on_sale' };
  const tier = await repo.findTierForWaitlist(ctx.trx, ctx.tenantId, tierId);
  if (!tier) return { offered: 0, stopped: 'not_on_sale' };
  if (tier.waitlist_paused) return { offered: 0, stopped: 'paused' };
  if (tier.hidden || tier.event_status !== 'published' || tier.event_over)
    return { offered: 0, stopped: 'not_on_sale' };
  // Seats come back far more often than anyone waits for them: no line, nothing more to read.
  if (!(await repo.headOfLine(ctx.trx, ctx.tenantId, tierId))) return { offered: 0, stopped: 'line_empty' };
  const settings = await loadCheckoutSettings(ctx.trx, ctx.tenantId);
  const tenant = await findTenantById(ctx.trx, ctx.tenantId);
  if (!tenant) return { offered: 0, stopped: 'not_on_sale' };

  let offered = 0;
  for (;;) {
    const entry = await repo.headOfLine(ctx.trx, ctx.tenantId, tierId);
    if (!entry) return { offered, stopped: 'line_empty' };
    let cart: Awaited<ReturnType<typeof resolveCart>>;
    try {
      cart = await resolveCart(ctx, { tickets: [{ tier_id: tierId, quantity: entry.quantity }] }, settings);
    } catch (error) {
      // Sales closed, or the organizer changed the per-order limits below this request: the
      // line waits until they change it back or remove the entry.
      if (error instanceof AppError) {
        return { offered, stopped: 'head_not_sellable', entryId: entry.id, reason: error.message };
      }
      throw error;
    }

    await sql`savepoint waitlist_offer`.execute(ctx.trx);
    const { order, expiresAt } = await recordOrder(
      ctx,
      tenant,
      cart,
      { name: entry.name, email: entry.email, locale: entry.locale },
      { holdMinutes: settings.waitlist_offer_minutes, waitlistEntryId: entry.id },
    );
    if (await takeOrderStock(ctx.trx, ctx.tenantId, order.id)) {
      await sql`rollback to savepoint waitlist_offer`.execute(ctx.trx);
      return { offered, stopped: 'not_enough_tickets' };
    }
    if (!(await repo.markOffered(ctx.trx, ctx.tenantId, entry.id, { orderId: order.id, expiresAt }))) {
      // Removed by the organizer meanwhile: give the tickets to whoever is next.
      await sql`rollback to savepoint waitlist_offer`.execute(ctx.trx);
      continue;
    }
    await recordChange(ctx, {
      type: 'waitlist.offered',
      subjectId: entry.id,
      data: {
        id: entry.id,
        event_id: entry.event_id,
        tier_id: tierId,
        quantity: entry.quantity,
        order_id: order.id,
      },
    });
    await sql`release savepoint waitlist_offer`.execute(ctx.trx);
    offered += 1;
  }
}
