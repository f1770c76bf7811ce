import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Text an organizer writes for attendees, keyed by locale (`{"en": "…", "am": "…"}`). */
export type LocalizedText = Record<string, string>;

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string | undefined>;
type Json<T> = ColumnType<T, T | string, T | string>;
/** The transaction that last wrote a synced row, kept by a trigger (migration 0024); xid8 comes back as text. */
type ChangedXid = ColumnType<string, never, never>;
type DeletedAt = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A nullable column an insert may leave out (null then). */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;
type OptionalTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type TenantPlan = 'basic' | 'pro' | 'enterprise';
export type TenantStatus = 'active' | 'suspended';
export type MembershipRole = 'owner' | 'admin' | 'staff' | 'check_in';
export type AccountTokenPurpose = 'verify_email' | 'reset_password';
export type EventStatus = 'draft' | 'published' | 'unpublished' | 'cancelled';
/** Whether tickets of an event carry their holders' names. */
export type AttendeeNames = 'off' | 'optional' | 'required';

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  plan: ColumnType<TenantPlan, TenantPlan | undefined, TenantPlan>;
  currency: ColumnType<string, string | undefined, string>;
  default_locale: ColumnType<string, string | undefined, string>;
  locales: ColumnType<string[], string[] | undefined, string[]>;
  time_zone: ColumnType<string, string | undefined, string>;
  status: ColumnType<TenantStatus, TenantStatus | undefined, TenantStatus>;
  plan_override: TenantPlan | null;
  plan_override_reason: string | null;
  platform_branding: ColumnType<boolean, boolean | undefined, boolean>;
  contact_email: ColumnType<string | null, string | null | undefined, string | null>;
  about: ColumnType<LocalizedText, LocalizedText | string | undefined, LocalizedText | string>;
  contact_phone: Optional<string>;
  address_line: Optional<string>;
  city: Optional<string>;
  state: Optional<string>;
  postal_code: Optional<string>;
  website_url: Optional<string>;
  social_links: ColumnType<SocialLinks, SocialLinks | string | undefined, SocialLinks | string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type SocialNetwork = 'facebook' | 'instagram' | 'x' | 'tiktok' | 'youtube' | 'whatsapp' | 'telegram';
/** An organizer's page on each social network it gave, as an https address. */
export type SocialLinks = Partial<Record<SocialNetwork, string>>;

export interface ContactMessagesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  email: string;
  order_reference: Optional<string>;
  message: string;
  locale: Defaulted<string>;
  created_at: CreatedAt;
  sent_at: OptionalTimestamp;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: ColumnType<string, string | undefined, string>;
  password_hash: string | null;
  email_verified_at: Timestamp | null;
  is_platform_staff: ColumnType<boolean, boolean | undefined, boolean>;
  /** The language of the admin and of account emails; null until the person chooses. */
  locale: Optional<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: Buffer;
  user_id: string;
  active_tenant_id: string | null;
  expires_at: Timestamp;
  created_at: CreatedAt;
  last_seen_at: UpdatedAt;
}

