import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Ref, SyncPage } from '../../lib/schemas.ts';
import { Ticket, TicketListQuery } from './tickets.schemas.ts';
import * as tickets from './tickets.service.ts';

/**
 * Tickets across the organizer's events, for integrators mirroring them. The door's per-event
 * views (attendees, the scan log) are in the check-in module.
 */
export const ticketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Ticket);

  app.get(
    '/v1/tickets',
    {
      schema: {
        tags: ['Tickets'],
        'x-api-key-scope': 'orders:read',
        operationId: 'listTickets',
        summary: "List the organizer's tickets",
        description:
          "Every ticket issued (or one event's, with `event_id`), valid and revoked, in the order they were issued. With `updated_since`, a sync page instead (see the parameter): every ticket changed since — issued, checked in or out, refunded or revoked (`status: revoked` is its tombstone).",
        querystring: TicketListQuery,
        response: { 200: SyncPage(Ref(Ticket), 'A page of tickets.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => tickets.listTickets(ctx, request.query)),
  );
};
