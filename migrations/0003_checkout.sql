-- Checkout: fee and tax settings, promo codes, add-on products, orders and their
-- lines, tickets with their signing keys, check-ins, the waitlist and payments.
--
-- Stock rule: a tier's (or product's) `taken_count` counts admissions held by pending orders
-- plus those sold. A hold changes it with one conditional update in the transaction that
-- records the hold; expiring, cancelling or refunding gives the seats back the same way.

-- Tiers and events take part in holds --------------------------------------------------------

alter table ticket_tiers rename column sold_count to taken_count;
alter table ticket_tiers rename constraint ticket_tiers_check1 to ticket_tiers_taken_within_quantity;
comment on column ticket_tiers.taken_count is
  'Admissions held by pending orders or sold. Changed only by conditional updates; an expired '
  'hold still counts here until it is released, but availability reads treat it as free.';
alter table ticket_tiers add column waitlist_paused boolean not null default false;
comment on column ticket_tiers.waitlist_paused is 'When true, returned seats are not offered to the waitlist.';

alter table events add column taken_count integer not null default 0 check (taken_count >= 0);
alter table events add constraint events_taken_within_capacity check (capacity is null or taken_count <= capacity);
comment on column events.taken_count is
  'Admissions held or sold across tiers; kept only while the event has a capacity (recomputed when one is set).';
alter table events add column donations_enabled boolean not null default false;
alter table events add column donation_goal_cents integer check (donation_goal_cents > 0);
comment on column events.donation_goal_cents is 'Optional fundraising goal; progress is the sum of paid donations.';

-- Checkout settings ----------------------------------------------------------------------------

create table checkout_settings (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  service_fee_percent_bp integer not null default 0 check (service_fee_percent_bp between 0 and 5000),
  service_fee_flat_cents integer not null default 0 check (service_fee_flat_cents between 0 and 100000),
  fees_paid_by text not null default 'buyer' check (fees_paid_by in ('buyer', 'organizer')),
  impact_fee_share_bp integer not null default 0 check (impact_fee_share_bp between 0 and 10000),
  impact_fund_name text not null default '' check (length(impact_fund_name) <= 200),
  fees_taxable boolean not null default false,
  hold_minutes integer not null default 10 check (hold_minutes between 1 and 120),
  offline_methods text[] not null default '{}' check (offline_methods <@ array['cash', 'partner']),
  offline_payment_hours integer not null default 72 check (offline_payment_hours between 1 and 2160),
  community_partners text[] not null default '{}',
  waitlist_offer_minutes integer not null default 60 check (waitlist_offer_minutes between 5 and 10080),
  updated_at timestamptz not null default now()
);
comment on table checkout_settings is 'How an organizer sells: fees, holds, offline payment and waitlist offers.';
comment on column checkout_settings.service_fee_percent_bp is 'Service fee per ticket in basis points of its price (250 = 2.5%).';
comment on column checkout_settings.impact_fee_share_bp is
  'Share of the service fee (basis points) given to the community fund named impact_fund_name.';
comment on column checkout_settings.community_partners is
  'Names of the trusted community partners (a shop, a church office) that take payment for the organizer.';

create trigger checkout_settings_updated_at before update on checkout_settings
  for each row execute function app.touch_updated_at();

-- Sales tax rates, keyed by the event's jurisdiction ------------------------------------------

