import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Text an organizer writes for attendees, keyed by locale (`{"en": "…", "am": "…"}`). */
export type LocalizedText = Record<string, string>;

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string | undefined>;
type Json<T> = ColumnType<T, T | string, T | string>;

export type TenantPlan = 'basic' | 'pro' | 'enterprise';
export type TenantStatus = 'active' | 'suspended';
export type MembershipRole = 'owner' | 'admin' | 'staff' | 'check_in';
export type AccountTokenPurpose = 'verify_email' | 'reset_password';
export type EventStatus = 'draft' | 'published' | 'unpublished' | 'cancelled';

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
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: ColumnType<string, string | undefined, string>;
  password_hash: string | null;
  email_verified_at: Timestamp | null;
  is_platform_staff: ColumnType<boolean, boolean | undefined, boolean>;
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
  published_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  search: ColumnType<string, never, never>;
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
  sold_count: ColumnType<number, number | undefined, number>;
  sales_start_at: Timestamp | null;
  sales_end_at: Timestamp | null;
  min_per_order: ColumnType<number, number | undefined, number>;
  max_per_order: ColumnType<number, number | undefined, number>;
  position: ColumnType<number, number | undefined, number>;
  hidden: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  sessions: SessionsTable;
  account_tokens: AccountTokensTable;
  memberships: MembershipsTable;
  categories: CategoriesTable;
  events: EventsTable;
  ticket_tiers: TicketTiersTable;
}

export type Tenant = Selectable<TenantsTable>;
export type User = Selectable<UsersTable>;
export type Membership = Selectable<MembershipsTable>;
export type Category = Selectable<CategoriesTable>;
export type EventRow = Selectable<EventsTable>;
export type NewEventRow = Insertable<EventsTable>;
export type EventUpdate = Updateable<EventsTable>;
export type TicketTier = Selectable<TicketTiersTable>;
export type NewTicketTier = Insertable<TicketTiersTable>;
export type TicketTierUpdate = Updateable<TicketTiersTable>;
