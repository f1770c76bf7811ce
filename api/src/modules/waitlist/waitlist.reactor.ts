import type { Change, ChangeReactor } from '../changes/changes.service.ts';
import * as repo from './waitlist.repository.ts';
import { announceReturnedSeats, closeWaitlistOfDeletedTier } from './waitlist.service.ts';

/**
 * The waitlist follows what happens to orders and tiers, in the transaction that changes them:
 * an offer paid is claimed, an offer lapsed or cancelled is over, a deleted tier's line closes,
 * and seats that come back are
 * offered to the people waiting before anyone outside the line can buy them.
 */
export const waitlistReactor: ChangeReactor = {
  name: 'waitlist',
  types: ['order.paid', 'order.expired', 'order.cancelled', 'order.refunded', 'tier.updated', 'tier.deleted'],
  async react(ctx, change: Change) {
    switch (change.type) {
      case 'order.paid': {
        const { waitlist_entry_id } = (change as Change<'order.paid'>).data;
        if (waitlist_entry_id) await repo.markClaimed(ctx.trx, ctx.tenantId, waitlist_entry_id);
        return;
      }
      case 'order.expired':
      case 'order.cancelled': {
        const { waitlist_entry_id, returned_tier_ids } = (change as Change<'order.expired'>).data;
        if (waitlist_entry_id) await repo.markOfferExpired(ctx.trx, ctx.tenantId, waitlist_entry_id);
        await announceReturnedSeats(ctx, returned_tier_ids);
        return;
      }
      case 'order.refunded': {
        const { reason, returned_tier_ids } = (change as Change<'order.refunded'>).data;
        // A cancelled event's seats are for nobody.
        if (reason !== 'event_cancelled') await announceReturnedSeats(ctx, returned_tier_ids);
        return;
      }
      case 'tier.deleted':
        await closeWaitlistOfDeletedTier(ctx, change.subjectId);
        return;
      case 'tier.updated': {
        const { id, seats_added } = (change as Change<'tier.updated'>).data;
        if (seats_added) await announceReturnedSeats(ctx, [id]);
        return;
      }
    }
  },
};
