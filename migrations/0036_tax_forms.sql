-- What an organizer needs for the US information returns about her money: her own taxpayer
-- details as a Form W-9 asks for them (payment processors file Form 1099-K about her), and the
-- performers and vendors she pays with what she paid them (she files Form 1099-NEC about them).
-- Taxpayer identification numbers are sealed by the API (AES-256-GCM, bound to the organizer and
-- the row) before they reach the database; only their last four digits are kept readable.

create table taxpayer_details (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  legal_name text not null check (length(legal_name) between 1 and 200),
  business_name text not null default '' check (length(business_name) <= 200),
  tax_classification text not null check (tax_classification in (
    'individual', 'c_corporation', 's_corporation', 'partnership', 'trust_estate',
    'llc_c', 'llc_s', 'llc_p', 'tax_exempt', 'other')),
  exempt_payee_code text not null default '' check (exempt_payee_code ~ '^([1-9]|1[0-3])?$'),
  tin_kind text not null check (tin_kind in ('ssn', 'ein')),
  tin_sealed bytea not null,
  tin_last4 text not null check (tin_last4 ~ '^[0-9]{4}$'),
  address_line1 text not null check (length(address_line1) between 1 and 200),
  address_line2 text not null default '' check (length(address_line2) <= 200),
  city text not null check (length(city) between 1 and 100),
  state text not null check (state ~ '^[A-Z]{2}$'),
  postal_code text not null check (postal_code ~ '^[0-9]{5}(-[0-9]{4})?$'),
  certified_by_user_id uuid references users (id) on delete set null,
  certified_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table taxpayer_details is
  'The organizer as a US taxpayer, as on Form W-9: the name and TIN payment processors report her payments under.';
comment on column taxpayer_details.tax_classification is
  'W-9 line 3a: llc_c/llc_s/llc_p are an LLC taxed as a C or S corporation or a partnership; tax_exempt a 501(c) organization.';
comment on column taxpayer_details.tin_sealed is
  'The SSN, ITIN or EIN, sealed with the data encryption key; never returned whole by the API.';
comment on column taxpayer_details.certified_by_user_id is 'The person who certified the details as correct, as W-9 Part II asks.';

create table payees (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  business_name text not null default '' check (length(business_name) <= 200),
  email text not null default '' check (length(email) <= 320),
  tin_kind text check (tin_kind in ('ssn', 'ein')),
  tin_sealed bytea,
  tin_last4 text check (tin_last4 ~ '^[0-9]{4}$'),
  address_line1 text not null default '' check (length(address_line1) <= 200),
  address_line2 text not null default '' check (length(address_line2) <= 200),
  city text not null default '' check (length(city) <= 100),
  state text not null default '' check (state ~ '^([A-Z]{2})?$'),
  postal_code text not null default '' check (postal_code ~ '^([0-9]{5}(-[0-9]{4})?)?$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check ((tin_kind is null) = (tin_sealed is null) and (tin_sealed is null) = (tin_last4 is null))
);
create index payees_name_idx on payees (tenant_id, lower(name));
comment on table payees is 'Performers, speakers and vendors an organizer pays for her events; the people a Form 1099-NEC is about.';

create table payee_payments (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  payee_id uuid not null,
  event_id uuid,
  paid_on date not null,
  amount_cents bigint not null check (amount_cents > 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  method text not null check (method in ('cash', 'check', 'bank_transfer', 'card', 'payment_app')),
  memo text not null default '' check (length(memo) <= 500),
  recorded_by_user_id uuid references users (id) on delete set null,
  recorded_by_api_key_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, payee_id) references payees (tenant_id, id) on delete restrict,
  foreign key (tenant_id, event_id) references events (tenant_id, id) on delete set null (event_id),
  foreign key (tenant_id, recorded_by_api_key_id) references api_keys (tenant_id, id)
    on delete set null (recorded_by_api_key_id)
);
create index payee_payments_payee_idx on payee_payments (tenant_id, payee_id, paid_on);
create index payee_payments_paid_on_idx on payee_payments (tenant_id, paid_on);
comment on table payee_payments is
  'What an organizer paid a payee, from her own money outside the platform; recorded for Form 1099-NEC. '
  'Payments by card or a payment app are reported by their processor on Form 1099-K, not on 1099-NEC.';

alter table taxpayer_details enable row level security;
alter table taxpayer_details force row level security;
create policy taxpayer_details_tenant on taxpayer_details
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update on taxpayer_details to accessplus_app;

alter table payees enable row level security;
alter table payees force row level security;
create policy payees_tenant on payees
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update, delete on payees to accessplus_app;

alter table payee_payments enable row level security;
alter table payee_payments force row level security;
create policy payee_payments_tenant on payee_payments
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, delete on payee_payments to accessplus_app;
