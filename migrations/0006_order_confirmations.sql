-- Order confirmations, sent in batches. The transaction that pays an order records that its
-- confirmation is due; a job per organizer sends what is due, many at a time. A graphile-worker
-- job per order cost every payment a queue insert and a notification (about 1 ms of database
-- time, the most expensive statement of a checkout), and in a rush the per-order jobs fell
-- minutes behind the sales. A message that fails waits and is tried again on its own, so one bad
-- address never holds up the organizer's other buyers.

create table order_confirmations (
  tenant_id uuid not null,
  order_id uuid not null,
  created_at timestamptz not null default now(),
  next_attempt_at timestamptz not null default now(),
  attempts integer not null default 0 check (attempts >= 0),
  last_error text,
  handled_at timestamptz,
  outcome text check (outcome in ('sent', 'not_paid', 'failed')),
  primary key (tenant_id, order_id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade,
  check ((handled_at is null) = (outcome is null))
);
create index order_confirmations_due_idx on order_confirmations (tenant_id, next_attempt_at)
  where handled_at is null;
comment on table order_confirmations is 'The confirmation email each paid order is owed, and what became of it.';
comment on column order_confirmations.next_attempt_at is
  'Not sent before this time: when it fell due, or later after failed attempts (doubling waits).';
comment on column order_confirmations.outcome is
  'sent; not_paid (refunded or cancelled before its turn, so not sent); failed (given up after repeated errors).';

alter table order_confirmations enable row level security;
alter table order_confirmations force row level security;
create policy order_confirmations_tenant on order_confirmations
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update on order_confirmations to accessplus_app;

-- Sending is asked for by the process that took the payment, once it commits, and retries wait
-- for their time. A recurring check finds organizers owing confirmations that nobody is sending
-- under this scope, which shows due confirmations of every organizer (order ids only) and
-- nothing else.
create function app.sweeps_due_confirmations() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'due_confirmations' $$;

create policy order_confirmations_due_sweep on order_confirmations for select
  using (app.sweeps_due_confirmations() and handled_at is null);
