import { type Static, Type } from 'typebox';
import { Nullable, StringEnum, SyncQuery, Timestamp, Uuid } from '../../lib/schemas.ts';
import { Currency } from '../tenants/tenants.schemas.ts';

const TIERS = ['none', 'early_25', 'early_50', 'early_100'] as const;

export const RiskReason = Type.Object({
  factor: Type.String({
    description: 'What the reason is about: account_age, history, refund_rate, chargeback_rate …',
  }),
  points: Type.Integer({ description: 'How much it moved the score.' }),
  message: Type.String({ description: 'The reason in a sentence, with what would change it.' }),
});

export const Payout = Type.Object(
  {
    id: Uuid,
    event_id: Uuid,
    kind: StringEnum(['early', 'standard'] as const, {
      description: '`early`: a share of settled sales before the event; `standard`: the rest, two days after it ends.',
    }),
    method: StringEnum(['stripe', 'manual'] as const, {
      description: '`stripe`: a Stripe payout to the organizer’s bank; `manual`: paid by platform staff by hand.',
    }),
    status: StringEnum(['scheduled', 'blocked', 'held', 'in_transit', 'paid', 'failed', 'cancelled'] as const, {
      description:
        '`blocked`: Stripe has not enabled payouts for the account yet; `held`: stopped by platform staff; `in_transit`: sent, not yet at the bank.',
    }),
    amount_cents: Type.Integer(),
    reserve_cents: Type.Integer({ description: 'Kept back from an early payout until the standard payout.' }),
    currency: Type.String(),
    risk_tier: Nullable(StringEnum(TIERS)),
    risk_score: Nullable(Type.Integer()),
    risk_reasons: Type.Array(RiskReason),
    status_reason: Nullable(Type.String()),
    manual_reference: Nullable(Type.String()),
    due_at: Timestamp,
    paid_at: Nullable(Timestamp),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  {
    $id: 'Payout',
    description:
      'Money paid to the organizer for one event. Payouts are never removed: one that will not be paid is `cancelled` or `failed`.',
  },
);

export const PayoutList = Type.Object({ data: Type.Array(Type.Unsafe<Static<typeof Payout>>({ $ref: 'Payout' })) });

export const PayoutOutlook = Type.Object(
  {
    event_id: Uuid,
    score: Type.Integer({ minimum: 0, maximum: 100 }),
    tier: StringEnum(TIERS, { description: 'The early payout tier the score earns (none: standard payout only).' }),
    early_share_bp: Type.Integer({ description: 'Share of settled net sales paid before the event, basis points.' }),
    reserve_bp: Type.Integer({ description: 'Share kept back until the standard payout, basis points.' }),
    reasons: Type.Array(RiskReason),
    owed_cents: Type.Integer({ description: 'What the event owes the organizer now, by the ledger.' }),
    paid_out_cents: Type.Integer(),
    currency: Currency,
    payable_early_cents: Type.Integer({
      description:
        'What the next early payout would pay now: the tier’s share of settled sales less what was paid already; 0 below the minimum early payout, with no early tier, or once the event has begun.',
    }),
    reserve_cents: Type.Integer({
      description: 'Kept back from early payouts until the standard payout (0 once the event has begun).',
    }),
    standard_payout_at: Timestamp,
  },
  { $id: 'PayoutOutlook', description: 'How and when an event’s money reaches its organizer, and why.' },
);

export const PayoutListQuery = Type.Object(
  {
    event_id: Type.Optional(Type.String({ format: 'uuid', maxLength: 36, description: "Only this event's payouts." })),
    ...SyncQuery,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 100, description: 'Page size, 1–100.' })),
  },
  { additionalProperties: false },
);
export type PayoutListQuery = Static<typeof PayoutListQuery>;

export const EventParams = Type.Object({ event_id: Uuid });
export const StaffOrganizerParams = Type.Object({ organizer_id: Uuid });
export const StaffPayoutParams = Type.Object({ organizer_id: Uuid, payout_id: Uuid });

export const HoldRequest = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why, for the organizer and the audit log.' }) },
  { additionalProperties: false },
);
export type HoldRequest = Static<typeof HoldRequest>;

export const ManualPayoutRecord = Type.Object(
  {
    reference: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The bank transfer or check reference the money went out under.',
    }),
  },
  { additionalProperties: false },
);
export type ManualPayoutRecord = Static<typeof ManualPayoutRecord>;