export interface AccountTokensTable {
  id: Generated<string>;
  user_id: string;
  purpose: AccountTokenPurpose;
  token_hash: Buffer;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

/** The organizer a pending sign-up asks for, as sign-up checked it. */
export interface PendingOrganizer {
  slug: string;
  name: string;
  currency: string;
  default_locale: string;
  locales: string[];
  time_zone: string;
}

export interface PendingSignUpsTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  organizer: Json<PendingOrganizer>;
  locale: Optional<string>;
  token_hash: Buffer | null;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: MembershipRole;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CategoriesTable {
  id: string;
  names: Json<LocalizedText>;
  position: number;
}

export interface EventsTable {
  tenant_id: string;
  id: Generated<string>;
  status: ColumnType<EventStatus, EventStatus | undefined, EventStatus>;
  title: Json<LocalizedText>;
  description: ColumnType<LocalizedText, LocalizedText | string | undefined, LocalizedText | string>;
  category_id: string;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  venue_name: ColumnType<string, string | undefined, string>;
  address_line: ColumnType<string, string | undefined, string>;
  city: ColumnType<string, string | undefined, string>;
  state: ColumnType<string, string | undefined, string>;
  postal_code: ColumnType<string, string | undefined, string>;
  country: ColumnType<string, string | undefined, string>;
  time_zone: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number | null;
  image_url: string | null;
  image_id: ColumnType<string | null, string | null | undefined, string | null>;
  image_srcset: ColumnType<string | null, string | null | undefined, string | null>;
  published_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  taken_count: ColumnType<number, number | undefined, number>;
  donations_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  donation_goal_cents: number | null;
  online_url: string | null;
  waitlist_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  attendee_names: ColumnType<AttendeeNames, AttendeeNames | undefined, AttendeeNames>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  search: ColumnType<string, never, never>;
  changed_xid: ChangedXid;
  deleted_at: DeletedAt;
  /** lower(city) and lower(state), generated: the catalog's city and state filters. */
  city_key: ColumnType<string, never, never>;
  state_key: ColumnType<string, never, never>;
}

/** One word of a published event's search document, kept by a trigger on events. */
export interface EventSearchTermsTable {
  tenant_id: string;
  event_id: string;
  term: string;
  /** The event's relevance to a search for this word alone. */
  rank: number;
  starts_at: Date;
  ends_at: Date;
  category_id: string;
  city_key: string;
  state_key: string;
}

/** What the public catalog searches on, for one published event (kept by triggers). */
export interface CatalogEventsTable {
  tenant_id: string;
  event_id: string;
  starts_at: Date;
  ends_at: Date;
  category_id: string;
  city_key: string;
  state_key: string;
  /** Held in, or with a title in. */
  languages: string[];
  /** Of its tiers on offer, lowest first. */
  prices: number[];
  search: string;
}

/** One stored width of an uploaded image; `file` is `<sha256 of its bytes>.webp`. */
export interface ImageVariant {
  width: number;
  height: number;
  file: string;
  bytes: number;
}

export interface ImagesTable {
  tenant_id: string;
  id: Generated<string>;
  original_type: 'image/jpeg' | 'image/png' | 'image/webp';
  original_bytes: number;
  width: number;
  height: number;
  variants: Json<ImageVariant[]>;
  created_by: string | null;
  created_by_api_key_id: Optional<string>;
  created_at: CreatedAt;
}

export interface TicketTiersTable {
  tenant_id: string;
  id: Generated<string>;
  event_id: string;
  name: Json<LocalizedText>;
  description: ColumnType<LocalizedText, LocalizedText | string | undefined, LocalizedText | string>;
  price_cents: number;
  currency: string;
  quantity: number;
  taken_count: ColumnType<number, number | undefined, number>;
  waitlist_paused: ColumnType<boolean, boolean | undefined, boolean>;
  sales_start_at: Timestamp | null;
  sales_end_at: Timestamp | null;
  min_per_order: ColumnType<number, number | undefined, number>;
  max_per_order: ColumnType<number, number | undefined, number>;
  position: ColumnType<number, number | undefined, number>;
  hidden: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  changed_xid: ChangedXid;
  deleted_at: DeletedAt;
}

export type FeesPaidBy = 'buyer' | 'organizer';
export type OfflineMethod = 'cash' | 'partner';
export type OrderStatus = 'pending' | 'paid' | 'partially_refunded' | 'refunded' | 'cancelled' | 'expired';
export type PaymentMethod = 'test' | 'stripe' | 'cash' | 'partner' | 'free';
export type OrderLineKind = 'ticket' | 'product' | 'donation';
export type TicketStatus = 'valid' | 'revoked';
export type TicketRevokedReason = 'refunded' | 'cancelled' | 'reissued' | 'event_cancelled';
export type CheckInAction = 'admitted' | 'refused' | 'undone';
export type WaitlistStatus = 'waiting' | 'offered' | 'claimed' | 'expired' | 'removed';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface CheckoutSettingsTable {
  tenant_id: string;
  service_fee_percent_bp: Defaulted<number>;
  service_fee_flat_cents: Defaulted<number>;
  fees_paid_by: Defaulted<FeesPaidBy>;
  impact_fee_share_bp: Defaulted<number>;
  impact_fund_name: Defaulted<string>;
  fees_taxable: Defaulted<boolean>;
  hold_minutes: Defaulted<number>;
  offline_methods: Defaulted<OfflineMethod[]>;
  offline_payment_hours: Defaulted<number>;
  community_partners: Defaulted<string[]>;
  waitlist_offer_minutes: Defaulted<number>;
  updated_at: UpdatedAt;
}

export type BrandFont = 'system' | 'noto_sans' | 'noto_serif';

export interface BrandingsTable {
  tenant_id: string;
  logo_image_id: string | null;
  favicon_image_id: string | null;
  hero_image_id: string | null;
  brand_color: string | null;
  background_color: string | null;
  text_color: string | null;
  font: Defaulted<BrandFont>;
  updated_at: UpdatedAt;
}

export interface ThemesTable {
  tenant_id: string;
  header: string | null;
  footer: string | null;
  home_hero: string | null;
  event_sections: string | null;
  css: string | null;
  draft_updated_at: Defaulted<Date>;
  live_version: number | null;
  preview_token_hash: Buffer | null;
  preview_expires_at: Date | null;
}

export interface ThemeVersionsTable {
  tenant_id: string;
  version: number;
  header: string | null;
  footer: string | null;
  home_hero: string | null;
  event_sections: string | null;
  css_source: string | null;
  css: Defaulted<string>;
  published_at: Defaulted<Date>;
  published_by_user_id: string | null;
  published_by_api_key_id: string | null;
}

export interface TaxRatesTable {
  tenant_id: string;
  id: Generated<string>;
  state: string;
  city: Defaulted<string>;
  rate_ppm: number;
  label: Defaulted<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PromoCodesTable {
  tenant_id: string;
  id: Generated<string>;
  code: string;
  kind: 'percent' | 'amount';
  percent_off_bp: number | null;
  amount_off_cents: number | null;
  max_uses: number | null;
  used_count: Defaulted<number>;
  tier_ids: Defaulted<string[]>;
  starts_at: Timestamp | null;
  ends_at: Timestamp | null;
  active: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProductsTable {
  tenant_id: string;
  id: Generated<string>;
  event_id: string | null;
  name: Json<LocalizedText>;
  description: ColumnType<LocalizedText, LocalizedText | string | undefined, LocalizedText | string>;
  price_cents: number;
  currency: string;
  quantity: number;
  taken_count: Defaulted<number>;
  max_per_order: Defaulted<number>;
  active: Defaulted<boolean>;
  position: Defaulted<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OrdersTable {
  tenant_id: string;
  id: Generated<string>;
  number: string;
  status: Defaulted<OrderStatus>;
  buyer_name: string;
  buyer_email: string;
  buyer_locale: Defaulted<string>;
  marketing_consent: Defaulted<boolean>;
  currency: string;
  subtotal_cents: number;
  discount_cents: Defaulted<number>;
  fee_cents: Defaulted<number>;
  impact_fee_cents: Defaulted<number>;
  organizer_fee_cents: Defaulted<number>;
  tax_cents: Defaulted<number>;
  donation_cents: Defaulted<number>;
  total_cents: number;
  refunded_cents: Defaulted<number>;
  promo_code_id: string | null;
  payment_method: PaymentMethod | null;
  payment_partner: string | null;
  payment_reference: string | null;
  test_mode: Defaulted<boolean>;
  expires_at: Timestamp | null;
  paid_at: Timestamp | null;
  paid_by_user_id: string | null;
  paid_by_api_key_id: Optional<string>;
  cancelled_at: Timestamp | null;
  waitlist_entry_id: string | null;
  customer_id: string | null;
  payment_intent_id: string | null;
  disputed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  changed_xid: ChangedXid;
}

export interface OrderLinesTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  kind: OrderLineKind;
  event_id: string | null;
  tier_id: string | null;
  product_id: string | null;
  description: ColumnType<LocalizedText, LocalizedText | string | undefined, LocalizedText | string>;
  quantity: number;
  unit_price_cents: number;
  subtotal_cents: number;
  discount_cents: Defaulted<number>;
  fee_cents: Defaulted<number>;
  impact_fee_cents: Defaulted<number>;
  organizer_fee_cents: Defaulted<number>;
  tax_cents: Defaulted<number>;
  total_cents: number;
  refunded_quantity: Defaulted<number>;
  refunded_cents: Defaulted<number>;
  attendee_names: Defaulted<string[]>;
  position: Defaulted<number>;
  tax_state: Defaulted<string>;
  tax_city: Defaulted<string>;
}

export interface TicketSigningKeysTable {
  tenant_id: string;
  id: string;
  public_key: Buffer;
  private_key: Buffer;
  created_at: CreatedAt;
  retired_at: Timestamp | null;
}

export interface TicketsTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  order_line_id: string;
  event_id: string;
  tier_id: string;
  attendee_name: Defaulted<string>;
  /** Drawn by the database when the ticket is issued; see `tickets/short-codes.ts`. */
  short_code: Generated<string>;
  status: Defaulted<TicketStatus>;
  revoked_reason: TicketRevokedReason | null;
  revoked_at: Timestamp | null;
  replaces_ticket_id: string | null;
  checked_in_at: Timestamp | null;
  checked_in_device: string | null;
  checked_in_by: string | null;
  checked_in_by_api_key_id: Optional<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  changed_xid: ChangedXid;
}

export interface CheckInsTable {
  tenant_id: string;
  id: Generated<string>;
  ticket_id: string | null;
  event_id: string;
  action: CheckInAction;
  reason: string | null;
  device_id: string;
  user_id: string | null;
  api_key_id: Optional<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  changed_xid: ChangedXid;
}

export interface WaitlistEntriesTable {
  tenant_id: string;
  id: Generated<string>;
  event_id: string;
  tier_id: string;
  email: string;
  name: Defaulted<string>;
  locale: Defaulted<string>;
  quantity: number;
  position: number;
  status: Defaulted<WaitlistStatus>;
  offer_order_id: string | null;
  offered_at: Timestamp | null;
  offer_expires_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  changed_xid: ChangedXid;
}

export interface PaymentsTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  kind: 'charge' | 'refund';
  provider: PaymentMethod;
  amount_cents: number;
  currency: string;
  provider_reference: string | null;
  recorded_by: string | null;
  recorded_by_api_key_id: Optional<string>;
  test_mode: Defaulted<boolean>;
  processor_fee_cents: Defaulted<number>;
  application_fee_cents: Defaulted<number>;
  destination_account: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  changed_xid: ChangedXid;
}

export interface CustomersTable {
  tenant_id: string;
  id: Generated<string>;
  email: string;
  name: Defaulted<string>;
  locale: Defaulted<string>;
  email_verified_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  last_signed_in_at: Timestamp | null;
  changed_xid: ChangedXid;
}

export interface CustomerTokensTable {
  tenant_id: string;
  id: Generated<string>;
  email: string;
  locale: string | null;
  /** Null until the job that emails the link has made its token. */
  token_hash: Buffer | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface CustomerSessionsTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  token_hash: Buffer;
  expires_at: Timestamp;
  created_at: CreatedAt;
  last_seen_at: UpdatedAt;
}

export type ConfirmationOutcome = 'sent' | 'not_paid' | 'failed';

export interface OrderConfirmationsTable {
  tenant_id: string;
  order_id: string;
  created_at: CreatedAt;
  next_attempt_at: Generated<Date>;
  attempts: Generated<number>;
  last_error: string | null;
  handled_at: Timestamp | null;
  outcome: ConfirmationOutcome | null;
  lease_id: string | null;
  leased_until: Timestamp | null;
}

/** Global, development only: the local mail sink (migration 0015). */
export interface DevMailboxMessagesTable {
  id: Generated<string>;
  position: Generated<string>;
  to_header: string;
  from_header: string;
  subject: string;
  text_body: string;
  html_body: string;
  /** Written as JSON text: pg would send an array as a PostgreSQL array. */
  attachments: ColumnType<DevMailboxAttachment[], string | undefined, string>;
  sent_at: CreatedAt;
}

export interface DevMailboxAttachment {
  filename: string;
  content_type: string;
  size: number;
}

export interface StripeAccountsTable {
  tenant_id: string;
  account_id: string;
  charges_enabled: Defaulted<boolean>;
  payouts_enabled: Defaulted<boolean>;
  details_submitted: Defaulted<boolean>;
  requirements_due: Defaulted<string[]>;
  disabled_reason: string | null;
  livemode: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface StripeEventsTable {
  id: string;
  type: string;
  account: string | null;
  livemode: boolean;
  created_at: Timestamp;
  payload: Json<Record<string, unknown>>;
  received_at: CreatedAt;
  deliveries: Defaulted<number>;
  processed_at: Timestamp | null;
  outcome: string | null;
}

export type LedgerTransactionKind =
  | 'sale'
  | 'offline_sale'
  | 'processor_fee'
  | 'refund'
  | 'dispute'
  | 'dispute_reversal'
  | 'payout'
  | 'payout_failed'
  | 'reserve_hold'
  | 'reserve_release';

export type LedgerAccount =
  | 'processor_clearing'
  | 'organizer_collected'
  | 'organizer_payable'
  | 'platform_fees'
  | 'impact_fund'
  | 'sales_tax_payable'
  | 'processor_fees'
  | 'refunds'
  | 'payouts'
  | 'reserve';

export interface LedgerTransactionsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: LedgerTransactionKind;
  order_id: string | null;
  payout_id: string | null;
  dispute_id: string | null;
  reference: string | null;
  occurred_at: Generated<Date>;
  created_at: CreatedAt;
}

export interface LedgerLinesTable {
  tenant_id: string;
  id: Generated<string>;
  transaction_id: string;
  account: LedgerAccount;
  event_id: string | null;
  order_line_id: string | null;
  /** Debit positive, credit negative. bigint: pg returns it as a string. */
  amount_cents: ColumnType<string, number | string, never>;
  currency: string;
}

export type PayoutKind = 'early' | 'standard';
export type PayoutMethod = 'stripe' | 'manual';
export type PayoutStatus = 'scheduled' | 'blocked' | 'held' | 'in_transit' | 'paid' | 'failed' | 'cancelled';
export type EarlyPayoutTierName = 'none' | 'early_25' | 'early_50' | 'early_100';

export interface PayoutsTable {
  tenant_id: string;
  id: Generated<string>;
  event_id: string;
  kind: PayoutKind;
  method: PayoutMethod;
  status: Defaulted<PayoutStatus>;
  amount_cents: ColumnType<string, number | string, number | string>;
  reserve_cents: ColumnType<string, number | string | undefined, number | string>;
  currency: string;
  risk_tier: EarlyPayoutTierName | null;
  risk_score: number | null;
  risk_reasons: ColumnType<unknown[], string | undefined, string>;
  due_at: Timestamp;
  stripe_transfer_id: string | null;
  transfer_cents: ColumnType<string, number | string | undefined, number | string>;
  stripe_payout_id: string | null;
  manual_reference: string | null;
  status_reason: string | null;
  held_by: string | null;
  paid_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  changed_xid: ChangedXid;
}

export type DisputeStatus = 'open' | 'won' | 'lost';

export interface DisputesTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  stripe_dispute_id: string;
  amount_cents: number;
  fee_cents: Defaulted<number>;
  currency: string;
  reason: Defaulted<string>;
  status: DisputeStatus;
  opened_at: Generated<Date>;
  closed_at: Timestamp | null;
}

