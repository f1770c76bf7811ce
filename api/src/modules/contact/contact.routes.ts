import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../lib/schemas.ts';
import { ContactMessageParams, ContactMessageReceived, NewContactMessage } from './contact.schemas.ts';
import * as contact from './contact.service.ts';

const tags = ['Contact'];

export const contactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/public/organizers/:slug/contact-messages',
    {
      schema: {
        tags,
        operationId: 'sendContactMessage',
        security: [],
        summary: 'Write to the organizer',
        description:
          "Emails the message to the organizer's contact email (or its owners when it gives none), with `email` as the reply address. An `order_reference` that names an order placed here with `email` brings that order's summary, tickets and calendar file along; any other reference is mentioned as unmatched. Always answers 202 for a well-formed message. Requests are limited per email and per client address (429).",
        params: ContactMessageParams,
        body: NewContactMessage,
        response: { 202: ContactMessageReceived, ...errorResponses(400, 404, 422, 429) },
      },
      preHandler: app.contactGuard.preHandler,
    },
    async (request, reply) => {
      await contact.sendContactMessage(app.services, request.params.slug, request.body);
      return reply.code(202).send({ message: 'Your message is on its way to the organizer.' });
    },
  );
};
