import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeStripe, startFakeStripe } from './stripe-server.ts';

/** The real SDK against the fake: the shapes and refusals our code relies on. */

let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  stripe = new Stripe(fake.secretKey, { ...fake.sdkConfig, maxNetworkRetries: 0 });
});

afterAll(async () => {
  await fake.close();
});

async function onboardedAccount(): Promise<string> {
  const account = await stripe.accounts.create({ type: 'express', country: 'US', email: 'org@example.org' });
  fake.updateAccount(account.id, { charges_enabled: true, payouts_enabled: true, details_submitted: true });
  return account.id;
}

async function paidDestinationCharge(destination: string, amount = 2000) {
  const intent = await stripe.paymentIntents.create({
    amount,
    currency: 'usd',
    automatic_payment_methods: { enabled: true },
    application_fee_amount: 200,
    transfer_data: { destination },
    metadata: { order_id: 'ord_1' },
  });
  await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
  return stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge.balance_transaction'] });
}

const eventsOf = (type: string) => fake.events.filter((event) => event.type === type);

describe('payment intents', () => {
  it('confirms a destination charge with Stripe fee, transfer and application fee', async () => {
    const destination = await onboardedAccount();
    const intent = await paidDestinationCharge(destination);

    expect(intent).toMatchObject({ status: 'succeeded', amount_received: 2000, metadata: { order_id: 'ord_1' } });
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_`));
    const charge = intent.latest_charge as Stripe.Charge;
    const txn = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(txn).toMatchObject({ object: 'balance_transaction', amount: 2000, fee: 88, net: 1912, type: 'charge' });
    expect(fake.objects.get(charge.transfer as string)).toMatchObject({ amount: 2000, destination });
    const balance = await stripe.balance.retrieve({}, { stripeAccount: destination });
    expect(balance.available).toEqual([{ amount: 1800, currency: 'usd', source_types: { card: 1800 } }]);

    const created = fake.requests.find((request) => request.path === '/v1/payment_intents');
    expect(created?.body).toMatchObject({
      amount: '2000',
      transfer_data: { destination },
      automatic_payment_methods: { enabled: 'true' },
    });
    const succeeded = eventsOf('payment_intent.succeeded').at(-1);
    expect(succeeded).toMatchObject({ api_version: Stripe.API_VERSION, data: { object: { id: intent.id } } });
    expect(succeeded?.request.id).toMatch(/^req_/);
    expect(eventsOf('charge.succeeded').at(-1)?.data.object.id).toBe(charge.id);
  });

  it('answers a declined card with a 402 card error and a payment_failed event', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd' });
    const declined = stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' });
    await expect(declined).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    await expect(declined).rejects.toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error?.code).toBe('card_declined');
    expect(eventsOf('payment_intent.payment_failed').at(-1)?.data.object.id).toBe(intent.id);
  });

  it('replays an idempotent create and refuses the key with other parameters', async () => {
    const params = { amount: 1000, currency: 'usd' };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-42' });
    const count = fake.objects.size;
    const second = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-42' });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(fake.objects.size).toBe(count);
    await expect(
      stripe.paymentIntents.create({ ...params, amount: 1100 }, { idempotencyKey: 'order-42' }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(fake.requests.at(-1)?.idempotencyKey).toBe('order-42');
  });

  it('refunds part, reverses the transfer, then refuses an over-refund', async () => {
    const destination = await onboardedAccount();
    const intent = await paidDestinationCharge(destination);
    const refund = await stripe.refunds.create({
      payment_intent: intent.id,
      amount: 500,
      reverse_transfer: true,
      refund_application_fee: true,
      metadata: { reason_code: 'seat_moved' },
    });
    expect(refund).toMatchObject({ object: 'refund', status: 'succeeded', amount: 500, payment_intent: intent.id });
    expect(refund.transfer_reversal).toMatch(/^trr_/);
    const charge = await stripe.charges.retrieve(refund.charge as string);
    expect(charge).toMatchObject({ amount_refunded: 500, refunded: false });
    // 1800 after the fee, −500 reversed, +50 of the fee given back.
    const balance = await stripe.balance.retrieve({}, { stripeAccount: destination });
    expect(balance.available[0]?.amount).toBe(1350);

    const over = stripe.refunds.create({ payment_intent: intent.id, amount: 1600 });
    await expect(over).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(over).rejects.toThrow('Refund amount ($16.00) is greater than unrefunded amount on charge ($15.00)');
    expect(eventsOf('charge.refunded').at(-1)?.data.object.amount_refunded).toBe(500);
  });

  it('gives back a chosen part of the application fee, and no more than is left of it', async () => {
    const destination = await onboardedAccount();
    const intent = await paidDestinationCharge(destination);
    const refund = await stripe.refunds.create({
      payment_intent: intent.id,
      amount: 500,
      reverse_transfer: true,
      refund_application_fee: false,
    });
    const charge = await stripe.charges.retrieve(refund.charge as string);
    const feeRefund = await stripe.applicationFees.createRefund(charge.application_fee as string, { amount: 120 });
    expect(feeRefund).toMatchObject({ object: 'fee_refund', amount: 120, fee: charge.application_fee });
    // 1800 after the fee, −500 reversed, +120 of the fee given back; the platform's earning shrinks by as much.
    expect(fake.balance(destination)).toBe(1420);
    expect(fake.objects.get(charge.application_fee as string)).toMatchObject({ amount_refunded: 120, refunded: false });
    const over = stripe.applicationFees.createRefund(charge.application_fee as string, { amount: 81 });
    await expect(over).rejects.toThrow('Refund amount ($0.81) is greater than unrefunded amount on fee ($0.80)');
  });
});

describe('connected accounts', () => {
  it('refuses payouts until the account is enabled, and holds them to its balance', async () => {
    const account = await stripe.accounts.create({
      type: 'express',
      country: 'US',
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
      settings: { payouts: { schedule: { interval: 'weekly', weekly_anchor: 'monday' } } },
      metadata: { tenant_id: 't1' },
    });
    expect(account).toMatchObject({ charges_enabled: false, payouts_enabled: false, metadata: { tenant_id: 't1' } });
    expect(account.requirements?.currently_due).toContain('external_account');
    const link = await stripe.accountLinks.create({
      account: account.id,
      refresh_url: 'https://example.org/r',
      return_url: 'https://example.org/done',
      type: 'account_onboarding',
    });
    expect(link.url).toBe(`${fake.url}/connect/onboarding/${account.id}`);

    await expect(stripe.transfers.create({ amount: 1000, currency: 'usd', destination: account.id })).rejects.toThrow(
      /needs to have at least one of the following capabilities/,
    );
    await expect(
      stripe.payouts.create({ amount: 100, currency: 'usd' }, { stripeAccount: account.id }),
    ).rejects.toMatchObject({ code: 'payouts_not_allowed', statusCode: 400 });

    fake.updateAccount(account.id, { charges_enabled: true, payouts_enabled: true, details_submitted: true });
    const updated = eventsOf('account.updated').at(-1);
    expect(updated).toMatchObject({ account: account.id, data: { previous_attributes: { payouts_enabled: false } } });
    expect((await stripe.accounts.retrieve(account.id)).requirements?.currently_due).toEqual([]);

    await stripe.transfers.create({ amount: 1000, currency: 'usd', destination: account.id, transfer_group: 'ev_1' });
    const payout = await stripe.payouts.create(
      { amount: 600, currency: 'usd', metadata: { run: 'r1' } },
      { stripeAccount: account.id },
    );
    expect(payout).toMatchObject({ object: 'payout', status: 'pending', amount: 600, metadata: { run: 'r1' } });
    expect(payout.destination).toMatch(/^ba_/);
    expect(fake.requests.at(-1)?.stripeAccount).toBe(account.id);
    await expect(
      stripe.payouts.create({ amount: 600, currency: 'usd' }, { stripeAccount: account.id }),
    ).rejects.toThrow(/insufficient funds/);

    fake.settlePayout(payout.id, 'paid');
    expect(eventsOf('payout.paid').at(-1)).toMatchObject({ account: account.id, data: { object: { status: 'paid' } } });
  });
});

describe('billing', () => {
  it('runs a subscription checkout, then updates and cancels the subscription', async () => {
    const price = await stripe.prices.create({
      unit_amount: 4900,
      currency: 'usd',
      recurring: { interval: 'month' },
      product_data: { name: 'Pro' },
      lookup_key: 'pro_monthly',
    });
    const yearly = await stripe.prices.create({
      unit_amount: 49000,
      currency: 'usd',
      recurring: { interval: 'year' },
      product_data: { name: 'Pro yearly' },
    });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'owner@example.org',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://example.org/ok?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://example.org/cancel',
      client_reference_id: 'tenant_1',
      subscription_data: { metadata: { tenant_id: 'tenant_1' } },
    });
    expect(session).toMatchObject({ status: 'open', subscription: null, url: `${fake.url}/checkout/${session.id}` });
    expect(fake.requests.at(-1)?.body).toMatchObject({ line_items: [{ price: price.id, quantity: '1' }] });

    fake.completeCheckoutSession(session.id);
    const completed = await stripe.checkout.sessions.retrieve(session.id);
    expect(completed.status).toBe('complete');
    const subscription = await stripe.subscriptions.retrieve(completed.subscription as string);
    expect(subscription).toMatchObject({
      status: 'active',
      customer: completed.customer,
      metadata: { tenant_id: 'tenant_1' },
      cancel_at_period_end: false,
    });
    const item = subscription.items.data[0];
    expect(item?.price.id).toBe(price.id);
    expect(item?.current_period_end).toBeGreaterThan(subscription.start_date);
    expect(eventsOf('checkout.session.completed').at(-1)?.data.object.client_reference_id).toBe('tenant_1');

    const switched = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: item?.id, price: yearly.id }],
      proration_behavior: 'create_prorations',
      cancel_at_period_end: true,
    });
    expect(switched.items.data[0]?.price.id).toBe(yearly.id);
    expect(switched.cancel_at_period_end).toBe(true);
    expect(eventsOf('customer.subscription.updated').at(-1)?.data.previous_attributes).toMatchObject({
      cancel_at_period_end: false,
    });

    fake.updateSubscription(subscription.id, { status: 'past_due' });
    expect(eventsOf('customer.subscription.updated').at(-1)?.data.object.status).toBe('past_due');
    const canceled = await stripe.subscriptions.cancel(subscription.id);
    expect(canceled.status).toBe('canceled');
    expect(eventsOf('customer.subscription.deleted').at(-1)?.data.object.id).toBe(subscription.id);

    const portal = await stripe.billingPortal.sessions.create({
      customer: completed.customer as string,
      return_url: 'https://example.org/billing',
    });
    expect(portal.url).toBe(`${fake.url}/billing/${completed.customer}`);
  });
});

describe('webhooks, disputes and errors', () => {
  it('signs deliveries that constructEvent accepts, and only with the right secret', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 700, currency: 'usd' });
    fake.confirmPaymentIntent(intent.id);
    const event = eventsOf('payment_intent.succeeded').at(-1);
    if (!event) throw new Error('no payment_intent.succeeded event');
    expect(event.request).toEqual({ id: null, idempotency_key: null });
    const { payload, headers } = fake.signedDelivery(event);
    const signature = headers['stripe-signature'] ?? '';
    const verified = Stripe.webhooks.constructEvent(payload, signature, fake.webhookSecret);
    expect(verified).toMatchObject({
      id: event.id,
      type: 'payment_intent.succeeded',
      data: { object: { id: intent.id } },
    });
    expect(() => Stripe.webhooks.constructEvent(payload, signature, 'whsec_wrong')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    const stale = fake.signedDelivery(event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(() =>
      Stripe.webhooks.constructEvent(stale.payload, stale.headers['stripe-signature'] ?? '', fake.webhookSecret),
    ).toThrow(/tolerance/);
  });

  it('opens and closes disputes with their balance transactions', async () => {
    const intent = await paidDestinationCharge(await onboardedAccount(), 3000);
    const chargeId = (intent.latest_charge as Stripe.Charge).id;
    const opened = fake.openDispute(chargeId, 'product_not_received');
    expect(eventsOf('charge.dispute.created').at(-1)?.data.object.id).toBe(opened.id);
    expect((await stripe.charges.retrieve(chargeId)).disputed).toBe(true);

    let dispute = await stripe.disputes.retrieve(opened.id);
    expect(dispute).toMatchObject({ status: 'needs_response', amount: 3000, reason: 'product_not_received' });
    expect(dispute.balance_transactions).toMatchObject([{ amount: -3000, fee: 1500, net: -4500 }]);

    fake.closeDispute(opened.id, 'won');
    dispute = await stripe.disputes.retrieve(opened.id);
    expect(dispute.status).toBe('won');
    expect(dispute.balance_transactions[1]).toMatchObject({ amount: 3000, fee: -1500, net: 4500 });
    expect(eventsOf('charge.dispute.closed').at(-1)?.data.object.status).toBe('won');
  });

  it('answers a wrong key with 401 and a missing object with 404, always with a request id', async () => {
    const stranger = new Stripe('sk_test_someone_else', { ...fake.sdkConfig, maxNetworkRetries: 0 });
    await expect(stranger.customers.create({ email: 'x@example.org' })).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
    const missing = stripe.paymentIntents.retrieve('pi_x');
    await expect(missing).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: "No such payment_intent: 'pi_x'",
    });
    const response = await fetch(`${fake.url}/v1/nothing`, { headers: { authorization: `Bearer ${fake.secretKey}` } });
    expect(response.status).toBe(404);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});
