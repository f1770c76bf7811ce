import type { StaffContext, StaffDirectoryContext } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { notFound } from '../../lib/errors.ts';
import { billingOf } from '../billing/billing.service.ts';
import { presentPayout } from '../payouts/payouts.service.ts';
import * as repo from './staff.repository.ts';
import type { StaffOrganizerQuery, StaffPayoutQuery } from './staff.schemas.ts';

/**
 * The platform-staff area: finding organizers and seeing what needs staff. The access check is
 * the context itself: `runAsStaffAcrossOrganizers` and `runAsStaff` refuse anyone not platform
 * staff, and the database shows the cross-organizer rows to staff only.
 */

const AUDIT_ENTRIES = 100;

function presentOrganizer(row: repo.OrganizerSummaryRow) {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    status: row.status,
    currency: row.currency.trim(),
    created_at: row.created_at.toISOString(),
    owners: row.owners.map((owner) => ({
      user_id: owner.user_id,
      email: owner.email,
      display_name: owner.display_name,
    })),
    plan: row.plan,
    override: row.plan_override ? { plan: row.plan_override, reason: row.plan_override_reason ?? '' } : null,
    subscription:
      row.stripe_subscription_id && row.subscription_status
        ? { plan: row.subscription_plan, status: row.subscription_status }
        : null,
    stripe_account: row.account_id
      ? {
          account_id: row.account_id,
          charges_enabled: row.charges_enabled === true,
          payouts_enabled: row.payouts_enabled === true,
        }
      : null,
    payouts: { held: row.held_payouts ?? 0, waiting: row.waiting_payouts ?? 0 },
  };
}

export async function listOrganizers(ctx: StaffDirectoryContext, query: StaffOrganizerQuery) {
  const limit = query.limit ?? 20;
  const after = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : undefined;
  const rows = await repo.listOrganizers(ctx.trx, {
    search: query.q?.trim() || undefined,
    after: after ? { key: after[0] as string, id: after[1] as string } : undefined,
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(presentOrganizer),
    next_cursor: rows.length > limit && last ? encodeCursor([last.sort_key, last.id]) : null,
  };
}

/** One organizer with its billing, the events of its payouts, and what staff did to it. */
export async function getOrganizer(ctx: StaffContext) {
  const row = await repo.findOrganizer(ctx.trx, ctx.tenantId);
  if (!row) throw notFound('The organizer');
  const billing = await billingOf(ctx);
  const events = await repo.payoutEvents(ctx.trx, ctx.tenantId);
  const entries = await repo.auditLog(ctx.trx, ctx.tenantId, AUDIT_ENTRIES);
  return {
    ...presentOrganizer(row),
    billing,
    payout_events: events.map((event) => ({
      id: event.id,
      title: event.title,
      starts_at: event.starts_at.toISOString(),
      ends_at: event.ends_at.toISOString(),
    })),
    audit_log: entries.map((entry) => ({
      id: String(entry.id),
      action: entry.action,
      target: entry.target,
      details: entry.details,
      staff: { user_id: entry.staff_user_id, email: entry.staff_email, display_name: entry.staff_display_name },
      created_at: entry.created_at.toISOString(),
    })),
  };
}

/** Payouts of every organizer, oldest due first: what is held, what waits to be paid by hand. */
export async function listPayoutQueue(ctx: StaffDirectoryContext, query: StaffPayoutQuery) {
  const limit = query.limit ?? 20;
  const after = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : undefined;
  const rows = await repo.listPayoutQueue(ctx.trx, {
    status: query.status,
    method: query.method,
    after: after ? { key: after[0] as string, id: after[1] as string } : undefined,
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => ({
      organizer: { id: row.tenant_id, name: row.organizer_name, slug: row.organizer_slug },
      payout: presentPayout(row),
    })),
    next_cursor: rows.length > limit && last ? encodeCursor([last.sort_key, last.id]) : null,
  };
}
