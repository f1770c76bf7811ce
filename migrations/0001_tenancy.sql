-- Tenancy foundation: the helpers every row-level security policy uses, tenants, users,
-- sessions, one-time account tokens and memberships.

create schema app authorization accessplus_owner;
comment on schema app is 'Helper functions shared by row-level security policies.';

grant usage on schema app to accessplus_app;
grant usage on schema public to accessplus_app;

-- A transaction's tenant. Empty or unset means "no tenant": every tenant policy then matches nothing.
create function app.current_tenant_id() returns uuid
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- The signed-in user of a transaction, used by policies that let a person see their own rows
-- across tenants (their memberships) without naming a tenant.
create function app.current_user_id() returns uuid
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;

-- A transaction may declare it reads the public catalog: published events of every tenant.
create function app.reads_public_catalog() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'public_catalog' $$;

create function app.touch_updated_at() returns trigger
  language plpgsql
  as $$ begin new.updated_at := now(); return new; end $$;

-- Tenants -------------------------------------------------------------------------------------

create table tenants (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique
    check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$'),
  name text not null check (length(name) between 1 and 200),
  plan text not null default 'basic' check (plan in ('basic', 'pro', 'enterprise')),
  currency char(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  default_locale text not null default 'en',
  locales text[] not null default '{en}',
  time_zone text not null default 'America/New_York',
  status text not null default 'active' check (status in ('active', 'suspended')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (default_locale = any (locales))
);
comment on table tenants is
  'An organizer: the root of tenancy. Public facts (slug, name, locales) are readable by anyone, '
  'since storefronts show them; only the tenant itself may change its row.';
comment on column tenants.locales is 'Locales the organizer writes attendee-facing text in.';

create trigger tenants_updated_at before update on tenants
  for each row execute function app.touch_updated_at();

alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenants_read on tenants for select using (true);
create policy tenants_sign_up on tenants for insert with check (true);
create policy tenants_update_own on tenants for update
  using (id = app.current_tenant_id()) with check (id = app.current_tenant_id());

-- Users, sessions and one-time tokens (global: a person may belong to several tenants) ------

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(email) and length(email) <= 254),
  display_name text not null default '' check (length(display_name) <= 200),
  password_hash text,
  email_verified_at timestamptz,
  is_platform_staff boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (email);
comment on table users is 'Global: people who sign in (organizer staff and platform staff).';
comment on column users.password_hash is 'argon2id hash; null until an invited person sets one.';
comment on column users.is_platform_staff is 'Platform staff reach the staff area; granted by the CLI only.';

create trigger users_updated_at before update on users
  for each row execute function app.touch_updated_at();

create table sessions (
  id uuid primary key default gen_random_uuid(),
  token_hash bytea not null unique,
  user_id uuid not null references users (id) on delete cascade,
  active_tenant_id uuid references tenants (id) on delete set null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
create index sessions_user_idx on sessions (user_id);
comment on table sessions is 'Global: sign-in sessions. Only the SHA-256 of the token is kept.';
comment on column sessions.active_tenant_id is 'The tenant this session acts in; the user must be a member.';

create table account_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  purpose text not null check (purpose in ('verify_email', 'reset_password')),
  token_hash bytea not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index account_tokens_user_idx on account_tokens (user_id, purpose);
comment on table account_tokens is
  'Global: single-use email verification and password reset tokens, stored as SHA-256 only.';

-- Memberships (tenant-owned) ------------------------------------------------------------------

create table memberships (
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'staff', 'check_in')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);
create index memberships_user_idx on memberships (user_id);
comment on table memberships is 'Who works for a tenant, and in which role.';

create trigger memberships_updated_at before update on memberships
  for each row execute function app.touch_updated_at();

alter table memberships enable row level security;
alter table memberships force row level security;
create policy memberships_tenant on memberships
  using (tenant_id = app.current_tenant_id())
  with check (tenant_id = app.current_tenant_id());
-- A signed-in person lists their own memberships to choose a tenant, before any tenant is set.
create policy memberships_own on memberships for select
  using (user_id = app.current_user_id());

grant select, insert, update on tenants to accessplus_app;
grant select, insert, update on users to accessplus_app;
grant select, insert, update, delete on sessions to accessplus_app;
grant select, insert, update, delete on account_tokens to accessplus_app;
grant select, insert, update, delete on memberships to accessplus_app;
