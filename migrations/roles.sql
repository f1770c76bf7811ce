-- Cluster-wide roles, applied before the numbered migrations on every run (idempotent).
--
-- accessplus_owner owns every table and runs the migrations. It cannot log in.
-- accessplus_app is the role the API connects as: no superuser, no BYPASSRLS, owns nothing,
-- and therefore sees tenant rows only through the row-level security policies.
-- Passwords are never set here: they come from the environment (see api/src/db/migrate.ts).

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'accessplus_owner') then
    create role accessplus_owner nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'accessplus_app') then
    create role accessplus_app login nosuperuser nocreatedb nocreaterole nobypassrls noinherit;
  end if;
  -- Whoever runs migrations acts as the owner (SET ROLE), so it must be a member.
  if not pg_has_role(current_user, 'accessplus_owner', 'member') then
    execute format('grant accessplus_owner to %I', current_user);
  end if;
end
$$;

alter role accessplus_app nosuperuser nocreatedb nocreaterole nobypassrls noinherit;

-- The owner creates schemas and tables in this database.
do $$
begin
  execute format('grant create, connect on database %I to accessplus_owner', current_database());
  execute format('grant connect on database %I to accessplus_app', current_database());
end
$$;
grant usage, create on schema public to accessplus_owner;
