import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** The headers of a webhook signed by the Standard Webhooks scheme (https://www.standardwebhooks.com/). */
export interface WebhookSignatureHeaders {
  /** The message's id: the same on every attempt, so receivers can drop repeats. */
  'webhook-id': string;
  /** When this attempt was signed, in whole seconds since 1970; receivers refuse it when far from now. */
  'webhook-timestamp': string;
  /** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per secret, separated by spaces. */
  'webhook-signature': string;
}

/** A receiver's signing secret: `whsec_` and the base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * Signs `body` exactly as it will be sent. While a secret is being rotated both the old and the new
 * one sign, so the receiver accepts the message with whichever of the two it has.
 */
export function signWebhook({
  id,
  timestamp,
  body,
  secrets,
}: {
  id: string;
  timestamp: Date;
  body: string;
  secrets: readonly string[];
}): WebhookSignatureHeaders {
  if (secrets.length === 0) throw new Error('A webhook is signed with at least one secret.');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(id, timestamp, body)).join(' '),
  };
}
