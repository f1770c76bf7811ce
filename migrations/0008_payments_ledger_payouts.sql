-- Money: card payments through Stripe, the double-entry ledger, payouts to organizers,
-- disputes, plan subscriptions and the staff audit log.

-- Orders and payments know Stripe --------------------------------------------------------------

alter table orders drop constraint orders_payment_method_check;
alter table orders add constraint orders_payment_method_check
  check (payment_method in ('test', 'stripe', 'cash', 'partner', 'free'));
alter table orders add column payment_intent_id text;
alter table orders add column disputed_at timestamptz;
create unique index orders_payment_intent_key on orders (tenant_id, payment_intent_id) where payment_intent_id is not null;
comment on column orders.payment_intent_id is
  'The Stripe PaymentIntent the buyer pays through; its metadata names this order.';
comment on column orders.disputed_at is 'When the buyer''s bank opened a chargeback; the order page flags it.';

alter table payments drop constraint payments_provider_check;
alter table payments add constraint payments_provider_check
  check (provider in ('test', 'stripe', 'cash', 'partner', 'free'));
alter table payments add column processor_fee_cents integer not null default 0 check (processor_fee_cents >= 0);
alter table payments add column application_fee_cents integer not null default 0 check (application_fee_cents >= 0);
alter table payments add column destination_account text;
create unique index payments_reference_key on payments (tenant_id, provider, kind, provider_reference)
  where provider_reference is not null;
comment on column payments.processor_fee_cents is 'What the processor kept of a charge (Stripe''s fee), borne by the platform.';
comment on column payments.destination_account is
  'The organizer''s Stripe account a destination charge paid into; null when the platform holds the money.';

-- Stripe Connect accounts -----------------------------------------------------------------------

