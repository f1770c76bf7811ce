import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, NoContent, Page, Ref, SyncPage } from '../../lib/schemas.ts';
import { EventParams } from '../events/events.schemas.ts';
import {
  AllWaitlistListQuery,
  JoinWaitlist,
  JoinWaitlistParams,
  MoveWaitlistEntry,
  WaitlistEntry,
  WaitlistEntryParams,
  WaitlistListQuery,
  WaitlistPlace,
} from './waitlist.schemas.ts';
import * as waitlist from './waitlist.service.ts';

const tags = ['Waitlist'];

export const waitlistRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(WaitlistPlace);
  app.addSchema(WaitlistEntry);

  app.post(
    '/v1/public/organizers/:slug/waitlist',
    {
      schema: {
        tags,
        operationId: 'joinWaitlist',
        security: [],
        summary: 'Join the waitlist of a sold-out tier',
        description:
          "For a tier with fewer tickets left than wanted. When enough come back (a refund, a lapsed hold, more stock), the people waiting are offered them in line order: an email links to a pending order holding the tickets for the organizer's offer time (60 minutes unless set otherwise); paying it claims them. While enough tickets are left: 409 `tickets_available` (buy them instead). When the organizer keeps no waitlist for the event (`waitlist_enabled` false): 409 `waitlist_closed`. One place per email and tier: 409 `already_on_waitlist`. Requests are limited per email and per client address (429).",
        params: JoinWaitlistParams,
        body: JoinWaitlist,
        response: {
          201: Ref(WaitlistPlace, 'The place in line.'),
          ...errorResponses(400, 404, 409, 422, 429),
        },
      },
      preHandler: app.waitlistGuard.preHandler,
    },
    async (request, reply) =>
      reply.code(201).send(await waitlist.joinWaitlist(app.services, request.params.slug, request.body)),
  );

  app.get(
    '/v1/events/:event_id/waitlist',
    {
      schema: {
        tags,
        operationId: 'listWaitlist',
        'x-api-key-scope': 'waitlist:read',
        summary: "List an event's waitlist",
        description:
          'Everyone who joined, by tier (in display order), then in line order; offers show their order and when they lapse. Filter by tier or status.',
        params: EventParams,
        querystring: WaitlistListQuery,
        response: {
          200: Page(Ref(WaitlistEntry), 'A page of waitlist entries.'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    (request) => app.inTenant(request, (ctx) => waitlist.listWaitlist(ctx, request.params.event_id, request.query)),
  );

  app.get(
    '/v1/waitlist-entries',
    {
      schema: {
        tags,
        'x-api-key-scope': 'waitlist:read',
        operationId: 'listWaitlistEntries',
        summary: 'List everyone on the waitlists',
        description:
          "Every waitlist entry of the organizer's events (or one event's, with `event_id`), in the order people joined. With `updated_since`, a sync page instead (see the parameter): every entry changed since — joined, offered, claimed, expired or removed (its tombstone).",
        querystring: AllWaitlistListQuery,
        response: {
          200: SyncPage(Ref(WaitlistEntry), 'A page of waitlist entries.'),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    (request) => app.inTenant(request, (ctx) => waitlist.listAllWaitlistEntries(ctx, request.query)),
  );

  app.post(
    '/v1/waitlist/:entry_id/move',
    {
      schema: {
        tags,
        operationId: 'moveWaitlistEntry',
        'x-api-key-scope': 'waitlist:write',
        summary: 'Move someone in line',
        description:
          'Puts a waiting entry just before or after another waiting entry of the same tier; the next offer goes to whoever is then first. Entries with an offer cannot be moved.',
        params: WaitlistEntryParams,
        body: MoveWaitlistEntry,
        response: {
          200: Ref(WaitlistEntry, 'The moved entry with its new place in line.'),
          ...errorResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    (request) => app.inTenant(request, (ctx) => waitlist.moveWaitlistEntry(ctx, request.params.entry_id, request.body)),
  );

  app.delete(
    '/v1/waitlist/:entry_id',
    {
      schema: {
        tags,
        operationId: 'removeWaitlistEntry',
        'x-api-key-scope': 'waitlist:write',
        summary: 'Take someone off the waitlist',
        description:
          'A waiting entry leaves the line. An open offer is cancelled first and its tickets are offered to the next person. People who already bought their offer are refunded through their order instead (409 `offer_claimed`).',
        params: WaitlistEntryParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await app.inTenant(request, (ctx) => waitlist.removeWaitlistEntry(ctx, request.params.entry_id));
      return reply.code(204).send(null);
    },
  );
};
