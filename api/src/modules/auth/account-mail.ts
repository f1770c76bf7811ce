import type { Logger } from '../../lib/logger.ts';

export interface AccountMailRecipient {
  email: string;
  displayName: string;
}

/**
 * The messages the account flows send. Delivery belongs to the notifications module; until a
 * mailer is configured, links are not sent anywhere (and are never logged: they are secrets).
 */
export interface AccountMail {
  emailVerification(to: AccountMailRecipient, link: string): Promise<void>;
  passwordReset(to: AccountMailRecipient, link: string): Promise<void>;
  invitation(to: AccountMailRecipient, organizerName: string, link: string): Promise<void>;
}

export function unconfiguredAccountMail(logger: Logger): AccountMail {
  const skip = (kind: string) => async (to: AccountMailRecipient) => {
    logger.warn({ kind, to: to.email }, 'no mailer is configured: account email not sent');
  };
  return {
    emailVerification: skip('email_verification'),
    passwordReset: skip('password_reset'),
    invitation: skip('invitation'),
  };
}
