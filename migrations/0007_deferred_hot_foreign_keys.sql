-- Foreign keys to the rows every sale of an event touches (its tenant, event and tiers) are
-- checked as the transaction commits instead of after each insert. A check locks the referenced
-- row (FOR KEY SHARE); taken at the insert, that lock was held by every checkout in flight at
-- once, PostgreSQL recorded those holders in a shared multixact for the tier row, and each
-- commit's stock update had to read and copy that growing list: it was the database's most
-- expensive function in the checkout benchmark. Checked at commit, the check comes after the
-- order has taken its stock (`orders_take_stock_at_commit`), whose update already holds the tier
-- row, and the lock lasts only the commit. Nothing is checked less: a missing tier or event still
-- fails the transaction. Deleting a referenced row is refused at once as before (ON DELETE
-- RESTRICT is never deferred).

alter table orders
  alter constraint orders_tenant_id_fkey deferrable initially deferred;

alter table order_lines
  alter constraint order_lines_tenant_id_event_id_fkey deferrable initially deferred,
  alter constraint order_lines_tenant_id_tier_id_fkey deferrable initially deferred,
  alter constraint order_lines_tenant_id_product_id_fkey deferrable initially deferred;

alter table tickets
  alter constraint tickets_tenant_id_event_id_fkey deferrable initially deferred,
  alter constraint tickets_tenant_id_tier_id_fkey deferrable initially deferred;
