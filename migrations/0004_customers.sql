-- Customer accounts: the people who buy at an organizer's storefront. Each organizer keeps its
-- own customers (the same email at two organizers is two customers), who sign in with a link
-- emailed to them (no passwords) and, by proving the email is theirs, take over the guest
-- orders they placed with it.

-- Customers ----------------------------------------------------------------------------------

create table customers (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  email text not null check (email = lower(email) and length(email) <= 254),
  name text not null default '' check (length(name) <= 200),
  locale text not null default 'en' check (length(locale) between 2 and 16),
  email_verified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_signed_in_at timestamptz,
  primary key (tenant_id, id)
);
create unique index customers_email_key on customers (tenant_id, email);
comment on table customers is
  'A buyer with an account at one organizer. The same email at another organizer is another '
  'customer: each organizer owns its attendee data.';
comment on column customers.email is 'Lower-cased; unique per organizer. Orders placed with it are claimed on sign-in.';
comment on column customers.locale is 'The language the customer reads the storefront and its emails in.';
comment on column customers.email_verified_at is
  'When the customer first proved the email is theirs (by a sign-in link); null for none so far.';

create trigger customers_updated_at before update on customers
  for each row execute function app.touch_updated_at();

-- One-time sign-in links -----------------------------------------------------------------------

create table customer_tokens (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  email text not null check (email = lower(email) and length(email) <= 254),
  locale text check (length(locale) between 2 and 16),
  token_hash bytea,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index customer_tokens_hash_key on customer_tokens (tenant_id, token_hash);
create index customer_tokens_email_idx on customer_tokens (tenant_id, email, expires_at);
comment on table customer_tokens is
  'Single-use sign-in links asked for at the storefront. Whoever opens one proves the email is '
  'theirs; no account need exist yet.';
comment on column customer_tokens.token_hash is
  'SHA-256 of the emailed token; the token itself is never stored. Null until the job that emails '
  'the link has made one (it makes a new one on each attempt, so only the link last sent works).';
comment on column customer_tokens.locale is 'The language the link was asked for in, for its email.';

-- Sessions ---------------------------------------------------------------------------------------

create table customer_sessions (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  token_hash bytea not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
);
create unique index customer_sessions_hash_key on customer_sessions (tenant_id, token_hash);
create index customer_sessions_customer_idx on customer_sessions (tenant_id, customer_id);
comment on table customer_sessions is
  'Signed-in customers at a storefront. Only the SHA-256 of the bearer token is kept; a session '
  'is valid at its own organizer only.';

-- Orders belong to a customer once claimed ------------------------------------------------------

alter table orders add column customer_id uuid;
alter table orders add foreign key (tenant_id, customer_id)
  references customers (tenant_id, id) on delete set null (customer_id);
create index orders_customer_idx on orders (tenant_id, customer_id, created_at, id) where customer_id is not null;
comment on column orders.customer_id is
  'The customer account the order belongs to: set at checkout when signed in, or when the buyer '
  'later signs in with the order''s email (claiming it). Null for a guest order.';
-- Claiming finds a customer's guest orders by (tenant_id, buyer_email): orders_buyer_email_idx.

-- Isolation --------------------------------------------------------------------------------------

do $$
declare
  t text;
begin
  foreach t in array array['customers', 'customer_tokens', 'customer_sessions'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy %I on %I using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id())',
      t || '_tenant', t);
    execute format('grant select, insert, update, delete on %I to accessplus_app', t);
  end loop;
end
$$;
