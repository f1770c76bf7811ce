import type { Kysely } from 'kysely';
import type { Database, LocalizedText, MembershipRole, SocialLinks } from '../../db/schema.ts';

type Executor = Kysely<Database>;

const organizerColumns = [
  'id',
  'slug',
  'name',
  'plan',
  'currency',
  'default_locale',
  'locales',
  'time_zone',
  'status',
  'platform_branding',
  'contact_email',
  'about',
  'contact_phone',
  'address_line',
  'city',
  'state',
  'postal_code',
  'website_url',
  'social_links',
  'created_at',
  'updated_at',
] as const;

export function insertTenant(
  db: Executor,
  tenant: {
    slug: string;
    name: string;
    currency: string;
    default_locale: string;
    locales: string[];
    time_zone: string;
  },
) {
  return db.insertInto('tenants').values(tenant).returning(organizerColumns).executeTakeFirstOrThrow();
}

export function findTenantById(db: Executor, id: string) {
  return db.selectFrom('tenants').select(organizerColumns).where('id', '=', id).executeTakeFirst();
}

export function findTenantBySlug(db: Executor, slug: string) {
  return db.selectFrom('tenants').select(organizerColumns).where('slug', '=', slug).executeTakeFirst();
}

export function slugTaken(db: Executor, slug: string) {
  return db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst();
}

export function updateTenant(
  db: Executor,
  id: string,
  changes: Partial<{
    name: string;
    currency: string;
    default_locale: string;
    locales: string[];
    time_zone: string;
    platform_branding: boolean;
    contact_email: string | null;
    about: LocalizedText;
    contact_phone: string | null;
    address_line: string | null;
    city: string | null;
    state: string | null;
    postal_code: string | null;
    website_url: string | null;
    social_links: SocialLinks;
  }>,
) {
  const { about, social_links, ...plain } = changes;
  return db
    .updateTable('tenants')
    .set({
      ...plain,
      // jsonb: node-postgres would send an object as text, but say so.
      ...(about ? { about: JSON.stringify(about) } : {}),
      ...(social_links ? { social_links: JSON.stringify(social_links) } : {}),
    })
    .where('id', '=', id)
    .returning(organizerColumns)
    .executeTakeFirstOrThrow();
}

export function insertMembership(
  db: Executor,
  membership: { tenant_id: string; user_id: string; role: MembershipRole },
) {
  return db.insertInto('memberships').values(membership).execute();
}

const memberColumns = [
  'users.id as user_id',
  'users.email',
  'users.display_name',
  'users.email_verified_at',
  'memberships.role',
  'memberships.created_at',
] as const;

export function listMembers(db: Executor, tenantId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(memberColumns)
    .where('memberships.tenant_id', '=', tenantId)
    .orderBy('memberships.created_at')
    .orderBy('users.id')
    .execute();
}

export function findMember(db: Executor, tenantId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(memberColumns)
    .where('memberships.tenant_id', '=', tenantId)
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst();
}

export function updateMemberRole(db: Executor, tenantId: string, userId: string, role: MembershipRole) {
  return db
    .updateTable('memberships')
    .set({ role })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function deleteMember(db: Executor, tenantId: string, userId: string) {
  return db
    .deleteFrom('memberships')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Owners of the tenant, locked: changes that could remove the last owner serialize on them. */
export function lockOwners(db: Executor, tenantId: string) {
  return db
    .selectFrom('memberships')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'owner')
    .forUpdate()
    .execute();
}
