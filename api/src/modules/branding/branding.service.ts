import { checkContrast, readsOn, textOnColor } from '@accessplus/themes/brand-colors';
import {
  type InTenant,
  MANAGERS,
  requireRole,
  runInTenantAsSystem,
  type Services,
  type TenantContext,
} from '../../context.ts';
import type { BrandFont, Branding as BrandingRow } from '../../db/schema.ts';
import { type ErrorDetail, unprocessable } from '../../lib/errors.ts';
import { findImageOf } from '../images/images.service.ts';
import * as repo from './branding.repository.ts';
import type { BrandingUpdate } from './branding.schemas.ts';

type BrandingValues = Omit<BrandingRow, 'tenant_id' | 'updated_at'> & { updated_at: Date | null };

/** The platform's look: what an organizer that never chose a brand shows. */
const NO_BRANDING: Readonly<BrandingValues> = Object.freeze({
  logo_image_id: null,
  favicon_image_id: null,
  hero_image_id: null,
  brand_color: null,
  background_color: null,
  text_color: null,
  font: 'system' as BrandFont,
  updated_at: null,
});

const IMAGE_FIELDS = ['logo_image_id', 'favicon_image_id', 'hero_image_id'] as const;

/** A browser shows a tab icon square: anything else would be squashed. A pixel of rounding is forgiven. */
const SQUARE_TOLERANCE = 0.02;

async function loadBranding(ctx: InTenant): Promise<BrandingValues> {
  return (await repo.findBranding(ctx.trx, ctx.tenantId)) ?? { ...NO_BRANDING };
}

/** An image of the brand: the narrowest stored width (enough for a logo or an icon) and every width. */
async function brandImage(ctx: InTenant, imageId: string | null) {
  if (!imageId) return null;
  const image = await findImageOf(ctx, imageId);
  if (!image) return null;
  const narrowest = image.variants[0] ?? { width: image.width, url: image.url };
  return {
    id: image.id,
    url: narrowest.url,
    width: narrowest.width,
    height: Math.round((narrowest.width * image.height) / image.width),
    srcset: image.srcset,
  };
}

async function brandImages(ctx: InTenant, branding: BrandingValues) {
  const [logo, favicon, hero] = await Promise.all(IMAGE_FIELDS.map((field) => brandImage(ctx, branding[field])));
  return { logo: logo ?? null, favicon: favicon ?? null, hero: hero ?? null };
}

async function presentBranding(ctx: InTenant, branding: BrandingValues) {
  return {
    logo_image_id: branding.logo_image_id,
    favicon_image_id: branding.favicon_image_id,
    hero_image_id: branding.hero_image_id,
    brand_color: branding.brand_color,
    background_color: branding.background_color,
    text_color: branding.text_color,
    font: branding.font,
    ...(await brandImages(ctx, branding)),
    contrast: checkContrast(branding),
    updated_at: branding.updated_at?.toISOString() ?? null,
  };
}

export async function getBranding(ctx: TenantContext) {
  requireRole(ctx, MANAGERS, 'see the branding');
  return presentBranding(ctx, await loadBranding(ctx));
}

/** Every image id sent must be an image of this organizer, and the favicon a square one. */
async function imageProblems(ctx: InTenant, changes: BrandingUpdate): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  for (const field of IMAGE_FIELDS) {
    const imageId = changes[field];
    if (!imageId) continue;
    const image = await findImageOf(ctx, imageId);
    if (!image) {
      problems.push({
        field: `body.${field}`,
        message:
          'This organizer has no uploaded image with that id. Upload the image with POST /v1/images and send the id it answers with.',
      });
    } else if (field === 'favicon_image_id' && Math.abs(image.width - image.height) > image.width * SQUARE_TOLERANCE) {
      problems.push({
        field: `body.${field}`,
        message: `An icon must be square: this image is ${image.width} × ${image.height} pixels. Crop it to a square and upload it again.`,
      });
    }
  }
  return problems;
}

/**
 * Colors that read badly are saved all the same, with the verdict and the nearest readable
 * color in the answer: an organizer's colors are often its logo's, and a volunteer who is told
 * why and offered a fix decides better than one who cannot save at all.
 */
export async function updateBranding(ctx: TenantContext, changes: BrandingUpdate) {
  requireRole(ctx, MANAGERS, 'change the branding');
  const problems = await imageProblems(ctx, changes);
  if (problems.length > 0) {
    throw unprocessable(
      'invalid_input',
      problems.length === 1
        ? (problems[0] as ErrorDetail).message
        : 'Some of the images cannot be used; see each field.',
      problems,
    );
  }
  const lower = (color: string | null | undefined) => (color ? color.toLowerCase() : color);
  const row = await repo.upsertBranding(ctx.trx, ctx.tenantId, {
    ...changes,
    brand_color: lower(changes.brand_color),
    background_color: lower(changes.background_color),
    text_color: lower(changes.text_color),
  });
  // The public organizer profile, served from the catalog cache, carries the brand.
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return presentBranding(ctx, row);
}

/** What a storefront needs to wear the organizer's brand. */
export function publicBranding(services: Services, tenantId: string) {
  return runInTenantAsSystem(services, tenantId, async (ctx) => {
    const branding = await loadBranding(ctx);
    return {
      ...(await brandImages(ctx, branding)),
      brand_color: branding.brand_color,
      brand_text_color: branding.brand_color ? textOnColor(branding.brand_color) : null,
      background_color: branding.background_color,
      text_color: branding.text_color,
      font: branding.font,
    };
  });
}

/**
 * The brand as buyers' emails show it: the logo, and the brand color for the button (its text
 * chosen to read on it). Links stay the email's own color unless the brand color reads on white.
 */
export async function mailBranding(ctx: InTenant) {
  const branding = await loadBranding(ctx);
  const logo = await brandImage(ctx, branding.logo_image_id);
  const color = branding.brand_color;
  return {
    logoUrl: logo?.url ?? null,
    buttonColor: color,
    buttonTextColor: color ? textOnColor(color) : null,
    linkColor: color && readsOn(color, '#ffffff') ? color : null,
  };
}
