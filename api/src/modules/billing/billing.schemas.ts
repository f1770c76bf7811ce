import { type Static, Type } from 'typebox';
import { Nullable, StringEnum, Timestamp, Uuid } from '../../lib/schemas.ts';
import { PLANS } from '../tenants/tenants.schemas.ts';
import { FEATURES } from './plans.ts';

const ReturnUrl = (description: string) =>
  Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, description });

export const Billing = Type.Object(
  {
    plan: StringEnum(PLANS, { description: 'The plan in force.' }),
    features: Type.Array(
      Type.Object({
        feature: StringEnum(FEATURES),
        allowed: Type.Boolean({ description: 'Whether the plan in force allows it.' }),
        lowest_plan: StringEnum(PLANS, { description: 'The cheapest plan that allows it.' }),
      }),
      {
        description:
          'What plans gate today: `remove_branding` (hiding "Tickets by Access Plus" on the storefront), `api_keys` (API keys for integrations), `webhooks` (signed webhooks to the organizer’s own systems), `custom_domains` (the storefront on the organizer’s own host name) and `themes` (the organizer’s own templates and stylesheet on its storefront).',
      },
    ),
    api_key_limits: Type.Array(
      Type.Object({
        plan: StringEnum(PLANS),
        requests_per_minute: Type.Integer({ description: 'Requests each API key may make a minute.' }),
      }),
      { description: 'The limit on each API key, per plan that has `api_keys`, cheapest plan first.' },
    ),
    override: Nullable(
      Type.Object(
        { plan: StringEnum(PLANS), reason: Type.String() },
        { description: 'A plan set by Access Plus staff; it wins over the subscription. Null when none.' },
      ),
    ),
    subscription: Nullable(
      Type.Object(
        {
          status: Type.String({
            description:
              "Stripe's subscription status: `active`, `trialing`, `past_due` (the plan stays while the card is retried), `unpaid`, `canceled` …",
          }),
          plan: Nullable(StringEnum(['pro', 'enterprise'] as const, { description: 'What it pays for.' })),
          current_period_end: Nullable(Timestamp),
          cancel_at_period_end: Type.Boolean({ description: 'Ends at `current_period_end` instead of renewing.' }),
        },
        { description: 'The Stripe subscription as Stripe last reported it; null before the first one.' },
      ),
    ),
    billing_available: Type.Boolean({
      description: 'Whether this server takes plan payments (Stripe is configured); if not, upgrades go through staff.',
    }),
  },
  { $id: 'Billing', description: "The organizer's plan, what it allows, and its subscription." },
);

export const NewCheckoutSession = Type.Object(
  {
    plan: StringEnum(['pro'] as const, {
      description: 'The plan to subscribe to. Enterprise is arranged with Access Plus staff.',
    }),
    success_url: ReturnUrl('Where Stripe sends the owner after paying.'),
    cancel_url: ReturnUrl('Where Stripe sends the owner if they go back without paying.'),
  },
  { additionalProperties: false },
);
export type NewCheckoutSession = Static<typeof NewCheckoutSession>;

export const NewPortalSession = Type.Object(
  { return_url: ReturnUrl('Where the portal sends the owner back to.') },
  { additionalProperties: false },
);
export type NewPortalSession = Static<typeof NewPortalSession>;

export const StripeRedirect = Type.Object(
  { url: Type.String({ description: 'A Stripe page to send the person to; it works for a limited time.' }) },
  { description: 'Where to send the person next.' },
);

export const OrganizerParams = Type.Object({ organizer_id: Uuid });

export const PlanOverride = Type.Object(
  {
    plan: Nullable(
      StringEnum(PLANS, {
        description: 'The plan to put the organizer on whatever it pays; null clears the override.',
      }),
    ),
    reason: Type.String({
      minLength: 1,
      maxLength: 500,
      pattern: '\\S',
      description: 'Why, for the audit log and the organizer, e.g. "Community partner: Pro free for 2025".',
    }),
  },
  { additionalProperties: false },
);
export type PlanOverride = Static<typeof PlanOverride>;

export const NewEnterpriseSubscription = Type.Object(
  {
    monthly_amount_cents: Type.Integer({
      minimum: 100,
      maximum: 100_000_000,
      description: 'The agreed monthly price, in US cents.',
    }),
    success_url: ReturnUrl('Where Stripe sends the organizer after paying.'),
    cancel_url: ReturnUrl('Where Stripe sends the organizer if they go back without paying.'),
  },
  { additionalProperties: false },
);
export type NewEnterpriseSubscription = Static<typeof NewEnterpriseSubscription>;
