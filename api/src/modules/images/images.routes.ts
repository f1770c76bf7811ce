import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { errorResponses, Ref } from '../../lib/schemas.ts';
import { imageTooLarge, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS } from './images.processing.ts';
import { Image, ImageFileParams, ImageUpload, UPLOAD_MEDIA_TYPES } from './images.schemas.ts';
import * as images from './images.service.ts';

const tags = ['Images'];

export const imageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Image);
  await app.register(uploadRoute);

  app.get(
    '/v1/images/:file',
    {
      schema: {
        tags,
        operationId: 'getImageFile',
        security: [],
        summary: 'Get an image file',
        description:
          "One width of an uploaded image, as an image's or an event's URLs name it. No sign-in: its name is the SHA-256 of its bytes, so it can be cached for good.",
        params: ImageFileParams,
        response: {
          200: {
            description: 'The image (WebP), cacheable for a year.',
            content: { 'image/webp': { schema: { type: 'string', format: 'binary' } } },
          },
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const file = await images.openImageFile(app.services, request.params.file);
      if (file.size !== undefined) reply.header('content-length', file.size);
      return (
        reply
          .type(file.contentType)
          .header('cache-control', images.IMAGE_CACHE_CONTROL)
          .header('x-content-type-options', 'nosniff')
          // A stream goes out as it is, past the JSON serializer.
          .send(file.body as never)
      );
    },
  );
};

/** The upload in a scope of its own: its body is a file's bytes, not JSON, and may be larger. */
const uploadRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([...UPLOAD_MEDIA_TYPES], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('*', (_request, _payload, done) =>
    done(
      new AppError(
        415,
        'unsupported_media_type',
        `Send the image file itself as the request body, not a form or JSON, with Content-Type ${UPLOAD_MEDIA_TYPES.slice(0, -1).join(', ')} or ${UPLOAD_MEDIA_TYPES.at(-1)}.`,
        [{ field: 'body', message: 'must be the image file itself' }],
      ),
      undefined,
    ),
  );

  app.post(
    '/v1/images',
    {
      schema: {
        tags,
        operationId: 'uploadImage',
        'x-api-key-scope': 'events:write',
        summary: 'Upload an image',
        description: `Send the file itself as the request body, not a form: at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB and ${MAX_IMAGE_PIXELS / 1e6} megapixels. What the file is, is read from its bytes (never from its name or Content-Type): JPEG, PNG and WebP are accepted. It is turned upright by its EXIF orientation, stripped of all metadata (EXIF, GPS position, XMP, color profiles) and stored as WebP in a few widths. Use the answer's \`id\` as an event's \`image_id\`.`,
        body: ImageUpload,
        response: {
          201: Ref(Image, 'The stored image and its widths.'),
          ...errorResponses(400, 401, 403, 413, 415, 422),
        },
      },
      bodyLimit: MAX_IMAGE_BYTES,
      // Before the body is read: nobody waits for megabytes only to be told they may not upload.
      onRequest: async (request) => {
        await app.inTenant(request, images.assertMayUpload, { record: false });
      },
      // Fastify refuses an over-long body itself; it is answered as this route's own error.
      errorHandler: (error) => {
        throw (error as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? imageTooLarge() : error;
      },
    },
    async (request, reply) => {
      const upload = await images.storeUpload(app.services, request.body as Buffer | undefined);
      return reply.code(201).send(await app.inTenant(request, (ctx) => images.recordImage(ctx, upload)));
    },
  );
};
