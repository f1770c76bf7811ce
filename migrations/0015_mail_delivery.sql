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

-- The local mail sink of a development machine (no SMTP_URL, NODE_ENV not production): the last
-- 200 messages sent by any of its processes, the API's and a worker's apart from it, which the
-- API's mailbox lists. It holds every organizer's mail, sign-in and password links included, so
-- its rows are visible only under the dev_mailbox scope, which only the sink's own code sets,
-- and only outside production. Production never writes here.
create table dev_mailbox_messages (
  id uuid primary key default gen_random_uuid(),
  position bigint generated always as identity unique,
  to_header text not null,
  from_header text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  sent_at timestamptz not null default now()
);
comment on table dev_mailbox_messages is
  'Global, development only: the local mail sink''s last 200 messages, of every organizer and every process.';
comment on column dev_mailbox_messages.position is 'The order messages were kept in; the newest has the highest.';

create function app.uses_dev_mailbox() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'dev_mailbox' $$;
comment on function app.uses_dev_mailbox() is
  'True under the dev_mailbox scope: the local mail sink''s messages (development only, never production).';

alter table dev_mailbox_messages enable row level security;
alter table dev_mailbox_messages force row level security;
create policy dev_mailbox_messages_sink on dev_mailbox_messages
  using (app.uses_dev_mailbox()) with check (app.uses_dev_mailbox());
grant select, insert, delete on dev_mailbox_messages to accessplus_app;
