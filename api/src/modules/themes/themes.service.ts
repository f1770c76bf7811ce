import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type CheckFinding, checkTheme, cleanCss, SECTIONS, type ThemeSource } from '@accessplus/themes';
import {
  MANAGERS,
  recordedBy,
  requireRole,
  runInTenantAsSystem,
  type Services,
  type TenantContext,
} from '../../context.ts';
import type { TenantPlan, Theme as ThemeRow } from '../../db/schema.ts';
import { AppError, notFound, unprocessable } from '../../lib/errors.ts';
import { hashSecret } from '../../lib/secrets.ts';
import { planAllows, requireFeature } from '../billing/plans.ts';
import { storefrontBaseUrl } from '../domains/domains.service.ts';
import { imageAddressPrefix } from '../images/images.service.ts';
import { organizerBySlug } from '../tenants/storefront-organizers.ts';
import { getOrganizer } from '../tenants/tenants.service.ts';
import * as repo from './themes.repository.ts';
import type { ThemeDraftUpdate } from './themes.schemas.ts';

/** Published versions kept for rolling back (the live one is kept whatever its age). */
export const KEPT_VERSIONS = 10;
/** How long a preview link shows the draft. */
export const PREVIEW_LINK_HOURS = 48;

const imagePrefixes = (services: Services) => [imageAddressPrefix(services)];

type Draft = Pick<ThemeRow, 'header' | 'footer' | 'home_hero' | 'event_sections' | 'css'>;

const EMPTY_DRAFT: Draft = { header: null, footer: null, home_hero: null, event_sections: null, css: null };

function sourceOf(draft: Draft): ThemeSource {
  return {
    sections: {
      header: draft.header,
      footer: draft.footer,
      home_hero: draft.home_hero,
      event_sections: draft.event_sections,
    },
    css: draft.css,
  };
}

async function presentTheme(ctx: TenantContext, row: ThemeRow | undefined, plan: TenantPlan) {
  const draft = row ?? { ...EMPTY_DRAFT, draft_updated_at: null, live_version: null, preview_expires_at: null };
  const check = checkTheme(sourceOf(draft), imagePrefixes(ctx.services));
  const versions = await repo.listVersions(ctx.trx, ctx.tenantId);
  const previewLive = draft.preview_expires_at && draft.preview_expires_at > new Date();
  return {
    available: planAllows(plan, 'themes'),
    draft: {
      header: draft.header,
      footer: draft.footer,
      home_hero: draft.home_hero,
      event_sections: draft.event_sections,
      css: draft.css,
      updated_at: draft.draft_updated_at?.toISOString() ?? null,
    },
    check: { publishable: check.publishable, findings: check.findings },
    live_version: draft.live_version,
    preview_expires_at: previewLive ? (draft.preview_expires_at as Date).toISOString() : null,
    versions: versions.map((version) => ({
      version: version.version,
      published_at: version.published_at.toISOString(),
      live: version.version === draft.live_version,
    })),
  };
}

async function planOf(ctx: TenantContext): Promise<{ plan: TenantPlan; slug: string }> {
  const organizer = await getOrganizer(ctx);
  return { plan: organizer.plan, slug: organizer.slug };
}

export async function getTheme(ctx: TenantContext) {
  requireRole(ctx, MANAGERS, 'see the theme');
  const { plan } = await planOf(ctx);
  return presentTheme(ctx, await repo.findTheme(ctx.trx, ctx.tenantId), plan);
}

/**
 * Saves the draft whatever the check finds, as an editor keeps unfinished work; the check's
 * findings come back with it, and only publishing needs a draft without fatal ones.
 */
export async function updateThemeDraft(ctx: TenantContext, changes: ThemeDraftUpdate) {
  requireRole(ctx, MANAGERS, 'change the theme');
  const { plan } = await planOf(ctx);
  requireFeature(plan, 'themes', 'use a theme of your own');
  const cleared = Object.fromEntries(
    Object.entries(changes).map(([field, value]) => [
      field,
      typeof value === 'string' && value.trim() === '' ? null : value,
    ]),
  );
  const row = await repo.upsertTheme(ctx.trx, ctx.tenantId, { ...cleared, draft_updated_at: new Date() });
  return presentTheme(ctx, row, plan);
}

/** A new private link to the storefront wearing the draft; the one before stops working. */
export async function createPreviewLink(ctx: TenantContext) {
  requireRole(ctx, MANAGERS, 'preview the theme');
  const { plan, slug } = await planOf(ctx);
  requireFeature(plan, 'themes', 'use a theme of your own');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + PREVIEW_LINK_HOURS * 3_600_000);
  await repo.upsertTheme(ctx.trx, ctx.tenantId, {
    preview_token_hash: hashSecret(token),
    preview_expires_at: expiresAt,
  });
  const url = new URL(await storefrontBaseUrl(ctx, slug));
  url.searchParams.set('theme_preview', token);
  return { url: url.toString(), expires_at: expiresAt.toISOString() };
}

function unpublishable(findings: CheckFinding[]): AppError {
  const fatal = findings.filter((finding) => finding.level === 'fatal');
  return unprocessable(
    'theme_not_publishable',
    fatal.length === 1
      ? `The theme cannot be published: ${fatal[0]?.message}`
      : `The theme cannot be published: the check found ${fatal.length} fatal problems; see each one.`,
    fatal.map((finding) => ({
      field: `draft.${finding.part}`,
      message: finding.line ? `Line ${finding.line}: ${finding.message}` : finding.message,
    })),
  );
}

