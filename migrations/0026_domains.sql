-- Custom domains: an organizer's own host name (tickets.example.org) for its storefront. The
-- organizer proves control with a TXT record, points the host at the platform with a CNAME, and a
-- job checks both on a backoff schedule; once the TXT record is there the host is verified, a
-- certificate is asked for, and the host answers for the organizer. Unverified hosts expire after
-- seven days, which frees the name again.

create table custom_domains (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  hostname text not null
    check (length(hostname) between 4 and 253 and hostname = lower(hostname) and hostname ~ '^[a-z0-9.-]+$'),
  verification_token text not null check (verification_token ~ '^accessplus-verify=[A-Za-z0-9_-]{20,64}$'),
  status text not null default 'pending' check (status in ('pending', 'verified', 'expired')),
  txt_state text not null default 'unchecked' check (txt_state in ('unchecked', 'missing', 'wrong', 'present')),
  cname_state text not null default 'unchecked' check (cname_state in ('unchecked', 'missing', 'wrong', 'present')),
  cname_found text check (length(cname_found) <= 1000),
  diagnosis jsonb not null default '[]' check (jsonb_typeof(diagnosis) = 'array'),
  check_count integer not null default 0 check (check_count >= 0),
  last_checked_at timestamptz,
  next_check_at timestamptz,
  verified_at timestamptz,
  expires_at timestamptz not null default now() + interval '7 days',
  certificate_status text not null default 'not_requested'
    check (certificate_status in ('not_requested', 'pending_validation', 'active', 'failed')),
  certificate_reference text check (length(certificate_reference) <= 2048),
  certificate_validation_name text check (length(certificate_validation_name) <= 253),
  certificate_validation_value text check (length(certificate_validation_value) <= 253),
  certificate_not_after timestamptz,
  certificate_renewal_status text check (length(certificate_renewal_status) <= 64),
  certificate_failure text check (length(certificate_failure) <= 1000),
  certificate_warned_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check ((status = 'verified') = (verified_at is not null))
);
comment on table custom_domains is
  'An organizer''s own host name for its storefront, with what the last DNS and certificate checks found.';
comment on column custom_domains.verification_token is
  'The value of the TXT record at _accessplus.<hostname> that proves the organizer controls the name.';
comment on column custom_domains.status is
  'pending: waiting for the TXT record; verified: the TXT record was found (the host then answers for the organizer); '
  'expired: not verified within seven days, the name is free again.';
comment on column custom_domains.cname_found is 'What the host''s CNAME pointed at when last checked, if anything.';
comment on column custom_domains.diagnosis is
  'Plain-language findings of the last check, as [{"code", "message"}]: a missing record, a proxy in front, a CAA record that forbids the issuer, a stray AAAA record.';
comment on column custom_domains.check_count is 'Checks since the last change of state: it sets the wait before the next one.';
comment on column custom_domains.next_check_at is 'When the job checks again; null when nothing is left to check (expired).';
comment on column custom_domains.certificate_status is
  'not_requested until verified; then pending_validation while the certificate authority validates, active once a certificate serves the host '
  '(with on-demand TLS: the allow-list answers yes, and the proxy obtains the certificate at the first visit), or failed.';
comment on column custom_domains.certificate_reference is 'The certificate at the provider (an ACM ARN); null with on-demand TLS.';
comment on column custom_domains.certificate_validation_name is 'The CNAME record the certificate authority validates with (ACM), when it asks for one.';
comment on column custom_domains.certificate_warned_at is 'When the managers were last told the certificate failed or nears its expiry.';

-- One organizer per name at a time: two organizers racing for one name are told apart here, by the
-- database, not by a look before the insert. Expired names are free to claim again. (Across
-- organizers on purpose: a name belongs to one store; on a distributed database this small table
-- is a reference table.)
create unique index custom_domains_hostname on custom_domains (hostname) where status <> 'expired';
-- The job's sweep: what is due, across organizers.
create index custom_domains_due on custom_domains (next_check_at) where next_check_at is not null;

create trigger custom_domains_updated_at before update on custom_domains
  for each row execute function app.touch_updated_at();

alter table custom_domains enable row level security;
alter table custom_domains force row level security;
create policy custom_domains_tenant on custom_domains
  using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
-- For `app.custom_domain_organizer` alone, which runs as the owner: the API role never matches it.
create policy custom_domains_lookup_by_owner on custom_domains for select to accessplus_owner using (true);
grant select, insert, update, delete on custom_domains to accessplus_app;

-- The sweep that asks for due checks sees, of every organizer, which domains are due and nothing else.
create function app.sweeps_due_domains() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'due_domains' $$;
create policy custom_domains_due_sweep on custom_domains for select
  using (app.sweeps_due_domains() and next_check_at is not null);

-- A request brings only its Host, so the organizer must be found before any tenant is entered.
-- This function, running as the tables' owner, answers for the one verified host asked about and
-- nothing else: which organizers hold names still pending is never told.
create function app.custom_domain_organizer(p_hostname text)
  returns table (tenant_id uuid, slug text)
  language sql stable security definer
  set search_path = pg_catalog, pg_temp
  as $$
    select d.tenant_id, t.slug
    from public.custom_domains d join public.tenants t on t.id = d.tenant_id
    where d.hostname = p_hostname and d.status = 'verified' and t.status = 'active'
  $$;
comment on function app.custom_domain_organizer(text) is
  'The active organizer whose verified custom domain this host name is, with its slug; nothing for any other name.';
revoke all on function app.custom_domain_organizer(text) from public;
grant execute on function app.custom_domain_organizer(text) to accessplus_app;
