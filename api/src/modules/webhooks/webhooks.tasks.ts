import { withDueWebhooks, withWebhookLogRetention } from '../../db/tenant.ts';
import { enqueueJob } from '../../worker/queue.ts';
import type { Tasks } from '../../worker/worker.ts';
import { tellManagers } from '../tenants/tell-managers.ts';
import * as repo from './webhooks.repository.ts';
import { deliveryJobKey } from './webhooks.requests.ts';
import { deliverDue } from './webhooks.sender.ts';

/** How long the delivery log (and each delivery's attempts) is kept. */
export const DELIVERY_LOG_DAYS = 30;
/** Overdue this long with no job sending them: the minutely check asks for one. */
const OVERDUE_SECONDS = 30;

export const webhookTasks: Tasks = {
  /** Sends an endpoint's due deliveries (the webhook worker runs it, apart from the other jobs). */
  async webhooks__deliver(payload, { services, signal, logger }) {
    const { tenantId, endpointId } = payload as { tenantId: string; endpointId: string };
    await deliverDue(services, tenantId, endpointId, signal, logger);
  },

  /**
   * Every minute: endpoints with deliveries overdue and no job sending them (a job lost with
   * its worker, a retry's wake-up that raced a new change) get one.
   */
  async webhooks__sweep(_payload, { services, logger }) {
    const overdue = await withDueWebhooks(services.db, (trx) => repo.overdueEndpoints(trx, OVERDUE_SECONDS));
    for (const { tenant_id: tenantId, endpoint_id: endpointId } of overdue) {
      await enqueueJob(
        services.db,
        'webhooks__deliver',
        { tenantId, endpointId },
        { jobKey: deliveryJobKey(endpointId) },
      );
    }
    if (overdue.length > 0) logger.info(`asked again for ${overdue.length} webhook endpoints' overdue deliveries`);
  },

  /** Daily: forgets deliveries and their attempts past keeping. */
  async webhooks__prune(_payload, { services, logger }) {
    const pruned = await withWebhookLogRetention(services.db, (trx) => repo.pruneDeliveries(trx, DELIVERY_LOG_DAYS));
    if (pruned > 0) logger.info(`pruned ${pruned} webhook deliveries past keeping`);
  },

  /** Tells the organizer's owners and admins that an endpoint was turned off, and why. */
  async webhooks__notify_disabled(payload, { services }) {
    const { tenantId, endpointId } = payload as { tenantId: string; endpointId: string };
    await tellManagers(
      services,
      tenantId,
      (ctx) =>
        ctx.trx
          .selectFrom('webhook_endpoints')
          .innerJoin('tenants', 'tenants.id', 'webhook_endpoints.tenant_id')
          .select(['webhook_endpoints.url', 'webhook_endpoints.disabled_reason', 'tenants.name'])
          .where('webhook_endpoints.tenant_id', '=', tenantId)
          .where('webhook_endpoints.id', '=', endpointId)
          .where('webhook_endpoints.enabled', '=', false)
          .executeTakeFirst(),
      (to, endpoint) =>
        services.accountMail.webhookEndpointDisabled(
          to,
          {
            organizerName: endpoint.name,
            url: endpoint.url,
            reason: endpoint.disabled_reason ?? 'Its deliveries kept failing.',
          },
          `${services.config.adminUrl}/settings/webhooks/${endpointId}`,
        ),
    );
  },
};
