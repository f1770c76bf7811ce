import { sql } from 'kysely';
import {
  type InTenant,
  MANAGERS,
  requireRole,
  runInTenantAsSystem,
  type Services,
  type StaffContext,
  type TenantContext,
} from '../../context.ts';
import type { Payout } from '../../db/schema.ts';
import { syncedListPage } from '../../db/sync.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { enqueueJob } from '../../worker/queue.ts';
import { recordChange } from '../changes/changes.service.ts';
import { balances, owedToOrganizer, post } from '../ledger/ledger.ts';
import { findStripeAccount } from '../payments/payments.service.ts';
import { assessPayoutRisk, type RiskAssessment, type RiskFacts } from './payout-risk.ts';
import * as repo from './payouts.repository.ts';
import type { PayoutListQuery } from './payouts.schemas.ts';

/**
 * Paying organizers. Standard: everything an event owes its organizer, two days after it ends.
 * Early: before the event, a share of its settled net sales set by the organizer's risk tier,
 * less the tier's reserve, which waits for the standard payout. Organizers with a Stripe Express
 * account are paid by Stripe payouts from that account (card sales land there as destination
 * charges; sales the platform took before the account could take charges are transferred to it
 * first), once Stripe says the account may be paid. Others are paid by hand by staff, who record it.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
export const STANDARD_PAYOUT_DELAY_DAYS = 2;
/** Early payouts smaller than this wait for more sales (or the standard payout). */
export const MIN_EARLY_PAYOUT_CENTS = 1000;