export interface PlanSubscriptionsTable {
  tenant_id: string;
  stripe_customer_id: string;
  stripe_subscription_id: string | null;
  plan: 'pro' | 'enterprise' | null;
  status: string | null;
  current_period_end: Timestamp | null;
  cancel_at_period_end: Defaulted<boolean>;
  updated_at: UpdatedAt;
}

export interface StaffAuditLogTable {
  id: Generated<string>;
  staff_user_id: string;
  organizer_id: string | null;
  action: string;
  target: string | null;
  details: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

/** What changed for an organizer, recorded in the transaction that changed it (migration 0023). */
export interface ChangesTable {
  tenant_id: string;
  /** bigint: pg returns it as a string. */
  id: ColumnType<string, never, never>;
  /** xid8, read as text. */
  xid: ColumnType<string, never, never>;
  type: string;
  subject_id: string;
  data: Json<Record<string, unknown>>;
  occurred_at: ColumnType<Date, never, never>;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  /** `organizer`, `staff`, `storefront` or `customer:<sha256 of the session token>`. */
  scope: string;
  key: string;
  fingerprint: string;
  claim: string;
  claimed_at: ColumnType<Date, Date | string | undefined, Date | string>;
  response_status: number | null;
  response_headers: Json<Record<string, string>> | null;
  response_body: Buffer | null;
  completed_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  scopes: string[];
  token_hash: Buffer;
  display_prefix: string;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: OptionalTimestamp;
  last_used_at: OptionalTimestamp;
  revoked_at: OptionalTimestamp;
  revoked_by: Optional<string>;
}

export interface WebhookEndpointsTable {
  tenant_id: string;
  id: Generated<string>;
  url: string;
  description: Defaulted<string>;
  event_types: Defaulted<string[]>;
  enabled: Defaulted<boolean>;
  disabled_reason: string | null;
  disabled_at: Timestamp | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Timestamp | null;
  failing_since: Timestamp | null;
  sender_id: string | null;
  sending_until: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One change (or test ping) to one endpoint (migration 0025). Ids are bigint: pg returns them as strings. */
export interface WebhookDeliveriesTable {
  tenant_id: string;
  id: ColumnType<string, never, never>;
  endpoint_id: string;
  change_id: string | null;
  event_type: string;
  status: Defaulted<WebhookDeliveryStatus>;
  attempt_count: Defaulted<number>;
  retry_step: Defaulted<number>;
  redelivery: Defaulted<boolean>;
  next_attempt_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_attempt_at: Timestamp | null;
  finished_at: Timestamp | null;
  failure_reason: string | null;
  created_at: CreatedAt;
}

export interface WebhookAttemptsTable {
  tenant_id: string;
  id: ColumnType<string, never, never>;
  delivery_id: string;
  attempted_at: ColumnType<Date, Date | string | undefined, never>;
  succeeded: boolean;
  status_code: number | null;
  error_code: string | null;
  error_message: string | null;
  latency_ms: number;
  response_excerpt: Defaulted<string>;
  redelivery: Defaulted<boolean>;
}

export type CustomDomainStatus = 'pending' | 'verified' | 'expired';
export type DnsRecordState = 'unchecked' | 'missing' | 'wrong' | 'present';
export type CertificateStatus = 'not_requested' | 'pending_validation' | 'active' | 'failed';
export interface DomainFinding {
  code: string;
  message: string;
}

/** An organizer's own host name for its storefront (migration 0026). */
export interface CustomDomainsTable {
  tenant_id: string;
  id: Generated<string>;
  hostname: string;
  verification_token: string;
  status: Defaulted<CustomDomainStatus>;
  txt_state: Defaulted<DnsRecordState>;
  cname_state: Defaulted<DnsRecordState>;
  cname_found: string | null;
  diagnosis: ColumnType<DomainFinding[], DomainFinding[] | string | undefined, DomainFinding[] | string>;
  check_count: Defaulted<number>;
  last_checked_at: OptionalTimestamp;
  next_check_at: OptionalTimestamp;
  verified_at: OptionalTimestamp;
  expires_at: ColumnType<Date, Date | string | undefined, Date | string>;
  certificate_status: Defaulted<CertificateStatus>;
  certificate_reference: string | null;
  certificate_validation_name: string | null;
  certificate_validation_value: string | null;
  certificate_not_after: OptionalTimestamp;
  certificate_renewal_status: string | null;
  certificate_failure: string | null;
  certificate_warned_at: OptionalTimestamp;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type TaxClassification =
  | 'individual'
  | 'c_corporation'
  | 's_corporation'
  | 'partnership'
  | 'trust_estate'
  | 'llc_c'
  | 'llc_s'
  | 'llc_p'
  | 'tax_exempt'
  | 'other';
export type TinKind = 'ssn' | 'ein';
export type PayeePaymentMethod = 'cash' | 'check' | 'bank_transfer' | 'card' | 'payment_app';

export interface TaxpayerDetailsTable {
  tenant_id: string;
  legal_name: string;
  business_name: Defaulted<string>;
  tax_classification: TaxClassification;
  exempt_payee_code: Defaulted<string>;
  tin_kind: TinKind;
  /** Sealed by lib/field-encryption.ts; never sent whole. */
  tin_sealed: Buffer;
  tin_last4: string;
  address_line1: string;
  address_line2: Defaulted<string>;
  city: string;
  state: string;
  postal_code: string;
  certified_by_user_id: Optional<string>;
  certified_at: UpdatedAt;
  updated_at: UpdatedAt;
}

export interface PayeesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  business_name: Defaulted<string>;
  email: Defaulted<string>;
  tin_kind: Optional<TinKind>;
  tin_sealed: Optional<Buffer>;
  tin_last4: Optional<string>;
  address_line1: Defaulted<string>;
  address_line2: Defaulted<string>;
  city: Defaulted<string>;
  state: Defaulted<string>;
  postal_code: Defaulted<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PayeePaymentsTable {
  tenant_id: string;
  id: Generated<string>;
  payee_id: string;
  event_id: Optional<string>;
  /** A calendar day, `YYYY-MM-DD`: the pool keeps dates as text (db/database.ts). */
  paid_on: ColumnType<string, string, string>;
  /** bigint: pg returns it as a string. */
  amount_cents: ColumnType<string, number | string, never>;
  currency: string;
  method: PayeePaymentMethod;
  memo: Defaulted<string>;
  recorded_by_user_id: Optional<string>;
  recorded_by_api_key_id: Optional<string>;
  created_at: CreatedAt;
}

export interface ActivityLogTable {
  tenant_id: string;
  /** bigint: pg returns it as a string. */
  id: ColumnType<string, never, never>;
  occurred_at: CreatedAt;
  actor_kind: 'member' | 'api_key';
  actor_user_id: Optional<string>;
  actor_api_key_id: Optional<string>;
  actor_label: string;
  operation: string;
  area: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  resource_id: Optional<string>;
  changes: ColumnType<Record<string, unknown>, string | undefined, never>;
  ip_address: Defaulted<string>;
  user_agent: Defaulted<string>;
}

export type ExportKind = 'attendees' | 'orders';
export type ExportFormat = 'csv' | 'xlsx';
export type ExportStatus = 'queued' | 'running' | 'done' | 'failed' | 'expired';

export interface ExportsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: ExportKind;
  format: ExportFormat;
  event_id: string | null;
  search: Defaulted<string>;
  locale: string;
  time_zone: string;
  status: Defaulted<ExportStatus>;
  total_rows: number | null;
  done_rows: Defaulted<number>;
  file_name: string;
  byte_size: ColumnType<string | null, number | null, number | null>;
  error: string | null;
  requested_by_user_id: string | null;
  requested_by_label: string;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
  expires_at: Timestamp | null;
}

export type MessageKind = 'announcement' | 'marketing' | 'reminder' | 'event_change';
export type MessageStatus = 'sending' | 'sent' | 'failed';
export type RecipientStatus = 'pending' | 'sent' | 'failed' | 'skipped';
export type SkippedReason = 'unsubscribed' | 'no_consent';
/** Which of an event's ticket holders a message goes to. */
export interface MessageAudience {
  tier_ids?: string[];
  checked_in?: 'any' | 'yes' | 'no';
}
/** An event's date and place before a change, kept with the notice of the change. */
export interface EventPlaceAndTime {
  starts_at: string;
  ends_at: string;
  time_zone: string;
  venue_name: string;
  address_line: string;
  city: string;
  state: string;
  postal_code: string;
  country: string;
  online_url: string | null;
}

export interface MessagesTable {
  tenant_id: string;
  id: Generated<string>;
  event_id: string;
  kind: MessageKind;
  subject: ColumnType<LocalizedText, LocalizedText | string | undefined, never>;
  body: ColumnType<LocalizedText, LocalizedText | string | undefined, never>;
  audience: ColumnType<MessageAudience, MessageAudience | string | undefined, never>;
  previous: ColumnType<EventPlaceAndTime | null, EventPlaceAndTime | string | null | undefined, never>;
  status: Defaulted<MessageStatus>;
  created_by_user_id: Optional<string>;
  created_by_label: Defaulted<string>;
  created_at: CreatedAt;
  finished_at: OptionalTimestamp;
}

export interface MessageRecipientsTable {
  tenant_id: string;
  message_id: string;
  email: string;
  name: Defaulted<string>;
  locale: Defaulted<string>;
  order_id: Optional<string>;
  status: Defaulted<RecipientStatus>;
  skipped_reason: Optional<SkippedReason>;
  attempts: Defaulted<number>;
  sent_at: OptionalTimestamp;
  error: Optional<string>;
}

export interface UnsubscribeLinksTable {
  tenant_id: string;
  token_hash: Buffer;
  email: string;
  created_at: CreatedAt;
}

export interface UnsubscribesTable {
  tenant_id: string;
  email: string;
  created_at: CreatedAt;
}

export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  sessions: SessionsTable;
  account_tokens: AccountTokensTable;
  pending_sign_ups: PendingSignUpsTable;
  memberships: MembershipsTable;
  categories: CategoriesTable;
  events: EventsTable;
  event_search_terms: EventSearchTermsTable;
  catalog_events: CatalogEventsTable;
  images: ImagesTable;
  ticket_tiers: TicketTiersTable;
  checkout_settings: CheckoutSettingsTable;
  brandings: BrandingsTable;
  themes: ThemesTable;
  theme_versions: ThemeVersionsTable;
  contact_messages: ContactMessagesTable;
  tax_rates: TaxRatesTable;
  promo_codes: PromoCodesTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  ticket_signing_keys: TicketSigningKeysTable;
  tickets: TicketsTable;
  check_ins: CheckInsTable;
  waitlist_entries: WaitlistEntriesTable;
  payments: PaymentsTable;
  customers: CustomersTable;
  customer_tokens: CustomerTokensTable;
  customer_sessions: CustomerSessionsTable;
  order_confirmations: OrderConfirmationsTable;
  dev_mailbox_messages: DevMailboxMessagesTable;
  stripe_accounts: StripeAccountsTable;
  stripe_events: StripeEventsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_lines: LedgerLinesTable;
  taxpayer_details: TaxpayerDetailsTable;
  payees: PayeesTable;
  payee_payments: PayeePaymentsTable;
  activity_log: ActivityLogTable;
  exports: ExportsTable;
  messages: MessagesTable;
  message_recipients: MessageRecipientsTable;
  unsubscribes: UnsubscribesTable;
  unsubscribe_links: UnsubscribeLinksTable;
  payouts: PayoutsTable;
  disputes: DisputesTable;
  plan_subscriptions: PlanSubscriptionsTable;
  staff_audit_log: StaffAuditLogTable;
  changes: ChangesTable;
  idempotency_keys: IdempotencyKeysTable;
  api_keys: ApiKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  custom_domains: CustomDomainsTable;
}

export type Tenant = Selectable<TenantsTable>;
export type User = Selectable<UsersTable>;
export type Membership = Selectable<MembershipsTable>;
export type Category = Selectable<CategoriesTable>;
export type EventRow = Selectable<EventsTable>;
export type NewEventRow = Insertable<EventsTable>;
export type EventUpdate = Updateable<EventsTable>;
export type ImageRow = Selectable<ImagesTable>;
export type TicketTier = Selectable<TicketTiersTable>;
export type NewTicketTier = Insertable<TicketTiersTable>;
export type TicketTierUpdate = Updateable<TicketTiersTable>;
export type CheckoutSettings = Selectable<CheckoutSettingsTable>;
export type Branding = Selectable<BrandingsTable>;
export type Theme = Selectable<ThemesTable>;
export type TaxRate = Selectable<TaxRatesTable>;
export type PromoCode = Selectable<PromoCodesTable>;
export type Product = Selectable<ProductsTable>;
export type Order = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type OrderUpdate = Updateable<OrdersTable>;
export type OrderLine = Selectable<OrderLinesTable>;
export type NewOrderLine = Insertable<OrderLinesTable>;
export type Ticket = Selectable<TicketsTable>;
export type NewTicket = Insertable<TicketsTable>;
export type WaitlistEntry = Selectable<WaitlistEntriesTable>;
export type Customer = Selectable<CustomersTable>;
export type Payout = Selectable<PayoutsTable>;
export type Dispute = Selectable<DisputesTable>;
export type StripeAccount = Selectable<StripeAccountsTable>;
