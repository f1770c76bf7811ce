-- Order confirmations survive a sender that dies mid-batch. A batch used to be sent inside one
-- transaction that recorded every message at its end: a worker killed halfway lost the record of
-- what it had sent, and the next one sent those messages again. Now a sender claims its batch
-- with a lease and records each message as soon as the mail server accepts it. A sender that
-- stops renewing its lease (killed, its machine gone) leaves the rest to the minutely sweep once
-- the lease has run out.

alter table order_confirmations
  add column lease_id uuid,
  add column leased_until timestamptz,
  add constraint order_confirmations_lease_check check ((lease_id is null) = (leased_until is null)),
  add constraint order_confirmations_handled_unleased_check check (handled_at is null or lease_id is null);
comment on column order_confirmations.lease_id is
  'The sending run that claimed this confirmation; null while nobody is sending it.';
comment on column order_confirmations.leased_until is
  'The claim lapses at this time unless its sender renews it, and another run may send the message.';

-- Recording a message as sent is the one write each message adds, and in a rush of sales every
-- round trip to the database waits its turn: so it is one call, which enters the tenant for its
-- own statement's transaction (the caller's, if it has one) and updates the row under row-level
-- security as usual.
create function app.record_confirmation_sent(p_tenant uuid, p_order uuid) returns boolean
  language plpgsql volatile security invoker
  as $$
begin
  perform set_config('app.tenant_id', p_tenant::text, true);
  update public.order_confirmations
    set outcome = 'sent', handled_at = now(), lease_id = null, leased_until = null
    where tenant_id = p_tenant and order_id = p_order and handled_at is null;
  return found;
end
$$;
comment on function app.record_confirmation_sent(uuid, uuid) is
  'Records that the mail server accepted an order''s confirmation, in one round trip (sets app.tenant_id for the transaction).';
grant execute on function app.record_confirmation_sent(uuid, uuid) to accessplus_app;
