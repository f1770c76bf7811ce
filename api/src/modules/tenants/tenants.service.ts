import { type InTenant, MANAGERS, MEMBERS, requirePerson, requireRole, type TenantContext } from '../../context.ts';
import type { MembershipRole } from '../../db/schema.ts';
import { AppError, conflict, notFound, unprocessable } from '../../lib/errors.ts';
import * as accounts from '../auth/auth.repository.ts';
import { checkOrganizerSettings, emailAccountLink, normalizeEmail } from '../auth/auth.service.ts';
import { featuresOf, requireFeature } from '../billing/plans.ts';
import { aboutText, contactPhone, mergeSocialLinks, websiteUrl } from './organizer-profile.ts';
import { forgetStorefrontOrganizer } from './storefront-organizers.ts';
import * as repo from './tenants.repository.ts';
import type { NewMember, OrganizerUpdate } from './tenants.schemas.ts';

type OrganizerRow = NonNullable<Awaited<ReturnType<typeof repo.findTenantById>>>;
type MemberRow = NonNullable<Awaited<ReturnType<typeof repo.findMember>>>;

export function presentOrganizer(row: OrganizerRow) {
  return {
    ...row,
    features: featuresOf(row.plan),
    currency: row.currency.trim(),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function presentMember(row: MemberRow) {
  return {
    user_id: row.user_id,
    email: row.email,
    display_name: row.display_name,
    role: row.role,
    email_verified: row.email_verified_at !== null,
    created_at: row.created_at.toISOString(),
  };
}

export async function getOrganizer(ctx: TenantContext) {
  requireRole(ctx, MEMBERS, 'see the organizer');
  const row = await repo.findTenantById(ctx.trx, ctx.tenantId);
  if (!row) throw notFound('The organizer');
  return presentOrganizer(row);
}

export async function updateOrganizer(ctx: TenantContext, changes: OrganizerUpdate) {
  requireRole(ctx, MANAGERS, "change the organizer's settings");
  const current = await repo.findTenantById(ctx.trx, ctx.tenantId);
  if (!current) throw notFound('The organizer');
  // Checked against the plan as read now; a downgrade committing meanwhile does no harm, as
  // storefronts show the branding whenever the plan does not allow hiding it.
  if (changes.platform_branding === false) {
    requireFeature(current.plan, 'remove_branding', 'hide "Tickets by Access Plus" on the storefront');
  }
  const merged = {
    locales: changes.locales ?? current.locales,
    default_locale: changes.default_locale ?? current.default_locale,
    time_zone: changes.time_zone ?? current.time_zone,
  };
  checkOrganizerSettings(merged, 'body');
  const { social_links: socialChanges, about, contact_phone, website_url, ...plain } = changes;
  const updates = {
    ...plain,
    ...merged,
    ...(changes.name ? { name: changes.name.trim() } : {}),
    ...(about ? { about: aboutText(about, merged.locales, 'body.about') } : {}),
    ...(contact_phone !== undefined ? { contact_phone: contactPhone(contact_phone, 'body.contact_phone') } : {}),
    ...(website_url !== undefined ? { website_url: websiteUrl(website_url, 'body.website_url') } : {}),
    ...(socialChanges
      ? { social_links: mergeSocialLinks(current.social_links, socialChanges, 'body.social_links') }
      : {}),
    ...blankAsNull(changes, ['address_line', 'city', 'state', 'postal_code']),
  };
  const updated = await repo.updateTenant(ctx.trx, ctx.tenantId, updates);
  ctx.afterCommit(() => {
    forgetStorefrontOrganizer(ctx.services.db, updated.slug);
    ctx.services.catalogCache.invalidate();
  });
  return presentOrganizer(updated);
}

/** Address fields emptied in a form mean "none": stored as null, like a field never given. */
function blankAsNull<K extends 'address_line' | 'city' | 'state' | 'postal_code'>(
  changes: OrganizerUpdate,
  fields: readonly K[],
): Partial<Record<K, string | null>> {
  const tidy: Partial<Record<K, string | null>> = {};
  for (const field of fields) {
    const value = changes[field];
    if (value !== undefined) tidy[field] = value === null || value.trim() === '' ? null : value.trim();
  }
  return tidy;
}

/**
 * Where a message to the organizer goes: the contact email it shows buyers, or else each of its
 * owners. With its name and slug, for the message's words.
 */
export async function contactRecipients(ctx: InTenant) {
  const tenant = await repo.findTenantById(ctx.trx, ctx.tenantId);
  if (!tenant) return null;
  const to = tenant.contact_email
    ? [{ email: tenant.contact_email, displayName: tenant.name }]
    : (await repo.listMembers(ctx.trx, ctx.tenantId))
        .filter((member) => member.role === 'owner')
        .map((member) => ({ email: member.email, displayName: member.display_name }));
  return { name: tenant.name, slug: tenant.slug, to };
}

export async function listMembers(ctx: TenantContext) {
  requireRole(ctx, MANAGERS, 'see the team');
  return (await repo.listMembers(ctx.trx, ctx.tenantId)).map(presentMember);
}

/**
 * Adds a person to the team. Someone without an account gets one without a password and an
 * invitation whose link sets it.
 */
export async function addMember(ctx: TenantContext, input: NewMember) {
  requireRole(ctx, MANAGERS, 'add people to the team');
  assertMayGrant(ctx, input.role);
  const email = normalizeEmail(input.email);
  let user = await accounts.findUserByEmail(ctx.trx, email);
  const invited = !user;
  if (!user) {
    user = await accounts.insertUser(ctx.trx, {
      email,
      display_name: input.display_name?.trim() ?? '',
      password_hash: null,
    });
  }
  if (await repo.findMember(ctx.trx, ctx.tenantId, user.id)) {
    throw conflict('already_member', `${email} is already on the team. Change their role instead.`);
  }
  await repo.insertMembership(ctx.trx, { tenant_id: ctx.tenantId, user_id: user.id, role: input.role });
  if (invited || !user.password_hash) {
    await emailAccountLink(ctx.trx, { userId: user.id, purpose: 'invitation', tenantId: ctx.tenantId });
  }
  const member = await repo.findMember(ctx.trx, ctx.tenantId, user.id);
  if (!member) throw notFound('The member');
  return presentMember(member);
}

export async function changeMemberRole(ctx: TenantContext, userId: string, role: MembershipRole) {
  requireRole(ctx, MANAGERS, 'change roles');
  const owners = await repo.lockOwners(ctx.trx, ctx.tenantId);
  const member = await repo.findMember(ctx.trx, ctx.tenantId, userId);
  if (!member) throw notFound('The member');
  assertMayGrant(ctx, role);
  if (member.role === 'owner') assertMayGrant(ctx, 'owner');
  if (member.role === 'owner' && role !== 'owner' && owners.length === 1) {
    throw unprocessable('last_owner', 'An organizer needs at least one owner. Make someone else owner first.');
  }
  await repo.updateMemberRole(ctx.trx, ctx.tenantId, userId, role);
  const updated = await repo.findMember(ctx.trx, ctx.tenantId, userId);
  if (!updated) throw notFound('The member');
  return presentMember(updated);
}

export async function removeMember(ctx: TenantContext, userId: string) {
  requireRole(ctx, MANAGERS, 'remove people from the team');
  const owners = await repo.lockOwners(ctx.trx, ctx.tenantId);
  const member = await repo.findMember(ctx.trx, ctx.tenantId, userId);
  if (!member) throw notFound('The member');
  if (member.role === 'owner') {
    assertMayGrant(ctx, 'owner');
    if (owners.length === 1) {
      throw unprocessable('last_owner', 'An organizer needs at least one owner. Make someone else owner first.');
    }
  }
  await repo.deleteMember(ctx.trx, ctx.tenantId, userId);
}

function assertMayGrant(ctx: TenantContext, role: MembershipRole): void {
  if (role === 'owner' && requirePerson(ctx, 'change who is an owner').role !== 'owner') {
    throw new AppError(403, 'forbidden', "Only an owner can make someone an owner or change an owner's role.");
  }
}
