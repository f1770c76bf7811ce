-- Stock taken as a checkout commits. A hold's conditional update locks the hot tier row until
-- its transaction ends; run from the API, that lock lasted as long as the round trips left after
-- it (and every wait of the API's event loop between them), and a rush queued on it. Run from a
-- deferred constraint trigger, the update happens inside COMMIT, so the row is locked for the
-- commit alone — as short as any single-statement update.

-- Takes the stock of one order's lines, each with one conditional update, in the one lock order
-- every stock change keeps (tiers, products, events; each by id). Returns what ran short as
-- 'tier:<id>', 'product:<id>' or 'event:<id>', or null when everything was taken; the caller
-- then rolls back (or to a savepoint). Runs as the caller: row-level security applies.
create function app.take_order_stock(p_tenant uuid, p_order uuid) returns text
  language plpgsql
  as $$
declare
  wanted record;
begin
  -- One read of what the order takes, in lock order: tiers, add-ons, then events. Whether an
  -- event has a capacity is read only once its tiers are locked: a capacity set meanwhile has
  -- recounted the tiers and is seen then.
  for wanted in
    select 1 as rank, l.tier_id as id, sum(l.quantity)::int as quantity from order_lines l
    where l.tenant_id = p_tenant and l.order_id = p_order and l.kind = 'ticket'
    group by l.tier_id
    union all
    select 2, l.product_id, sum(l.quantity)::int from order_lines l
    where l.tenant_id = p_tenant and l.order_id = p_order and l.kind = 'product'
    group by l.product_id
    union all
    select 3, l.event_id, sum(l.quantity)::int from order_lines l
    where l.tenant_id = p_tenant and l.order_id = p_order and l.kind = 'ticket'
    group by l.event_id
    order by 1, 2
  loop
    if wanted.rank = 1 then
      update ticket_tiers set taken_count = taken_count + wanted.quantity
      where tenant_id = p_tenant and id = wanted.id and quantity - taken_count >= wanted.quantity;
      if not found then return 'tier:' || wanted.id; end if;
    elsif wanted.rank = 2 then
      update products set taken_count = taken_count + wanted.quantity
      where tenant_id = p_tenant and id = wanted.id and quantity - taken_count >= wanted.quantity;
      if not found then return 'product:' || wanted.id; end if;
    else
      -- Only events with a capacity count admissions.
      if exists (select 1 from events where tenant_id = p_tenant and id = wanted.id and capacity is not null) then
        update events set taken_count = taken_count + wanted.quantity
        where tenant_id = p_tenant and id = wanted.id and capacity - taken_count >= wanted.quantity;
        if not found then return 'event:' || wanted.id; end if;
      end if;
    end if;
  end loop;
  return null;
end $$;
comment on function app.take_order_stock(uuid, uuid) is
  'Takes an order''s stock by conditional updates in the global lock order; returns the shortage or null.';

-- SQLSTATE AP409 with the shortage as its detail: the API answers it with 409 sold_out.
create function app.take_order_stock_at_commit() returns trigger
  language plpgsql
  as $$
declare
  shortage text := app.take_order_stock(new.tenant_id, new.id);
begin
  if shortage is not null then
    raise exception 'not enough stock for order %', new.id using errcode = 'AP409', detail = shortage;
  end if;
  return null;
end $$;

-- Checkout's orders only: a waitlist offer takes its stock at once, inside its job, so that a
-- shortage moves on to the next step instead of failing the whole run.
create constraint trigger orders_take_stock_at_commit after insert on orders
  deferrable initially deferred
  for each row when (new.waitlist_entry_id is null)
  execute function app.take_order_stock_at_commit();

-- Lapsed holds are given back by one recurring sweep (instead of a job per order, which cost
-- every checkout a queue insert). The sweep finds them across organizers under this scope,
-- which shows pending orders and nothing else, then releases each inside its own organizer's
-- transaction. (The sweep itself asks for those whose time is up: a time comparison here would
-- be planned into every query of orders, at a cost, since policies are combined with OR.)
create function app.sweeps_lapsed_holds() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'lapsed_holds' $$;

create policy orders_lapsed_holds_sweep on orders for select
  using (app.sweeps_lapsed_holds() and status = 'pending');
