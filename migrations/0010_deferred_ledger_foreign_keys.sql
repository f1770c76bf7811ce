-- The ledger's foreign keys to the rows every sale of an event touches (its tenant and event) are
-- checked as the transaction commits, for the reason 0007 gives for orders, lines and tickets:
-- checked at each insert, every checkout in flight held a FOR KEY SHARE lock on the same event
-- and tenant rows, which PostgreSQL records in a growing shared multixact. Nothing is checked
-- less: a posting to a missing event or tenant still fails its transaction at commit.

alter table ledger_transactions
  alter constraint ledger_transactions_tenant_id_fkey deferrable initially deferred;

alter table ledger_lines
  alter constraint ledger_lines_tenant_id_event_id_fkey deferrable initially deferred;
