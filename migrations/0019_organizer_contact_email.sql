-- The address buyers may write to about an organizer's events. Storefronts show it, so it is as
-- public as the organizer's name; the team's own addresses stay private. Null until one is given.

alter table tenants add column contact_email text
  check (contact_email is null or (length(contact_email) between 3 and 254 and contact_email ~ '^[^@[:space:]]+@[^@[:space:]]+$'));
comment on column tenants.contact_email is
  'Where buyers may write to the organizer, shown on its storefront; null when it gives none.';
