import Stripe from 'stripe';
import type { StripeConfig } from '../../config.ts';
import type {
  PaymentAttempt,
  PaymentProvider,
  PaymentRequest,
  PaymentState,
  RefundRequest,
  SettledPayment,
} from './payment-provider.ts';

/** The Stripe client, pointed at `apiBase` when set (stripe-mock, or the tests' local server). */
export function createStripeClient(config: StripeConfig): Stripe {
  return new Stripe(config.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'Access Plus' },
    ...(config.apiBase ?? {}),
  });
}

const STILL_OPEN = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action']);

function settled(intent: Stripe.PaymentIntent): SettledPayment {
  const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  const balance = charge && typeof charge.balance_transaction === 'object' ? charge.balance_transaction : null;
  const destination = intent.transfer_data?.destination;
  return {
    reference: intent.id,
    amountCents: intent.amount_received ?? intent.amount,
    testMode: !intent.livemode,
    processorFeeCents: balance?.fee ?? 0,
    applicationFeeCents: intent.application_fee_amount ?? 0,
    destinationAccount: typeof destination === 'string' ? destination : (destination?.id ?? null),
  };
}

/**
 * Cards, Apple Pay and Google Pay through PaymentIntents with automatic payment methods. When the
 * organizer's Express account may take charges, the charge is a destination charge: the money
 * lands in the organizer's Stripe balance (paid out on our schedule, see payouts) and the
 * platform's service fee is the application fee. Every write carries an idempotency key, so a
 * retried request never charges or refunds twice.
 */
export function createStripePaymentProvider(stripe: Stripe, config: StripeConfig): PaymentProvider {
  const retrieve = (id: string) =>
    stripe.paymentIntents.retrieve(id, { expand: ['latest_charge.balance_transaction'] });

  function attempt(intent: Stripe.PaymentIntent): PaymentAttempt | null {
    if (intent.status === 'succeeded') return { status: 'succeeded', payment: settled(intent) };
    if (STILL_OPEN.has(intent.status) || intent.status === 'processing') {
      return {
        status: 'requires_action',
        reference: intent.id,
        clientSecret: intent.client_secret ?? '',
        publishableKey: config.publishableKey,
      };
    }
    return null;
  }

  return {
    name: 'stripe',
    testMode: config.secretKey.startsWith('sk_test_') || config.secretKey.startsWith('rk_test_'),
    async startPayment(request: PaymentRequest): Promise<PaymentAttempt> {
      let retry = '';
      if (request.existingReference) {
        const existing = await retrieve(request.existingReference);
        const resumed = existing.amount === request.amountCents ? attempt(existing) : null;
        if (resumed) return resumed;
        retry = `:after:${existing.id}`;
      }
      const intent = await stripe.paymentIntents.create(
        {
          amount: request.amountCents,
          currency: request.currency.toLowerCase(),
          automatic_payment_methods: { enabled: true },
          description: `Order ${request.orderNumber}`,
          receipt_email: request.buyerEmail,
          metadata: { tenant_id: request.tenantId, order_id: request.orderId, order_number: request.orderNumber },
          ...(request.destinationAccount
            ? {
                application_fee_amount: request.applicationFeeCents,
                transfer_data: { destination: request.destinationAccount },
              }
            : {}),
        },
        { idempotencyKey: `order:${request.orderId}:payment${retry}` },
      );
      return (
        attempt(intent) ?? {
          status: 'declined',
          declineCode: 'payment_unavailable',
          message: 'The card payment could not be started. Try again in a moment.',
        }
      );
    },
    async paymentState(reference: string): Promise<PaymentState | null> {
      const intent = await retrieve(reference);
      const tenantId = intent.metadata.tenant_id;
      const orderId = intent.metadata.order_id;
      if (!tenantId || !orderId) return null;
      if (intent.status === 'succeeded') return { tenantId, orderId, status: 'succeeded', payment: settled(intent) };
      if (intent.status === 'canceled') return { tenantId, orderId, status: 'canceled', message: null };
      const failure = intent.last_payment_error?.message ?? null;
      return { tenantId, orderId, status: failure ? 'failed' : 'pending', message: failure };
    },
    async refund(request: RefundRequest) {
      // Stripe would give back the application fee in proportion to the amount; the platform
      // gives back its fee on the refunded lines instead, so a refunded donation costs it nothing.
      const refund = await stripe.refunds.create(
        {
          payment_intent: request.chargeReference,
          amount: request.amountCents,
          metadata: { tenant_id: request.tenantId, order_id: request.orderId },
          ...(request.destinationAccount ? { reverse_transfer: true, refund_application_fee: false } : {}),
        },
        { idempotencyKey: request.idempotencyKey },
      );
      if (request.destinationAccount && request.applicationFeeCents > 0) {
        const charge = await stripe.charges.retrieve(
          typeof refund.charge === 'string' ? refund.charge : (refund.charge?.id ?? ''),
        );
        const fee = typeof charge.application_fee === 'string' ? charge.application_fee : charge.application_fee?.id;
        if (fee) {
          await stripe.applicationFees.createRefund(
            fee,
            { amount: request.applicationFeeCents, metadata: { refund: refund.id } },
            { idempotencyKey: `${request.idempotencyKey}:application-fee` },
          );
        }
      }
      return { reference: refund.id };
    },
  };
}
