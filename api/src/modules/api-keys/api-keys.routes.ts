import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, Ref } from '../../lib/schemas.ts';
import { ApiKey, ApiKeyParams, CreatedApiKey, NewApiKey } from './api-keys.schemas.ts';
import * as apiKeys from './api-keys.service.ts';

const tags = ['API keys'];

/** Managed by the organizer's owners and admins, signed in: a key cannot make or revoke keys. */
export const apiKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(ApiKey);
  app.addSchema(CreatedApiKey);

  app.get(
    '/v1/organizer/api-keys',
    {
      schema: {
        tags,
        operationId: 'listApiKeys',
        summary: "List the organizer's API keys",
        description: 'Owners and admins only. Newest first, revoked and expired keys included; never their secrets.',
        response: {
          200: Type.Object({ data: Type.Array(Ref(ApiKey)) }, { description: 'Every API key of the organizer.' }),
          ...errorResponses(401, 403),
        },
      },
    },
    (request) => app.inTenant(request, async (ctx) => ({ data: await apiKeys.listApiKeys(ctx) })),
  );

  app.post(
    '/v1/organizer/api-keys',
    {
      schema: {
        tags,
        operationId: 'createApiKey',
        summary: 'Create an API key',
        description:
          'Owners and admins only, on a plan with `api_keys` (Pro and Enterprise; otherwise 403 `plan_required`). The answer carries the secret, once: store it then. A key acts for the organizer, not for a person, within its scopes.',
        body: NewApiKey,
        response: {
          201: Ref(CreatedApiKey, 'The new key with its secret.'),
          ...errorResponses(400, 401, 403, 422),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.inTenant(request, (ctx) => apiKeys.createApiKey(ctx, request.body))),
  );

  app.post(
    '/v1/organizer/api-keys/:api_key_id/revoke',
    {
      schema: {
        tags,
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key',
        description:
          'Owners and admins only. Every request with the key is refused from now on (401 `api_key_revoked`). The key stays listed; revoking it again changes nothing.',
        params: ApiKeyParams,
        response: { 200: Ref(ApiKey, 'The revoked key.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => apiKeys.revokeApiKey(ctx, request.params.api_key_id)),
  );
};
