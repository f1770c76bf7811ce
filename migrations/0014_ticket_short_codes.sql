-- Every ticket gets a short code that door staff can type when its QR code will not scan: ten
-- characters of Crockford's base32 (digits and letters without I, L, O and U), random, unique
-- within its event. The signed QR payload stays what scanners read; the short code is looked up.

-- Ten symbols of five bits each, from the random bytes of a version 4 UUID (PostgreSQL draws
-- them from its strong random source, so one ticket's code tells nothing about another's).
-- Bytes 0–5 and 9–12 are wholly random; 6 and 8 carry the UUID's version and variant bits.
create function app.random_ticket_short_code() returns text
  language sql volatile
  as $$
    select string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (get_byte(drawn.bytes, i) & 31) + 1, 1), '' order by i)
    from (select uuid_send(gen_random_uuid()) as bytes) drawn, unnest(array[0, 1, 2, 3, 4, 5, 9, 10, 11, 12]) i
  $$;
comment on function app.random_ticket_short_code() is
  'A random ticket short code: 10 symbols of Crockford base32 (50 bits), in its stored form (no hyphens).';

-- The volatile default draws a code for every existing ticket as the column is added, and for
-- every ticket issued by any path from now on.
alter table tickets
  add column short_code text not null default app.random_ticket_short_code()
    check (short_code ~ '^[0-9A-HJKMNP-TV-Z]{10}$');
comment on column tickets.short_code is
  'What door staff type when the QR code will not scan: 10 Crockford base32 symbols, stored upper-case '
  'without hyphens, shown grouped (7KQ4-M2XD-9P). Unique within its event; drawn again on a collision.';

-- Two existing tickets of one event may have drawn the same code: draw again until none do.
-- Row-level security applies to the owner too, so each organizer's tickets are seen in turn.
do $$
declare
  organizer uuid;
begin
  for organizer in select id from tenants loop
    perform set_config('app.tenant_id', organizer::text, true);
    loop
      update tickets set short_code = app.random_ticket_short_code()
      where (tenant_id, id) in (
        select tenant_id, id from (
          select tenant_id, id,
            row_number() over (partition by tenant_id, event_id, short_code order by created_at, id) as nth
          from tickets
        ) drawn
        where nth > 1
      );
      exit when not found;
    end loop;
  end loop;
  perform set_config('app.tenant_id', '', true);
end
$$;

-- Codes drawn again leave their rows' deferred foreign key checks (0007) pending, and an index
-- cannot be built over a table with pending checks: run them now.
set constraints all immediate;

create unique index tickets_short_code_key on tickets (tenant_id, event_id, short_code);
-- A code typed at the wrong event is found at its own event, to say so.
create index tickets_short_code_idx on tickets (tenant_id, short_code);
