-- A hold ends once, at its order's expires_at. Each order line kept a copy of it (held_until)
-- that availability read while payment, the sweep and the waitlist read the order's, so the two
-- could disagree: seats counted as free for an order that could still be paid, or as held for
-- one that no longer could. Availability now reads the order too.

drop policy order_lines_public_lapsed_holds on order_lines;
-- Drops its indexes (order_lines_held_tier_idx, order_lines_held_product_idx) with it. Lapsed
-- holds are found from the order side instead, by the pending-expiry indexes of 0003
-- (orders_pending_expiry_idx, orders_pending_expiry_all_idx): a range holding only the few holds
-- the sweep has not released yet, joined to their lines by order_lines_order_idx. Paying, and
-- releasing a hold, no longer write every line of the order.
alter table order_lines drop column held_until;

comment on column orders.expires_at is
  'While pending: when its hold on the stock of its lines lapses (the end of the checkout hold, the offline '
  'payment deadline or the waitlist offer). A lapsed hold counts as free stock at once and can no longer be paid.';
-- The order's subtotal is its goods' alone, as the pricing engine now writes it (no order with a
-- donation could be written before, so no row needs changing).
comment on column orders.subtotal_cents is
  'Tickets and add-ons before discount, fee and tax. Donations are counted in donation_cents alone, so '
  'total_cents = subtotal − discount + fee + tax + donation is the sum of the lines'' totals.';

-- Availability in the public catalog treats lapsed holds as free seats before the worker has
-- released them, so the catalog may read lapsed pending orders and their lines' quantities.
create policy orders_public_lapsed_holds on orders for select
  using (app.reads_public_catalog() and status = 'pending' and expires_at <= now());
create policy order_lines_public_lapsed_holds on order_lines for select
  using (
    app.reads_public_catalog()
    and exists (
      select 1 from orders o
      where o.tenant_id = order_lines.tenant_id and o.id = order_lines.order_id
        and o.status = 'pending' and o.expires_at <= now()
    )
  );
