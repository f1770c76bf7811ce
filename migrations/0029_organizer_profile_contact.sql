-- What an organizer tells buyers about itself on its storefront's page: an "about" text per
-- locale, a phone, a postal address, a website and its social networks. All as public as its
-- name (the tenants row is readable by anyone); each is empty until the organizer gives it.
--
-- And the messages buyers send it from that page. They are kept until the job that emails them
-- has sent them, so the job's payload carries ids only and a retried job reads the same message.

alter table tenants
  add column about jsonb not null default '{}'::jsonb check (jsonb_typeof(about) = 'object'),
  add column contact_phone text check (contact_phone is null or length(contact_phone) between 3 and 40),
  add column address_line text check (address_line is null or length(address_line) between 1 and 200),
  add column city text check (city is null or length(city) between 1 and 100),
  add column state text check (state is null or length(state) between 1 and 100),
  add column postal_code text check (postal_code is null or length(postal_code) between 1 and 20),
  add column website_url text check (website_url is null or website_url ~ '^https?://'),
  add column social_links jsonb not null default '{}'::jsonb check (jsonb_typeof(social_links) = 'object');
comment on column tenants.about is
  'What the organizer says about itself on its storefront, per locale: plain text, paragraphs split by blank lines.';
comment on column tenants.contact_phone is 'A phone number buyers may call, as the organizer writes it; null when it gives none.';
comment on column tenants.website_url is 'The organizer''s own website (http or https); null when it has none.';
comment on column tenants.social_links is
  'Its pages on social networks by network (facebook, instagram, x, tiktok, youtube, whatsapp, telegram): '
  'https addresses on that network''s own hosts, handles already made into addresses.';

create table contact_messages (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  email text not null check (length(email) between 3 and 254),
  order_reference text check (order_reference is null or length(order_reference) between 1 and 40),
  message text not null check (length(message) between 1 and 5000),
  locale text not null default 'en',
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  primary key (tenant_id, id)
);
comment on table contact_messages is
  'A message a buyer sent the organizer from its storefront, kept until the job emailing it has sent it.';
comment on column contact_messages.order_reference is
  'The order number the buyer gave, as typed; the email attaches that order only when it is this organizer''s and the buyer''s own.';
comment on column contact_messages.sent_at is 'When the organizer was emailed; null while the job has yet to send it.';

create index contact_messages_created_idx on contact_messages (tenant_id, created_at);

alter table contact_messages enable row level security;
alter table contact_messages force row level security;
create policy contact_messages_tenant on contact_messages
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update on contact_messages to accessplus_app;
