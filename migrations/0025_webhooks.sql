-- Outbound webhooks: an organizer's endpoints, the delivery of each change to each endpoint that
-- wants it, and every attempt made. The transaction that records a change (see 0023) creates its
-- deliveries; a job per endpoint sends what is due, signed by the Standard Webhooks scheme, and
-- retries with growing waits for about three days. The log is kept 30 days.

create table webhook_endpoints (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  url text not null check (length(url) between 1 and 2048),
  description text not null default '' check (length(description) <= 500),
  event_types text[] not null default '{}' check (cardinality(event_types) <= 100),
  enabled boolean not null default true,
  disabled_reason text check (length(disabled_reason) <= 1000),
  disabled_at timestamptz,
  secret text not null check (secret like 'whsec\_%'),
  previous_secret text check (previous_secret like 'whsec\_%'),
  previous_secret_expires_at timestamptz,
  failing_since timestamptz,
  sender_id uuid,
  sending_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check ((previous_secret is null) = (previous_secret_expires_at is null)),
  check ((sender_id is null) = (sending_until is null)),
  check (enabled or disabled_at is not null)
);
comment on table webhook_endpoints is
  'Where an organizer''s changes are sent as signed webhooks (an address of theirs, e.g. their CRM''s).';
comment on column webhook_endpoints.url is 'Checked when saved: http(s), a public address, no credentials.';
comment on column webhook_endpoints.event_types is 'The change types sent here; empty means every published type.';
comment on column webhook_endpoints.disabled_reason is
  'Why nothing is sent any more: the receiver answered 410 Gone, failed for five days, or a person turned it off.';
comment on column webhook_endpoints.secret is
  'The signing secret (whsec_…). Kept readable, since owners and admins may show it again and every attempt is signed with it.';
comment on column webhook_endpoints.previous_secret is
  'The secret before the last rotation: it signs too until previous_secret_expires_at, so receivers can switch over.';
comment on column webhook_endpoints.failing_since is
  'When the current run of failed attempts began; null after a success. Five days of it disables the endpoint.';

comment on column webhook_endpoints.sender_id is
  'The delivery job sending to this endpoint now: one at a time, so a slow receiver takes one worker slot, '
  'not all of them. Its claim lapses at sending_until if the job dies.';

-- updated_at says when someone changed the endpoint, not when a delivery job touched it.
create trigger webhook_endpoints_updated_at before update on webhook_endpoints
  for each row
  when ((old.url, old.description, old.event_types, old.enabled, old.secret)
    is distinct from (new.url, new.description, new.event_types, new.enabled, new.secret))
  execute function app.touch_updated_at();

-- The one query every recorded change makes: the organizer's enabled endpoints.
create index webhook_endpoints_enabled on webhook_endpoints (tenant_id) where enabled;

alter table webhook_endpoints enable row level security;
alter table webhook_endpoints force row level security;
create policy webhook_endpoints_tenant on webhook_endpoints
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update, delete on webhook_endpoints to accessplus_app;

create table webhook_deliveries (
  tenant_id uuid not null,
  id bigint generated always as identity,
  endpoint_id uuid not null,
  change_id bigint,
  event_type text not null check (event_type = 'ping' or event_type ~ '^[a-z_]+\.[a-z_]+$'),
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  attempt_count integer not null default 0 check (attempt_count >= 0),
  retry_step integer not null default 0 check (retry_step >= 0),
  redelivery boolean not null default false,
  next_attempt_at timestamptz default now(),
  last_attempt_at timestamptz,
  finished_at timestamptz,
  failure_reason text check (length(failure_reason) <= 1000),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  -- No foreign keys, on purpose: checking one locks the endpoint's row, and every sale of an
  -- organizer in a rush would queue on that one row; and each index a delivery is in costs every
  -- sale (the insert) and every attempt (the update) a write. Removing an endpoint removes its
  -- deliveries itself (one made by a sale committing at that very moment is never sent, and is
  -- pruned). Changes and deliveries are both pruned after 30 days; a delivery whose change is gone
  -- fails when it would be sent.

  check ((change_id is null) = (event_type = 'ping')),
  check ((status = 'pending') = (next_attempt_at is not null)),
  check ((status = 'pending') = (finished_at is null))
);
comment on table webhook_deliveries is
  'One change (or test ping) to one endpoint: its message id stays the same on every attempt.';
comment on column webhook_deliveries.change_id is 'The change sent (in changes); null for a test ping.';
comment on column webhook_deliveries.retry_step is
  'How far along the retry schedule the delivery is; a redelivery starts past its end, so it is tried once.';
comment on column webhook_deliveries.redelivery is 'The next attempt was asked for by a person (redeliver).';
comment on column webhook_deliveries.next_attempt_at is
  'While pending: not tried before this time. A sender claiming it moves it past its own deadline, so a '
  'sender that dies leaves it to be tried again.';
