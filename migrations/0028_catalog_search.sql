-- The public catalog answers searches from indexes, under row-level security.
--
-- Row-level security evaluates a table's policies before any condition of the query whose
-- function is not LEAKPROOF, so such a condition cannot be an index condition: full-text
-- matching (@@), lower(city) and the like filtered every published event one by one, after the
-- policy. Comparisons of plain columns with = < > (texteq, timestamptz_lt, …) are leakproof and
-- do use indexes. So the catalog now searches through columns and tables it can compare that way:
-- lower-cased city and state columns kept by the database, and the words of each published event
-- in event_search_terms, one row a word, which `term = any(…)` finds by index. The full-text
-- match still decides what is found and how it ranks; the words only narrow whom it is asked of.

alter table events
  add column city_key text not null generated always as (lower(city)) stored,
  add column state_key text not null generated always as (lower(state)) stored;
comment on column events.city_key is 'lower(city), for the catalog''s case-insensitive city filter.';
comment on column events.state_key is 'lower(state), for the catalog''s case-insensitive state filter.';

-- Published events, the way the catalog reads them: by start time, within a category or a city.
-- The included columns answer the policy and the default filter (not over yet) from the index.
drop index events_published_starts_idx;
create index events_published_starts_idx on events (starts_at, id)
  include (tenant_id, status, ends_at, category_id, city_key) where status = 'published';
create index events_published_category_idx on events (category_id, starts_at, id)
  include (tenant_id, status, ends_at) where status = 'published';
create index events_published_city_idx on events (city_key, starts_at, id)
  include (tenant_id, status, ends_at) where status = 'published';
-- The longest published event, so a search for events not over yet can start its scan of
-- start times there instead of at the first event ever published (app.catalog_longest_event).
create index events_published_duration_idx on events ((ends_at - starts_at)) where status = 'published';

create function app.catalog_longest_event() returns interval
  language sql stable parallel safe
  as $$
    select coalesce(max(ends_at - starts_at), interval '0')
    from public.events where status = 'published'
  $$;
comment on function app.catalog_longest_event() is
  'How long the longest published event the caller can see lasts: an event not over yet started less than that ago.';

-- Policies that are the same for every row are evaluated once per query (an InitPlan), not once
-- per row: `(select app.reads_public_catalog())`.
drop policy events_public_catalog on events;
create policy events_public_catalog on events for select
  using ((select app.reads_public_catalog()) and status = 'published');

drop policy ticket_tiers_public_catalog on ticket_tiers;
create policy ticket_tiers_public_catalog on ticket_tiers for select
  using (
    (select app.reads_public_catalog())
    and exists (
      select 1 from events e
      where e.tenant_id = ticket_tiers.tenant_id and e.id = ticket_tiers.event_id
        and e.status = 'published'
    )
  );

-- The words of published events ------------------------------------------------------------------

create table event_search_terms (
  tenant_id uuid not null,
  event_id uuid not null,
  term text not null,
  primary key (tenant_id, event_id, term),
  foreign key (tenant_id, event_id) references events (tenant_id, id) on delete cascade
);
comment on table event_search_terms is
  'The lexemes of each published event''s search document, one row each, kept by a trigger on events: '
  'the catalog''s keyword index that row-level security lets it use (see migration 0028).';

create index event_search_terms_term_idx on event_search_terms (term, tenant_id, event_id);

-- New events arrive by the statement (an import may bring thousands), changed ones by the row.
create function app.events_search_terms_inserted() returns trigger
  language plpgsql
  as $$
  begin
    insert into event_search_terms (tenant_id, event_id, term)
    select e.tenant_id, e.id, w.lexeme from inserted e, unnest(e.search) w where e.status = 'published';
    return null;
  end
  $$;

create function app.events_search_terms_changed() returns trigger
  language plpgsql
  as $$
  begin
    delete from event_search_terms where tenant_id = old.tenant_id and event_id = old.id;
    if new.status = 'published' then
      insert into event_search_terms (tenant_id, event_id, term)
      select new.tenant_id, new.id, lexeme from unnest(new.search);
    end if;
    return null;
  end
  $$;

create trigger events_search_terms_insert after insert on events
  referencing new table as inserted
  for each statement execute function app.events_search_terms_inserted();
create trigger events_search_terms_update after update on events
  for each row when (old.search is distinct from new.search or old.status is distinct from new.status)
  execute function app.events_search_terms_changed();

-- Forced row-level security hides every event from the owner too; it is lifted for this one read,
-- inside this migration's transaction.
alter table events no force row level security;
insert into event_search_terms (tenant_id, event_id, term)
  select e.tenant_id, e.id, w.lexeme from events e, unnest(e.search) w where e.status = 'published';
alter table events force row level security;

alter table event_search_terms enable row level security;
alter table event_search_terms force row level security;
create policy event_search_terms_tenant on event_search_terms
  using (tenant_id = app.current_tenant_id())
  with check (tenant_id = app.current_tenant_id());
-- Rows exist for published events only, which the public catalog shows anyway.
create policy event_search_terms_public_catalog on event_search_terms for select
  using ((select app.reads_public_catalog()));

grant select, insert, delete on event_search_terms to accessplus_app;

-- The words a document must contain one of to match `query`: the lexemes of its positive part
-- (querytree leaves out negations), and whether it needs every one of them (no OR). Null when
-- the query has no positive part ("-word"): then no word narrows the search.
create function app.tsquery_terms(query tsquery, out terms text[], out needs_all boolean)
  language sql immutable parallel safe
  as $$
    select
      case when tree = 'T' then null
        else coalesce((select array_agg(distinct replace(m[1], '''''', ''''))
          from regexp_matches(tree, '''((?:[^'']|'''')*)''', 'g') m), '{}') end,
      position('|' in tree) = 0
    from querytree(query) tree
  $$;
