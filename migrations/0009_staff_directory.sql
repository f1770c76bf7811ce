-- The platform-staff area: a read across organizers of what staff run them by (owners, plan
-- subscriptions, Stripe accounts, payouts), for the organizer list and the payout queue.

-- Staff open one organizer at a time through its tenant (runAsStaff), which is all their changes
-- need. Finding an organizer by its owner's email, and seeing every organizer's plan, Stripe
-- account and payouts on one page, needs rows of every tenant in one read. Under this scope the API
-- may read those rows, and only these, and only in a transaction whose user (`app.user_id`) is
-- platform staff: setting the scope is not enough, so a slip in the API cannot open them to anyone
-- else. Nothing may be written under it.
create function app.reads_staff_directory() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.scope', true), '') = 'staff_directory' $$;
comment on function app.reads_staff_directory() is
  'True under the staff_directory scope: the staff area''s read across organizers of owners, plan subscriptions, '
  'Stripe accounts and payouts (never a write). Each policy also requires the transaction''s user to be '
  'platform staff. Organizers themselves are readable by anyone already (tenants_read).';

-- Each policy below asks `app.reads_staff_directory() and <the user is staff>`. The staff check is
-- written out in the policy rather than in a function: a subquery in a policy is run once per
-- query (an InitPlan), where a function holding it would run once per row.

-- Owners only: staff find an organizer by its owner's email; the rest of the team stays in its tenant.
create policy memberships_staff_directory on memberships for select
  using (role = 'owner' and app.reads_staff_directory()
    and exists (select 1 from users u where u.id = app.current_user_id() and u.is_platform_staff));
comment on policy memberships_staff_directory on memberships is
  'Platform staff find organizers by their owners'' emails (staff_directory scope).';

create policy plan_subscriptions_staff_directory on plan_subscriptions for select
  using (app.reads_staff_directory()
    and exists (select 1 from users u where u.id = app.current_user_id() and u.is_platform_staff));
comment on policy plan_subscriptions_staff_directory on plan_subscriptions is
  'Platform staff see every organizer''s subscription status in the organizer list (staff_directory scope).';

create policy stripe_accounts_staff_directory on stripe_accounts for select
  using (app.reads_staff_directory()
    and exists (select 1 from users u where u.id = app.current_user_id() and u.is_platform_staff));
comment on policy stripe_accounts_staff_directory on stripe_accounts is
  'Platform staff see whether Stripe lets each organizer take charges and be paid (staff_directory scope).';

create policy payouts_staff_directory on payouts for select
  using (app.reads_staff_directory()
    and exists (select 1 from users u where u.id = app.current_user_id() and u.is_platform_staff));
comment on policy payouts_staff_directory on payouts is
  'Platform staff count held and waiting payouts per organizer and work the payout queue (staff_directory scope).';

-- The payout queue reads held and due payouts of every organizer, oldest due first.
create index payouts_due_idx on payouts (status, due_at);
