-- Incremental sync that never misses a change. Integrators mirror events, tiers, orders, tickets,
-- check-ins, refunds, payouts, customers and waitlist entries by polling their lists with
-- `updated_since`. A timestamp cannot be that position: `updated_at` is when a transaction began,
-- so a long transaction that commits after a client's poll writes a time behind the client's
-- watermark, and its change is never seen. Each synced row now records the transaction that last
-- wrote it (`changed_xid`); a sync page is ordered by (changed_xid, id) and stops below the oldest
-- transaction still running (api/src/db/sync.ts says why that can miss nothing).

-- One trigger keeps both columns on every synced table, so no write path can forget them.
create function app.mark_changed() returns trigger
  language plpgsql
  as $$ begin new.changed_xid := pg_current_xact_id(); new.updated_at := now(); return new; end $$;
comment on function app.mark_changed() is
  'Before insert or update of a synced row: the writing transaction (changed_xid) and its time (updated_at).';

-- Check-ins and payments were only ever inserted: their last change is their creation. Forced
-- row-level security hides every row from the owner too; it is lifted for these two updates only,
-- inside this migration's transaction.
alter table check_ins add column updated_at timestamptz not null default now();
alter table payments add column updated_at timestamptz not null default now();
alter table check_ins no force row level security;
alter table payments no force row level security;
update check_ins set updated_at = created_at;
update payments set updated_at = created_at;
alter table check_ins force row level security;
alter table payments force row level security;

-- Rows written before this migration all get its transaction id: they sort by id among themselves.
do $$
declare
  t text;
begin
  foreach t in array array[
    'events', 'ticket_tiers', 'orders', 'tickets', 'check_ins', 'payments', 'payouts', 'customers', 'waitlist_entries'
  ] loop
    execute format('alter table %I add column changed_xid xid8 not null default pg_current_xact_id()', t);
    execute format(
      'comment on column %I.changed_xid is %L', t,
      'The transaction that last wrote the row (app.mark_changed): the order of sync pages, with id.');
    execute format('drop trigger if exists %I on %I', t || '_updated_at', t);
    execute format(
      'create trigger %I before insert or update on %I for each row execute function app.mark_changed()',
      t || '_changed', t);
    execute format('create index %I on %I (tenant_id, changed_xid, id)', t || '_changes_idx', t);
  end loop;
end
$$;

-- Deleting keeps a tombstone, so a sync can tell its client to remove the record. Only drafts are
-- deleted (never published: no orders, tickets, check-ins or payouts point at them) and only
-- tiers nothing was ever sold or held of; a deleted row is never changed again.
alter table events
  add column deleted_at timestamptz,
  add constraint events_deleted_draft check (deleted_at is null or status = 'draft');
comment on column events.deleted_at is
  'When the organizer deleted the draft; every read but sync ignores the row from then on.';

alter table ticket_tiers
  add column deleted_at timestamptz,
  add constraint ticket_tiers_deleted_unsold check (deleted_at is null or taken_count = 0);
comment on column ticket_tiers.deleted_at is
  'When the organizer deleted the unsold tier; every read but sync ignores the row from then on, and it takes no stock.';

-- Nothing the API does removes a synced row any more: without the grant, no path can.
revoke delete on events, ticket_tiers, orders, tickets, check_ins, payments, customers, waitlist_entries
  from accessplus_app;
