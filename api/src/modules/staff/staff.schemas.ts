import { type Static, Type } from 'typebox';
import type { PayoutStatus } from '../../db/schema.ts';
import { LocalizedText, Nullable, PageQuery, Ref, StringEnum, Timestamp, Uuid } from '../../lib/schemas.ts';
import { Billing } from '../billing/billing.schemas.ts';
import { Payout } from '../payouts/payouts.schemas.ts';
import { PLANS } from '../tenants/tenants.schemas.ts';

const PAYOUT_STATUSES = [
  'scheduled',
  'blocked',
  'held',
  'in_transit',
  'paid',
  'failed',
  'cancelled',
] as const satisfies readonly PayoutStatus[];

const organizerFields = {
  id: Uuid,
  name: Type.String(),
  slug: Type.String({ description: 'Names the organizer in its storefront’s address and public API paths.' }),
  status: StringEnum(['active', 'suspended'] as const),
  currency: Type.String({ description: 'The ISO currency its prices, payouts and audit log amounts are in.' }),
  created_at: Timestamp,
  owners: Type.Array(Type.Object({ user_id: Uuid, email: Type.String(), display_name: Type.String() }), {
    description: 'The people with the owner role, first owner first.',
  }),
  plan: StringEnum(PLANS, {
    description:
      'The plan in force: the staff override when set, else what a paying subscription pays for, else basic.',
  }),
  override: Nullable(
    Type.Object(
      { plan: StringEnum(PLANS), reason: Type.String() },
      { description: 'A plan set by platform staff, with their reason; null when none.' },
    ),
  ),
  subscription: Nullable(
    Type.Object(
      {
        plan: Nullable(StringEnum(['pro', 'enterprise'] as const, { description: 'What it pays for.' })),
        status: Type.String({ description: 'Stripe’s subscription status: `active`, `past_due`, `canceled` …' }),
      },
      { description: 'The Stripe Billing subscription as Stripe last reported it; null before the first one.' },
    ),
  ),
  stripe_account: Nullable(
    Type.Object(
      {
        account_id: Type.String(),
        charges_enabled: Type.Boolean({ description: 'Card sales pay into the account.' }),
        payouts_enabled: Type.Boolean({
          description: 'Stripe pays the account out; until then its payouts are blocked.',
        }),
      },
      { description: 'The organizer’s Stripe Express account; null when it has none (its payouts are paid by hand).' },
    ),
  ),
  payouts: Type.Object(
    {
      held: Type.Integer({ minimum: 0, description: 'Payouts stopped by platform staff.' }),
      waiting: Type.Integer({
        minimum: 0,
        description:
          'Payouts decided and not sent yet: scheduled (a manual one waits for staff to pay it by hand) or blocked (until Stripe enables payouts).',
      }),
    },
    { description: 'Payouts that need someone: staff, or Stripe.' },
  ),
};

export const StaffOrganizer = Type.Object(organizerFields, {
  $id: 'StaffOrganizer',
  description:
    'An organizer as platform staff run it: owners, plan, subscription, Stripe account and payouts to watch.',
});
export type StaffOrganizer = Static<typeof StaffOrganizer>;

export const StaffAuditEntry = Type.Object(
  {
    id: Type.String({ description: 'Later entries have larger ids.' }),
    action: Type.String({
      description:
        'What was done: `plan.override`, `plan.enterprise_checkout`, `payout.hold`, `payout.release`, `payout.record_manual` …',
    }),
    target: Nullable(Type.String({ description: 'What it was done to: a payout id, a Stripe price, the organizer.' })),
    details: Type.Unsafe<Record<string, unknown>>({
      type: 'object',
      additionalProperties: true,
      description: 'What the change was: reasons, references, amounts, plans before and after.',
    }),
    staff: Type.Object(
      { user_id: Uuid, email: Type.String(), display_name: Type.String() },
      { description: 'Who did it.' },
    ),
    created_at: Timestamp,
  },
  {
    $id: 'StaffAuditEntry',
    description: 'One change platform staff made, written in the same transaction as the change.',
  },
);

export const StaffOrganizerDetail = Type.Object(
  {
    ...organizerFields,
    billing: Ref(Billing, 'Its plan, what the plan allows, the override and the subscription, as its owners see them.'),
    payout_events: Type.Array(
      Type.Object({ id: Uuid, title: LocalizedText(200), starts_at: Timestamp, ends_at: Timestamp }),
      { description: 'The events its payouts are for, to tell the payouts apart.' },
    ),
    audit_log: Type.Array(Ref(StaffAuditEntry), {
      description: 'What platform staff did to this organizer, newest first; the latest 100.',
    }),
  },
  { $id: 'StaffOrganizerDetail', description: 'One organizer as platform staff see it, with what they did to it.' },
);

export const StaffOrganizerQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'Only organizers whose name, slug or an owner’s email contains this, in any case.',
      }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type StaffOrganizerQuery = Static<typeof StaffOrganizerQuery>;

export const StaffPayout = Type.Object(
  {
    organizer: Type.Object({ id: Uuid, name: Type.String(), slug: Type.String() }),
    payout: Ref(Payout),
  },
  { $id: 'StaffPayout', description: 'A payout with the organizer it is for.' },
);

export const StaffPayoutQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(PAYOUT_STATUSES, { description: 'Only payouts in this status, e.g. `held`.' })),
    method: Type.Optional(
      StringEnum(['stripe', 'manual'] as const, {
        description: 'Only Stripe payouts, or only those staff pay by hand (`manual` with `scheduled`: to pay).',
      }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type StaffPayoutQuery = Static<typeof StaffPayoutQuery>;

export const OrganizerParams = Type.Object({ organizer_id: Uuid });
