import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page, Ref } from '../../lib/schemas.ts';
import {
  EventMessagesParams,
  Message,
  MessageListQuery,
  MessageParams,
  MessagePreview,
  MessagePreviewRequest,
  MessageRecipient,
  NewMessage,
  RecipientListQuery,
  UnsubscribeParams,
  UnsubscribeRequest,
  UnsubscribeStatus,
} from './messages.schemas.ts';
import * as messages from './messages.service.ts';

const tags = ['Messages'];
const who = 'Owners, admins and staff, signed in.';

export const messageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const schema of [Message, MessagePreview, MessageRecipient, UnsubscribeStatus]) app.addSchema(schema);

  // Mail apps' one-click unsubscribe (RFC 8058) posts `List-Unsubscribe=One-Click` as a form.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.post(
    '/v1/events/:event_id/messages/preview',
    {
      schema: {
        tags,
        operationId: 'previewEventMessage',
        summary: 'Preview a message to ticket holders',
        description: `${who} The email as the first matching ticket holder would get it (a sample person when none matches), in \`locale\` when given, and how many people it would reach and skip. Nothing is sent.`,
        params: EventMessagesParams,
        body: MessagePreviewRequest,
        response: { 200: Ref(MessagePreview, 'The preview.'), ...errorResponses(400, 401, 404, 422) },
      },
    },
    (request) =>
      app.inTenant(request, (ctx) => messages.previewMessage(ctx, request.params.event_id, request.body), {
        record: false,
      }),
  );

  app.post(
    '/v1/events/:event_id/messages',
    {
      schema: {
        tags,
        operationId: 'sendEventMessage',
        summary: 'Send a message to ticket holders',
        description: `${who} Emails the buyers holding valid tickets to the event (one email per address), each in their language, throttled. Announcements skip people who unsubscribed; marketing also skips buyers without marketing consent. Follow the progress with getMessage.`,
        params: EventMessagesParams,
        body: NewMessage,
        response: { 201: Ref(Message, 'The message, sending.'), ...errorResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await app.inTenant(request, (ctx) => messages.sendMessage(ctx, request.params.event_id, request.body))),
  );

  app.get(
    '/v1/events/:event_id/messages',
    {
      schema: {
        tags,
        operationId: 'listEventMessages',
        summary: 'Messages sent to an event’s ticket holders',
        description: `${who} Newest first, the automatic reminders and change notices included, each with its progress.`,
        params: EventMessagesParams,
        querystring: MessageListQuery,
        response: { 200: Page(Ref(Message), 'A page of messages.'), ...errorResponses(400, 401, 404) },
      },
    },
    (request) =>
      app.inTenant(request, (ctx) => messages.listEventMessages(ctx, request.params.event_id, request.query)),
  );

  app.get(
    '/v1/messages/:message_id',
    {
      schema: {
        tags,
        operationId: 'getMessage',
        summary: 'A message and its progress',
        description: `${who} The message with its recipients counted by status.`,
        params: MessageParams,
        response: { 200: Ref(Message, 'The message.'), ...errorResponses(400, 401, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => messages.getMessage(ctx, request.params.message_id)),
  );

  app.get(
    '/v1/messages/:message_id/recipients',
    {
      schema: {
        tags,
        operationId: 'listMessageRecipients',
        summary: 'Who a message goes to',
        description: `${who} Each recipient by email address, with what became of their copy.`,
        params: MessageParams,
        querystring: RecipientListQuery,
        response: { 200: Page(Ref(MessageRecipient), 'A page of recipients.'), ...errorResponses(400, 401, 404) },
      },
    },
    (request) =>
      app.inTenant(request, (ctx) => messages.listMessageRecipients(ctx, request.params.message_id, request.query)),
  );

  const unsubscribeDescription =
    'For the person holding an unsubscribe link from a message. Unsubscribing stops the organizer’s announcements and promotions to that address; reminders and notices of a changed date or place still come.';

  app.get(
    '/v1/public/unsubscribes/:token',
    {
      schema: {
        tags,
        operationId: 'getUnsubscribe',
        security: [],
        summary: 'Whether the link’s address is unsubscribed',
        description: unsubscribeDescription,
        params: UnsubscribeParams,
        response: { 200: Ref(UnsubscribeStatus, 'The address’s state.'), ...errorResponses(400, 404) },
      },
    },
    (request) => messages.unsubscribeStatus(app.services, request.params.token),
  );

  app.post(
    '/v1/public/unsubscribes/:token',
    {
      schema: {
        tags,
        operationId: 'unsubscribe',
        security: [],
        summary: 'Unsubscribe (or subscribe again)',
        description: `${unsubscribeDescription} Safe to repeat. Also takes the one-click form mail apps post (RFC 8058, \`List-Unsubscribe=One-Click\`); \`{"subscribe": true}\` subscribes again.`,
        params: UnsubscribeParams,
        body: UnsubscribeRequest,
        response: { 200: Ref(UnsubscribeStatus, 'The address’s new state.'), ...errorResponses(400, 404, 415) },
      },
      // A bare POST (as some mail apps send) unsubscribes too.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    (request) => messages.changeSubscription(app.services, request.params.token, request.body),
  );

  app.delete(
    '/v1/public/unsubscribes/:token',
    {
      schema: {
        tags,
        operationId: 'resubscribe',
        security: [],
        summary: 'Subscribe again',
        description: `${unsubscribeDescription} Receive the organizer’s announcements and promotions again. Safe to repeat.`,
        params: UnsubscribeParams,
        response: { 200: Ref(UnsubscribeStatus, 'The address’s new state.'), ...errorResponses(400, 404) },
      },
    },
    (request) => messages.changeSubscription(app.services, request.params.token, { subscribe: true }),
  );
};
