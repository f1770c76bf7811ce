import type { InTenant } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import type { Logger } from '../../lib/logger.ts';
import { enqueueJob } from '../../worker/queue.ts';

/**
 * Order confirmations go out in batches: paying records that the order's confirmation is due,
 * and one job per organizer sends everything due (`notifications__send_confirmations`). A job
 * per order cost every payment a queue insert, and in a rush those jobs fell minutes behind.
 */

/** Asks the worker for an organizer's due confirmations; a request still waiting absorbs this one. */
export function requestConfirmations(db: Db, tenantId: string): Promise<void> {
  return enqueueJob(
    db,
    'notifications__send_confirmations',
    { tenantId },
    { jobKey: `send-confirmations:${tenantId}` },
  );
}

export interface ConfirmationRequests {
  /** Confirmations of `tenantId` just fell due (call once the paying transaction has committed). */
  due(tenantId: string): void;
  /** Sends the requests still waiting, at shutdown; later ones are left to the minutely check. */
  flush(): Promise<void>;
}

// How long a request waits for more payments of the same organizer to join it.
const GATHER_MS = 200;

/**
 * Requests per organizer, at most one every 200 ms: a rush of payments becomes a few jobs, each
 * sending a batch. A request lost with this process (or failing) is made up by the recurring
 * `notifications__sweep_confirmations`, which finds confirmations left due for a minute.
 */
export function createConfirmationRequests(db: Db, logger: Logger): ConfirmationRequests {
  const gathering = new Map<string, NodeJS.Timeout>();
  const sending = new Set<Promise<void>>();
  let closed = false;
  const send = (tenantId: string) => {
    gathering.delete(tenantId);
    const request = requestConfirmations(db, tenantId)
      .catch((error: unknown) => {
        logger.error({ err: error, tenantId }, 'could not ask for order confirmations; the minutely check will');
      })
      .finally(() => sending.delete(request));
    sending.add(request);
  };
  return {
    due(tenantId) {
      if (closed || gathering.has(tenantId)) return;
      gathering.set(tenantId, setTimeout(send, GATHER_MS, tenantId).unref());
    },
    async flush() {
      closed = true;
      for (const [tenantId, timer] of gathering) {
        clearTimeout(timer);
        send(tenantId);
      }
      await Promise.all(sending);
    },
  };
}

/** Records in the paying transaction that the order's confirmation is due. */
export async function confirmationDue(ctx: InTenant, orderId: string): Promise<void> {
  await ctx.trx.insertInto('order_confirmations').values({ tenant_id: ctx.tenantId, order_id: orderId }).execute();
  ctx.afterCommit(() => ctx.services.confirmations.due(ctx.tenantId));
}