/** What the risk score needs to know about an organizer and one of its events. */
export async function riskFacts(ctx: InTenant, eventId: string): Promise<RiskFacts | null> {
  const event = await ctx.trx
    .selectFrom('events')
    .select(['id', 'category_id', 'starts_at'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', eventId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!event) return null;
  const organizer = await ctx.trx
    .selectFrom('tenants')
    .select(['currency', sql<number>`floor(extract(epoch from now() - created_at) / 86400)::int`.as('age_days')])
    .where('id', '=', ctx.tenantId)
    .executeTakeFirstOrThrow();
  const verified = await ctx.trx
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .where('memberships.tenant_id', '=', ctx.tenantId)
    .where('memberships.role', '=', 'owner')
    .where('users.email_verified_at', 'is not', null)
    .executeTakeFirst();
  const account = await findStripeAccount(ctx);
  const history = await ctx.trx
    .selectFrom('events as e')
    .select(sql<number>`count(*)::int`.as('held'))
    .where('e.tenant_id', '=', ctx.tenantId)
    .where('e.ends_at', '<=', sql<Date>`now()`)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('tickets as t')
          .select('t.id')
          .whereRef('t.tenant_id', '=', 'e.tenant_id')
          .whereRef('t.event_id', '=', 'e.id'),
      ),
    )
    .executeTakeFirstOrThrow();
  const sales = await ctx.trx
    .selectFrom('orders')
    .select([
      sql<string>`coalesce(sum(total_cents), 0)`.as('gross'),
      sql<string>`coalesce(sum(refunded_cents), 0)`.as('refunded'),
      sql<number>`count(*)::int`.as('orders'),
    ])
    .where('tenant_id', '=', ctx.tenantId)
    .where('status', 'in', ['paid', 'partially_refunded', 'refunded'])
    .where('total_cents', '>', 0)
    .where('paid_at', '>', sql<Date>`now() - interval '365 days'`)
    .executeTakeFirstOrThrow();
  const disputes = await ctx.trx
    .selectFrom('disputes')
    .select([
      sql<number>`count(*)::int`.as('opened'),
      sql<number>`count(*) filter (where status = 'lost')::int`.as('lost'),
    ])
    .where('tenant_id', '=', ctx.tenantId)
    .where('opened_at', '>', sql<Date>`now() - interval '365 days'`)
    .executeTakeFirstOrThrow();
  const tiers = await ctx.trx
    .selectFrom('ticket_tiers')
    .select([
      sql<string>`coalesce(sum(quantity::bigint * price_cents), 0)`.as('gross'),
      sql<string>`coalesce(sum(quantity), 0)`.as('seats'),
    ])
    .where('tenant_id', '=', ctx.tenantId)
    .where('event_id', '=', eventId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  const seats = Number(tiers.seats);
  return {
    accountAgeDays: Math.max(0, organizer.age_days),
    emailVerified: verified !== undefined,
    payoutAccountVerified: Boolean(account?.payouts_enabled && account.details_submitted),
    pastEventsHeld: history.held,
    grossSalesCents: Number(sales.gross),
    refundedCents: Number(sales.refunded),
    paidOrders: sales.orders,
    disputedOrders: disputes.opened,
    lostDisputes: disputes.lost,
    event: {
      categorySlug: event.category_id,
      currency: organizer.currency.trim(),
      averageTicketPriceCents: seats > 0 ? Math.round(Number(tiers.gross) / seats) : 0,
      expectedGrossCents: Number(tiers.gross),
      daysUntilStart: Math.max(0, Math.floor((event.starts_at.getTime() - Date.now()) / DAY_MS)),
    },
  };
}

/** The risk assessment of an event's organizer, as early payouts use it. */
export async function assessEvent(ctx: InTenant, eventId: string): Promise<RiskAssessment> {
  const facts = await riskFacts(ctx, eventId);
  if (!facts) throw notFound('The event');
  return assessPayoutRisk(facts);
}

/** Money already sent (or on its way) to the organizer for an event. */
async function paidOut(ctx: InTenant, eventId: string): Promise<number> {
  const row = await ctx.trx
    .selectFrom('payouts')
    .select(sql<string>`coalesce(sum(amount_cents), 0)`.as('sent'))
    .where('tenant_id', '=', ctx.tenantId)
    .where('event_id', '=', eventId)
    .where('status', 'in', ['in_transit', 'paid'])
    .executeTakeFirstOrThrow();
  return Number(row.sent);
}

type PayoutChange =
  | 'payout.scheduled'
  | 'payout.held'
  | 'payout.released'
  | 'payout.sent'
  | 'payout.paid'
  | 'payout.failed'
  | 'payout.cancelled';

async function payoutChanged(ctx: InTenant, type: PayoutChange, payout: Payout): Promise<Payout> {
  await recordChange(ctx, {
    type,
    subjectId: payout.id,
    data: {
      id: payout.id,
      event_id: payout.event_id,
      kind: payout.kind,
      method: payout.method,
      status: payout.status,
      amount_cents: Number(payout.amount_cents),
      currency: payout.currency.trim(),
    },
  });
  return payout;
}

function openPayout(ctx: InTenant, eventId: string, kind: 'early' | 'standard') {
  return ctx.trx
    .selectFrom('payouts')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('event_id', '=', eventId)
    .where('kind', '=', kind)
    .where('status', 'in', ['scheduled', 'blocked', 'held'])
    .forUpdate()
    .executeTakeFirst();
}

/**
 * What an early payout of the event comes to now: the tier's share of its settled sales, less
 * what she has been paid already (`sent`), and the reserve kept back on them.
 */
async function earlyPayable(ctx: InTenant, eventId: string, assessment: RiskAssessment) {
  const settledBefore = new Date(Date.now() - ctx.services.config.payoutSettlementDays * DAY_MS);
  const sent = await paidOut(ctx, eventId);
  // What the event has earned her once settled, counting what she has already been paid.
  const earned = Math.max(owedToOrganizer(await balances(ctx, { eventId, settledBefore })) + sent, 0);
  return {
    sent,
    amount: Math.floor((earned * assessment.payableEarlyBp) / 10_000) - sent,
    reserve: Math.floor((earned * assessment.reserveBp) / 10_000),
  };
}

/**
 * Decides what an event owes its organizer now and records it as a payout (or brings an open one
 * up to date). Runs in the event's tenant; the payout is then executed by `executePayout`.
 */
export async function planEventPayout(ctx: InTenant, eventId: string): Promise<Payout | null> {
  // One planner per event at a time. Not FOR UPDATE: that also blocks the foreign-key checks of
  // ledger lines on the event, and staff recording a payout (its row locked, its ledger lines
  // checked at commit) would deadlock with a planner waiting for that payout's row.
  const event = await ctx.trx
    .selectFrom('events')
    .select(['id', 'status', 'starts_at', 'ends_at'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', eventId)
    .where('deleted_at', 'is', null)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!event) return null;
  const tenant = await ctx.trx
    .selectFrom('tenants')
    .select('currency')
    .where('id', '=', ctx.tenantId)
    .executeTakeFirstOrThrow();
  const account = await findStripeAccount(ctx);
  const method = account ? 'stripe' : 'manual';
  const now = Date.now();

  if (event.ends_at.getTime() + STANDARD_PAYOUT_DELAY_DAYS * DAY_MS <= now) {
    // The open payout first: waiting for its lock (staff recording it paid) must come before
    // reading what is owed, or the payment just committed would be planned a second time.
    const open = await openPayout(ctx, eventId, 'standard');
    const owed = owedToOrganizer(await balances(ctx, { eventId }));
    if (open) {
      if (open.status === 'held') return open;
      return ctx.trx
        .updateTable('payouts')
        .set({ amount_cents: Math.max(owed, 0), method })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', open.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    if (owed <= 0) return null;
    const scheduled = await ctx.trx
      .insertInto('payouts')
      .values({
        tenant_id: ctx.tenantId,
        event_id: eventId,
        kind: 'standard',
        method,
        amount_cents: owed,
        currency: tenant.currency.trim(),
        due_at: new Date(event.ends_at.getTime() + STANDARD_PAYOUT_DELAY_DAYS * DAY_MS),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return payoutChanged(ctx, 'payout.scheduled', scheduled);
  }

  if (event.status !== 'published' || event.starts_at.getTime() <= now) return null;
  const open = await openPayout(ctx, eventId, 'early');
  if (open?.status === 'held') return open;
  const assessment = await assessEvent(ctx, eventId);
  const { amount, reserve } = await earlyPayable(ctx, eventId, assessment);
  const risk = {
    risk_tier: assessment.tier,
    risk_score: assessment.score,
    risk_reasons: JSON.stringify(assessment.reasons),
  };
  if (assessment.tier === 'none' || amount < MIN_EARLY_PAYOUT_CENTS) {
    if (open) {
      const cancelled = await ctx.trx
        .updateTable('payouts')
        .set({
          status: 'cancelled',
          status_reason: 'No longer due: the risk tier or the settled sales changed.',
          ...risk,
        })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', open.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await payoutChanged(ctx, 'payout.cancelled', cancelled);
    }
    return null;
  }
  const values = { amount_cents: amount, reserve_cents: reserve, method, ...risk } as const;
  if (open) {
    return ctx.trx
      .updateTable('payouts')
      .set(values)
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', open.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const scheduled = await ctx.trx
    .insertInto('payouts')
    .values({
      tenant_id: ctx.tenantId,
      event_id: eventId,
      kind: 'early',
      currency: tenant.currency.trim(),
      due_at: new Date(now),
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return payoutChanged(ctx, 'payout.scheduled', scheduled);
}

/**
 * The part of an event's takings the platform holds (card sales paid before the organizer's
 * account could take charges, less their refunds, disputes, and what was transferred already).
 */
async function heldByPlatform(ctx: InTenant, eventId: string): Promise<number> {
  const row = await ctx.trx
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_transactions as t', (join) =>
      join.onRef('t.tenant_id', '=', 'l.tenant_id').onRef('t.id', '=', 'l.transaction_id'),
    )
    .select(sql<string>`coalesce(-sum(l.amount_cents), 0)`.as('held'))
    .where('l.tenant_id', '=', ctx.tenantId)
    .where('l.event_id', '=', eventId)
    .where('l.account', 'in', ['organizer_payable', 'sales_tax_payable'])
    .where('t.kind', 'in', ['sale', 'refund', 'dispute', 'dispute_reversal'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('payments as p')
          .select('p.id')
          .whereRef('p.tenant_id', '=', 't.tenant_id')
          .whereRef('p.order_id', '=', 't.order_id')
          .where('p.kind', '=', 'charge')
          .where('p.provider', '=', 'stripe')
          .where('p.destination_account', 'is', null),
      ),
    )
    .executeTakeFirstOrThrow();
  const moved = await ctx.trx
    .selectFrom('payouts')
    .select(sql<string>`coalesce(sum(transfer_cents), 0)`.as('moved'))
    .where('tenant_id', '=', ctx.tenantId)
    .where('event_id', '=', eventId)
    .where('status', 'in', ['in_transit', 'paid'])
    .executeTakeFirstOrThrow();
  return Math.max(0, Number(row.held) - Number(moved.moved));
}

/** Posts money leaving for the organizer: tax she remits first, then her payable; a standard payout frees the reserve. */
async function postPayout(ctx: InTenant, payout: Payout): Promise<void> {
  const amount = Number(payout.amount_cents);
  const accounts = await balances(ctx, { eventId: payout.event_id });
  const currency = payout.currency.trim();
  const eventId = payout.event_id;
  if (payout.kind === 'standard' && accounts.reserve !== 0) {
    await post(ctx, {
      kind: 'reserve_release',
      currency,
      payoutId: payout.id,
      reference: `reserve_release:${payout.id}`,
      postings: [
        { account: 'reserve', eventId, cents: -accounts.reserve },
        { account: 'organizer_payable', eventId, cents: accounts.reserve },
      ],
    });
  }
  const tax = Math.min(Math.max(-accounts.sales_tax_payable, 0), amount);
  await post(ctx, {
    kind: 'payout',
    currency,
    payoutId: payout.id,
    reference: `payout:${payout.id}`,
    postings: [
      { account: 'sales_tax_payable', eventId, cents: tax },
      { account: 'organizer_payable', eventId, cents: amount - tax },
      { account: 'payouts', eventId, cents: -amount },
    ],
  });
  const reserve = Number(payout.reserve_cents);
  const held = -accounts.reserve;
  if (payout.kind === 'early' && reserve > held) {
    await post(ctx, {
      kind: 'reserve_hold',
      currency,
      payoutId: payout.id,
      reference: `reserve_hold:${payout.id}`,
      postings: [
        { account: 'organizer_payable', eventId, cents: reserve - held },
        { account: 'reserve', eventId, cents: -(reserve - held) },
      ],
    });
  }
}

function updatePayout(
  ctx: InTenant,
  payoutId: string,
  changes: Partial<{
    status: Payout['status'];
    status_reason: string | null;
    stripe_transfer_id: string;
    transfer_cents: number;
    stripe_payout_id: string;
    manual_reference: string;
    held_by: string | null;
    paid_at: Date;
  }>,
) {
  return ctx.trx
    .updateTable('payouts')
    .set(changes)
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', payoutId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Sends a scheduled payout. Stripe: blocked until the account may be paid; then the platform's
 * part is transferred to the account and one Stripe payout sent, each with an idempotency key
 * made of the payout's id, so a rerun after a crash repeats nothing. Manual payouts wait for staff.
 */
export async function executePayout(services: Services, tenantId: string, payoutId: string): Promise<void> {
  await runInTenantAsSystem(services, tenantId, async (ctx) => {
    const payout = await ctx.trx
      .selectFrom('payouts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', payoutId)
      .forUpdate()
      .executeTakeFirst();
    if (!payout || (payout.status !== 'scheduled' && payout.status !== 'blocked')) return;
    if (payout.method === 'manual') return;
    const account = await findStripeAccount(ctx);
    const stripe = services.stripe;
    if (!account || !stripe || !account.payouts_enabled) {
      await updatePayout(ctx, payoutId, {
        status: 'blocked',
        status_reason: !stripe
          ? 'Stripe is not configured on this server.'
          : `Stripe has not enabled payouts for this account yet${account?.requirements_due.length ? `; it still needs: ${account.requirements_due.join(', ')}` : ''}.`,
      });
      return;
    }
    const amount = Number(payout.amount_cents);
    const currency = payout.currency.trim().toLowerCase();
    const transfer = Math.min(await heldByPlatform(ctx, payout.event_id), amount);
    let transferId: string | null = null;
    if (transfer > 0) {
      transferId = (
        await stripe.transfers.create(
          {
            amount: transfer,
            currency,
            destination: account.account_id,
            transfer_group: `payout:${payout.id}`,
            metadata: { tenant_id: tenantId, payout_id: payout.id, event_id: payout.event_id },
          },
          { idempotencyKey: `payout:${payout.id}:transfer` },
        )
      ).id;
    }
    const sent = await stripe.payouts.create(
      {
        amount,
        currency,
        metadata: { tenant_id: tenantId, payout_id: payout.id, event_id: payout.event_id },
      },
      { stripeAccount: account.account_id, idempotencyKey: `payout:${payout.id}:payout` },
    );
    const updated = await updatePayout(ctx, payoutId, {
      status: 'in_transit',
      status_reason: null,
      stripe_payout_id: sent.id,
      ...(transferId ? { stripe_transfer_id: transferId, transfer_cents: transfer } : {}),
    });
    await postPayout(ctx, updated);
    await payoutChanged(ctx, 'payout.sent', updated);
  });
}

/** Plans and sends an event's payout: the worker's job for each event the schedule finds. */
export async function runEventPayout(services: Services, tenantId: string, eventId: string): Promise<void> {
  const payout = await runInTenantAsSystem(services, tenantId, (ctx) => planEventPayout(ctx, eventId));
  if (payout && (payout.status === 'scheduled' || payout.status === 'blocked')) {
    await executePayout(services, tenantId, payout.id);
  }
}

/** Stripe reports a payout paid or failed; a failed one gives the money back to what she is owed. */
export async function payoutSettled(
  ctx: InTenant,
  stripePayoutId: string,
  outcome: 'paid' | 'failed',
  reason: string | null,
) {
  const payout = await ctx.trx
    .selectFrom('payouts')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('stripe_payout_id', '=', stripePayoutId)
    .forUpdate()
    .executeTakeFirst();
  if (!payout) return 'not a payout of ours';
  if (payout.status !== 'in_transit') return `already ${payout.status}`;
  if (outcome === 'paid') {
    await payoutChanged(
      ctx,
      'payout.paid',
      await updatePayout(ctx, payout.id, { status: 'paid', paid_at: new Date() }),
    );
    return 'payout paid';
  }
  await payoutChanged(
    ctx,
    'payout.failed',
    await updatePayout(ctx, payout.id, { status: 'failed', status_reason: reason ?? 'The bank refused the payout.' }),
  );
  await enqueueJob(ctx.trx, 'payouts__notify_failed', { tenantId: ctx.tenantId, payoutId: payout.id });
  const amount = Number(payout.amount_cents);
  await post(ctx, {
    kind: 'payout_failed',
    currency: payout.currency.trim(),
    payoutId: payout.id,
    reference: `payout_failed:${payout.id}`,
    postings: [
      { account: 'payouts', eventId: payout.event_id, cents: amount },
      { account: 'organizer_payable', eventId: payout.event_id, cents: -amount },
    ],
  });
  return 'payout failed';
}

// Organizer and staff -----------------------------------------------------------------------

export function presentPayout(payout: Payout) {
  return {
    id: payout.id,
    event_id: payout.event_id,
    kind: payout.kind,
    method: payout.method,
    status: payout.status,
    amount_cents: Number(payout.amount_cents),
    reserve_cents: Number(payout.reserve_cents),
    currency: payout.currency.trim(),
    risk_tier: payout.risk_tier,
    risk_score: payout.risk_score,
    risk_reasons: payout.risk_reasons as { factor: string; points: number; message: string }[],
    status_reason: payout.status_reason,
    manual_reference: payout.manual_reference,
    due_at: payout.due_at.toISOString(),
    paid_at: payout.paid_at?.toISOString() ?? null,
    created_at: payout.created_at.toISOString(),
    updated_at: payout.updated_at.toISOString(),
  };
}

function listPayoutRows(ctx: InTenant) {
  return ctx.trx
    .selectFrom('payouts')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
}

export async function listPayouts(ctx: TenantContext, query: PayoutListQuery) {
  requireRole(ctx, MANAGERS, "see the organizer's payouts");
  const filter = { eventId: query.event_id };
  return syncedListPage(ctx.trx, query, 100, {
    name: 'payouts',
    changes: () => repo.payoutChanges(ctx.trx, ctx.tenantId, filter),
    table: 'payouts',
    page: (after, limit) => repo.listPayouts(ctx.trx, ctx.tenantId, { ...filter, after, limit }),
    present: (rows) => rows.map(presentPayout),
  });
}

export async function getEventPayoutOutlook(ctx: TenantContext, eventId: string) {
  requireRole(ctx, MANAGERS, "see the organizer's payouts");
  const assessment = await assessEvent(ctx, eventId);
  const owed = owedToOrganizer(await balances(ctx, { eventId }));
  const event = await ctx.trx
    .selectFrom('events')
    .innerJoin('tenants', 'tenants.id', 'events.tenant_id')
    .select(['events.status', 'events.starts_at', 'events.ends_at', 'tenants.currency'])
    .where('events.tenant_id', '=', ctx.tenantId)
    .where('events.id', '=', eventId)
    .executeTakeFirstOrThrow();
  const beforeEvent = event.status === 'published' && event.starts_at.getTime() > Date.now();
  const early = await earlyPayable(ctx, eventId, assessment);
  // What the next hourly run would pay: nothing below the minimum, nothing once the event began.
  const payableEarly = beforeEvent && early.amount >= MIN_EARLY_PAYOUT_CENTS ? early.amount : 0;
  return {
    currency: event.currency.trim(),
    payable_early_cents: payableEarly,
    reserve_cents: beforeEvent ? early.reserve : 0,
    standard_payout_at: new Date(event.ends_at.getTime() + STANDARD_PAYOUT_DELAY_DAYS * DAY_MS).toISOString(),
    event_id: eventId,
    score: assessment.score,
    tier: assessment.tier,
    early_share_bp: assessment.payableEarlyBp,
    reserve_bp: assessment.reserveBp,
    reasons: assessment.reasons,
    owed_cents: owed,
    paid_out_cents: early.sent,
  };
}

export async function staffListPayouts(ctx: StaffContext) {
  return { data: (await listPayoutRows(ctx)).map(presentPayout) };
}

async function lockPayout(ctx: InTenant, payoutId: string) {
  const payout = await ctx.trx
    .selectFrom('payouts')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', payoutId)
    .forUpdate()
    .executeTakeFirst();
  if (!payout) throw notFound('The payout');
  return payout;
}

export async function holdPayout(ctx: StaffContext, payoutId: string, reason: string) {
  const payout = await lockPayout(ctx, payoutId);
  if (payout.status !== 'scheduled' && payout.status !== 'blocked') {
    throw conflict('not_holdable', `This payout is ${payout.status}; only a payout not yet sent can be held.`);
  }
  const held = await updatePayout(ctx, payoutId, { status: 'held', status_reason: reason, held_by: ctx.staffUserId });
  await payoutChanged(ctx, 'payout.held', held);
  await ctx.audit('payout.hold', payoutId, { reason, amount_cents: Number(payout.amount_cents) });
  return presentPayout(held);
}

export async function releasePayout(ctx: StaffContext, payoutId: string) {
  const payout = await lockPayout(ctx, payoutId);
  if (payout.status !== 'held') throw conflict('not_held', `This payout is ${payout.status}, not held.`);
  const released = await updatePayout(ctx, payoutId, { status: 'scheduled', status_reason: null, held_by: null });
  await payoutChanged(ctx, 'payout.released', released);
  await ctx.audit('payout.release', payoutId, { amount_cents: Number(payout.amount_cents) });
  // Sent by the worker, outside this transaction: Stripe is called after the release commits.
  await enqueueJob(ctx.trx, 'payouts__run_event', { tenantId: ctx.tenantId, eventId: payout.event_id });
  return presentPayout(released);
}

/** Staff paid a manual payout (a bank transfer, a check) and record it. */
export async function recordManualPayout(ctx: StaffContext, payoutId: string, reference: string) {
  const payout = await lockPayout(ctx, payoutId);
  if (payout.method !== 'manual' || payout.status !== 'scheduled') {
    throw conflict(
      'not_manual',
      `This payout is ${payout.method === 'manual' ? payout.status : 'sent through Stripe'}; only a scheduled manual payout can be recorded as paid.`,
    );
  }
  const paid = await updatePayout(ctx, payoutId, { status: 'paid', manual_reference: reference, paid_at: new Date() });
  await payoutChanged(ctx, 'payout.paid', paid);
  await postPayout(ctx, paid);
  await ctx.audit('payout.record_manual', payoutId, { reference, amount_cents: Number(payout.amount_cents) });
  return presentPayout(paid);
}
