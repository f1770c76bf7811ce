import { sql } from 'kysely';
import type Stripe from 'stripe';
import { type InTenant, runInTenantAsSystem, type Services } from '../../context.ts';
import { withStripeRouting } from '../../db/tenant.ts';
import { badRequest } from '../../lib/errors.ts';
import { unstorableText } from '../../lib/storable-text.ts';
import { enqueueJob } from '../../worker/queue.ts';

/**
 * Stripe webhook events: verified, stored once, processed once. Stripe may deliver an event
 * several times and in any order, so an event is stored under its id (a repeat only counts the
 * delivery), processed by a job, and each handler re-reads the objects it acts on from Stripe
 * instead of trusting the event's snapshot: whichever event arrives last, the effect is built from
 * the objects' current state, and marking the event processed happens in the same transaction as
 * the effect.
 */

/** Acts on one event type. Reports what it did; `applyOnce` and `ignore` record that. */
export type StripeEventHandler = (services: Services, event: Stripe.Event) => Promise<void>;

/** How far Stripe's signature timestamp may be from now (Stripe's own default). */
const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Verifies a delivery's signature on its raw body; a forged, stale or garbled one is a 400. The
 * SDK refuses only timestamps too far in the past, so one dated in the future (a replay prepared
 * ahead, or a clock far off) is refused here as well.
 */
export function verifyStripeEvent(
  stripe: Stripe,
  webhookSecret: string,
  rawBody: Buffer,
  signature: string | undefined,
): Stripe.Event {
  if (!signature) throw badRequest('missing_signature', 'The Stripe-Signature header is missing.');
  const invalid = () =>
    badRequest(
      'invalid_signature',
      'The Stripe-Signature header does not match this body, or its time is more than five minutes from now.',
    );
  const signedAt = Number(/(?:^|,)\s*t=(\d{1,12})(?:,|$)/.exec(signature)?.[1]);
  if (!Number.isFinite(signedAt) || signedAt - Date.now() / 1000 > SIGNATURE_TOLERANCE_SECONDS) throw invalid();
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(rawBody, signature, webhookSecret, SIGNATURE_TOLERANCE_SECONDS);
  } catch {
    throw invalid();
  }
  // Signed by the holder of the secret, but still only text: what is stored must be an event.
  const looksLikeEvent =
    event !== null &&
    typeof event === 'object' &&
    typeof event.id === 'string' &&
    /^evt_\w{1,250}$/.test(event.id) &&
    typeof event.type === 'string' &&
    event.type.length <= 100 &&
    Number.isSafeInteger(event.created) &&
    unstorableText(event).length === 0;
  if (!looksLikeEvent)
    throw badRequest(
      'invalid_event',
      'The body is not a Stripe event: it needs an evt_ id, a type and a creation time.',
    );
  return event;
}

/** Stores a verified event and queues its processing; a repeated delivery only counts itself. */
export async function receiveStripeEvent(services: Services, event: Stripe.Event): Promise<{ duplicate: boolean }> {
  return services.db.transaction().execute(async (trx) => {
    const stored = await trx
      .insertInto('stripe_events')
      .values({
        id: event.id,
        type: event.type,
        account: event.account ?? null,
        livemode: event.livemode,
        created_at: new Date(event.created * 1000),
        payload: JSON.stringify(event),
      })
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ deliveries: eb('stripe_events.deliveries', '+', 1) })))
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .executeTakeFirstOrThrow();
    if (stored.inserted) {
      await enqueueJob(trx, 'payments__process_stripe_event', { eventId: event.id }, { jobKey: `stripe:${event.id}` });
    }
    return { duplicate: !stored.inserted };
  });
}

/**
 * Applies an event's effect inside `tenantId` exactly once: the event row is locked, skipped if
 * already processed, and marked processed in the same transaction as `work`'s changes.
 */
export async function applyOnce(
  services: Services,
  eventId: string,
  tenantId: string,
  work: (ctx: InTenant) => Promise<string>,
): Promise<void> {
  await runInTenantAsSystem(services, tenantId, async (ctx) => {
    const row = await ctx.trx
      .selectFrom('stripe_events')
      .select('processed_at')
      .where('id', '=', eventId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.processed_at) return;
    const outcome = await work(ctx);
    await ctx.trx
      .updateTable('stripe_events')
      .set({ processed_at: new Date(), outcome })
      .where('id', '=', eventId)
      .execute();
  });
}

/** Marks an event that concerns nothing of ours (or nothing to do) as processed, saying why. */
export async function ignore(services: Services, eventId: string, outcome: string): Promise<void> {
  await services.db
    .updateTable('stripe_events')
    .set({ processed_at: new Date(), outcome })
    .where('id', '=', eventId)
    .where('processed_at', 'is', null)
    .execute();
}

/** The organizer a connected account belongs to, if any. */
export function tenantOfAccount(services: Services, accountId: string): Promise<string | null> {
  return withStripeRouting(services.db, async (trx) => {
    const row = await trx
      .selectFrom('stripe_accounts')
      .select('tenant_id')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row?.tenant_id ?? null;
  });
}

/** The organizer a Billing customer belongs to, if any. */
export function tenantOfCustomer(services: Services, customerId: string): Promise<string | null> {
  return withStripeRouting(services.db, async (trx) => {
    const row = await trx
      .selectFrom('plan_subscriptions')
      .select('tenant_id')
      .where('stripe_customer_id', '=', customerId)
      .executeTakeFirst();
    return row?.tenant_id ?? null;
  });
}
