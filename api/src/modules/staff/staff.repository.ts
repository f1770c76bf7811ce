import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database, PayoutMethod, PayoutStatus } from '../../db/schema.ts';
import { likePattern } from '../../lib/search.ts';

type Executor = Kysely<Database>;

/** Payouts staff or Stripe still have to act on (held ones aside): decided, not sent. */
export const WAITING_PAYOUT_STATUSES: readonly PayoutStatus[] = ['scheduled', 'blocked'];

/**
 * Organizers with what staff run them by. Read inside one tenant it shows that organizer; under
 * the staff_directory scope it shows every organizer's owners, subscription, account and payouts.
 */
function organizerSummaries(db: Executor) {
  return db
    .selectFrom('tenants as t')
    .leftJoin('plan_subscriptions as s', 's.tenant_id', 't.id')
    .leftJoin('stripe_accounts as a', 'a.tenant_id', 't.id')
    .select([
      't.id',
      't.name',
      't.slug',
      't.status',
      't.currency',
      't.plan',
      't.plan_override',
      't.plan_override_reason',
      't.created_at',
      's.stripe_subscription_id',
      's.plan as subscription_plan',
      's.status as subscription_status',
      'a.account_id',
      'a.charges_enabled',
      'a.payouts_enabled',
    ])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('memberships as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select(['u.id as user_id', 'u.email', 'u.display_name'])
          .whereRef('m.tenant_id', '=', 't.id')
          .where('m.role', '=', 'owner')
          .orderBy('m.created_at')
          .orderBy('u.email'),
      ).as('owners'),
      eb
        .selectFrom('payouts as p')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('p.tenant_id', '=', 't.id')
        .where('p.status', '=', 'held')
        .as('held_payouts'),
      eb
        .selectFrom('payouts as p')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('p.tenant_id', '=', 't.id')
        .where('p.status', 'in', WAITING_PAYOUT_STATUSES)
        .as('waiting_payouts'),
    ]);
}

export type OrganizerSummaryRow = Awaited<ReturnType<ReturnType<typeof organizerSummaries>['executeTakeFirstOrThrow']>>;

export interface OrganizerListFilter {
  /** Part of the name, the slug or an owner's email. */
  search?: string;
  /** The last row of the previous page (newest first). */
  after?: { key: string; id: string };
  limit: number;
}

/** Organizers newest first, optionally those matching a search. */
export function listOrganizers(db: Executor, filter: OrganizerListFilter) {
  let query = organizerSummaries(db).select(sql<string>`t.created_at::text`.as('sort_key'));
  if (filter.search) {
    const pattern = likePattern(filter.search);
    query = query.where((eb) =>
      eb.or([
        eb('t.name', 'ilike', pattern),
        eb('t.slug', 'ilike', pattern),
        eb.exists(
          eb
            .selectFrom('memberships as m')
            .innerJoin('users as u', 'u.id', 'm.user_id')
            .select('m.user_id')
            .whereRef('m.tenant_id', '=', 't.id')
            .where('m.role', '=', 'owner')
            .where('u.email', 'ilike', pattern),
        ),
      ]),
    );
  }
  if (filter.after) {
    const { key, id } = filter.after;
    query = query.where((eb) =>
      eb(eb.refTuple('t.created_at', 't.id'), '<', eb.tuple(sql<Date>`${key}::timestamptz`, id)),
    );
  }
  return query
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}

export function findOrganizer(db: Executor, organizerId: string) {
  return organizerSummaries(db).where('t.id', '=', organizerId).executeTakeFirst();
}

/** The events an organizer's payouts are for. */
export function payoutEvents(db: Executor, tenantId: string) {
  return db
    .selectFrom('events as e')
    .select(['e.id', 'e.title', 'e.starts_at', 'e.ends_at'])
    .where('e.tenant_id', '=', tenantId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('payouts as p')
          .select('p.id')
          .whereRef('p.tenant_id', '=', 'e.tenant_id')
          .whereRef('p.event_id', '=', 'e.id'),
      ),
    )
    .orderBy('e.starts_at', 'desc')
    .execute();
}

/** What staff did to an organizer, newest first. */
export function auditLog(db: Executor, organizerId: string, limit: number) {
  return db
    .selectFrom('staff_audit_log as l')
    .innerJoin('users as u', 'u.id', 'l.staff_user_id')
    .select([
      'l.id',
      'l.action',
      'l.target',
      'l.details',
      'l.created_at',
      'u.id as staff_user_id',
      'u.email as staff_email',
      'u.display_name as staff_display_name',
    ])
    .where('l.organizer_id', '=', organizerId)
    .orderBy('l.id', 'desc')
    .limit(limit)
    .execute();
}

export interface PayoutQueueFilter {
  status?: PayoutStatus;
  method?: PayoutMethod;
  /** The last row of the previous page (oldest due first). */
  after?: { key: string; id: string };
  limit: number;
}

/** Payouts of every organizer, oldest due first: the staff's queue. Needs the staff_directory scope. */
export function listPayoutQueue(db: Executor, filter: PayoutQueueFilter) {
  let query = db
    .selectFrom('payouts as p')
    .innerJoin('tenants as t', 't.id', 'p.tenant_id')
    .selectAll('p')
    .select(['t.name as organizer_name', 't.slug as organizer_slug', sql<string>`p.due_at::text`.as('sort_key')]);
  if (filter.status) query = query.where('p.status', '=', filter.status);
  if (filter.method) query = query.where('p.method', '=', filter.method);
  if (filter.after) {
    const { key, id } = filter.after;
    query = query.where((eb) => eb(eb.refTuple('p.due_at', 'p.id'), '>', eb.tuple(sql<Date>`${key}::timestamptz`, id)));
  }
  return query
    .orderBy('p.due_at')
    .orderBy('p.id')
    .limit(filter.limit + 1)
    .execute();
}
