-- An organizer's own theme (Pro and Enterprise): Handlebars templates for parts of its storefront
-- pages and a stylesheet. The organizer edits a draft; publishing copies it into a numbered
-- version, and the storefront shows the live one. The last ten published versions are kept so a
-- bad publish can be rolled back in one step.

create table themes (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  header text,
  footer text,
  home_hero text,
  event_sections text,
  css text,
  draft_updated_at timestamptz not null default now(),
  live_version integer,
  preview_token_hash bytea,
  preview_expires_at timestamptz,
  check ((preview_token_hash is null) = (preview_expires_at is null))
);
comment on table themes is
  'An organizer''s theme draft and which published version its storefront shows. No row: the storefront''s own look.';
comment on column themes.css is 'The draft stylesheet as the organizer wrote it; it is cleaned when published.';
comment on column themes.live_version is 'The version the storefront shows; null shows the storefront''s own look.';
comment on column themes.preview_token_hash is
  'SHA-256 of the private link''s token that shows the draft on the storefront; one link at a time.';

create unique index themes_preview_token on themes (preview_token_hash) where preview_token_hash is not null;

create table theme_versions (
  tenant_id uuid not null references tenants (id) on delete cascade,
  version integer not null check (version > 0),
  header text,
  footer text,
  home_hero text,
  event_sections text,
  css_source text,
  css text not null default '',
  published_at timestamptz not null default now(),
  published_by_user_id uuid references users (id) on delete set null,
  published_by_api_key_id uuid,
  primary key (tenant_id, version),
  foreign key (tenant_id, published_by_api_key_id) references api_keys (tenant_id, id)
    on delete set null (published_by_api_key_id)
);
comment on table theme_versions is
  'Published themes of an organizer, numbered from 1; the ten newest (and the live one) are kept.';
comment on column theme_versions.css is 'The stylesheet as served: parsed and allow-listed when published.';
comment on column theme_versions.css_source is 'The stylesheet as the organizer wrote it, to put back into the draft.';
comment on column theme_versions.published_by_user_id is 'The person who published it; null when an API key did.';

alter table themes enable row level security;
alter table themes force row level security;
create policy themes_tenant on themes
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update on themes to accessplus_app;

alter table theme_versions enable row level security;
alter table theme_versions force row level security;
create policy theme_versions_tenant on theme_versions
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, delete on theme_versions to accessplus_app;
