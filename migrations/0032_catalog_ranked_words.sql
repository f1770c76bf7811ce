-- The public catalog's searches read one narrow table, and a one-word search one index.
--
-- A search read each candidate event through the events table (a wide row, a three-way policy),
-- its organizer, and its tiers under their own policy, which looks the event up again: a price or
-- language filter paid that for every event it passed over, and ranking a common word paid it for
-- a tenth of the catalog. Now:
--
-- * catalog_events keeps, for each published event, what searches filter and rank on: its start,
--   end, category, place, languages, the prices of its tiers on offer and its search document,
--   under a policy that is the same for every row. Its indexes include those columns, so a search
--   without keywords is answered from an index alone.
-- * event_search_terms (the words of published events, migration 0028) also keeps, with each word,
--   the event's relevance to that word alone (ts_rank depends only on the word's places in the
--   event) and the columns the common filters use. The index on (term, rank desc, starts_at) then
--   yields a one-word search's events best first, already filtered, and stops at the page's end;
--   (term, starts_at) does the same by date. Searches of several words still use the words only to
--   narrow whom the full-text match is asked of, now in catalog_events.
--
-- Triggers keep both in the transaction that changes an event or a tier.

create table catalog_events (
  tenant_id uuid not null,
  event_id uuid not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  category_id text not null,
  city_key text not null,
  state_key text not null,
  languages text[] not null,
  prices integer[] not null,
  search tsvector not null,
  primary key (tenant_id, event_id),
  foreign key (tenant_id, event_id) references events (tenant_id, id) on delete cascade
);
comment on table catalog_events is
  'What the public catalog searches on, one row for each published event, kept by triggers on events and ticket_tiers (migration 0032).';
comment on column catalog_events.languages is 'The languages the event is held in, and those its title is written in.';
comment on column catalog_events.prices is 'The prices of its tiers on offer (not hidden, not deleted), lowest first.';

alter table event_search_terms
  add column rank real,
  add column starts_at timestamptz,
  add column ends_at timestamptz,
  add column category_id text,
  add column city_key text,
  add column state_key text;
comment on column event_search_terms.rank is
  'ts_rank of the event''s search document for this word alone: its relevance to a one-word search.';

-- The prices of an event's tiers on offer.
create function app.event_prices(tenant uuid, event uuid) returns integer[]
  language sql stable parallel safe
  as $$
    select coalesce(array_agg(price_cents order by price_cents), '{}')
    from public.ticket_tiers
    where tenant_id = tenant and event_id = event and not hidden and deleted_at is null
  $$;