/** Publishes the draft as a new version, shown on the storefront from the commit on. */
export async function publishTheme(ctx: TenantContext) {
  requireRole(ctx, MANAGERS, 'publish the theme');
  const { plan } = await planOf(ctx);
  requireFeature(plan, 'themes', 'use a theme of your own');
  const row = await repo.lockTheme(ctx.trx, ctx.tenantId);
  const check = checkTheme(sourceOf(row), imagePrefixes(ctx.services));
  if (!check.publishable) throw unpublishable(check.findings);
  const by = recordedBy(ctx);
  const version = await repo.insertVersion(ctx.trx, {
    tenant_id: ctx.tenantId,
    header: row.header,
    footer: row.footer,
    home_hero: row.home_hero,
    event_sections: row.event_sections,
    css_source: row.css,
    css: check.css,
    published_by_user_id: by.userId,
    published_by_api_key_id: by.apiKeyId,
  });
  const updated = await repo.upsertTheme(ctx.trx, ctx.tenantId, { live_version: version.version });
  await repo.pruneVersions(ctx.trx, ctx.tenantId, KEPT_VERSIONS, version.version);
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return presentTheme(ctx, updated, plan);
}

/** Shows a kept version again, as it was published; the draft is left as it is. */
export async function restoreThemeVersion(ctx: TenantContext, version: number) {
  requireRole(ctx, MANAGERS, 'roll back the theme');
  const { plan } = await planOf(ctx);
  requireFeature(plan, 'themes', 'use a theme of your own');
  await repo.lockTheme(ctx.trx, ctx.tenantId);
  if (!(await repo.findVersion(ctx.trx, ctx.tenantId, version))) throw notFound('The theme version');
  const updated = await repo.upsertTheme(ctx.trx, ctx.tenantId, { live_version: version });
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return presentTheme(ctx, updated, plan);
}

/** Puts a kept version back into the draft, to change it from there. */
export async function editThemeVersion(ctx: TenantContext, version: number) {
  requireRole(ctx, MANAGERS, 'change the theme');
  const { plan } = await planOf(ctx);
  requireFeature(plan, 'themes', 'use a theme of your own');
  const kept = await repo.findVersion(ctx.trx, ctx.tenantId, version);
  if (!kept) throw notFound('The theme version');
  const updated = await repo.upsertTheme(ctx.trx, ctx.tenantId, {
    header: kept.header,
    footer: kept.footer,
    home_hero: kept.home_hero,
    event_sections: kept.event_sections,
    css: kept.css_source,
    draft_updated_at: new Date(),
  });
  return presentTheme(ctx, updated, plan);
}

/** Goes back to the storefront's own look; the versions stay, to publish again. Open on every plan. */
export async function unpublishTheme(ctx: TenantContext) {
  requireRole(ctx, MANAGERS, 'change the theme');
  const { plan } = await planOf(ctx);
  const updated = await repo.upsertTheme(ctx.trx, ctx.tenantId, { live_version: null });
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return presentTheme(ctx, updated, plan);
}

/** The version an organizer's storefront shows, for its public profile; null for the storefront's own look. */
export async function liveThemeVersion(services: Services, tenantId: string, plan: TenantPlan): Promise<number | null> {
  if (!planAllows(plan, 'themes')) return null;
  return runInTenantAsSystem(
    services,
    tenantId,
    async (ctx) => (await repo.findTheme(ctx.trx, tenantId))?.live_version ?? null,
  );
}

const NO_THEME = {
  version: null,
  preview: false,
  header: null,
  footer: null,
  home_hero: null,
  event_sections: null,
  css: '',
};

function matchesPreview(row: ThemeRow | undefined, token: string): row is ThemeRow {
  if (!row?.preview_token_hash || !row.preview_expires_at || row.preview_expires_at <= new Date()) return false;
  return timingSafeEqual(row.preview_token_hash, hashSecret(token));
}

/**
 * What a storefront shows of the organizer's theme: the live version, or with a preview link's
 * token the draft as it is now. A downgrade to a plan without themes shows the storefront's own
 * look, and the theme comes back with the upgrade.
 */
export async function publicTheme(services: Services, slug: string, previewToken: string | undefined) {
  const organizer = await organizerBySlug(services, slug);
  const prefixes = imagePrefixes(services);
  if (!planAllows(organizer.plan, 'themes')) {
    if (previewToken) throw previewGone();
    return { ...NO_THEME, image_prefixes: prefixes };
  }
  return runInTenantAsSystem(services, organizer.id, async (ctx) => {
    const row = await repo.findTheme(ctx.trx, organizer.id);
    if (previewToken !== undefined) {
      if (!matchesPreview(row, previewToken)) throw previewGone();
      const sections = Object.fromEntries(SECTIONS.map((section) => [section, row[section]]));
      return {
        version: null,
        preview: true,
        ...sections,
        css: cleanCss(row.css ?? '', prefixes).css,
        image_prefixes: prefixes,
      } as typeof NO_THEME & { image_prefixes: string[] };
    }
    const live = row?.live_version ? await repo.findVersion(ctx.trx, organizer.id, row.live_version) : undefined;
    if (!live) return { ...NO_THEME, image_prefixes: prefixes };
    return {
      version: live.version,
      preview: false,
      header: live.header,
      footer: live.footer,
      home_hero: live.home_hero,
      event_sections: live.event_sections,
      css: live.css,
      image_prefixes: prefixes,
    };
  });
}

function previewGone(): AppError {
  return new AppError(
    404,
    'theme_preview_expired',
    'This preview link has expired or was replaced by a newer one. Ask the organizer for a new link.',
  );
}
