import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page, Ref } from '../../lib/schemas.ts';
import { ActivityEntry, ActivityQuery } from './activity.schemas.ts';
import * as activity from './activity.service.ts';

export const activityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(ActivityEntry);

  app.get(
    '/v1/activity',
    {
      schema: {
        tags: ['Activity'],
        operationId: 'listActivity',
        summary: 'What the team and the API keys changed',
        description:
          'Owners and admins, signed in. Every write by a member or an API key, newest first: who, when, from which address, the operation and the values it set. Entries are written with the change itself and are never changed or removed.',
        querystring: ActivityQuery,
        response: { 200: Page(Ref(ActivityEntry), 'A page of entries.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => activity.listActivity(ctx, request.query)),
  );
};
