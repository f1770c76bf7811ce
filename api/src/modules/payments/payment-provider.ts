/**
 * How money is taken and given back, whoever the processor is. Card providers charge at
 * checkout; the offline methods (cash at the door, a trusted community partner) record money
 * an organizer received in person, so they have no charge step here.
 */
export interface ChargeRequest {
  tenantId: string;
  orderId: string;
  orderNumber: string;
  amountCents: number;
  currency: string;
  /** What the buyer entered; providers interpret it (the test provider reads a card number). */
  paymentDetails: Record<string, string>;
}

export type ChargeResult =
  | { ok: true; reference: string; testMode: boolean }
  | { ok: false; declineCode: string; message: string };

export interface RefundRequest {
  tenantId: string;
  orderId: string;
  chargeReference: string;
  amountCents: number;
  currency: string;
}

export interface PaymentProvider {
  readonly name: 'test';
  readonly testMode: boolean;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<{ reference: string }>;
}
