-- What an organizer decides about the people who buy for an event: whether it happens online (and
-- where), whether a sold-out tier keeps a waitlist, and whether each ticket carries its holder's name.

alter table events
  add column online_url text check (online_url ~ '^https?://' and length(online_url) <= 2000),
  add column waitlist_enabled boolean not null default true,
  add column attendee_names text not null default 'off' check (attendee_names in ('off', 'optional', 'required'));

comment on column events.online_url is
  'Where an online event happens (a stream or meeting link); null for an event held in person only. '
  'The public catalog says only that the event is online: the link is shown to holders of valid tickets.';
comment on column events.waitlist_enabled is
  'Whether buyers may join the waitlist of a sold-out tier. Turning it off closes the line to newcomers; '
  'people already in it keep their place and are still offered returned tickets.';
comment on column events.attendee_names is
  'off: tickets are not named; optional: the storefront asks a name per ticket; required: an order is '
  'refused unless every ticket of this event has a non-blank name.';
