import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorResponses, Page, Ref } from '../../lib/schemas.ts';
import { BrandImage, PublicBranding } from '../branding/branding.schemas.ts';
import { acceptedEncoding, CachedBody } from './catalog.cache.ts';
import {
  CatalogEventParams,
  CatalogQuery,
  Category,
  OrganizerParams,
  PublicAddOn,
  PublicEvent,
  PublicEventSummary,
  PublicOrganizer,
  PublicTier,
} from './catalog.schemas.ts';
import * as catalog from './catalog.service.ts';

const tags = ['Public catalog'];

export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Category);
  app.addSchema(BrandImage);
  app.addSchema(PublicBranding);
  app.addSchema(PublicOrganizer);
  app.addSchema(PublicTier);
  app.addSchema(PublicAddOn);
  app.addSchema(PublicEventSummary);
  app.addSchema(PublicEvent);

  /**
   * Serves a public read from the catalog cache, or computes, serializes (with the route's
   * compiled serializer) and caches it, compressed once for the clients that accept it. Public
   * responses may also be cached by browsers and CDNs for as long as the server keeps them.
   */
  async function cached(request: FastifyRequest, reply: FastifyReply, compute: () => Promise<unknown>) {
    const maxAge = Math.floor(app.services.config.catalogCacheTtlMs / 1000);
    reply.header('cache-control', `public, max-age=${maxAge}`).header('vary', 'accept-encoding');
    // The raw URL is the key: the same search asked the same way is one entry.
    let entry = app.services.catalogCache.get(request.url);
    if (!entry) {
      entry = new CachedBody(Buffer.from(reply.serialize(await compute()) as string));
      app.services.catalogCache.set(request.url, entry);
    }
    const { encoding, body } = entry.pick(acceptedEncoding(request.headers['accept-encoding']));
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    return reply.type('application/json; charset=utf-8').send(body);
  }

  app.get(
    '/v1/public/events',
    {
      schema: {
        tags,
        operationId: 'searchCatalog',
        security: [],
        summary: 'Find published events',
        description:
          'Published events of every organizer, or of one (`organizer`). Filters combine; results are ordered by start time, or by relevance when `q` is given. No authentication.',
        querystring: CatalogQuery,
        response: { 200: Page(Ref(PublicEventSummary), 'A page of published events.'), ...errorResponses(400, 422) },
      },
    },
    (request, reply) => cached(request, reply, () => catalog.listCatalog(app.services, request.query)),
  );

  app.get(
    '/v1/public/events/:event_id',
    {
      schema: {
        tags,
        operationId: 'getCatalogEvent',
        security: [],
        summary: 'A published event with its tiers, add-ons and availability',
        description:
          'What its storefront page offers: the tiers and add-ons on offer with what is left of each, donations (and what they have raised towards the goal), whether sold-out tiers keep a waitlist and whether tickets need their holders’ names. An online event says so (`is_online`); its link is on its ticket holders’ orders.',
        params: CatalogEventParams,
        response: {
          200: Ref(PublicEvent, 'The event, its tiers on offer and their availability.'),
          ...errorResponses(400, 404),
        },
      },
    },
    (request, reply) => cached(request, reply, () => catalog.getCatalogEvent(app.services, request.params.event_id)),
  );

  app.get(
    '/v1/public/organizers/:slug',
    {
      schema: {
        tags,
        operationId: 'getPublicOrganizer',
        security: [],
        summary: "An organizer's public profile",
        description:
          'What a storefront needs to present the organizer: name, what it says about itself, how to reach it (email, phone, address, website, social networks), locales, time zone, currency, its branding, and how buyers can pay (whether cards are in test mode, cash at the door, community partners).',
        params: OrganizerParams,
        response: { 200: Ref(PublicOrganizer, "The organizer's public profile."), ...errorResponses(400, 404) },
      },
    },
    (request, reply) => cached(request, reply, () => catalog.getOrganizer(app.services, request.params.slug)),
  );

  app.get(
    '/v1/categories',
    {
      schema: {
        tags,
        operationId: 'listCategories',
        security: [],
        summary: 'The event category taxonomy',
        response: {
          200: Type.Object({ data: Type.Array(Ref(Category)) }, { description: 'Every category, in display order.' }),
        },
      },
    },
    async () => ({ data: await catalog.listCategories(app.services) }),
  );
};
