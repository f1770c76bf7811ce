-- Sign-ups waiting for their emailed link. Sign-up answers the same whether or not an email has
-- an account, so nothing that shows (a person, an organizer and its public slug) is created until
-- the address's owner follows the link; until then the request waits here.

create table pending_sign_ups (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(email) and length(email) <= 254),
  display_name text not null check (length(display_name) between 1 and 200),
  password_hash text not null,
  organizer jsonb not null,
  token_hash bytea unique,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index pending_sign_ups_email_idx on pending_sign_ups (email);
create index pending_sign_ups_expires_at_idx on pending_sign_ups (expires_at);
comment on table pending_sign_ups is
  'Global: sign-ups of new email addresses, kept until their emailed link creates the person, the '
  'organizer and its owner membership, or until they expire. One address may have several.';
comment on column pending_sign_ups.password_hash is 'argon2id hash of the password chosen at sign-up.';
comment on column pending_sign_ups.organizer is
  'The organizer asked for, as sign-up checked it: name, slug, currency, default_locale, locales, time_zone.';
comment on column pending_sign_ups.token_hash is
  'SHA-256 of the emailed link''s token, made by the job that sends it (null until then; each send makes a new one).';

grant select, insert, update, delete on pending_sign_ups to accessplus_app;
