export interface BuyerMailRecipient {
  email: string;
  name: string;
  /** The language the buyer used at the storefront. */
  locale: string;
}

export interface OrderMail {
  organizerName: string;
  orderNumber: string;
  /** The signed link to the order and its tickets. */
  link: string;
  /** The IANA time zone the message's dates and times are told in (the organizer's or the event's). */
  timeZone: string;
}

/** A ticket as the confirmation lists it, names in the buyer's language. */
export interface MailTicket {
  /** The short code in its grouped form (`7KQ4-M2XD-9P`). */
  shortCode: string;
  event: string;
  tier: string;
  attendee: string;
}

/** An order confirmation: the order, and its valid tickets with their short codes. */
export type ConfirmationMail = OrderMail & { tickets: MailTicket[] };

export interface SignInMail {
  organizerName: string;
  /** The storefront link that signs the customer in; single use. */
  link: string;
  expiresAt: Date;
}

/**
 * What buyers are sent. Each message is sent by a job enqueued with the change that causes it,
 * so a failed delivery is retried and a rolled-back order sends nothing. Links are secrets:
 * never logged. `buyerMailVia` (notifications.mail.ts) renders and delivers them.
 */
export interface BuyerMail {
  /**
   * With each valid ticket's short code, for a door whose scanner cannot read a QR code; sent with a
   * Message-ID made from `orderId`, the same on every attempt (see `confirmationMessageId`).
   */
  orderConfirmation(to: BuyerMailRecipient, order: ConfirmationMail & { orderId: string }): Promise<void>;
  offlinePaymentReserved(to: BuyerMailRecipient, order: OrderMail & { payBy: Date; method: string }): Promise<void>;
  /** `latePayment`: a payment that came in after the hold had lapsed and the seats were gone, given back whole. */
  orderRefunded(
    to: BuyerMailRecipient,
    order: OrderMail & { amountCents: number; currency: string; latePayment?: boolean },
  ): Promise<void>;
  waitlistOffer(to: BuyerMailRecipient, offer: OrderMail & { eventTitle: string; expiresAt: Date }): Promise<void>;
  /** A one-time link that signs a customer in at the organizer's storefront. */
  customerSignIn(to: BuyerMailRecipient, signIn: SignInMail): Promise<void>;
}
