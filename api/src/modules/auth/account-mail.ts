export interface AccountMailRecipient {
  email: string;
  displayName: string;
  /** The language the email is written in: the person's choice; English when the admin is not written in it. */
  locale: string | null;
}

/**
 * The messages the account flows send. Delivery belongs to the notifications module
 * (`accountMailVia` in notifications.mail.ts); links are secrets, never logged.
 */
export interface AccountMail {
  emailVerification(to: AccountMailRecipient, link: string): Promise<void>;
  passwordReset(to: AccountMailRecipient, link: string): Promise<void>;
  invitation(to: AccountMailRecipient, organizerName: string, link: string): Promise<void>;
  /** To a new address signed up for `organizerName`: the link creates the account until `expiresAt`. */
  signUpConfirmation(to: AccountMailRecipient, organizerName: string, link: string, expiresAt: Date): Promise<void>;
  /** To an address that already has an account, which someone tried to sign up again: the link signs in. */
  signUpAttempt(to: AccountMailRecipient, link: string): Promise<void>;
  /** To an organizer's owners and admins: a buyer's bank opened a chargeback; the link opens the order. */
  disputeOpened(to: AccountMailRecipient, notice: DisputeNotice, link: string): Promise<void>;
  /** To an organizer's owners and admins: her bank sent a payout back; the link opens the payouts page. */
  payoutFailed(to: AccountMailRecipient, notice: PayoutFailureNotice, link: string): Promise<void>;
  /** To an organizer's owners and admins: a webhook endpoint was turned off; the link opens it. */
  webhookEndpointDisabled(to: AccountMailRecipient, notice: WebhookDisabledNotice, link: string): Promise<void>;
  /** To an organizer's owners and admins: a custom domain's certificate failed or ends soon; the link opens the domains page. */
  customDomainCertificate(to: AccountMailRecipient, notice: CustomDomainCertificateNotice, link: string): Promise<void>;
}

export interface CustomDomainCertificateNotice {
  organizerName: string;
  hostname: string;
  problem: 'failed' | 'expiring';
  /** Why it failed, in the certificate provider's words. */
  failure: string | null;
  notAfter: Date | null;
}

export interface WebhookDisabledNotice {
  organizerName: string;
  url: string;
  /** Why, as the endpoint records it (410 Gone, five days of failures). */
  reason: string;
}

export interface PayoutFailureNotice {
  organizerName: string;
  eventTitle: string;
  amountCents: number;
  currency: string;
  /** What the bank or Stripe said, in their words. */
  reason: string;
}

export interface DisputeNotice {
  organizerName: string;
  orderNumber: string;
  amountCents: number;
  currency: string;
}
