import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, NoContent, Ref, SyncPage } from '../../lib/schemas.ts';
import {
  Event,
  EventListQuery,
  EventParams,
  EventUpdate,
  NewEvent,
  NewTier,
  Tier,
  TierListQuery,
  TierParams,
  TierUpdate,
} from './events.schemas.ts';
import * as events from './events.service.ts';

const tags = ['Events'];
const tierTags = ['Ticket tiers'];

export const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Tier);
  app.addSchema(Event);

  app.get(
    '/v1/events',
    {
      schema: {
        tags,
        operationId: 'listEvents',
        'x-api-key-scope': 'events:read',
        summary: "List the organizer's events",
        description:
          'All statuses, ordered by start time. With `updated_since`, a sync page instead (see the parameter): every event changed since, deleted drafts included with their `deleted_at`.',
        querystring: EventListQuery,
        response: { 200: SyncPage(Ref(Event), 'A page of events.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => events.listEvents(ctx, request.query)),
  );

  app.post(
    '/v1/events',
    {
      schema: {
        tags,
        operationId: 'createEvent',
        'x-api-key-scope': 'events:write',
        summary: 'Create an event (as a draft)',
        description: 'Tiers may be created in the same call. The event stays a draft until published.',
        body: NewEvent,
        response: { 201: Ref(Event, 'The new draft event with its tiers.'), ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.inTenant(request, (ctx) => events.createEvent(ctx, request.body))),
  );

  app.get(
    '/v1/events/:event_id',
    {
      schema: {
        tags,
        operationId: 'getEvent',
        'x-api-key-scope': 'events:read',
        summary: 'Get an event with its tiers',
        params: EventParams,
        response: { 200: Ref(Event, 'The event with its tiers.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => events.getEvent(ctx, request.params.event_id)),
  );

  app.patch(
    '/v1/events/:event_id',
    {
      schema: {
        tags,
        operationId: 'updateEvent',
        'x-api-key-scope': 'events:write',
        summary: 'Change an event',
        description: 'Send only the fields to change. Cancelled events cannot be changed.',
        params: EventParams,
        body: EventUpdate,
        response: { 200: Ref(Event, 'The changed event.'), ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    (request) => app.inTenant(request, (ctx) => events.updateEvent(ctx, request.params.event_id, request.body)),
  );

  app.delete(
    '/v1/events/:event_id',
    {
      schema: {
        tags,
        operationId: 'deleteEvent',
        'x-api-key-scope': 'events:write',
        summary: 'Delete a draft event',
        description: 'Only events that were never published can be deleted; unpublish or cancel the others.',
        params: EventParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await app.inTenant(request, (ctx) => events.deleteEvent(ctx, request.params.event_id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/events/:event_id/duplicate',
    {
      schema: {
        tags,
        operationId: 'duplicateEvent',
        'x-api-key-scope': 'events:write',
        summary: 'Duplicate an event as a new draft',
        description:
          "Copies the event's details and tiers into a new draft (nothing sold, held or scanned comes along). Its dates are the original's: change them before publishing.",
        params: EventParams,
        response: { 201: Ref(Event, 'The new draft.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.inTenant(request, (ctx) => events.duplicateEvent(ctx, request.params.event_id))),
  );

  const transitions = [
    [
      'publish',
      'publishEvent',
      'Publish an event',
      'Puts the event in the public catalog. It needs at least one tier and must not have ended.',
      events.publishEvent,
    ],
    [
      'unpublish',
      'unpublishEvent',
      'Unpublish an event',
      'Takes the event out of the public catalog; it can be published again.',
      events.unpublishEvent,
    ],
    [
      'cancel',
      'cancelEvent',
      'Cancel an event',
      'Cancels the event for good and takes it out of the catalog. Unpaid orders for it are cancelled and paid ones refunded, in the background.',
      events.cancelEvent,
    ],
  ] as const;
  for (const [action, operationId, summary, description, transition] of transitions) {
    app.post(
      `/v1/events/:event_id/${action}`,
      {
        schema: {
          tags,
          operationId,
          'x-api-key-scope': 'events:write',
          summary,
          description,
          params: EventParams,
          response: { 200: Ref(Event, 'The event in its new state.'), ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      (request) => app.inTenant(request, (ctx) => transition(ctx, request.params.event_id)),
    );
  }

  app.get(
    '/v1/events/:event_id/tiers',
    {
      schema: {
        tags: tierTags,
        operationId: 'listTiers',
        'x-api-key-scope': 'events:read',
        summary: "List an event's ticket tiers",
        params: EventParams,
        response: {
          200: Type.Object({ data: Type.Array(Ref(Tier)) }, { description: "The event's tiers, in display order." }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    (request) => app.inTenant(request, async (ctx) => ({ data: await events.listTiers(ctx, request.params.event_id) })),
  );

  app.get(
    '/v1/tiers',
    {
      schema: {
        tags: tierTags,
        'x-api-key-scope': 'events:read',
        operationId: 'listAllTiers',
        summary: "List the organizer's ticket tiers",
        description:
          "Every event's tiers (or one event's, with `event_id`), in the order they were created. With `updated_since`, a sync page instead (see the parameter): every tier changed since, deleted tiers included with their `deleted_at`.",
        querystring: TierListQuery,
        response: { 200: SyncPage(Ref(Tier), 'A page of tiers.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => events.listAllTiers(ctx, request.query)),
  );

  app.post(
    '/v1/events/:event_id/tiers',
    {
      schema: {
        tags: tierTags,
        operationId: 'createTier',
        'x-api-key-scope': 'events:write',
        summary: 'Add a ticket tier',
        params: EventParams,
        body: NewTier,
        response: { 201: Ref(Tier, 'The new tier.'), ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await app.inTenant(request, (ctx) => events.createTier(ctx, request.params.event_id, request.body))),
  );

  app.get(
    '/v1/events/:event_id/tiers/:tier_id',
    {
      schema: {
        tags: tierTags,
        operationId: 'getTier',
        'x-api-key-scope': 'events:read',
        summary: 'Get a ticket tier',
        params: TierParams,
        response: { 200: Ref(Tier, 'The tier.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => events.getTier(ctx, request.params.event_id, request.params.tier_id)),
  );

  app.patch(
    '/v1/events/:event_id/tiers/:tier_id',
    {
      schema: {
        tags: tierTags,
        operationId: 'updateTier',
        'x-api-key-scope': 'events:write',
        summary: 'Change a ticket tier',
        description: 'The quantity cannot go below the tickets already sold.',
        params: TierParams,
        body: TierUpdate,
        response: { 200: Ref(Tier, 'The changed tier.'), ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    (request) =>
      app.inTenant(request, (ctx) =>
        events.updateTier(ctx, request.params.event_id, request.params.tier_id, request.body),
      ),
  );

  app.delete(
    '/v1/events/:event_id/tiers/:tier_id',
    {
      schema: {
        tags: tierTags,
        operationId: 'deleteTier',
        'x-api-key-scope': 'events:write',
        summary: 'Delete a ticket tier without sales',
        params: TierParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await app.inTenant(request, (ctx) => events.deleteTier(ctx, request.params.event_id, request.params.tier_id));
      return reply.code(204).send(null);
    },
  );
};
