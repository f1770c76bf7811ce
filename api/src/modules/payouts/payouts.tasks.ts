import { sql } from 'kysely';
import { withPayoutSchedule } from '../../db/tenant.ts';
import { enqueueJob } from '../../worker/queue.ts';
import type { Tasks } from '../../worker/worker.ts';
import { tellManagers } from '../tenants/tell-managers.ts';
import { runEventPayout, STANDARD_PAYOUT_DELAY_DAYS } from './payouts.service.ts';

export const payoutTasks: Tasks = {
  /**
   * Every hour: each event that may owe its organizer a payout gets a job — published events
   * still ahead (early payouts) and events over for the standard delay, within the last 60 days.
   */
  async payouts__schedule(_payload, { services }) {
    await withPayoutSchedule(services.db, async (trx) => {
      const due = await trx
        .selectFrom('events')
        .select(['tenant_id', 'id'])
        .where('deleted_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'published'), eb('starts_at', '>', sql<Date>`now()`)]),
            eb.and([
              eb('ends_at', '<=', sql<Date>`now() - make_interval(days => ${STANDARD_PAYOUT_DELAY_DAYS})`),
              eb('ends_at', '>', sql<Date>`now() - interval '60 days'`),
            ]),
          ]),
        )
        .execute();
      for (const event of due) {
        await enqueueJob(
          trx,
          'payouts__run_event',
          { tenantId: event.tenant_id, eventId: event.id },
          { jobKey: `payout:${event.id}` },
        );
      }
    });
  },

  async payouts__run_event(payload, { services }) {
    const { tenantId, eventId } = payload as { tenantId: string; eventId: string };
    await runEventPayout(services, tenantId, eventId);
  },

  /** Tells the organizer's owners and admins that a payout bounced, and why. */
  async payouts__notify_failed(payload, { services }) {
    const { tenantId, payoutId } = payload as { tenantId: string; payoutId: string };
    await tellManagers(
      services,
      tenantId,
      (ctx) =>
        ctx.trx
          .selectFrom('payouts')
          .innerJoin('events', (join) =>
            join.onRef('events.tenant_id', '=', 'payouts.tenant_id').onRef('events.id', '=', 'payouts.event_id'),
          )
          .innerJoin('tenants', 'tenants.id', 'payouts.tenant_id')
          .select([
            'payouts.amount_cents',
            'payouts.currency',
            'payouts.status_reason',
            'events.title',
            'tenants.name',
            'tenants.default_locale',
          ])
          .where('payouts.tenant_id', '=', tenantId)
          .where('payouts.id', '=', payoutId)
          .where('payouts.status', '=', 'failed')
          .executeTakeFirst(),
      (to, payout) =>
        services.accountMail.payoutFailed(
          to,
          {
            organizerName: payout.name,
            eventTitle: payout.title[payout.default_locale] ?? Object.values(payout.title)[0] ?? '',
            amountCents: Number(payout.amount_cents),
            currency: payout.currency.trim(),
            reason: payout.status_reason ?? 'The bank refused the payout.',
          },
          `${services.config.adminUrl}/payouts`,
        ),
    );
  },
};
