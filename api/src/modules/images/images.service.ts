import { EDITORS, type InTenant, recordedBy, requireRole, type Services, type TenantContext } from '../../context.ts';
import type { ImageRow, ImageVariant } from '../../db/schema.ts';
import { AppError, invalidField } from '../../lib/errors.ts';
import type { StoredObject } from '../../lib/object-storage.ts';
import { imageMissing, type OriginalType, processImage } from './images.processing.ts';
import * as repo from './images.repository.ts';

/** A file's name is the hash of its bytes, so what is at an address never changes. */
export const IMAGE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

const FILE_NAME = /^[0-9a-f]{64}\.webp$/;

const keyOf = (file: string) => `images/${file}`;

/** An upload checked, re-encoded and in storage, waiting to be recorded for its organizer. */
export interface StoredUpload {
  originalType: OriginalType;
  originalBytes: number;
  width: number;
  height: number;
  variants: ImageVariant[];
}

function fileUrl(services: Services, file: string): string {
  return services.files.publicUrl(keyOf(file)) ?? `${services.config.publicUrl.replace(/\/+$/, '')}/v1/images/${file}`;
}

/** How every stored image's address starts, so themes can be held to the platform's own images. */
export function imageAddressPrefix(services: Services): string {
  return fileUrl(services, '');
}

export function presentImage(services: Services, row: ImageRow) {
  const variants = row.variants.map((variant) => ({ width: variant.width, url: fileUrl(services, variant.file) }));
  const widest = row.variants[row.variants.length - 1] as ImageVariant;
  return {
    id: row.id,
    url: fileUrl(services, widest.file),
    width: widest.width,
    height: widest.height,
    variants,
    srcset: variants.map((variant) => `${variant.url} ${variant.width}w`).join(', '),
    created_at: row.created_at.toISOString(),
  };
}

/** Who may upload: those who edit events. Asked before the upload's bytes are even read. */
export async function assertMayUpload(ctx: TenantContext): Promise<void> {
  requireRole(ctx, EDITORS, 'upload images');
}

/**
 * Checks and re-encodes an uploaded file and puts its variants in storage. It touches no
 * database, so no transaction waits on the decoding or the storage's network. A refused upload
 * stores nothing; one whose recording fails leaves files nobody refers to, which are harmless.
 */
export async function storeUpload(services: Services, bytes: Buffer | undefined): Promise<StoredUpload> {
  if (!bytes) throw imageMissing();
  const image = await processImage(bytes);
  for (const variant of image.variants) {
    await services.files.put(keyOf(variant.file), variant.bytes, 'image/webp', { cacheControl: IMAGE_CACHE_CONTROL });
  }
  return {
    originalType: image.originalType,
    originalBytes: image.originalBytes,
    width: image.width,
    height: image.height,
    variants: image.variants.map(({ bytes, ...variant }) => ({ ...variant, bytes: bytes.length })),
  };
}

export async function recordImage(ctx: TenantContext, upload: StoredUpload) {
  requireRole(ctx, EDITORS, 'upload images');
  const by = recordedBy(ctx);
  const row = await repo.insertImage(ctx.trx, {
    tenant_id: ctx.tenantId,
    original_type: upload.originalType,
    original_bytes: upload.originalBytes,
    width: upload.width,
    height: upload.height,
    variants: JSON.stringify(upload.variants),
    created_by: by.userId,
    created_by_api_key_id: by.apiKeyId,
  });
  return presentImage(ctx.services, row);
}

/**
 * An image of this organizer for an event to show: its id and the addresses the event keeps a
 * copy of. Any other id (another organizer's included) is a field error on `field`.
 */
export async function imageForEvent(ctx: InTenant, imageId: string, field: string) {
  const row = await repo.findImage(ctx.trx, ctx.tenantId, imageId);
  if (!row) {
    throw invalidField(
      field,
      'This organizer has no uploaded image with that id. Upload the image with POST /v1/images and send the id it answers with.',
    );
  }
  const image = presentImage(ctx.services, row);
  return { id: image.id, url: image.url, srcset: image.srcset };
}

/** An image of this organizer as uploaded and re-encoded, or null when it has none with that id. */
export async function findImageOf(ctx: InTenant, imageId: string) {
  const row = await repo.findImage(ctx.trx, ctx.tenantId, imageId);
  return row ? presentImage(ctx.services, row) : null;
}

/** An image file by its name, for anyone: its name is the hash of its bytes, never a guessable id. */
export async function openImageFile(services: Services, file: string): Promise<StoredObject> {
  const object = FILE_NAME.test(file) ? await services.files.get(keyOf(file)) : null;
  if (!object) {
    throw new AppError(
      404,
      'not_found',
      'There is no image file with this name. Use the address an upload or an event gave.',
    );
  }
  return object;
}
