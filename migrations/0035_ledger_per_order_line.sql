-- The ledger learns enough for an organizer's reports to be read from it alone: which order line
-- each posting belongs to (so sales split by tier, add-on and donation, and tax by the place it
-- was charged), and the whole of a sale paid in person, not only the fees the organizer owes.

alter table order_lines add column tax_state text not null default '' check (tax_state ~ '^([A-Z]{2})?$');
alter table order_lines add column tax_city text not null default '' check (length(tax_city) <= 100);
comment on column order_lines.tax_state is
  'The state of the place the line was sold for (its event''s venue when the order was placed), where its sales tax is owed.';
comment on column order_lines.tax_city is 'The city of that place; empty when the venue named none.';

update order_lines l set tax_state = upper(trim(e.state)), tax_city = trim(e.city)
from events e
where e.tenant_id = l.tenant_id and e.id = l.event_id and upper(trim(e.state)) ~ '^[A-Z]{2}$';

alter table ledger_lines drop constraint ledger_lines_account_check;
alter table ledger_lines add constraint ledger_lines_account_check check (account in (
  'processor_clearing', 'organizer_collected', 'organizer_payable', 'platform_fees', 'impact_fund',
  'sales_tax_payable', 'processor_fees', 'refunds', 'payouts', 'reserve'));
comment on column ledger_lines.account is
  'organizer_collected (debit): money a buyer paid the organizer in person (cash, a community partner); '
  'she holds it, so it counts against what the platform owes her. The other accounts: see the table.';

alter table ledger_lines add column order_line_id uuid;
alter table ledger_lines add constraint ledger_lines_order_line_fkey
  foreign key (tenant_id, order_line_id) references order_lines (tenant_id, id)
  on delete restrict deferrable initially deferred;
create index ledger_lines_order_line_idx on ledger_lines (tenant_id, order_line_id) where order_line_id is not null;
create index ledger_transactions_occurred_idx on ledger_transactions (tenant_id, occurred_at);
comment on column ledger_lines.order_line_id is
  'The order line a sale''s or refund''s posting is a share of; null for what belongs to the whole order '
  '(the card payment, a dispute) or to no order (payouts).';
