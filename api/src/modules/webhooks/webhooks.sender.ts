import { randomUUID } from 'node:crypto';
import { type InTenant, runInTenantAsSystem, type Services } from '../../context.ts';
import type { Logger } from '../../lib/logger.ts';
import type { OutboundAnswer, OutboundProblem } from '../../lib/outbound-http.ts';
import { signWebhook } from '../../lib/webhook-signature.ts';
import { enqueueJob } from '../../worker/queue.ts';
import { presentChange } from '../changes/changes.service.ts';
import * as repo from './webhooks.repository.ts';
import { deliveryJobKey } from './webhooks.requests.ts';
import { messageIdOf, pingEnvelope } from './webhooks.service.ts';

/**
 * Sending an endpoint's due deliveries: one job per endpoint at a time (it holds the endpoint's
 * claim), a few requests in flight to it at once, no transaction open while a receiver answers.
 * A job stops taking new work after JOB_BUDGET_MS or JOB_MAX_DELIVERIES and asks for another, so
 * a backlog never holds a worker slot for long; the slots are the webhook worker's own (see
 * server.ts), so slow receivers never delay emails or holds either.
 */

/** Deliveries taken from the database at once. */
const BATCH = 50;
/** How long after taking a small batch the next is taken. */
const LINGER_MS = 100;
/** Requests in flight to one endpoint at once. */
const PARALLEL_PER_ENDPOINT = 8;
const JOB_BUDGET_MS = 2_000;
const JOB_MAX_DELIVERIES = 500;
/** Longer than a batch can take (a 15 s attempt, recording): a job that dies lets go after this. */
const CLAIM_SECONDS = 120;
export const ATTEMPT_TIMEOUT_MS = 15_000;
const EXCERPT_BYTES = 1024;
/** An endpoint whose attempts all failed this long is disabled. */
export const DISABLE_AFTER_DAYS = 5;
const JITTER = 0.2;

interface Sent {
  delivery: repo.DueDelivery;
  attemptedAt: Date;
  answer: OutboundAnswer | OutboundProblem;
}

export async function deliverDue(
  services: Services,
  tenantId: string,
  endpointId: string,
  signal: AbortSignal,
  logger: Logger,
): Promise<void> {
  const senderId = randomUUID();
  const started = performance.now();
  const claimNext = (ctx: InTenant) =>
    repo.claimDueDeliveries(ctx.trx, tenantId, endpointId, senderId, CLAIM_SECONDS, BATCH);
  let claim = await runInTenantAsSystem(services, tenantId, claimNext);
  let sent = 0;
  let idle = 0;
  for (;;) {
    // Another job is sending to it (and sees what is due once it lets go), or it is off or gone.
    if (!claim) return;
    if (claim.deliveries.length === 0) {
      // Let go, then look: a delivery committed after the look has a job that finds the endpoint free.
      const next = await runInTenantAsSystem(services, tenantId, async (ctx) => {
        await repo.releaseEndpoint(ctx.trx, tenantId, endpointId, senderId);
        return repo.nextDue(ctx.trx, tenantId, endpointId);
      });
      if (!next) return;
      if (next.dueNow && idle++ < 3) {
        claim = await runInTenantAsSystem(services, tenantId, claimNext);
        continue;
      }
      await wakeUpAt(services, tenantId, endpointId, next.at);
      return;
    }
    idle = 0;
    const claimedAt = performance.now();
    // Changes are pruned after 30 days like deliveries, but not in the same minute.
    const unsendable = claim.deliveries.filter((delivery) => delivery.change_id !== null && delivery.data === null);
    const sendable = claim.deliveries.filter((delivery) => !unsendable.includes(delivery));
    const results = await sendAll(services, claim.endpoint, endpointId, sendable);
    // A small batch waits a moment for more to arrive, so that recording it and taking the next is
    // one transaction for several deliveries rather than one each.
    if (claim.deliveries.length < BATCH) await settle(LINGER_MS - (performance.now() - claimedAt), signal);
    sent += results.length;
    const more = !signal.aborted && sent < JOB_MAX_DELIVERIES && performance.now() - started < JOB_BUDGET_MS;
    // What was sent is recorded and the next batch taken in one transaction.
    const outcome = await runInTenantAsSystem(services, tenantId, async (ctx) => {
      await repo.failDeliveries(
        ctx.trx,
        tenantId,
        unsendable.map((delivery) => delivery.id),
        'The change is no longer kept (changes are kept 30 days), so it cannot be sent.',
      );
      const stillOn = results.length === 0 || (await record(ctx, endpointId, claim?.endpoint.url ?? '', results));
      if (!stillOn) return { stillOn, next: null };
      if (!more) await repo.releaseEndpoint(ctx.trx, tenantId, endpointId, senderId);
      return { stillOn, next: more ? await claimNext(ctx) : null };
    });
    if (!outcome.stillOn) return;
    if (!more) {
      // Its time is up: another job goes on, so one endpoint's backlog never keeps a slot for long.
      await enqueueJob(
        services.db,
        'webhooks__deliver',
        { tenantId, endpointId },
        { jobKey: deliveryJobKey(endpointId) },
      );
      logger.debug({ endpointId, sent }, 'webhook delivery job used its budget; another continues');
      return;
    }
    claim = outcome.next;
  }
}

function settle(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal.addEventListener('abort', stop, { once: true });
  });
}

/** Asks for the endpoint's job at `at`, unless one is already waiting to run sooner. */
async function wakeUpAt(services: Services, tenantId: string, endpointId: string, at: Date): Promise<void> {
  await enqueueJob(
    services.db,
    'webhooks__deliver',
    { tenantId, endpointId },
    { jobKey: deliveryJobKey(endpointId), runAt: at, jobKeyMode: 'preserve_run_at' },
  );
}

