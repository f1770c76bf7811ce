-- Order confirmations, sent in batches. The transaction that pays an order records that its
-- confirmation is due; a job per organizer sends what is due, many at a time, and marks each
-- one handled. A graphile-worker job per order cost every payment a queue insert and a
-- notification (about 1 ms of database time, the most expensive statement of a checkout), and
-- in a rush the per-order jobs fell minutes behind the sales.

create table order_confirmations (
  tenant_id uuid not null,
  order_id uuid not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  primary key (tenant_id, order_id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade
);
create index order_confirmations_due_idx on order_confirmations (tenant_id, created_at) where sent_at is null;
comment on table order_confirmations is 'The confirmation email each paid order is owed.';
comment on column order_confirmations.sent_at is
  'When it was handled: sent, or dropped because the order was no longer paid by then.';

alter table order_confirmations enable row level security;
alter table order_confirmations force row level security;
create policy order_confirmations_tenant on order_confirmations
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update on order_confirmations to accessplus_app;

-- Confirmations are asked for by the process that took the payment, once it commits. Should
-- that process stop first, a recurring check finds organizers owing confirmations under this
-- scope, which shows due confirmations of every organizer (order ids only) and nothing else.
create function app.sweeps_due_confirmations() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'due_confirmations' $$;

create policy order_confirmations_due_sweep on order_confirmations for select
  using (app.sweeps_due_confirmations() and sent_at is null);