create table tax_rates (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  state text not null check (state ~ '^[A-Z]{2}$'),
  city text not null default '' check (length(city) <= 100),
  rate_ppm integer not null check (rate_ppm between 0 and 300000),
  label text not null default '' check (length(label) <= 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index tax_rates_jurisdiction_key on tax_rates (tenant_id, state, lower(city));
comment on table tax_rates is
  'Sales tax an organizer collects per jurisdiction. A city row wins over its state row (city = '''').';
comment on column tax_rates.rate_ppm is 'Rate in parts per million: 8.875% is 88750.';

create trigger tax_rates_updated_at before update on tax_rates
  for each row execute function app.touch_updated_at();

-- Promo codes ------------------------------------------------------------------------------------

create table promo_codes (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  code text not null check (code ~ '^[A-Z0-9][A-Z0-9_-]{1,39}$'),
  kind text not null check (kind in ('percent', 'amount')),
  percent_off_bp integer check (percent_off_bp between 1 and 10000),
  amount_off_cents integer check (amount_off_cents > 0),
  max_uses integer check (max_uses > 0),
  used_count integer not null default 0 check (used_count >= 0),
  tier_ids uuid[] not null default '{}',
  starts_at timestamptz,
  ends_at timestamptz,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check ((kind = 'percent') = (percent_off_bp is not null) and (kind = 'amount') = (amount_off_cents is not null)),
  check (max_uses is null or used_count <= max_uses),
  check (ends_at is null or starts_at is null or ends_at > starts_at)
);
create unique index promo_codes_code_key on promo_codes (tenant_id, code);
comment on table promo_codes is 'Discount codes. used_count counts pending and paid orders, by conditional update.';
comment on column promo_codes.tier_ids is 'Tiers the code applies to; empty means every tier.';

create trigger promo_codes_updated_at before update on promo_codes
  for each row execute function app.touch_updated_at();

-- Add-on products (merchandise, food, parking) ---------------------------------------------------

create table products (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  event_id uuid,
  name jsonb not null check (jsonb_typeof(name) = 'object'),
  description jsonb not null default '{}' check (jsonb_typeof(description) = 'object'),
  price_cents integer not null check (price_cents >= 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  quantity integer not null check (quantity >= 0),
  taken_count integer not null default 0 check (taken_count >= 0),
  max_per_order integer not null default 10 check (max_per_order >= 1),
  active boolean not null default true,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, event_id) references events (tenant_id, id) on delete cascade,
  constraint products_taken_within_quantity check (taken_count <= quantity)
);
create index products_event_idx on products (tenant_id, event_id, position, id);
comment on table products is 'Add-ons sold with tickets, with their own stock; tied to one event or to none.';

create trigger products_updated_at before update on products
  for each row execute function app.touch_updated_at();

-- Orders -----------------------------------------------------------------------------------------

create table orders (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  number text not null check (number ~ '^[0-9A-Z]{4,12}$'),
  status text not null default 'pending'
    check (status in ('pending', 'paid', 'partially_refunded', 'refunded', 'cancelled', 'expired')),
  buyer_name text not null check (length(buyer_name) between 1 and 200),
  buyer_email text not null check (buyer_email = lower(buyer_email) and length(buyer_email) <= 254),
  buyer_locale text not null default 'en',
  currency char(3) not null,
  subtotal_cents integer not null check (subtotal_cents >= 0),
  discount_cents integer not null default 0 check (discount_cents >= 0),
  fee_cents integer not null default 0 check (fee_cents >= 0),
  impact_fee_cents integer not null default 0 check (impact_fee_cents >= 0),
  organizer_fee_cents integer not null default 0 check (organizer_fee_cents >= 0),
  tax_cents integer not null default 0 check (tax_cents >= 0),
  donation_cents integer not null default 0 check (donation_cents >= 0),
  total_cents integer not null check (total_cents >= 0),
  refunded_cents integer not null default 0 check (refunded_cents >= 0),
  promo_code_id uuid,
  payment_method text check (payment_method in ('test', 'cash', 'partner', 'free')),
  payment_partner text,
  payment_reference text,
  test_mode boolean not null default false,
  expires_at timestamptz,
  paid_at timestamptz,
  paid_by_user_id uuid references users (id) on delete set null,
  cancelled_at timestamptz,
  waitlist_entry_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, promo_code_id) references promo_codes (tenant_id, id) on delete restrict,
  check (total_cents = subtotal_cents - discount_cents + fee_cents + tax_cents + donation_cents),
  check (refunded_cents <= total_cents),
  check (status <> 'pending' or expires_at is not null)
);
create unique index orders_number_key on orders (tenant_id, number);
create index orders_pending_expiry_idx on orders (tenant_id, expires_at) where status = 'pending';
create index orders_pending_expiry_all_idx on orders (expires_at) where status = 'pending';
create index orders_tenant_created_idx on orders (tenant_id, created_at, id);
create index orders_tenant_updated_idx on orders (tenant_id, updated_at, id);
create index orders_buyer_email_idx on orders (tenant_id, buyer_email);
comment on table orders is
  'A purchase. pending holds stock until expires_at (for offline payment, until the payment deadline); '
  'paid issues tickets; refunds move it to partially_refunded or refunded.';
comment on column orders.number is 'Short order number for people (receipts, the door), unique per organizer.';
comment on column orders.buyer_locale is 'The language the buyer checked out in, for the emails that follow.';
comment on column orders.fee_cents is 'Service fee charged to the buyer (0 when the organizer absorbs it).';
comment on column orders.organizer_fee_cents is 'Service fee the organizer absorbs, deducted from its payout.';
comment on column orders.impact_fee_cents is 'Part of the service fee (buyer- or organizer-paid) that goes to the community fund.';
comment on column orders.test_mode is 'Paid with the test provider: no money moved.';

create trigger orders_updated_at before update on orders
  for each row execute function app.touch_updated_at();

create table order_lines (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  order_id uuid not null,
  kind text not null check (kind in ('ticket', 'product', 'donation')),
  event_id uuid,
  tier_id uuid,
  product_id uuid,
  description jsonb not null default '{}',
  quantity integer not null check (quantity > 0),
  unit_price_cents integer not null check (unit_price_cents >= 0),
  subtotal_cents integer not null check (subtotal_cents >= 0),
  discount_cents integer not null default 0 check (discount_cents >= 0),
  fee_cents integer not null default 0 check (fee_cents >= 0),
  impact_fee_cents integer not null default 0 check (impact_fee_cents >= 0),
  organizer_fee_cents integer not null default 0 check (organizer_fee_cents >= 0),
  tax_cents integer not null default 0 check (tax_cents >= 0),
  total_cents integer not null check (total_cents >= 0),
  refunded_quantity integer not null default 0 check (refunded_quantity >= 0),
  refunded_cents integer not null default 0 check (refunded_cents >= 0),
  held_until timestamptz,
  attendee_names text[] not null default '{}',
  position integer not null default 0,
  primary key (tenant_id, id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade,
  foreign key (tenant_id, event_id) references events (tenant_id, id) on delete restrict,
  foreign key (tenant_id, tier_id) references ticket_tiers (tenant_id, id) on delete restrict,
  foreign key (tenant_id, product_id) references products (tenant_id, id) on delete restrict,
  check (kind <> 'ticket' or (tier_id is not null and event_id is not null)),
  check (kind <> 'product' or product_id is not null),
  check (kind <> 'donation' or event_id is not null),
  check (total_cents = subtotal_cents - discount_cents + fee_cents + tax_cents),
  check (refunded_quantity <= quantity),
  check (refunded_cents <= total_cents)
);
create index order_lines_order_idx on order_lines (tenant_id, order_id, position);
create index order_lines_tier_idx on order_lines (tenant_id, tier_id) where tier_id is not null;
create index order_lines_held_tier_idx on order_lines (tenant_id, tier_id, held_until) where held_until is not null;
create index order_lines_held_product_idx on order_lines (tenant_id, product_id, held_until) where held_until is not null;
create index order_lines_product_idx on order_lines (tenant_id, product_id) where product_id is not null;
create index order_lines_event_idx on order_lines (tenant_id, event_id, kind);
comment on table order_lines is 'What an order holds or bought, priced line by line; the lines add up to the order.';
comment on column order_lines.attendee_names is 'Names the buyer gave for the tickets of this line, in order.';
comment on column order_lines.held_until is
  'While the order is pending: when its hold on this line''s stock lapses (the order''s expires_at). '
  'Null once the order is paid or its stock was given back.';

-- Ticket signing keys and tickets --------------------------------------------------------------

create table ticket_signing_keys (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null check (id ~ '^[A-Za-z0-9_-]{8,32}$'),
  public_key bytea not null check (length(public_key) = 32),
  private_key bytea not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  primary key (tenant_id, id)
);
create unique index ticket_signing_keys_active_key on ticket_signing_keys (tenant_id) where retired_at is null;
comment on table ticket_signing_keys is
  'Ed25519 key pair per organizer. Ticket codes and order links are signed with the private key; '
  'the public key is published so scanners can verify tickets offline.';
comment on column ticket_signing_keys.private_key is 'PKCS#8 DER. Readable only inside the tenant.';

create table tickets (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  order_id uuid not null,
  order_line_id uuid not null,
  event_id uuid not null,
  tier_id uuid not null,
  attendee_name text not null default '' check (length(attendee_name) <= 200),
  status text not null default 'valid' check (status in ('valid', 'revoked')),
  revoked_reason text check (revoked_reason in ('refunded', 'cancelled', 'reissued', 'event_cancelled')),
  revoked_at timestamptz,
  replaces_ticket_id uuid,
  checked_in_at timestamptz,
  checked_in_device text,
  checked_in_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade,
  foreign key (tenant_id, order_line_id) references order_lines (tenant_id, id) on delete cascade,
  foreign key (tenant_id, event_id) references events (tenant_id, id) on delete restrict,
  foreign key (tenant_id, tier_id) references ticket_tiers (tenant_id, id) on delete restrict,
  check ((status = 'revoked') = (revoked_at is not null))
);
create index tickets_order_idx on tickets (tenant_id, order_id);
create index tickets_event_idx on tickets (tenant_id, event_id, status);
create index tickets_tier_idx on tickets (tenant_id, tier_id, status);
comment on table tickets is 'One admission. Its QR code is a signed payload; a revoked ticket never admits.';
comment on column tickets.checked_in_at is 'Set once, by one conditional update, when the ticket is admitted.';

create trigger tickets_updated_at before update on tickets
  for each row execute function app.touch_updated_at();

create table check_ins (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  ticket_id uuid,
  event_id uuid not null,
  action text not null check (action in ('admitted', 'refused', 'undone')),
  reason text,
  device_id text not null check (length(device_id) between 1 and 100),
  user_id uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade,
  foreign key (tenant_id, event_id) references events (tenant_id, id) on delete cascade
);
create index check_ins_event_idx on check_ins (tenant_id, event_id, created_at);
comment on table check_ins is 'Every scan at the door and every undo, for the organizer''s record.';

-- Waitlist ---------------------------------------------------------------------------------------

create table waitlist_entries (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  event_id uuid not null,
  tier_id uuid not null,
  email text not null check (email = lower(email) and length(email) <= 254),
  name text not null default '' check (length(name) <= 200),
  locale text not null default 'en',
  quantity integer not null check (quantity between 1 and 50),
  position double precision not null,
  status text not null default 'waiting' check (status in ('waiting', 'offered', 'claimed', 'expired', 'removed')),
  offer_order_id uuid,
  offered_at timestamptz,
  offer_expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, event_id) references events (tenant_id, id) on delete cascade,
  foreign key (tenant_id, tier_id) references ticket_tiers (tenant_id, id) on delete cascade,
  foreign key (tenant_id, offer_order_id) references orders (tenant_id, id) on delete set null (offer_order_id)
);
create unique index waitlist_entries_open_key on waitlist_entries (tenant_id, tier_id, email)
  where status in ('waiting', 'offered');
create index waitlist_entries_queue_idx on waitlist_entries (tenant_id, tier_id, position) where status = 'waiting';
comment on table waitlist_entries is
  'People waiting for a sold-out tier, in position order. An offer is a pending order holding the returned seats.';
comment on column waitlist_entries.position is 'Queue order; the organizer may move an entry between two others.';

create trigger waitlist_entries_updated_at before update on waitlist_entries
  for each row execute function app.touch_updated_at();

alter table orders add foreign key (tenant_id, waitlist_entry_id)
  references waitlist_entries (tenant_id, id) on delete set null (waitlist_entry_id);

-- Payments ---------------------------------------------------------------------------------------

create table payments (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  order_id uuid not null,
  kind text not null check (kind in ('charge', 'refund')),
  provider text not null check (provider in ('test', 'cash', 'partner', 'free')),
  amount_cents integer not null check (amount_cents >= 0),
  currency char(3) not null,
  provider_reference text,
  recorded_by uuid references users (id) on delete set null,
  test_mode boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade
);
create index payments_order_idx on payments (tenant_id, order_id);
comment on table payments is 'Money received for an order or given back, as the payment provider reported it.';

-- Isolation --------------------------------------------------------------------------------------

do $$
declare
  t text;
begin
  foreach t in array array[
    'checkout_settings', 'tax_rates', 'promo_codes', 'products',
    'orders', 'order_lines', 'ticket_signing_keys', 'tickets', 'check_ins', 'waitlist_entries', 'payments'
  ] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy %I on %I using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id())',
      t || '_tenant', t);
    execute format('grant select, insert, update, delete on %I to accessplus_app', t);
  end loop;
end
$$;

-- Availability in the public catalog treats lapsed holds as free seats before the worker has
-- released them, so the catalog may read the quantities of lapsed holds (no buyer data is on a line).
create policy order_lines_public_lapsed_holds on order_lines for select
  using (app.reads_public_catalog() and held_until <= now());

-- Add-ons of published events are part of the public catalog, like their tiers.
create policy products_public_catalog on products for select
  using (
    app.reads_public_catalog() and active
    and exists (
      select 1 from events e
      where e.tenant_id = products.tenant_id and e.id = products.event_id and e.status = 'published'
    )
  );
