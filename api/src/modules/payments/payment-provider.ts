/**
 * How money is taken and given back, whoever the processor is. The test provider charges a card
 * number at once; Stripe takes the card in the buyer's browser (the Payment Element confirms a
 * PaymentIntent we created), so a payment may succeed later than the request that started it and
 * is then learned from its webhook or from asking Stripe. The offline methods (cash at the door,
 * a trusted community partner) record money an organizer received in person, so they have no
 * charge step here.
 */
export interface PaymentRequest {
  tenantId: string;
  orderId: string;
  orderNumber: string;
  amountCents: number;
  currency: string;
  buyerEmail: string;
  /** The platform's share (the service fee, its impact part included): a destination charge's application fee. */
  applicationFeeCents: number;
  /** The organizer's Stripe account when it may take charges; null: the platform holds the money. */
  destinationAccount: string | null;
  /** A payment started for this order before, resumed instead of starting another. */
  existingReference: string | null;
  /** What the buyer entered, for a provider that takes card details itself (the test provider). */
  paymentDetails: Record<string, string>;
}

/** A payment the processor has taken. */
export interface SettledPayment {
  reference: string;
  amountCents: number;
  testMode: boolean;
  /** What the processor kept. */
  processorFeeCents: number;
  applicationFeeCents: number;
  destinationAccount: string | null;
}

export type PaymentAttempt =
  | { status: 'succeeded'; payment: SettledPayment }
  /** The buyer's browser finishes it (Stripe's Payment Element, with 3-D Secure when the bank asks). */
  | { status: 'requires_action'; reference: string; clientSecret: string; publishableKey: string }
  | { status: 'declined'; declineCode: string; message: string };

/** A payment as the processor sees it now, with the order it was made for. */
export type PaymentState = { tenantId: string; orderId: string } & (
  | { status: 'succeeded'; payment: SettledPayment }
  | { status: 'pending' | 'failed' | 'canceled'; message: string | null }
);

export interface RefundRequest {
  tenantId: string;
  orderId: string;
  chargeReference: string;
  amountCents: number;
  currency: string;
  /** Money of a destination charge comes back from the organizer's account. */
  destinationAccount: string | null;
  /**
   * What the platform gives back of a destination charge's application fee: the service fee of
   * the refunded lines, as the ledger posts it (none for a donation), not a share of the amount.
   */
  applicationFeeCents: number;
  /** The same refund asked twice (a retried request) is made once. */
  idempotencyKey: string;
}

export interface PaymentProvider {
  readonly name: 'test' | 'stripe';
  readonly testMode: boolean;
  startPayment(request: PaymentRequest): Promise<PaymentAttempt>;
  paymentState(reference: string): Promise<PaymentState | null>;
  refund(request: RefundRequest): Promise<{ reference: string }>;
}
