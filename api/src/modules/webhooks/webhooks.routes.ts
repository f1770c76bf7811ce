import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, NoContent, Nullable, Ref } from '../../lib/schemas.ts';
import {
  CreatedWebhookEndpoint,
  DeliveryListQuery,
  DeliveryParams,
  EndpointParams,
  NewWebhookEndpoint,
  Redeliveries,
  RedeliveryCount,
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointSecret,
  WebhookEndpointUpdate,
  WebhookEventType,
} from './webhooks.schemas.ts';
import * as webhooks from './webhooks.service.ts';

const tags = ['Webhook endpoints'];
const MANAGERS_ON_PLAN = 'Owners and admins, on a plan with `webhooks` (Pro or Enterprise).';

export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(WebhookEndpoint);
  app.addSchema(WebhookEndpointSecret);
  app.addSchema(WebhookAttempt);
  app.addSchema(WebhookDelivery);
  app.addSchema(WebhookEventType);

  app.get(
    '/v1/webhook-event-types',
    {
      schema: {
        tags,
        operationId: 'listWebhookEventTypes',
        summary: 'List the change types webhooks can send',
        description:
          'Every type an endpoint can subscribe to, with what it means. A delivery’s body is the change as `GET /v1/changes` gives it; a test from `pingWebhookEndpoint` has the type `ping`.',
        response: {
          200: Type.Object({ data: Type.Array(Ref(WebhookEventType)) }, { description: 'The change types.' }),
          ...errorResponses(401, 403),
        },
      },
    },
    (request) => app.inTenant(request, async (ctx) => ({ data: webhooks.listEventTypes(ctx) })),
  );

  app.get(
    '/v1/webhook-endpoints',
    {
      schema: {
        tags,
        operationId: 'listWebhookEndpoints',
        summary: 'List the webhook endpoints',
        description: 'Owners and admins. Every endpoint of the organizer, oldest first, on or off.',
        response: {
          200: Type.Object({ data: Type.Array(Ref(WebhookEndpoint)) }, { description: 'All endpoints.' }),
          ...errorResponses(401, 403),
        },
      },
    },
    (request) => app.inTenant(request, async (ctx) => ({ data: await webhooks.listEndpoints(ctx) })),
  );

  app.post(
    '/v1/webhook-endpoints',
    {
      schema: {
        tags,
        operationId: 'createWebhookEndpoint',
        summary: 'Add a webhook endpoint',
        description: `${MANAGERS_ON_PLAN} From now on every change of the chosen types is POSTed to \`url\` as JSON, signed by the Standard Webhooks scheme with the \`secret\` in the answer. An address that is not public (a private, loopback or link-local network, the cloud metadata service, or a name resolving to one) is refused with 422. An organizer has at most 20 endpoints.`,
        body: NewWebhookEndpoint,
        response: {
          201: CreatedWebhookEndpoint,
          ...errorResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.inTenant(request, (ctx) => webhooks.createEndpoint(ctx, request.body))),
  );

  app.get(
    '/v1/webhook-endpoints/:endpoint_id',
    {
      schema: {
        tags,
        operationId: 'getWebhookEndpoint',
        summary: 'Get a webhook endpoint',
        description: 'Owners and admins.',
        params: EndpointParams,
        response: { 200: Ref(WebhookEndpoint, 'The endpoint.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => webhooks.getEndpoint(ctx, request.params.endpoint_id)),
  );

  app.patch(
    '/v1/webhook-endpoints/:endpoint_id',
    {
      schema: {
        tags,
        operationId: 'updateWebhookEndpoint',
        summary: 'Change a webhook endpoint',
        description: `${MANAGERS_ON_PLAN} Turning it off fails its pending deliveries (they can be sent again later); turning it on clears the reason it was off and its run of failures.`,
        params: EndpointParams,
        body: WebhookEndpointUpdate,
        response: { 200: Ref(WebhookEndpoint, 'The changed endpoint.'), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    (request) => app.inTenant(request, (ctx) => webhooks.updateEndpoint(ctx, request.params.endpoint_id, request.body)),
  );

  app.delete(
    '/v1/webhook-endpoints/:endpoint_id',
    {
      schema: {
        tags,
        operationId: 'deleteWebhookEndpoint',
        summary: 'Remove a webhook endpoint',
        description: 'Owners and admins. Its delivery log goes with it; nothing more is sent to it.',
        params: EndpointParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await app.inTenant(request, (ctx) => webhooks.deleteEndpoint(ctx, request.params.endpoint_id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/webhook-endpoints/:endpoint_id/secret',
    {
      schema: {
        tags,
        operationId: 'getWebhookEndpointSecret',
        summary: 'Show a webhook endpoint’s signing secret',
        description:
          'Owners and admins. The secret that signs every delivery, and after a rotation the previous one, which signs too for 24 hours.',
        params: EndpointParams,
        response: { 200: Ref(WebhookEndpointSecret, 'The secrets.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => webhooks.getSecret(ctx, request.params.endpoint_id)),
  );

  app.post(
    '/v1/webhook-endpoints/:endpoint_id/rotate-secret',
    {
      schema: {
        tags,
        operationId: 'rotateWebhookEndpointSecret',
        summary: 'Give a webhook endpoint a new signing secret',
        description: `${MANAGERS_ON_PLAN} For the next 24 hours every delivery carries two signatures, one with each secret, so the receiver can switch to the new secret without refusing a delivery; after that only the new one signs.`,
        params: EndpointParams,
        response: {
          200: Ref(WebhookEndpointSecret, 'The new secret and the previous one.'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    (request) => app.inTenant(request, (ctx) => webhooks.rotateSecret(ctx, request.params.endpoint_id)),
  );

  app.post(
    '/v1/webhook-endpoints/:endpoint_id/ping',
    {
      schema: {
        tags,
        operationId: 'pingWebhookEndpoint',
        summary: 'Send a test to a webhook endpoint',
        description: `${MANAGERS_ON_PLAN} Sends a delivery of type \`ping\` within moments, signed and retried like any other; its attempts show in the delivery log.`,
        params: EndpointParams,
        response: {
          202: Ref(WebhookDelivery, 'The test delivery, about to be sent.'),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await app.inTenant(request, (ctx) => webhooks.sendPing(ctx, request.params.endpoint_id))),
  );

  app.get(
    '/v1/webhook-endpoints/:endpoint_id/deliveries',
    {
      schema: {
        tags,
        operationId: 'listWebhookDeliveries',
        summary: 'List a webhook endpoint’s deliveries',
        description:
          'Owners and admins. The delivery log, newest first, each delivery with its attempts: when, what the receiver answered (status, the first 1 KB), how long it took. Deliveries are kept 30 days.',
        params: EndpointParams,
        querystring: DeliveryListQuery,
        response: {
          200: Type.Object(
            {
              data: Type.Array(Ref(WebhookDelivery)),
              next_cursor: Nullable(
                Type.String({ description: 'Pass as `cursor` to get the next page; null on the last page.' }),
              ),
            },
            { description: 'A page of deliveries.' },
          ),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    (request) =>
      app.inTenant(request, (ctx) => webhooks.listDeliveries(ctx, request.params.endpoint_id, request.query)),
  );

  app.post(
    '/v1/webhook-endpoints/:endpoint_id/deliveries/:delivery_id/redeliver',
    {
      schema: {
        tags,
        operationId: 'redeliverWebhookDelivery',
        summary: 'Send a delivery again',
        description: `${MANAGERS_ON_PLAN} A new attempt within moments, with the same message id (\`webhook-id\`). A finished delivery is tried once more; a pending one is tried now and keeps its remaining retries.`,
        params: DeliveryParams,
        response: {
          202: Ref(WebhookDelivery, 'The delivery, about to be sent.'),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          await app.inTenant(request, (ctx) =>
            webhooks.redeliverOne(ctx, request.params.endpoint_id, request.params.delivery_id),
          ),
        ),
  );

  app.post(
    '/v1/webhook-endpoints/:endpoint_id/redeliveries',
    {
      schema: {
        tags,
        operationId: 'redeliverWebhookDeliveries',
        summary: 'Send many deliveries again',
        description: `${MANAGERS_ON_PLAN} Every delivery made in a period that failed (or, with \`status\`, succeeded) is tried once more within moments, each with its own message id: after a receiver was down, send everything it missed.`,
        params: EndpointParams,
        body: Redeliveries,
        response: {
          202: Type.Unsafe({ ...RedeliveryCount, description: 'How many will be sent again.' }),
          ...errorResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          await app.inTenant(request, (ctx) => webhooks.redeliverMany(ctx, request.params.endpoint_id, request.body)),
        ),
  );
};
