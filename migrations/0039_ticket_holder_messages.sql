-- Emails to an event's ticket holders: the organizer's announcements and promotions, and the
-- automatic reminder the day before and notice of a changed date or place. Each message keeps
-- one row per recipient (an email address), so a send that is retried never writes to someone
-- twice, and its progress is a count of those rows by status.

create table messages (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  event_id uuid not null,
  kind text not null check (kind in ('announcement', 'marketing', 'reminder', 'event_change')),
  subject jsonb not null default '{}',
  body jsonb not null default '{}',
  audience jsonb not null default '{}',
  previous jsonb,
  status text not null default 'sending' check (status in ('sending', 'sent', 'failed')),
  created_by_user_id uuid references users (id) on delete set null,
  created_by_label text not null default '' check (length(created_by_label) <= 320),
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, event_id) references events (tenant_id, id) on delete cascade,
  check ((kind = 'event_change') = (previous is not null))
);
create index messages_event_idx on messages (tenant_id, event_id, created_at desc, id desc);
-- One reminder per event: a second run of the daily task finds it and adds nobody twice.
create unique index messages_one_reminder_idx on messages (tenant_id, event_id) where kind = 'reminder';
comment on table messages is
  'An email to the ticket holders of an event, written by the organizer (announcement, marketing) or sent by itself (reminder, event_change).';
comment on column messages.subject is 'Per locale, as the organizer wrote it, with {{variables}}; empty for automatic messages.';
comment on column messages.audience is 'Which holders: {"tier_ids": [...], "checked_in": "any" | "yes" | "no"}.';
comment on column messages.previous is 'For a change notice: the event''s start, end, venue and online link before the change.';
comment on column messages.created_by_label is 'Who wrote it (name and email), kept though they leave; empty for automatic messages.';

create table message_recipients (
  tenant_id uuid not null,
  message_id uuid not null,
  email text not null check (length(email) between 3 and 320),
  name text not null default '' check (length(name) <= 200),
  locale text not null default 'en' check (length(locale) <= 16),
  order_id uuid,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'skipped')),
  skipped_reason text check (skipped_reason in ('unsubscribed', 'no_consent')),
  attempts integer not null default 0,
  sent_at timestamptz,
  error text check (length(error) <= 500),
  primary key (tenant_id, message_id, email),
  foreign key (tenant_id, message_id) references messages (tenant_id, id) on delete cascade,
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete set null (order_id),
  check ((status = 'skipped') = (skipped_reason is not null)),
  check ((status = 'sent') = (sent_at is not null))
);
create index message_recipients_status_idx on message_recipients (tenant_id, message_id, status);
comment on table message_recipients is
  'Each person a message goes to (one per email address): sent once, skipped with a reason, or failed after retries.';

create table unsubscribes (
  tenant_id uuid not null references tenants (id) on delete cascade,
  email text not null check (length(email) between 3 and 320),
  created_at timestamptz not null default now(),
  primary key (tenant_id, email)
);
comment on table unsubscribes is
  'People who asked for no more announcements or promotions from the organizer. Reminders and change notices still go: they are about tickets bought.';

create table unsubscribe_links (
  tenant_id uuid not null references tenants (id) on delete cascade,
  token_hash bytea not null check (length(token_hash) = 32),
  email text not null check (length(email) between 3 and 320),
  created_at timestamptz not null default now(),
  primary key (tenant_id, token_hash)
);
comment on table unsubscribe_links is
  'The unsubscribe link of each copy of an announcement or promotion, by the SHA-256 of its secret (the link itself is never stored). '
  'Every link made stays good, so a copy sent again after a crash does not break the first one''s link.';

alter table messages enable row level security;
alter table messages force row level security;
create policy messages_tenant on messages
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update on messages to accessplus_app;

alter table message_recipients enable row level security;
alter table message_recipients force row level security;
create policy message_recipients_tenant on message_recipients
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update on message_recipients to accessplus_app;

alter table unsubscribes enable row level security;
alter table unsubscribes force row level security;
create policy unsubscribes_tenant on unsubscribes
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, delete on unsubscribes to accessplus_app;

-- The reminder looks across organizers for events about to start, under this scope, which shows
-- events starting within two days that still take place (on sale or taken off the storefront, not
-- cancelled; each organizer's own are then read in its tenant) and nothing else.
create function app.sends_event_reminders() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'event_reminders' $$;

create policy events_reminder_sweep on events for select
  using (app.sends_event_reminders() and status in ('published', 'unpublished') and deleted_at is null
         and starts_at between now() and now() + interval '2 days');

alter table unsubscribe_links enable row level security;
alter table unsubscribe_links force row level security;
create policy unsubscribe_links_tenant on unsubscribe_links
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert on unsubscribe_links to accessplus_app;
