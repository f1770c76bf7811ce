import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page, Ref } from '../../lib/schemas.ts';
import { Export, ExportListQuery, ExportParams, ExportRequest, exportSchemas } from './exports.schemas.ts';
import * as exports from './exports.service.ts';

const tags = ['Exports'];

/**
 * Attendee and order lists as CSV or Excel files, written by the worker and downloaded through
 * the API. For people of the team: an API key reads the same lists page by page instead.
 */
export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const schema of exportSchemas) app.addSchema(schema);

  app.post(
    '/v1/exports',
    {
      schema: {
        tags,
        operationId: 'createExport',
        summary: 'Export attendees or orders',
        description:
          'Owners, admins and staff, signed in. The file is written in the background: follow `status` and `done_rows` of `total_rows` with getExport, then download it with getExportFile before `expires_at` (24 hours after it is done). Every export is kept in the list, with who asked for it.',
        body: ExportRequest,
        response: { 202: Ref(Export, 'The export, queued.'), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await app.inTenant(request, (ctx) => exports.requestExport(ctx, request.body))),
  );

  app.get(
    '/v1/exports',
    {
      schema: {
        tags,
        operationId: 'listExports',
        summary: 'List exports',
        description: 'Owners, admins and staff, signed in. Newest first, whoever asked for them.',
        querystring: ExportListQuery,
        response: { 200: Page(Ref(Export), 'A page of exports.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => exports.listExports(ctx, request.query)),
  );

  app.get(
    '/v1/exports/:export_id',
    {
      schema: {
        tags,
        operationId: 'getExport',
        summary: 'Get an export and its progress',
        description: 'Owners, admins and staff, signed in.',
        params: ExportParams,
        response: { 200: Ref(Export, 'The export.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => exports.getExport(ctx, request.params.export_id)),
  );

  app.get(
    '/v1/exports/:export_id/file',
    {
      schema: {
        tags,
        operationId: 'getExportFile',
        summary: 'Download an export',
        description:
          'Owners, admins and staff, signed in. 409 `export_not_ready` while it is being written, 410 `export_expired` once the file is gone (export again), 422 `export_failed` when it failed.',
        params: ExportParams,
        response: {
          200: {
            description: 'The file, as an attachment.',
            content: {
              'text/csv': { schema: { type: 'string', format: 'binary' } },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                schema: { type: 'string', format: 'binary' },
              },
            },
          },
          ...errorResponses(400, 401, 403, 404, 409, 410, 422),
        },
      },
    },
    async (request, reply) => {
      const file = await app.inTenant(request, (ctx) => exports.openExportFile(ctx, request.params.export_id));
      if (file.size !== undefined) reply.header('content-length', file.size);
      return (
        reply
          .type(file.contentType)
          .header('content-disposition', file.disposition)
          .header('cache-control', 'private, no-store')
          .header('x-content-type-options', 'nosniff')
          // A stream goes out as it is, past the JSON serializer.
          .send(file.body as never)
      );
    },
  );
};
