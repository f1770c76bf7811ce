-- Uploaded images (events' cover images). An upload is checked by its bytes, re-encoded in a few
-- widths without its metadata, and each width is stored under the SHA-256 of its bytes: an
-- image's addresses never change, so events copy them and browsers and CDNs keep them for good.

create table images (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  original_type text not null check (original_type in ('image/jpeg', 'image/png', 'image/webp')),
  original_bytes integer not null check (original_bytes > 0),
  width integer not null check (width > 0),
  height integer not null check (height > 0),
  variants jsonb not null
    check (jsonb_typeof(variants) = 'array' and jsonb_array_length(variants) between 1 and 8),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
comment on table images is
  'An organizer''s uploaded image, re-encoded as WebP in a few widths. Never changed: a new upload is a new image.';
comment on column images.original_type is 'What the uploaded bytes were (read from them, not from a name or header).';
comment on column images.original_bytes is 'Size of the uploaded file.';
comment on column images.width is 'Width of the upload once turned upright by its EXIF orientation.';
comment on column images.height is 'Height of the upload once turned upright by its EXIF orientation.';
comment on column images.variants is
  'The stored widths, narrowest first: [{"width", "height", "file", "bytes"}], file being '
  '`<sha256 of its bytes>.webp`, kept in object storage under `images/<file>`.';

alter table images enable row level security;
alter table images force row level security;
create policy images_tenant on images
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
grant select, insert on images to accessplus_app;

-- An event shows an uploaded image through copies of its addresses (safe: images never change),
-- so the catalog reads them without joining images, which the public catalog scope cannot see.
alter table events
  add column image_id uuid,
  add column image_srcset text,
  add constraint events_image_fkey foreign key (tenant_id, image_id)
    references images (tenant_id, id) on delete set null (image_id);
comment on column events.image_id is
  'The uploaded image the event shows (image_url is its widest variant); null for an external image_url.';
comment on column events.image_srcset is 'The uploaded image''s variants as an <img srcset> value (`<url> 480w, …`).';
