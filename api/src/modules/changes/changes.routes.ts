import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../lib/schemas.ts';
import { Change, ChangeList, ChangeListQuery } from './changes.schemas.ts';
import * as changes from './changes.service.ts';

const tags = ['Changes'];

export const changeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Change);

  app.get(
    '/v1/changes',
    {
      schema: {
        tags,
        'x-api-key-scope': 'changes:read',
        operationId: 'listChanges',
        summary: 'What changed, from a cursor',
        description:
          'Owners and admins. Every published change of the organizer (orders paid and refunded, check-ins, payouts, events, tiers, waitlist), oldest first, in the order their transactions made them visible. A program that was away catches up from its last `next_cursor` without relying on webhook retries; a change committed late by a long transaction is never skipped. Changes are kept 30 days: an older cursor answers 410.',
        querystring: ChangeListQuery,
        response: { 200: ChangeList, ...errorResponses(400, 401, 403, 410) },
      },
    },
    (request) => app.inTenant(request, (ctx) => changes.listChanges(ctx, request.query)),
  );
};
