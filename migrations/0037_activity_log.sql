-- What an organizer's people and API keys changed, request by request: who, when, from where,
-- which operation and with what values. Written in the transaction of the change itself, so a
-- change that is rolled back leaves no entry and one that commits always has one. The API's
-- role may add entries and read them, never change or remove them.

create table activity_log (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id bigint generated always as identity,
  occurred_at timestamptz not null default now(),
  actor_kind text not null check (actor_kind in ('member', 'api_key')),
  actor_user_id uuid,
  actor_api_key_id uuid,
  actor_label text not null check (length(actor_label) <= 320),
  operation text not null check (operation ~ '^[a-z][A-Za-z0-9]{1,80}$'),
  area text not null check (length(area) <= 40),
  method text not null check (method in ('POST', 'PUT', 'PATCH', 'DELETE')),
  path text not null check (length(path) <= 500),
  resource_id text check (length(resource_id) <= 100),
  changes jsonb not null default '{}',
  ip_address text not null default '' check (length(ip_address) <= 64),
  user_agent text not null default '' check (length(user_agent) <= 300),
  primary key (tenant_id, id),
  check ((actor_kind = 'member') = (actor_user_id is not null)),
  check ((actor_kind = 'api_key') = (actor_api_key_id is not null))
);
create index activity_log_time_idx on activity_log (tenant_id, occurred_at desc, id desc);
create index activity_log_actor_idx on activity_log (tenant_id, actor_user_id, occurred_at desc) where actor_user_id is not null;
comment on table activity_log is
  'Every write by an organizer''s people and API keys, kept as it happened; entries are never changed or removed.';
comment on column activity_log.actor_label is
  'Who it was when it happened (a person''s name and email, or a key''s name), kept though they leave or the key goes.';
comment on column activity_log.changes is
  'The values the request set (its body; secrets and taxpayer numbers replaced by "[hidden]", long texts cut).';
comment on column activity_log.operation is 'The API operation, as the reference names it (updateEvent, refundOrder …).';

alter table activity_log enable row level security;
alter table activity_log force row level security;
create policy activity_log_tenant on activity_log
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert on activity_log to accessplus_app;