async function sendAll(
  services: Services,
  endpoint: repo.ClaimedEndpoint,
  endpointId: string,
  deliveries: readonly repo.DueDelivery[],
): Promise<Sent[]> {
  const secrets = endpoint.previous_secret ? [endpoint.secret, endpoint.previous_secret] : [endpoint.secret];
  const results: Sent[] = new Array(deliveries.length);
  let next = 0;
  const lane = async () => {
    while (next < deliveries.length) {
      const index = next++;
      const delivery = deliveries[index] as repo.DueDelivery;
      const body = JSON.stringify(bodyOf(delivery, endpointId));
      const attemptedAt = new Date();
      // A new timestamp (and so a new signature) on every attempt, the same message id.
      const headers = signWebhook({ id: messageIdOf(delivery), timestamp: attemptedAt, body, secrets });
      const answer = await services.outbound.sendOutbound({
        url: endpoint.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        timeoutMs: ATTEMPT_TIMEOUT_MS,
        maxResponseBytes: EXCERPT_BYTES,
      });
      results[index] = { delivery, attemptedAt, answer };
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PER_ENDPOINT, deliveries.length) }, lane));
  return results;
}

function bodyOf(delivery: repo.DueDelivery, endpointId: string) {
  if (delivery.change_id === null) return pingEnvelope(delivery, endpointId);
  return presentChange({
    id: delivery.change_id,
    type: delivery.event_type,
    data: delivery.data ?? {},
    occurred_at: delivery.occurred_at ?? delivery.created_at,
  });
}

type Verdict = Pick<repo.AttemptOutcome, 'succeeded' | 'statusCode' | 'errorCode' | 'errorMessage' | 'excerpt'> & {
  gone: boolean;
};

function verdictOn(answer: OutboundAnswer | OutboundProblem, host: string): Verdict {
  if (!answer.ok) {
    return {
      succeeded: false,
      gone: false,
      statusCode: answer.kind === 'failed' ? (answer.status ?? null) : null,
      errorCode: answer.code,
      errorMessage: answer.message.slice(0, 1000),
      excerpt: '',
    };
  }
  const excerpt = answer.body.replaceAll('\u0000', '').slice(0, EXCERPT_BYTES);
  if (answer.status >= 200 && answer.status < 300) {
    return { succeeded: true, gone: false, statusCode: answer.status, errorCode: null, errorMessage: null, excerpt };
  }
  if (answer.status === 410) {
    return {
      succeeded: false,
      gone: true,
      statusCode: 410,
      errorCode: 'gone',
      errorMessage: `${host} answered 410 Gone: it wants no more deliveries, so the endpoint was turned off.`,
      excerpt,
    };
  }
  return {
    succeeded: false,
    gone: false,
    statusCode: answer.status,
    errorCode: 'unexpected_status',
    errorMessage: `${host} answered ${answer.status}; a delivery counts as received only with a 2xx answer.`,
    excerpt,
  };
}

/** When to try again after a failed attempt at `step` of the schedule (±20 %), or null when it is over. */
export function retryAfter(delaysMs: readonly number[], step: number, from: Date): Date | null {
  const delay = delaysMs[step];
  if (delay === undefined) return null;
  const jittered = delay * (1 - JITTER + Math.random() * 2 * JITTER);
  return new Date(from.getTime() + Math.round(jittered));
}

/**
 * Records what the receiver answered, moves each delivery on (done, or its next try), and
 * turns the endpoint off when it answered 410 Gone or has failed for five days, telling its
 * owners and admins. Answers whether the endpoint is still on.
 */
async function record(ctx: InTenant, endpointId: string, url: string, results: readonly Sent[]): Promise<boolean> {
  const host = new URL(url).host;
  const delays = ctx.services.config.webhookRetryDelaysMs;
  let gone = false;
  const outcomes = results.map(({ delivery, attemptedAt, answer }): repo.AttemptOutcome => {
    const verdict = verdictOn(answer, host);
    gone ||= verdict.gone;
    const retryAt = verdict.succeeded || verdict.gone ? null : retryAfter(delays, delivery.retry_step, new Date());
    return {
      deliveryId: delivery.id,
      attemptedAt,
      succeeded: verdict.succeeded,
      statusCode: verdict.statusCode,
      errorCode: verdict.errorCode,
      errorMessage: verdict.errorMessage,
      latencyMs: answer.latencyMs ?? 0,
      excerpt: verdict.excerpt,
      redelivery: delivery.redelivery,
      retryAt,
      retryStep: retryAt ? delivery.retry_step + 1 : delivery.retry_step,
    };
  });
  const { failingSince } = await repo.recordAttempts(ctx.trx, ctx.tenantId, endpointId, outcomes);
  let reason: string | null = null;
  if (gone) {
    reason = `${host} answered 410 Gone, asking for no more deliveries.`;
  } else if (failingSince && failingSince.getTime() <= Date.now() - DISABLE_AFTER_DAYS * 86_400_000) {
    reason = `Every delivery failed for ${DISABLE_AFTER_DAYS} days (since ${failingSince.toISOString().slice(0, 16).replace('T', ' ')} UTC).`;
  }
  if (!reason) return true;
  if (await repo.disableEndpoint(ctx.trx, ctx.tenantId, endpointId, reason)) {
    await repo.failPendingDeliveries(ctx.trx, ctx.tenantId, endpointId, 'The endpoint was turned off.');
    await enqueueJob(ctx.trx, 'webhooks__notify_disabled', { tenantId: ctx.tenantId, endpointId });
  }
  return false;
}
