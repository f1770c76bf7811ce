-- An organizer's brand: the logo, favicon and cover image of its storefront (uploaded images of
-- its own), its colours and its font. The storefront, buyers' emails and the card form apply it;
-- a column left null keeps the platform's look for that part.

create table brandings (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  logo_image_id uuid,
  favicon_image_id uuid,
  hero_image_id uuid,
  brand_color text check (brand_color ~ '^#[0-9a-f]{6}$'),
  background_color text check (background_color ~ '^#[0-9a-f]{6}$'),
  text_color text check (text_color ~ '^#[0-9a-f]{6}$'),
  font text not null default 'system' check (font in ('system', 'noto_sans', 'noto_serif')),
  updated_at timestamptz not null default now(),
  foreign key (tenant_id, logo_image_id) references images (tenant_id, id) on delete set null (logo_image_id),
  foreign key (tenant_id, favicon_image_id) references images (tenant_id, id) on delete set null (favicon_image_id),
  foreign key (tenant_id, hero_image_id) references images (tenant_id, id) on delete set null (hero_image_id)
);
comment on table brandings is
  'How an organizer''s storefront, buyer emails and card form look. No row: the platform''s look.';
comment on column brandings.brand_color is
  'Buttons, links and the storefront header, as #rrggbb; text on it is white or near-black, whichever reads better.';
comment on column brandings.background_color is 'The storefront''s page background, as #rrggbb.';
comment on column brandings.text_color is 'The storefront''s body text, as #rrggbb.';
comment on column brandings.font is
  'One of the self-hosted font families that cover Latin, Ethiopic and Arabic; `system` uses the device''s own.';
comment on column brandings.favicon_image_id is 'A square uploaded image, shown as the storefront''s browser tab icon.';
comment on column brandings.hero_image_id is 'The cover image across the top of the storefront''s home page.';

create trigger brandings_updated_at before update on brandings
  for each row execute function app.touch_updated_at();

alter table brandings enable row level security;
alter table brandings force row level security;
create policy brandings_tenant on brandings
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert, update on brandings to accessplus_app;
