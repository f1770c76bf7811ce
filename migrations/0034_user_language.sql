-- The language each person reads the admin and their account emails in, chosen in the admin's
-- language menu or when signing up; null until they choose (then their browser's language, and an
-- invitation reads in its organizer's default language).

alter table users add column locale text
  check (locale is null or locale ~ '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$');
comment on column users.locale is
  'The language of the admin and of account emails for this person (BCP 47); null until they choose.';

alter table pending_sign_ups add column locale text
  check (locale is null or locale ~ '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$');
comment on column pending_sign_ups.locale is 'The language the person signed up in; becomes users.locale.';
