import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Ref } from '../../lib/schemas.ts';
import { CheckoutSettings, CheckoutSettingsUpdate } from './checkout-settings.schemas.ts';
import * as settings from './checkout-settings.service.ts';

const tags = ['Checkout settings'];

export const checkoutSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(CheckoutSettings);

  app.get(
    '/v1/organizer/checkout-settings',
    {
      schema: {
        tags,
        operationId: 'getCheckoutSettings',
        'x-api-key-scope': 'catalog:read',
        summary: 'How the organizer sells',
        description:
          'Fees, holds, offline payment and waitlist offers. An organizer that never changed them gets the defaults.',
        response: { 200: Ref(CheckoutSettings, 'The checkout settings.'), ...errorResponses(401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => settings.getCheckoutSettings(ctx)),
  );

  app.patch(
    '/v1/organizer/checkout-settings',
    {
      schema: {
        tags,
        operationId: 'updateCheckoutSettings',
        'x-api-key-scope': 'catalog:write',
        summary: 'Change how the organizer sells',
        description:
          'Owners and admins only. Send only the fields to change; they apply to checkouts started afterwards. Accepting `partner` payments needs at least one community partner.',
        body: CheckoutSettingsUpdate,
        response: {
          200: Ref(CheckoutSettings, 'The checkout settings with the changes.'),
          ...errorResponses(400, 401, 403, 422),
        },
      },
    },
    (request) => app.inTenant(request, (ctx) => settings.updateCheckoutSettings(ctx, request.body)),
  );
};