-- An event's words, each with its relevance and the columns the filters use.
create function app.event_search_rows(e events)
  returns table (tenant_id uuid, event_id uuid, term text, rank real, starts_at timestamptz, ends_at timestamptz,
    category_id text, city_key text, state_key text)
  language sql stable parallel safe
  as $$
    select e.tenant_id, e.id, w.lexeme,
      -- The word as a query of its own, quoted as tsquery input quotes (no parsing, no normalizing).
      ts_rank(e.search, ('''' || replace(replace(w.lexeme, '\', '\\'), '''', '''''') || '''')::tsquery),
      e.starts_at, e.ends_at, e.category_id, e.city_key, e.state_key
    from unnest(e.search) w
  $$;

-- Writes an event's rows into both tables.
create function app.catalog_add(e events) returns void
  language sql
  as $$
    insert into public.catalog_events (tenant_id, event_id, starts_at, ends_at, category_id, city_key, state_key,
      languages, prices, search)
    select e.tenant_id, e.id, e.starts_at, e.ends_at, e.category_id, e.city_key, e.state_key,
      array(select distinct l from unnest(e.languages || array(select jsonb_object_keys(e.title))) l order by l),
      app.event_prices(e.tenant_id, e.id), e.search;
    insert into public.event_search_terms (tenant_id, event_id, term, rank, starts_at, ends_at, category_id, city_key,
      state_key)
    select r.* from app.event_search_rows(e) r;
  $$;

-- New events arrive by the statement (an import may bring thousands), changed ones by the row.
create or replace function app.events_search_terms_inserted() returns trigger
  language plpgsql
  as $$
  begin
    perform app.catalog_add(e) from inserted e where e.status = 'published';
    return null;
  end
  $$;

create or replace function app.events_search_terms_changed() returns trigger
  language plpgsql
  as $$
  begin
    delete from event_search_terms where tenant_id = old.tenant_id and event_id = old.id;
    delete from catalog_events where tenant_id = old.tenant_id and event_id = old.id;
    if new.status = 'published' then
      perform app.catalog_add(new);
    end if;
    return null;
  end
  $$;

drop trigger events_search_terms_update on events;
create trigger events_search_terms_update after update on events
  for each row when (
    old.status is distinct from new.status or old.search is distinct from new.search
    or old.title is distinct from new.title or old.languages is distinct from new.languages
    or old.starts_at is distinct from new.starts_at or old.ends_at is distinct from new.ends_at
    or old.category_id is distinct from new.category_id or old.city_key is distinct from new.city_key
    or old.state_key is distinct from new.state_key
  )
  execute function app.events_search_terms_changed();

-- Tiers: their prices, when one is added, repriced, hidden, shown or deleted (a tombstone).
create function app.catalog_tiers_inserted() returns trigger
  language plpgsql
  as $$
  begin
    update catalog_events c set prices = app.event_prices(c.tenant_id, c.event_id)
    from (select distinct tenant_id, event_id from inserted) t
    where c.tenant_id = t.tenant_id and c.event_id = t.event_id;
    return null;
  end
  $$;

create function app.catalog_tier_changed() returns trigger
  language plpgsql
  as $$
  begin
    update catalog_events set prices = app.event_prices(new.tenant_id, new.event_id)
    where tenant_id = new.tenant_id and event_id = new.event_id;
    return null;
  end
  $$;

create trigger catalog_tiers_insert after insert on ticket_tiers
  referencing new table as inserted
  for each statement execute function app.catalog_tiers_inserted();
create trigger catalog_tier_update after update on ticket_tiers
  for each row when (
    old.price_cents is distinct from new.price_cents or old.hidden is distinct from new.hidden
    or old.deleted_at is distinct from new.deleted_at
  )
  execute function app.catalog_tier_changed();

-- Forced row-level security hides every row from the owner too; it is lifted for this one
-- rewrite, inside this migration's transaction.
alter table events no force row level security;
alter table ticket_tiers no force row level security;
alter table event_search_terms no force row level security;
delete from event_search_terms;
select app.catalog_add(e) from events e where e.status = 'published';
alter table events force row level security;
alter table ticket_tiers force row level security;
alter table event_search_terms force row level security;

alter table event_search_terms
  alter column rank set not null,
  alter column starts_at set not null,
  alter column ends_at set not null,
  alter column category_id set not null,
  alter column city_key set not null,
  alter column state_key set not null;

alter table catalog_events enable row level security;
alter table catalog_events force row level security;
create policy catalog_events_tenant on catalog_events
  using (tenant_id = app.current_tenant_id())
  with check (tenant_id = app.current_tenant_id());
-- Rows exist for published events only, which the public catalog shows anyway.
create policy catalog_events_public_catalog on catalog_events for select
  using ((select app.reads_public_catalog()));
grant select, insert, update, delete on catalog_events to accessplus_app;

-- Events by start; within a category, a city or an organizer. The included columns answer the
-- filters without reading the table.
create index catalog_events_starts_idx on catalog_events (starts_at, event_id)
  include (tenant_id, ends_at, category_id, city_key, state_key, languages, prices);
create index catalog_events_category_idx on catalog_events (category_id, starts_at, event_id)
  include (tenant_id, ends_at, city_key, state_key, languages, prices);
create index catalog_events_city_idx on catalog_events (city_key, starts_at, event_id)
  include (tenant_id, ends_at, category_id, state_key, languages, prices);
create index catalog_events_tenant_idx on catalog_events (tenant_id, starts_at, event_id)
  include (ends_at, category_id, city_key, state_key, languages, prices);
create index catalog_events_duration_idx on catalog_events ((ends_at - starts_at));

-- The longest published event, now from the catalog's own rows. Both functions below run in
-- every search: in PL/pgSQL, whose statements are planned once per session, not on every call.
create or replace function app.catalog_longest_event() returns interval
  language plpgsql stable parallel safe
  as $$
  begin
    return (select coalesce(max(ends_at - starts_at), interval '0') from public.catalog_events);
  end
  $$;
create or replace function app.tsquery_terms(query tsquery, out terms text[], out needs_all boolean)
  language plpgsql immutable parallel safe
  as $$
  declare
    tree text := querytree(query);
  begin
    terms := case when tree = 'T' then null
      else coalesce((select array_agg(distinct replace(m[1], '''''', ''''))
        from regexp_matches(tree, '''((?:[^'']|'''')*)''', 'g') m), '{}') end;
    needs_all := position('|' in tree) = 0;
  end
  $$;

-- A one-word search by relevance, and by date; which events have any of several words.
create index event_search_terms_ranked_idx on event_search_terms (term, rank desc, starts_at, event_id)
  include (tenant_id, ends_at, category_id, city_key);
create index event_search_terms_dated_idx on event_search_terms (term, starts_at, event_id)
  include (tenant_id, ends_at, category_id, city_key);
drop index event_search_terms_term_idx;

-- What the catalog no longer reads events by.
drop index events_published_category_idx;
drop index events_published_city_idx;
drop index events_published_duration_idx;
