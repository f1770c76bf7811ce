import { runInTenantAsSystem } from '../../context.ts';
import type { Tasks } from '../../worker/worker.ts';
import { offerReturnedSeats } from './waitlist.service.ts';

interface TierJob {
  tenantId: string;
  tierId: string;
}

export const waitlistTasks: Tasks = {
  /**
   * Tickets of a tier came back (a lapsed or cancelled hold, a refund, more stock, the waitlist
   * unpaused, someone joined): offer them to the people waiting, in line order.
   */
  async waitlist__offer_seats(payload, { services, logger }) {
    const { tenantId, tierId } = payload as TierJob;
    const run = await runInTenantAsSystem(services, tenantId, (ctx) => offerReturnedSeats(ctx, tierId));
    if (run.stopped === 'head_not_sellable') {
      logger.warn(
        { tierId, entryId: run.entryId, reason: run.reason, offered: run.offered },
        'the first person on the waitlist cannot be offered their tickets; the line waits for the organizer',
      );
    } else {
      logger.info({ tierId, offered: run.offered, stopped: run.stopped }, 'waitlist offers made');
    }
  },
};