create table stripe_accounts (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  account_id text not null unique check (account_id ~ '^acct_[A-Za-z0-9]+$'),
  charges_enabled boolean not null default false,
  payouts_enabled boolean not null default false,
  details_submitted boolean not null default false,
  requirements_due text[] not null default '{}',
  disabled_reason text,
  livemode boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table stripe_accounts is
  'An organizer''s Stripe Express account. Card sales pay into it once charges are enabled; payouts wait '
  'until Stripe says it may be paid (payouts_enabled).';

create trigger stripe_accounts_updated_at before update on stripe_accounts
  for each row execute function app.touch_updated_at();

-- Stripe events ---------------------------------------------------------------------------------

create table stripe_events (
  id text primary key check (id ~ '^evt_[A-Za-z0-9]+$'),
  type text not null,
  account text,
  livemode boolean not null,
  created_at timestamptz not null,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  deliveries integer not null default 1,
  processed_at timestamptz,
  outcome text
);
create index stripe_events_unprocessed_idx on stripe_events (received_at) where processed_at is null;
comment on table stripe_events is
  'Global: every Stripe webhook event received, once, whatever the number of deliveries. Processing sets '
  'processed_at in the same transaction as its effect, so an event takes effect exactly once.';
comment on column stripe_events.outcome is 'What processing did (or why it did nothing), for people reading the log.';

-- The double-entry ledger -----------------------------------------------------------------------

create table ledger_transactions (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null check (kind in (
    'sale', 'offline_sale', 'processor_fee', 'refund', 'dispute', 'dispute_reversal',
    'payout', 'payout_failed', 'reserve_hold', 'reserve_release')),
  order_id uuid,
  payout_id uuid,
  dispute_id uuid,
  reference text,
  occurred_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index ledger_transactions_order_idx on ledger_transactions (tenant_id, order_id) where order_id is not null;
create unique index ledger_transactions_once_key on ledger_transactions (tenant_id, kind, reference)
  where reference is not null;
comment on table ledger_transactions is
  'One money movement of an organizer, posted in the transaction that causes it. Its lines balance.';
comment on column ledger_transactions.reference is
  'What the movement is of (a payment, refund, dispute or payout id); a movement is posted once per kind and reference.';

create table ledger_lines (
  tenant_id uuid not null,
  id bigint generated always as identity,
  transaction_id uuid not null,
  account text not null check (account in (
    'processor_clearing', 'organizer_payable', 'platform_fees', 'impact_fund', 'sales_tax_payable',
    'processor_fees', 'refunds', 'payouts', 'reserve')),
  event_id uuid,
  amount_cents bigint not null check (amount_cents <> 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  primary key (tenant_id, id),
  foreign key (tenant_id, transaction_id) references ledger_transactions (tenant_id, id) on delete cascade,
  foreign key (tenant_id, event_id) references events (tenant_id, id) on delete restrict
);
create index ledger_lines_transaction_idx on ledger_lines (tenant_id, transaction_id);
create index ledger_lines_account_idx on ledger_lines (tenant_id, account, event_id);
comment on table ledger_lines is
  'A debit (positive) or credit (negative) of one ledger account, in minor units. An account''s balance is '
  'the sum of its lines: processor_clearing (money taken by card, less the processor''s fees), refunds and '
  'payouts (money that left it), processor_fees; organizer_payable, sales_tax_payable, impact_fund, '
  'platform_fees and reserve carry credit balances (owed or earned).';
comment on column ledger_lines.event_id is 'The event the money belongs to, for payouts per event; null for none.';

-- Every statement that writes ledger lines must leave each transaction it touches balanced, per
-- currency. Lines are never changed or deleted: a correction is a new transaction.
create function app.ledger_lines_balanced() returns trigger
  language plpgsql
  as $$
declare
  unbalanced record;
begin
  select l.transaction_id, l.currency, sum(l.amount_cents) as off into unbalanced
  from ledger_lines l
  where (l.tenant_id, l.transaction_id) in (select n.tenant_id, n.transaction_id from new_lines n)
  group by l.transaction_id, l.currency
  having sum(l.amount_cents) <> 0
  limit 1;
  if found then
    raise exception 'ledger transaction % is off by % % ', unbalanced.transaction_id, unbalanced.off, unbalanced.currency
      using errcode = '23514';
  end if;
  return null;
end $$;

create trigger ledger_lines_balanced after insert on ledger_lines
  referencing new table as new_lines
  for each statement execute function app.ledger_lines_balanced();

-- Payouts ---------------------------------------------------------------------------------------

create table payouts (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  event_id uuid not null,
  kind text not null check (kind in ('early', 'standard')),
  method text not null check (method in ('stripe', 'manual')),
  status text not null default 'scheduled'
    check (status in ('scheduled', 'blocked', 'held', 'in_transit', 'paid', 'failed', 'cancelled')),
  amount_cents bigint not null check (amount_cents >= 0),
  reserve_cents bigint not null default 0 check (reserve_cents >= 0),
  currency char(3) not null,
  risk_tier text check (risk_tier in ('none', 'early_25', 'early_50', 'early_100')),
  risk_score integer check (risk_score between 0 and 100),
  risk_reasons jsonb not null default '[]',
  due_at timestamptz not null,
  stripe_transfer_id text,
  transfer_cents bigint not null default 0 check (transfer_cents >= 0),
  stripe_payout_id text,
  manual_reference text check (length(manual_reference) <= 200),
  status_reason text,
  held_by uuid references users (id) on delete set null,
  paid_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, event_id) references events (tenant_id, id) on delete restrict
);
create index payouts_event_idx on payouts (tenant_id, event_id, created_at);
create unique index payouts_open_key on payouts (tenant_id, event_id, kind)
  where status in ('scheduled', 'blocked', 'held');
create unique index payouts_stripe_payout_key on payouts (stripe_payout_id) where stripe_payout_id is not null;
comment on table payouts is
  'Money paid to an organizer for one event: early (a share of settled net sales before the event, by risk '
  'tier) or standard (the rest, two days after it ends). Stripe payouts for connected accounts; otherwise '
  'staff pay by hand and record it (manual).';
comment on column payouts.transfer_cents is
  'Part of a Stripe payout first moved from the platform to the organizer''s account: sales taken before her account '
  'could take charges were paid to the platform.';
comment on column payouts.reserve_cents is 'Kept back from an early payout until the standard payout.';
comment on column payouts.risk_reasons is 'The risk assessment''s reasons when the payout was decided, for the organizer and staff.';

create trigger payouts_updated_at before update on payouts
  for each row execute function app.touch_updated_at();

-- Disputes --------------------------------------------------------------------------------------

create table disputes (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  order_id uuid not null,
  stripe_dispute_id text not null unique,
  amount_cents integer not null check (amount_cents >= 0),
  fee_cents integer not null default 0 check (fee_cents >= 0),
  currency char(3) not null,
  reason text not null default '',
  status text not null check (status in ('open', 'won', 'lost')),
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade
);
create index disputes_order_idx on disputes (tenant_id, order_id);
comment on table disputes is
  'Chargebacks. The disputed amount and the processor''s dispute fee come off the organizer''s payable while '
  'open; a won dispute gives them back.';

-- Plans and subscriptions -----------------------------------------------------------------------

alter table tenants add column plan_override text check (plan_override in ('basic', 'pro', 'enterprise'));
alter table tenants add column plan_override_reason text check (length(plan_override_reason) <= 500);
alter table tenants add column platform_branding boolean not null default true;
comment on column tenants.plan is
  'The plan in force: the staff override when set, else what the Stripe subscription pays for, else basic.';
comment on column tenants.plan_override is 'Set by platform staff (a custom deal, a courtesy); wins over the subscription.';
comment on column tenants.platform_branding is
  'Whether the storefront shows "Tickets by Access Plus". Hiding it needs a plan that allows it; on a plan '
  'that does not, it shows whatever this says.';

create table plan_subscriptions (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  stripe_customer_id text not null unique,
  stripe_subscription_id text unique,
  plan text check (plan in ('pro', 'enterprise')),
  status text,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  updated_at timestamptz not null default now()
);
comment on table plan_subscriptions is
  'An organizer''s Stripe Billing customer and subscription, as Stripe last reported them.';
comment on column plan_subscriptions.status is 'Stripe''s subscription status: active, trialing, past_due, canceled, unpaid …';

create trigger plan_subscriptions_updated_at before update on plan_subscriptions
  for each row execute function app.touch_updated_at();

-- Staff audit log -------------------------------------------------------------------------------

create table staff_audit_log (
  id bigint generated always as identity primary key,
  staff_user_id uuid not null references users (id) on delete restrict,
  organizer_id uuid references tenants (id) on delete set null,
  action text not null,
  target text,
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index staff_audit_log_organizer_idx on staff_audit_log (organizer_id, created_at);
comment on table staff_audit_log is
  'Global: what platform staff did, to which organizer, when. Written in the same transaction as the change. '
  'Not a tenant table (organizers do not read it), hence organizer_id rather than tenant_id.';

-- Isolation -------------------------------------------------------------------------------------

alter table stripe_accounts enable row level security;
alter table stripe_accounts force row level security;
create policy stripe_accounts_tenant on stripe_accounts
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update on stripe_accounts to accessplus_app;

alter table ledger_transactions enable row level security;
alter table ledger_transactions force row level security;
create policy ledger_transactions_tenant on ledger_transactions
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert on ledger_transactions to accessplus_app;

alter table ledger_lines enable row level security;
alter table ledger_lines force row level security;
create policy ledger_lines_tenant on ledger_lines
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert on ledger_lines to accessplus_app;

alter table payouts enable row level security;
alter table payouts force row level security;
create policy payouts_tenant on payouts
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update on payouts to accessplus_app;

alter table disputes enable row level security;
alter table disputes force row level security;
create policy disputes_tenant on disputes
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update on disputes to accessplus_app;

alter table plan_subscriptions enable row level security;
alter table plan_subscriptions force row level security;
create policy plan_subscriptions_tenant on plan_subscriptions
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update on plan_subscriptions to accessplus_app;

grant select, insert, update on stripe_events to accessplus_app;
grant select, insert on staff_audit_log to accessplus_app;

-- Webhook routing: an event names a Stripe account, customer or subscription, not a tenant. Under
-- this scope the worker may read which tenant those ids belong to, and nothing else.
create function app.routes_stripe_events() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'stripe_events' $$;

create policy stripe_accounts_routing on stripe_accounts for select using (app.routes_stripe_events());
create policy plan_subscriptions_routing on plan_subscriptions for select using (app.routes_stripe_events());

-- Payout scheduling: under this scope the worker sees which events of every organizer may be due a
-- payout (ids and times only come from events, which it already reads per tenant afterwards).
create function app.schedules_payouts() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'payout_schedule' $$;

create policy events_payout_schedule on events for select using (app.schedules_payouts());
