import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Ref } from '../../lib/schemas.ts';
import { BrandImage, Branding, BrandingUpdate, ContrastCheck } from './branding.schemas.ts';
import * as branding from './branding.service.ts';

const tags = ['Branding'];

export const brandingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(BrandImage);
  app.addSchema(ContrastCheck);
  app.addSchema(Branding);

  app.get(
    '/v1/organizer/branding',
    {
      schema: {
        tags,
        operationId: 'getBranding',
        'x-api-key-scope': 'catalog:read',
        summary: "How the organizer's storefront and emails look",
        description:
          "Owners and admins only. Logo, icon, cover image, colors (each with its contrast check) and font. An organizer that never chose them gets the storefront's own look.",
        response: { 200: Ref(Branding, 'The branding.'), ...errorResponses(401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => branding.getBranding(ctx)),
  );

  app.patch(
    '/v1/organizer/branding',
    {
      schema: {
        tags,
        operationId: 'updateBranding',
        'x-api-key-scope': 'catalog:write',
        summary: "Change how the organizer's storefront and emails look",
        description:
          "Owners and admins only. Send only the fields to change; null puts back the storefront's own. Images are ids of this organizer's uploads (POST /v1/images); the icon must be square. A color with too little contrast is saved, and `contrast` says so with the nearest color that reads well.",
        body: BrandingUpdate,
        response: {
          200: Ref(Branding, 'The branding with the changes.'),
          ...errorResponses(400, 401, 403, 422),
        },
      },
    },
    (request) => app.inTenant(request, (ctx) => branding.updateBranding(ctx, request.body)),
  );
};
