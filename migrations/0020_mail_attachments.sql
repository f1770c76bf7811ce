-- The local mail sink shows which files came with a message (an order confirmation carries the
-- tickets' PDF and a calendar file): their names, types and sizes, not the files themselves.
alter table dev_mailbox_messages add column attachments jsonb not null default '[]'::jsonb
  check (jsonb_typeof(attachments) = 'array');
comment on column dev_mailbox_messages.attachments is
  'The message''s attachments as [{"filename", "content_type", "size"}], size in bytes; empty when it had none.';
