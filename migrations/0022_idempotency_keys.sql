-- Idempotency keys: a client that sends `Idempotency-Key` with a write may send it again (a
-- timeout, a double-clicked button) and get the first answer back instead of a second effect.
-- A request claims its key with one insert, committed before its work starts, so that of two
-- requests racing with one key exactly one runs; the other is told the key is in use or, once
-- the first has answered, gets that answer replayed. Keys are kept 24 hours.

create table idempotency_keys (
  tenant_id uuid not null references tenants (id) on delete cascade,
  scope text not null check (scope ~ '^(organizer|staff|storefront|customer:[0-9a-f]{64})$'),
  key text not null check (length(key) between 1 and 255),
  fingerprint text not null check (fingerprint ~ '^[0-9a-f]{64}$'),
  claim uuid not null,
  claimed_at timestamptz not null default now(),
  response_status smallint check (response_status between 100 and 499),
  response_headers jsonb check (jsonb_typeof(response_headers) = 'object'),
  response_body bytea,
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, scope, key),
  check ((completed_at is null) = (response_status is null)),
  check ((completed_at is null) = (response_headers is null)),
  check ((completed_at is null) = (response_body is null))
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);
comment on table idempotency_keys is
  'The Idempotency-Key of each write that sent one, per organizer, and the answer it got once it has one.';
comment on column idempotency_keys.scope is
  'Whose key it is within the organizer: organizer (its members and API keys), staff (platform staff '
  'acting on it), storefront (guest buyers, whose random key is the secret) or customer:<sha256 of '
  'the customer''s session token>.';
comment on column idempotency_keys.fingerprint is
  'SHA-256 of the method, path with query, body and acting person: the same key with another '
  'request is refused rather than answered with the first one''s response.';
comment on column idempotency_keys.claim is
  'Which request holds the key: only it records or forgets the answer (a request that takes over '
  'an abandoned claim gets a new one).';
comment on column idempotency_keys.claimed_at is
  'When the request holding the key started; a claim left unanswered for long was abandoned.';
comment on column idempotency_keys.response_body is 'The answer''s body, byte for byte, replayed as it was.';
comment on column idempotency_keys.response_headers is
  'The answer''s headers that describe its body (content type, location, caching).';

alter table idempotency_keys enable row level security;
alter table idempotency_keys force row level security;
create policy idempotency_keys_tenant on idempotency_keys
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update, delete on idempotency_keys to accessplus_app;

-- Keys past their 24 hours are deleted by an hourly sweep across organizers under this scope,
-- which shows this table's rows and nothing else (the sweep asks for the expired ones itself).
-- A lookup already treats an expired key as absent, so the sweep only frees the space.
create function app.sweeps_idempotency_keys() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'idempotency_keys' $$;
comment on function app.sweeps_idempotency_keys() is
  'True in the transaction of the sweep that deletes expired idempotency keys of every organizer.';

create policy idempotency_keys_sweep_select on idempotency_keys for select
  using (app.sweeps_idempotency_keys());
create policy idempotency_keys_sweep_delete on idempotency_keys for delete
  using (app.sweeps_idempotency_keys());
