import { expect } from 'vitest';
import { as, type Organizer, signUpOrganizer, startTestApp, type TestApp, until } from './app.ts';
import { type FakeStripe, type StripeObject, startFakeStripe } from './stripe-server.ts';

/** The API wired to the fake Stripe server, as it runs with Stripe's keys, and helpers that drive both. */
export interface StripeTestApp {
  t: TestApp;
  stripe: FakeStripe;
  /** Delivers a Stripe event to the webhook, signed as Stripe signs it. */
  deliver(event: StripeObject): Promise<void>;
  /** Waits until the worker has processed these events. */
  processed(ids: string[]): Promise<void>;
  /** The latest event of `type`, about the object `about` when given. */
  lastEvent(type: string, about?: string): StripeObject;
  /** An organizer whose Stripe Express account has finished onboarding and may take charges. */
  connectedOrganizer(): Promise<Organizer & { account: string }>;
  /** Pays a held order in Stripe's Payment Element and delivers `payment_intent.succeeded`; returns the intent's id. */
  payByCard(slug: string, order: { id: string; token: string }): Promise<string>;
  stop(): Promise<void>;
}

export async function startStripeTestApp(): Promise<StripeTestApp> {
  const stripe = await startFakeStripe();
  const t = await startTestApp({
    stripe: {
      secretKey: stripe.secretKey,
      publishableKey: 'pk_test_local',
      webhookSecret: stripe.webhookSecret,
      proPriceId: undefined,
      apiBase: stripe.sdkConfig,
    },
    payoutSettlementDays: 0,
  });

  async function deliver(event: StripeObject) {
    const { payload, headers } = stripe.signedDelivery(event);
    const response = await t.app.inject({ method: 'POST', url: '/v1/webhooks/stripe', headers, payload });
    expect(response.statusCode, response.body).toBe(200);
  }

  async function processed(ids: string[]) {
    await until(
      async () => {
        const { rows } = await t.admin.query<{ n: number }>(
          'select count(*)::int as n from stripe_events where id = any($1) and processed_at is not null',
          [ids],
        );
        return rows[0]?.n === new Set(ids).size;
      },
      15_000,
      `${ids.length} Stripe events to be processed`,
    );
  }

  function lastEvent(type: string, about?: string): StripeObject {
    const found = stripe.events.filter((e) => e.type === type && (!about || e.data.object.id === about)).at(-1);
    if (!found) throw new Error(`no ${type} event`);
    return found;
  }

  async function connectedOrganizer() {
    const organizer = await signUpOrganizer(t.app);
    const link = await as(t.app, organizer.token).post('/v1/organizer/payout-account/onboarding-links', {
      return_url: 'https://admin.example.test/payouts',
      refresh_url: 'https://admin.example.test/payouts?again=1',
    });
    expect(link.statusCode, link.body).toBe(201);
    const account = (await as(t.app, organizer.token).get('/v1/organizer/payout-account')).json().account_id as string;
    stripe.updateAccount(account, {
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
      requirements: { currently_due: [], disabled_reason: null },
    });
    const event = lastEvent('account.updated', account);
    await deliver(event);
    await processed([event.id]);
    return { ...organizer, account };
  }

  async function payByCard(slug: string, order: { id: string; token: string }) {
    const started = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${slug}/orders/${order.id}/pay?token=${encodeURIComponent(order.token)}`,
      payload: { method: 'card' },
    });
    expect(started.statusCode, started.body).toBe(200);
    const intent = (started.json().payment_action.client_secret as string).split('_secret_')[0] as string;
    stripe.confirmPaymentIntent(intent, 'pm_card_visa');
    const succeeded = lastEvent('payment_intent.succeeded', intent);
    await deliver(succeeded);
    await processed([succeeded.id]);
    return intent;
  }

  return {
    t,
    stripe,
    deliver,
    processed,
    lastEvent,
    connectedOrganizer,
    payByCard,
    async stop() {
      await t.stop();
      await stripe.close();
    },
  };
}
