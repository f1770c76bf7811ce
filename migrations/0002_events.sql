-- Events, their ticket tiers and the global category taxonomy.

create table categories (
  id text primary key check (id ~ '^[a-z0-9]+(?:-[a-z0-9]+)*$'),
  names jsonb not null check (jsonb_typeof(names) = 'object' and names ? 'en'),
  position integer not null default 0
);
comment on table categories is 'Global: the cultural event taxonomy, names per locale.';

insert into categories (id, position, names) values
  ('gala-fundraiser', 10, '{"en": "Gala / Fundraiser", "es": "Gala / Recaudación de fondos", "fr": "Gala / Collecte de fonds", "am": "ጋላ / የገንዘብ ማሰባሰቢያ"}'),
  ('national-day', 20, '{"en": "National Day Celebration", "es": "Celebración del Día Nacional", "fr": "Célébration de la fête nationale", "am": "የብሔራዊ ቀን በዓል"}'),
  ('afrobeat-concert', 30, '{"en": "Afrobeat Concert", "es": "Concierto de afrobeat", "fr": "Concert afrobeat", "am": "የአፍሮቢት ኮንሰርት"}'),
  ('diaspora-film', 40, '{"en": "Diaspora Film Screening", "es": "Proyección de cine de la diáspora", "fr": "Projection de film de la diaspora", "am": "የዲያስፖራ ፊልም ማሳያ"}'),
  ('religious-celebration', 50, '{"en": "Religious Celebration", "es": "Celebración religiosa", "fr": "Célébration religieuse", "am": "ሃይማኖታዊ በዓል"}'),
  ('wedding-private', 60, '{"en": "Wedding / Private Celebration", "es": "Boda / Celebración privada", "fr": "Mariage / Fête privée", "am": "ሰርግ / የግል በዓል"}'),
  ('conference', 70, '{"en": "Conference", "es": "Conferencia", "fr": "Conférence", "am": "ጉባኤ"}'),
  ('comedy', 80, '{"en": "Comedy", "es": "Comedia", "fr": "Humour", "am": "ኮሜዲ"}'),
  ('festival', 90, '{"en": "Festival", "es": "Festival", "fr": "Festival", "am": "ፌስቲቫል"}'),
  ('sports', 100, '{"en": "Sports", "es": "Deportes", "fr": "Sports", "am": "ስፖርት"}'),
  ('class-workshop', 110, '{"en": "Class / Workshop", "es": "Clase / Taller", "fr": "Cours / Atelier", "am": "ትምህርት / ወርክሾፕ"}'),
  ('community-meeting', 120, '{"en": "Community Meeting", "es": "Reunión comunitaria", "fr": "Réunion communautaire", "am": "የማህበረሰብ ስብሰባ"}');

grant select on categories to accessplus_app;

-- Events ---------------------------------------------------------------------------------------

create table events (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  status text not null default 'draft'
    check (status in ('draft', 'published', 'unpublished', 'cancelled')),
  title jsonb not null check (jsonb_typeof(title) = 'object'),
  description jsonb not null default '{}' check (jsonb_typeof(description) = 'object'),
  category_id text not null references categories (id) on delete restrict,
  tags text[] not null default '{}',
  languages text[] not null default '{}',
  venue_name text not null default '',
  address_line text not null default '',
  city text not null default '',
  state text not null default '',
  postal_code text not null default '',
  country char(2) not null default 'US',
  time_zone text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  capacity integer check (capacity > 0),
  image_url text,
  published_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search tsvector not null default ''::tsvector,
  primary key (tenant_id, id),
  check (ends_at > starts_at)
);
comment on table events is 'An organizer''s event. Attendee-facing text is stored per locale.';
comment on column events.status is
  'draft (never published; the only deletable state), published, unpublished (hidden again), cancelled.';
comment on column events.languages is 'Languages the event is held in (BCP 47 tags), for the language filter.';
comment on column events.time_zone is 'IANA zone the event''s times are shown in.';
comment on column events.search is 'Full-text document over every locale''s text, kept by a trigger.';