comment on column webhook_deliveries.failure_reason is 'Why it failed for good without an attempt saying so (the endpoint was disabled).';

-- The delivery job's claim: an endpoint's due deliveries, oldest first (and the minutely sweep's
-- look at what is overdue, which reads this small index whole).
create index webhook_deliveries_due on webhook_deliveries (tenant_id, endpoint_id, next_attempt_at, id)
  where status = 'pending';
-- The endpoint's delivery log, newest first. The daily prune reads the table once instead.
create index webhook_deliveries_log on webhook_deliveries (tenant_id, endpoint_id, id);

alter table webhook_deliveries enable row level security;
alter table webhook_deliveries force row level security;
create policy webhook_deliveries_tenant on webhook_deliveries
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update, delete on webhook_deliveries to accessplus_app;

create table webhook_attempts (
  tenant_id uuid not null,
  id bigint generated always as identity,
  delivery_id bigint not null,
  attempted_at timestamptz not null default now(),
  succeeded boolean not null,
  status_code integer check (status_code between 100 and 999),
  error_code text check (length(error_code) <= 64),
  error_message text check (length(error_message) <= 1000),
  latency_ms integer not null check (latency_ms >= 0),
  response_excerpt text not null default '' check (length(response_excerpt) <= 1024),
  redelivery boolean not null default false,
  -- A delivery's attempts together, in order: the log reads them so, and they go with it.
  primary key (tenant_id, delivery_id, id),
  foreign key (tenant_id, delivery_id) references webhook_deliveries (tenant_id, id) on delete cascade,
  check (succeeded = (error_code is null))
);
comment on table webhook_attempts is 'Each time a delivery was sent, and what the receiver answered.';
comment on column webhook_attempts.status_code is 'The receiver''s HTTP status; null when no answer came.';
comment on column webhook_attempts.error_code is
  'Why the attempt failed: unexpected_status, gone (410), or what kept it from an answer (timeout, '
  'address_not_allowed, redirect_not_followed …); null on success.';
comment on column webhook_attempts.response_excerpt is 'The start of the receiver''s answer, at most 1 KB.';
comment on column webhook_attempts.redelivery is 'Asked for by a person (redeliver), not the retry schedule.';


alter table webhook_attempts enable row level security;
alter table webhook_attempts force row level security;
create policy webhook_attempts_tenant on webhook_attempts
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, delete on webhook_attempts to accessplus_app;

-- Asking for an endpoint's delivery job once deliveries to it have committed, in one round trip:
-- not when a job is sending to it now, since that job looks for due deliveries after it lets the
-- endpoint go, later than this look, and so finds them. A job asked for while one sends would only
-- find the endpoint taken; in a rush of sales that was most of the jobs run.
create function app.request_webhook_delivery(p_tenant uuid, p_endpoint uuid) returns boolean
  language plpgsql volatile security invoker
  as $$
begin
  perform set_config('app.tenant_id', p_tenant::text, true);
  if exists (
    select 1 from public.webhook_endpoints
    where tenant_id = p_tenant and id = p_endpoint and sender_id is not null and sending_until > now()
  ) then
    return false;
  end if;
  perform graphile_worker.add_job(
    'webhooks__deliver',
    json_build_object('tenantId', p_tenant, 'endpointId', p_endpoint),
    job_key => 'webhooks:' || p_endpoint::text
  );
  return true;
end
$$;
comment on function app.request_webhook_delivery(uuid, uuid) is
  'Asks for the endpoint''s delivery job (job key webhooks:<endpoint id>) unless a job is sending to it now; '
  'sets app.tenant_id for the caller''s transaction. Answers whether it asked.';
grant execute on function app.request_webhook_delivery(uuid, uuid) to accessplus_app;

-- Sending is also asked for by people's actions (a test, a redelivery), and by the delivery job
-- itself for retries. A minutely check finds endpoints with deliveries overdue that no job is sending
-- (a job lost with its worker, a retry that raced a new change) under this scope, which shows
-- pending deliveries of every organizer and nothing else.
create function app.sweeps_due_webhooks() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'due_webhooks' $$;
create policy webhook_deliveries_due_sweep on webhook_deliveries for select
  using (app.sweeps_due_webhooks() and status = 'pending');

-- The daily prune deletes deliveries (and so their attempts) past keeping, across organizers.
create function app.prunes_webhook_log() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'webhook_log_retention' $$;
create policy webhook_deliveries_retention_read on webhook_deliveries for select using (app.prunes_webhook_log());
create policy webhook_deliveries_retention_delete on webhook_deliveries for delete using (app.prunes_webhook_log());
