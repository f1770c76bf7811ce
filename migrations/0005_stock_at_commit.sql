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
  for wanted in
    select tier_id as id, sum(quantity)::int as quantity from order_lines
    where tenant_id = p_tenant and order_id = p_order and kind = 'ticket'
    group by tier_id order by tier_id
  loop
    update ticket_tiers set taken_count = taken_count + wanted.quantity
    where tenant_id = p_tenant and id = wanted.id and quantity - taken_count >= wanted.quantity;
    if not found then return 'tier:' || wanted.id; end if;
  end loop;

  for wanted in
    select product_id as id, sum(quantity)::int as quantity from order_lines
    where tenant_id = p_tenant and order_id = p_order and kind = 'product'
    group by product_id order by product_id
  loop
    update products set taken_count = taken_count + wanted.quantity
    where tenant_id = p_tenant and id = wanted.id and quantity - taken_count >= wanted.quantity;
    if not found then return 'product:' || wanted.id; end if;
  end loop;

  -- Read after the tier locks: a capacity set meanwhile has recounted the tiers and is seen here.
  for wanted in
    select l.event_id as id, sum(l.quantity)::int as quantity from order_lines l
    join events e on e.tenant_id = l.tenant_id and e.id = l.event_id
    where l.tenant_id = p_tenant and l.order_id = p_order and l.kind = 'ticket' and e.capacity is not null
    group by l.event_id order by l.event_id
  loop
    update events set taken_count = taken_count + wanted.quantity
    where tenant_id = p_tenant and id = wanted.id and capacity - taken_count >= wanted.quantity;
    if not found then return 'event:' || wanted.id; end if;
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
-- which shows pending orders whose time is up and nothing else, then releases each inside its
-- own organizer's transaction.
create function app.sweeps_lapsed_holds() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'lapsed_holds' $$;

create policy orders_lapsed_holds_sweep on orders for select
  using (app.sweeps_lapsed_holds() and status = 'pending' and expires_at <= now());