-- Lookup by id alone serves the public catalog's event page; (tenant_id, id) stays the key.
create unique index events_id_key on events (id);
create index events_tenant_starts_idx on events (tenant_id, starts_at, id);
create index events_tenant_updated_idx on events (tenant_id, updated_at, id);
create index events_published_starts_idx on events (starts_at, id) where status = 'published';
create index events_search_idx on events using gin (search);

create function app.events_search_document() returns trigger
  language plpgsql
  as $$
  declare
    category_names jsonb;
  begin
    select names into category_names from categories where id = new.category_id;
    new.search :=
      setweight(jsonb_to_tsvector('simple', new.title, '["string"]'), 'A') ||
      setweight(to_tsvector('simple', array_to_string(new.tags, ' ')), 'B') ||
      setweight(jsonb_to_tsvector('simple', coalesce(category_names, '{}'), '["string"]'), 'B') ||
      setweight(to_tsvector('simple', concat_ws(' ', new.venue_name, new.city, new.state)), 'C') ||
      setweight(jsonb_to_tsvector('simple', new.description, '["string"]'), 'D');
    return new;
  end
  $$;

create trigger events_search before insert or update of title, description, tags, category_id, venue_name, city, state
  on events for each row execute function app.events_search_document();
create trigger events_updated_at before update on events
  for each row execute function app.touch_updated_at();

alter table events enable row level security;
alter table events force row level security;
create policy events_tenant on events
  using (tenant_id = app.current_tenant_id())
  with check (tenant_id = app.current_tenant_id());
create policy events_public_catalog on events for select
  using (app.reads_public_catalog() and status = 'published');

grant select, insert, update, delete on events to accessplus_app;

-- Ticket tiers -----------------------------------------------------------------------------------

create table ticket_tiers (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  event_id uuid not null,
  name jsonb not null check (jsonb_typeof(name) = 'object'),
  description jsonb not null default '{}' check (jsonb_typeof(description) = 'object'),
  price_cents integer not null check (price_cents >= 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  quantity integer not null check (quantity >= 0),
  sold_count integer not null default 0 check (sold_count >= 0),
  sales_start_at timestamptz,
  sales_end_at timestamptz,
  min_per_order integer not null default 1 check (min_per_order >= 1),
  max_per_order integer not null default 10,
  position integer not null default 0,
  hidden boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, event_id) references events (tenant_id, id) on delete cascade,
  check (max_per_order >= min_per_order),
  check (sold_count <= quantity),
  check (sales_end_at is null or sales_start_at is null or sales_end_at > sales_start_at)
);
comment on table ticket_tiers is 'A kind of ticket for one event, with its price and stock.';
comment on column ticket_tiers.price_cents is 'Price in the currency''s minor unit; 0 is a free ticket.';
comment on column ticket_tiers.sold_count is 'Admissions sold; changed only by one conditional update per sale.';
comment on column ticket_tiers.hidden is 'Hidden tiers are not offered in the public catalog.';

create index ticket_tiers_event_idx on ticket_tiers (tenant_id, event_id, position, id);

create trigger ticket_tiers_updated_at before update on ticket_tiers
  for each row execute function app.touch_updated_at();

alter table ticket_tiers enable row level security;
alter table ticket_tiers force row level security;
create policy ticket_tiers_tenant on ticket_tiers
  using (tenant_id = app.current_tenant_id())
  with check (tenant_id = app.current_tenant_id());
-- Tiers of published events are part of the public catalog. Hidden tiers are readable too, so
-- availability can count their sales against the event's capacity; the catalog never lists them.
create policy ticket_tiers_public_catalog on ticket_tiers for select
  using (
    app.reads_public_catalog()
    and exists (
      select 1 from events e
      where e.tenant_id = ticket_tiers.tenant_id and e.id = ticket_tiers.event_id
        and e.status = 'published'
    )
  );

grant select, insert, update, delete on ticket_tiers to accessplus_app;
