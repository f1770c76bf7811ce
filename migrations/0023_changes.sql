-- Changes others react to, recorded in the transaction that makes them: the outbox behind the
-- changes feed (GET /v1/changes) and webhooks. A change is never updated; old ones are pruned.
--
-- The feed reads in (xid, id) order and only below the oldest transaction still running
-- (pg_snapshot_xmin of the reading statement): every writer with a smaller xid has finished, and
-- any later writer gets a larger one, so a change committed late by a long transaction can never
-- land behind a position a client already holds.

create table changes (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id bigint generated always as identity,
  xid xid8 not null default pg_current_xact_id(),
  type text not null check (type ~ '^[a-z_]+\.[a-z_]+$'),
  subject_id uuid not null,
  data jsonb not null check (jsonb_typeof(data) = 'object'),
  occurred_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
comment on table changes is
  'What changed for an organizer (an order paid, a ticket checked in …), in the transaction that changed it.';
comment on column changes.xid is
  'The recording transaction''s id: the feed''s order, and its guard against transactions that commit late.';
comment on column changes.type is 'What happened, `<resource>.<verb>`, e.g. `order.paid`.';
comment on column changes.subject_id is 'The id of the record that changed (the order, the ticket …).';
comment on column changes.data is 'The change as integrators receive it (ids and the fields that changed).';
comment on column changes.occurred_at is 'When the recording transaction began.';

create index changes_feed on changes (tenant_id, xid, id);
create index changes_age on changes (occurred_at);

alter table changes enable row level security;
alter table changes force row level security;
create policy changes_tenant on changes
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());

-- The daily prune deletes what is past keeping, across organizers, under its own scope.
create function app.prunes_changes() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'changes_retention' $$;
create policy changes_retention_read on changes for select using (app.prunes_changes());
create policy changes_retention_delete on changes for delete using (app.prunes_changes());

grant select, insert, delete on changes to accessplus_app;
