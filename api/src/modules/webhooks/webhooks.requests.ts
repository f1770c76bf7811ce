import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Logger } from '../../lib/logger.ts';

/**
 * Asking for an endpoint's delivery job once changes commit. A job request inside every paying
 * transaction cost it a queue insert, a notification and a wait on the job row that every
 * concurrent sale for the same endpoint updates; and a request while the endpoint's job was
 * already sending started a second job only to find the endpoint taken. So the transaction
 * records the deliveries (which is what must not be lost) and this asks for the job afterwards,
 * at most once every GATHER_MS per endpoint (a burst of sales becomes one request), and not at
 * all while a job is sending to it (`app.request_webhook_delivery`, migration 0025). A request
 * lost with its process is made up by the minutely `webhooks__sweep`.
 */
export interface DeliveryRequests {
  /** Deliveries to `endpointId` just fell due (call once their transaction has committed). */
  due(tenantId: string, endpointId: string): void;
  /** Sends the requests still waiting, at shutdown. */
  flush(): Promise<void>;
}

// How long a request waits for more changes to the same endpoint to join it.
const GATHER_MS = 200;

export function createDeliveryRequests(db: Db, logger: Logger): DeliveryRequests {
  const gathering = new Map<string, { tenantId: string; timer: NodeJS.Timeout }>();
  const sending = new Set<Promise<void>>();
  let closed = false;
  const send = (endpointId: string) => {
    const waiting = gathering.get(endpointId);
    if (!waiting) return;
    gathering.delete(endpointId);
    const request = sql`select app.request_webhook_delivery(${waiting.tenantId}::uuid, ${endpointId}::uuid)`
      .execute(db)
      .then(() => undefined)
      .catch((error: unknown) => {
        logger.error({ err: error, endpointId }, 'could not ask for webhook deliveries; the minutely check will');
      })
      .finally(() => sending.delete(request));
    sending.add(request);
  };
  return {
    due(tenantId, endpointId) {
      if (closed || gathering.has(endpointId)) return;
      gathering.set(endpointId, { tenantId, timer: setTimeout(send, GATHER_MS, endpointId).unref() });
    },
    async flush() {
      closed = true;
      for (const [endpointId, { timer }] of gathering) {
        clearTimeout(timer);
        send(endpointId);
      }
      await Promise.all(sending);
    },
  };
}

/** One waiting job per endpoint: requests while one waits are absorbed by it (the same key as in migration 0025). */
export function deliveryJobKey(endpointId: string): string {
  return `webhooks:${endpointId}`;
}
