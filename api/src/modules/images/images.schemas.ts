import { Type } from 'typebox';
import { Timestamp, Uuid } from '../../lib/schemas.ts';
import { VARIANT_WIDTHS } from './images.processing.ts';

/** The Content-Types an upload may be sent as; what the file is, though, is read from its bytes. */
export const UPLOAD_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'] as const;

/**
 * The request body of an upload, per media type: the file's bytes, which its route reads itself.
 * An empty schema, as OpenAPI 3.1 describes raw bytes; the SDK then takes a Blob or a File.
 */
export const ImageUpload = {
  content: Object.fromEntries(UPLOAD_MEDIA_TYPES.map((mediaType) => [mediaType, { schema: {} }])),
};

const Url = Type.String({ format: 'uri' });

export const Image = Type.Object(
  {
    id: Uuid,
    url: Type.String({ format: 'uri', description: 'The widest variant: use it as `image_url` or `<img src>`.' }),
    width: Type.Integer({ description: 'Width of `url` in pixels.' }),
    height: Type.Integer({ description: 'Height of `url` in pixels.' }),
    variants: Type.Array(Type.Object({ width: Type.Integer({ description: 'Width in pixels.' }), url: Url }), {
      description: `WebP files, narrowest first: ${VARIANT_WIDTHS.join(', ')} pixels wide, never wider than the upload.`,
    }),
    srcset: Type.String({
      description: 'The variants as an `<img srcset>` value: `https://…/a.webp 480w, https://…/b.webp 960w, …`.',
    }),
    created_at: Timestamp,
  },
  {
    $id: 'Image',
    description:
      'An uploaded image, re-encoded without its metadata (EXIF, GPS position) in a few widths. Its addresses never change: each file is named by the SHA-256 of its bytes.',
  },
);

export const ImageFileParams = Type.Object({
  file: Type.String({
    pattern: '^[0-9a-f]{64}\\.webp$',
    maxLength: 69,
    description: "An image file's name, as in an image's `url`: the SHA-256 of its bytes and `.webp`.",
  }),
});
