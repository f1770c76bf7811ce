export interface BuyerMailRecipient {
  email: string;
  name: string;
  /** The language the buyer used at the storefront. */
  locale: string;
}

/**
 * The organizer's brand in its buyers' emails: its logo above the message and its color on the
 * button. Each part is null where the organizer chose none, or where it would not read (a link
 * color too light for the white card), and the email's own is used.
 */
export interface MailBrand {
  logoUrl: string | null;
  buttonColor: string | null;
  /** White or near-black, whichever reads on `buttonColor`. */
  buttonTextColor: string | null;
  linkColor: string | null;
}

export interface OrderMail {
  organizerName: string;
  brand?: MailBrand;
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
  /** The signed ticket code its QR code carries (`AP1.…`), as on the order page. A secret: never logged. */
  code: string;
  eventId: string;
  event: string;
  tier: string;
  attendee: string;
}

/**
 * Where an event takes place. Each kind of place is one member here, told by `venueLines`
 * (notifications.templates.ts), which the email, the tickets' PDF and the calendar file share.
 */
export type MailVenue = {
  kind: 'place';
  name: string;
  address: string;
  city: string;
  state: string;
  postalCode: string;
  /** ISO 3166 alpha-2; named only when it is not the US. */
  country: string;
};

/** An event of the order, its title in the buyer's language. */
export interface MailEvent {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** The event's IANA time zone: its times are told on its clock, where the buyer will be. */
  timeZone: string;
  venue: MailVenue;
  /** The link an online event is joined by: what its ticket holders paid for. */
  onlineUrl: string | null;
}

/** What the buyer paid, in the order's currency (minor units), as the order records it. */
export interface MailPayment {
  currency: string;
  /** Tickets by tier (with their event's title) and add-ons, each at its price before discount, fee and tax. */
  lines: { description: string; event: string | null; quantity: number; amountCents: number }[];
  discountCents: number;
  /** The service fee the buyer paid; none when the organizer absorbs it. */
  feeCents: number;
  taxCents: number;
  donationCents: number;
  totalCents: number;
}

/**
 * An order confirmation: the order, its events, its valid tickets with their codes, and what was
 * paid. `paidAt` dates the attachments, so that a message sent again is made the same.
 */
export type ConfirmationMail = OrderMail & {
  tickets: MailTicket[];
  events: MailEvent[];
  payment: MailPayment;
  paidAt: Date;
};

export interface SignInMail {
  organizerName: string;
  brand?: MailBrand;
  /** The storefront link that signs the customer in; single use. */
  link: string;
  expiresAt: Date;
}

/** A message a buyer sent an organizer from its storefront's contact form. */
export interface ContactMail {
  organizerName: string;
  sender: { name: string; email: string };
  message: string;
  /** The order reference the buyer typed, if any. */
  orderReference: string | null;
  /**
   * The order it names, only when it is this organizer's and was placed with the sender's email;
   * its confirmation (and its files, made from it) go with the message.
   */
  order: { confirmation: ConfirmationMail & { orderId: string }; buyer: BuyerMailRecipient } | null;
  /** The order's page in the admin, or the admin's orders. */
  adminLink: string;
}

/** An event's date and place as a message about it tells them. */
export type MailEventTime = Pick<MailEvent, 'startsAt' | 'endsAt' | 'timeZone' | 'venue' | 'onlineUrl'>;

/**
 * A message to the holders of tickets to an event, each in their own language: the organizer's
 * own words (`written`, an announcement or a promotion, which carries an unsubscribe link), the
 * reminder the day before, or the notice that its date or place changed (with what it was).
 * `link` is the buyer's order with their tickets.
 */
export type EventMessageMail = OrderMail & { event: MailEvent } & (
    | { kind: 'written'; subject: string; paragraphs: string[]; unsubscribeLink: string }
    | { kind: 'reminder' }
    | { kind: 'event_change'; before: MailEventTime }
  );

/**
 * How an event message is delivered: `messageId`, the same on every attempt, and for messages
 * people may stop, the address a mail app's unsubscribe button posts to (RFC 8058).
 */
export interface EventMessageDelivery {
  messageId: string;
  oneClickUnsubscribe: string | null;
}

/**
 * What buyers are sent. Each message is sent by a job enqueued with the change that causes it,
 * so a failed delivery is retried and a rolled-back order sends nothing. Links are secrets:
 * never logged. `buyerMailVia` (notifications.mail.ts) renders and delivers them.
 */
export interface BuyerMail {
  /**
   * With the events (times on each event's clock), each valid ticket's short code for a door whose
   * scanner cannot read a QR code, and what was paid; the tickets attached as a PDF with their QR
   * codes, and the events as a calendar file. Sent with a Message-ID made from `orderId`, the same
   * on every attempt (see `confirmationMessageId`).
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
  /**
   * What a buyer wrote to the organizer, to the organizer (`to`), in English as the admin is,
   * with replies going to the buyer; a matched order's confirmation files attached.
   */
  contactMessage(to: { email: string; name: string }, contact: ContactMail): Promise<void>;
  /** A message to an event's ticket holder (see `EventMessageMail`). */
  eventMessage(to: BuyerMailRecipient, mail: EventMessageMail, delivery: EventMessageDelivery): Promise<void>;
}
