import { type Static, Type } from 'typebox';
import { Nullable, Timestamp } from '../../lib/schemas.ts';

export const PayoutAccount = Type.Object(
  {
    connected: Type.Boolean({ description: 'Whether the organizer has started connecting a Stripe account.' }),
    account_id: Nullable(Type.String({ examples: ['acct_1Pq…'] })),
    charges_enabled: Type.Boolean({ description: 'Card sales pay straight into the account.' }),
    payouts_enabled: Type.Boolean({ description: 'Stripe allows paying the account out; payouts wait until it does.' }),
    details_submitted: Type.Boolean(),
    requirements_due: Type.Array(Type.String(), {
      description: 'What Stripe still needs from the organizer (Stripe’s own requirement names).',
    }),
    disabled_reason: Nullable(Type.String()),
    billing_available: Type.Boolean({ description: 'Whether this server takes payments through Stripe at all.' }),
  },
  { $id: 'PayoutAccount', description: 'The Stripe Express account the organizer is paid through.' },
);

export const OnboardingLinkRequest = Type.Object(
  {
    return_url: Type.String({
      format: 'uri',
      maxLength: 2000,
      description: 'Where Stripe sends the organizer when done.',
    }),
    refresh_url: Type.String({
      format: 'uri',
      maxLength: 2000,
      description: 'Where Stripe sends the organizer when the link has expired; ask for a new link there.',
    }),
  },
  { additionalProperties: false },
);
export type OnboardingLinkRequest = Static<typeof OnboardingLinkRequest>;

export const OnboardingLink = Type.Object(
  {
    url: Type.String({ description: 'Stripe’s onboarding page for this organizer; single use.' }),
    expires_at: Timestamp,
  },
  { $id: 'OnboardingLink', description: 'A link to Stripe’s onboarding for the organizer’s Express account.' },
);

export const WebhookReceipt = Type.Object(
  {
    received: Type.Literal(true),
    duplicate: Type.Boolean({ description: 'This event had been delivered before; it takes effect once.' }),
  },
  { $id: 'WebhookReceipt' },
);
