import type { Tx } from '../../db/tenant.ts';
import { plansAllowing } from '../billing/plans.ts';
import { PUBLISHED_CHANGE_TYPES } from '../changes/changes.catalog.ts';
import type { ChangeReactor } from '../changes/changes.service.ts';
import * as repo from './webhooks.repository.ts';

const WEBHOOK_PLANS = plansAllowing('webhooks');

/**
 * What a transaction has learnt about the organizer's endpoints: none enabled (so its further
 * changes skip the query), or which endpoints' jobs it has already asked for.
 */
const seen = new WeakMap<Tx, { none: boolean; requested: Set<string> }>();

/**
 * Every published change goes to the organizer's enabled endpoints that want its type, as one
 * delivery each, made in the transaction that records the change: it is sent if and only if the
 * change commits. This runs inside every payment, so it costs one indexed query (none after the
 * first, when the organizer has no endpoint); the endpoints' jobs are asked for once it commits.
 */
export const webhooksReactor: ChangeReactor = {
  name: 'webhooks',
  types: PUBLISHED_CHANGE_TYPES,
  async react(ctx, change, changeId) {
    if (changeId === null) return;
    const known = seen.get(ctx.trx) ?? { none: false, requested: new Set<string>() };
    if (known.none) return;
    const { enabled, endpointIds } = await repo.fanOut(
      ctx.trx,
      ctx.tenantId,
      { id: changeId, type: change.type },
      WEBHOOK_PLANS,
    );
    if (enabled === 0) known.none = true;
    seen.set(ctx.trx, known);
    for (const endpointId of endpointIds) {
      if (known.requested.has(endpointId)) continue;
      known.requested.add(endpointId);
      ctx.afterCommit(() => ctx.services.webhookRequests.due(ctx.tenantId, endpointId));
    }
  },
};
