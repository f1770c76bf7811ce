-- API keys: an organizer's own integrations (a CRM, accounting) call the REST API with a key that
-- acts for the organizer, never for a person, within the scopes it was given. The secret is shown
-- once when the key is made; only its SHA-256 is kept, with a few characters to recognise it by.

create table api_keys (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  scopes text[] not null
    check (cardinality(scopes) between 1 and 40
      and array_to_string(scopes, ',') ~ '^[a-z_]+:(read|write)(,[a-z_]+:(read|write))*$'),
  token_hash bytea not null check (length(token_hash) = 32),
  display_prefix text not null check (display_prefix ~ '^apk_[0-9A-Za-z]{4}$'),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz check (expires_at > created_at),
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid references users (id) on delete set null,
  primary key (tenant_id, id)
);
-- Not unique: a unique index across organizers could not live on a table distributed by tenant,
-- and two keys of 190 random bits never share a hash.
create index api_keys_token_hash_idx on api_keys (token_hash);
comment on table api_keys is
  'An organizer''s API key. Revoked keys stay, so what they did can still be told; nothing deletes a key.';
comment on column api_keys.scopes is
  '`<group>:read` or `<group>:write` per resource group the key may use (write includes read), e.g. {events:read,orders:write}.';
comment on column api_keys.token_hash is 'SHA-256 of the whole secret (`apk_…`); the secret itself is never stored.';
comment on column api_keys.display_prefix is 'The secret''s first characters (`apk_` and four more), to tell keys apart in a list.';
comment on column api_keys.expires_at is 'When the key stops working by itself; null: only revoking ends it.';
comment on column api_keys.last_used_at is 'When a request last came with the key, kept to the minute (written at most once a minute).';

alter table api_keys enable row level security;
alter table api_keys force row level security;
create policy api_keys_tenant on api_keys
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
-- For `app.api_key_by_hash` alone, which runs as the owner: the API role never matches it.
create policy api_keys_lookup_by_owner on api_keys for select to accessplus_owner using (true);
grant select, insert, update on api_keys to accessplus_app;

-- A request brings only its key, so the key's organizer must be found before any tenant is
-- entered. This function, running as the tables' owner, answers for the one key whose hash the
-- caller presents, and for nothing else: the API role still sees no key of any organizer that
-- it has not entered.
create function app.api_key_by_hash(p_token_hash bytea)
  returns table (
    tenant_id uuid,
    id uuid,
    scopes text[],
    expires_at timestamptz,
    revoked_at timestamptz,
    last_used_at timestamptz,
    plan text
  )
  language sql stable security definer
  set search_path = pg_catalog, pg_temp
  as $$
    select k.tenant_id, k.id, k.scopes, k.expires_at, k.revoked_at, k.last_used_at, t.plan
    from public.api_keys k join public.tenants t on t.id = k.tenant_id
    where k.token_hash = p_token_hash
  $$;
comment on function app.api_key_by_hash(bytea) is
  'The key with this SHA-256, its organizer and that organizer''s plan; nothing for any other hash.';
revoke all on function app.api_key_by_hash(bytea) from public;
grant execute on function app.api_key_by_hash(bytea) to accessplus_app;

-- What a key did is recorded as the key's doing, beside the person columns, which stay empty for it.
alter table orders add column paid_by_api_key_id uuid,
  add constraint orders_paid_by_api_key_fkey foreign key (tenant_id, paid_by_api_key_id)
    references api_keys (tenant_id, id) on delete set null (paid_by_api_key_id);
comment on column orders.paid_by_api_key_id is 'The API key that recorded a payment in person; null when a person did.';

alter table payments add column recorded_by_api_key_id uuid,
  add constraint payments_recorded_by_api_key_fkey foreign key (tenant_id, recorded_by_api_key_id)
    references api_keys (tenant_id, id) on delete set null (recorded_by_api_key_id);
comment on column payments.recorded_by_api_key_id is 'The API key that recorded this payment or refund; null when a person or the system did.';

alter table tickets add column checked_in_by_api_key_id uuid,
  add constraint tickets_checked_in_by_api_key_fkey foreign key (tenant_id, checked_in_by_api_key_id)
    references api_keys (tenant_id, id) on delete set null (checked_in_by_api_key_id);
comment on column tickets.checked_in_by_api_key_id is 'The API key that admitted the ticket; null when a person did.';

alter table check_ins add column api_key_id uuid,
  add constraint check_ins_api_key_fkey foreign key (tenant_id, api_key_id)
    references api_keys (tenant_id, id) on delete set null (api_key_id);
comment on column check_ins.api_key_id is 'The API key that scanned or undid; null when a person did (user_id).';

alter table images add column created_by_api_key_id uuid,
  add constraint images_created_by_api_key_fkey foreign key (tenant_id, created_by_api_key_id)
    references api_keys (tenant_id, id) on delete set null (created_by_api_key_id);
comment on column images.created_by_api_key_id is 'The API key that uploaded the image; null when a person did.';
