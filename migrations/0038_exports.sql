-- An organizer's attendee and order lists leave the platform as files she asked for: each
-- export is kept as a record of who took which list when, and its file lives in the object store
-- only until it expires. The buyer's answer to the marketing question at checkout travels with
-- the lists, so the organizer knows whom she may write to about other things.

alter table orders add column marketing_consent boolean not null default false;
comment on column orders.marketing_consent is
  'The buyer agreed at checkout to hear from the organizer about other events and news.';

create table exports (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null check (kind in ('attendees', 'orders')),
  format text not null check (format in ('csv', 'xlsx')),
  event_id uuid,
  search text not null default '' check (length(search) <= 200),
  locale text not null check (length(locale) between 2 and 35),
  time_zone text not null check (length(time_zone) between 1 and 64),
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed', 'expired')),
  total_rows integer check (total_rows >= 0),
  done_rows integer not null default 0 check (done_rows >= 0),
  file_name text not null check (length(file_name) between 1 and 200),
  byte_size bigint check (byte_size >= 0),
  error text,
  requested_by_user_id uuid references users (id) on delete set null,
  requested_by_label text not null check (length(requested_by_label) <= 320),
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  expires_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, event_id) references events (tenant_id, id) on delete set null (event_id),
  check ((status = 'done') = (expires_at is not null and byte_size is not null) or status = 'expired')
);
create index exports_created_idx on exports (tenant_id, created_at desc, id desc);
create index exports_expiring_idx on exports (expires_at) where status = 'done';
comment on table exports is
  'Every attendee or order list an organizer''s people exported: who, when, which list; the file expires.';
comment on column exports.requested_by_label is 'Who asked for it as they were then (name and email), kept though they leave.';
comment on column exports.locale is 'The language the file''s headings and values are written in.';
comment on column exports.time_zone is 'The clock the file''s dates and times are told on: the organizer''s.';
comment on column exports.search is 'The search the list was narrowed by, as typed; empty for the whole list.';

alter table exports enable row level security;
alter table exports force row level security;
create policy exports_tenant on exports
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update on exports to accessplus_app;
