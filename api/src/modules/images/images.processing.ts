import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type SharpOptions } from 'sharp';
import { AppError } from '../../lib/errors.ts';

/** The largest file accepted: a full-resolution phone photo fits with room to spare. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/**
 * The most pixels an upload may have. A few KB of PNG can claim 20,000 × 20,000 pixels and
 * decompress to gigabytes (a decompression bomb), so the size is read from the header and
 * refused before anything is decoded; sharp's own limit stands behind that check.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** Widths kept of every image, never wider than the upload: phones, tablets and laptops, large screens. */
export const VARIANT_WIDTHS = [480, 960, 1600] as const;
const WIDEST = VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1] as number;
/** WebP holds no side longer than this, so very tall images are fitted inside it. */
const WEBP_MAX_SIDE = 16_383;

export type OriginalType = 'image/jpeg' | 'image/png' | 'image/webp';

/** What the bytes are, as their magic numbers say; an animated PNG is a PNG whose first frame is kept. */
const ACCEPTED: Record<string, OriginalType> = {
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/apng': 'image/png',
  'image/webp': 'image/webp',
};

const DECODING: SharpOptions = { limitInputPixels: MAX_IMAGE_PIXELS, autoOrient: true, failOn: 'warning' };

export interface EncodedVariant {
  width: number;
  height: number;
  /** `<sha256 of the bytes>.webp`: the same bytes always get the same name. */
  file: string;
  bytes: Buffer;
}

export interface ProcessedImage {
  originalType: OriginalType;
  originalBytes: number;
  /** The upload's size once turned upright by its EXIF orientation. */
  width: number;
  height: number;
  /** Narrowest first. */
  variants: EncodedVariant[];
}

function refused(status: number, code: string, message: string): AppError {
  return new AppError(status, code, message, [{ field: 'body', message }]);
}

export const imageMissing = () =>
  refused(400, 'image_missing', 'Send the image file itself as the request body. Nothing was sent.');

export const unsupportedImage = () => refused(415, 'unsupported_image', 'Upload a JPEG, PNG or WebP image.');

export const imageTooLarge = () =>
  refused(
    413,
    'image_too_large',
    `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB. Upload a smaller file (export it at a lower quality or size).`,
  );

const tooManyPixels = (width: number, height: number) =>
  refused(
    422,
    'image_too_many_pixels',
    `The image is ${width} × ${height} pixels (${Math.round((width * height) / 1e6)} megapixels); the most accepted is ${MAX_IMAGE_PIXELS / 1e6} megapixels. Scale it down and upload it again.`,
  );

const unreadable = () =>
  refused(
    422,
    'image_unreadable',
    'The image could not be read: the file is damaged or incomplete. Open it, save it again and upload the new file.',
  );

/**
 * Checks an uploaded file by its bytes and re-encodes it as WebP in the widths of VARIANT_WIDTHS
 * that it reaches (its own width when narrower than the widest). Turned upright by its EXIF
 * orientation first; sharp writes no metadata unless asked, so EXIF (GPS position included), XMP
 * and color profiles are left behind (colors are converted to sRGB).
 */
export async function processImage(bytes: Buffer): Promise<ProcessedImage> {
  if (bytes.length === 0) throw imageMissing();
  if (bytes.length > MAX_IMAGE_BYTES) throw imageTooLarge();
  // Nothing but these three formats reaches a decoder: SVG, GIF, TIFF, PDF and the rest never do.
  const detected = await fileTypeFromBuffer(bytes);
  const originalType = detected ? ACCEPTED[detected.mime] : undefined;
  if (!originalType) throw unsupportedImage();

  // The header alone, read without sharp's limit, which would refuse without saying the size.
  const header = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => {
      throw unreadable();
    });
  if (header.width * header.height > MAX_IMAGE_PIXELS) throw tooManyPixels(header.width, header.height);
  const { width, height } = header.autoOrient;

  const widest = Math.min(width, WIDEST);
  const variants: EncodedVariant[] = [];
  for (const target of [...VARIANT_WIDTHS.filter((w) => w < widest), widest]) {
    const { data, info } = await sharp(bytes, DECODING)
      .resize({ width: target, height: WEBP_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true })
      .catch((error: Error) => {
        throw /pixel limit/i.test(error.message) ? tooManyPixels(header.width, header.height) : unreadable();
      });
    // A very tall image may come out narrower than asked, twice the same.
    if (variants.some((variant) => variant.width === info.width)) continue;
    variants.push({ width: info.width, height: info.height, file: `${sha256(data)}.webp`, bytes: data });
  }
  return { originalType, originalBytes: bytes.length, width, height, variants };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
