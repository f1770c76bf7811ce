import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Ref } from '../../lib/schemas.ts';
import { devMailboxSchemas, Mailbox, MailboxQuery } from './dev-mailbox.schemas.ts';
import { listMailbox } from './dev-mailbox.service.ts';

/** The local mail sink, for people running Access Plus on their own machine. */
export const devMailboxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const schema of devMailboxSchemas) app.addSchema(schema);

  app.get(
    '/v1/dev/mailbox',
    {
      schema: {
        tags: ['Development'],
        operationId: 'listMailboxMessages',
        security: [],
        summary: 'List the emails of the local mail sink',
        description:
          "Without `SMTP_URL`, the API sends no email: it keeps the last 200 messages in a local mail sink in the database, whichever process sent them (the API or a worker running apart), and this lists them, newest first, so that someone running Access Plus on their own machine can open verification, password and sign-in links. It exists only while the local sink is in use and `NODE_ENV` is not `production`; otherwise it answers 404. It needs no sign-in and shows everyone's messages, links included: never expose it beyond your own machine.",
        querystring: MailboxQuery,
        response: { 200: Ref(Mailbox, 'The kept messages, newest first.'), ...errorResponses(400, 404) },
      },
    },
    (request) => listMailbox(app.services, request.query),
  );
};
