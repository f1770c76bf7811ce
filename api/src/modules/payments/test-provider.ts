import { randomBytes } from 'node:crypto';
import type {
  PaymentAttempt,
  PaymentProvider,
  PaymentRequest,
  PaymentState,
  RefundRequest,
  SettledPayment,
} from './payment-provider.ts';

/**
 * Declines by card number, as Stripe's test cards do, so a buyer can rehearse every outcome.
 * Any other well-formed number succeeds. No money moves: everything it touches is test mode.
 */
const DECLINES: Record<string, { declineCode: string; message: string }> = {
  '4000000000000002': { declineCode: 'card_declined', message: 'The card was declined. Try another card.' },
  '4000000000009995': {
    declineCode: 'insufficient_funds',
    message: 'The card has insufficient funds. Try another card.',
  },
  '4000000000000069': { declineCode: 'expired_card', message: 'The card has expired. Try another card.' },
  '4000000000000127': {
    declineCode: 'incorrect_cvc',
    message: "The card's security code is incorrect. Check it and try again.",
  },
};

/** Luhn check: a mistyped card number is a buyer's error, not a decline. */
export function isCardNumber(value: string): boolean {
  if (!/^\d{12,19}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    let digit = Number(value[value.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function createTestPaymentProvider(): PaymentProvider {
  // Charges made by this process, so a later question about one has an answer.
  const charges = new Map<string, { tenantId: string; orderId: string; payment: SettledPayment }>();
  return {
    name: 'test',
    testMode: true,
    async startPayment(request: PaymentRequest): Promise<PaymentAttempt> {
      const card = (request.paymentDetails.card_number ?? '').replace(/[\s-]/g, '');
      if (!isCardNumber(card)) {
        return {
          status: 'declined',
          declineCode: 'invalid_number',
          message: 'That card number is not valid. Check it; in test mode use 4242 4242 4242 4242.',
        };
      }
      const decline = DECLINES[card];
      if (decline) return { status: 'declined', ...decline };
      const payment: SettledPayment = {
        reference: `test_ch_${randomBytes(12).toString('hex')}`,
        amountCents: request.amountCents,
        testMode: true,
        processorFeeCents: 0,
        applicationFeeCents: request.applicationFeeCents,
        destinationAccount: null,
      };
      charges.set(payment.reference, { tenantId: request.tenantId, orderId: request.orderId, payment });
      return { status: 'succeeded', payment };
    },
    async paymentState(reference: string): Promise<PaymentState | null> {
      const charge = charges.get(reference);
      return charge
        ? { tenantId: charge.tenantId, orderId: charge.orderId, status: 'succeeded', payment: charge.payment }
        : null;
    },
    async refund(_request: RefundRequest) {
      return { reference: `test_re_${randomBytes(12).toString('hex')}` };
    },
  };
}
