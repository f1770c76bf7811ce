import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, NoContent, Ref } from '../../lib/schemas.ts';
import {
  CustomDomain,
  CustomDomainParams,
  DomainDnsRecord,
  DomainFinding,
  HostParams,
  NewCustomDomain,
  ResolvedHost,
  TlsAllowedQuery,
} from './domains.schemas.ts';
import * as domains from './domains.service.ts';

const tags = ['Custom domains'];
const MANAGERS_ONLY = 'Owners and admins.';

export const domainRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(DomainDnsRecord);
  app.addSchema(DomainFinding);
  app.addSchema(CustomDomain);
  app.addSchema(ResolvedHost);

  app.get(
    '/v1/organizer/domains',
    {
      schema: {
        tags,
        operationId: 'listCustomDomains',
        summary: "List the organizer's custom domains",
        description: `${MANAGERS_ONLY} Oldest first, each with the DNS records to create, their state as last checked and what was found wrong.`,
        response: {
          200: Type.Object({ data: Type.Array(Ref(CustomDomain)) }, { description: 'Every custom domain.' }),
          ...errorResponses(401, 403),
        },
      },
    },
    (request) => app.inTenant(request, async (ctx) => ({ data: await domains.listDomains(ctx) })),
  );

  app.post(
    '/v1/organizer/domains',
    {
      schema: {
        tags,
        operationId: 'addCustomDomain',
        summary: 'Add a custom domain',
        description: `${MANAGERS_ONLY} On a plan with \`custom_domains\` (Pro and Enterprise; otherwise 403 \`plan_required\`). The answer lists the records to create: a CNAME to the platform and a TXT record that proves control of the name. Once the TXT record is found the domain is verified, its certificate is asked for, and the storefront answers on it. A name already added to any store (this one included) is refused with 409 \`domain_taken\`, which does not say whose it is. At most 5 per organizer.`,
        body: NewCustomDomain,
        response: {
          201: Ref(CustomDomain, 'The new domain, waiting for its records.'),
          ...errorResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.inTenant(request, (ctx) => domains.addDomain(ctx, request.body))),
  );

  app.get(
    '/v1/organizer/domains/:domain_id',
    {
      schema: {
        tags,
        operationId: 'getCustomDomain',
        summary: 'A custom domain',
        description: `${MANAGERS_ONLY} With its records, their states and what the last check found.`,
        params: CustomDomainParams,
        response: { 200: Ref(CustomDomain, 'The domain.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => domains.getDomain(ctx, request.params.domain_id)),
  );

  app.post(
    '/v1/organizer/domains/:domain_id/checks',
    {
      schema: {
        tags,
        operationId: 'recheckCustomDomain',
        summary: "Check a custom domain's DNS now",
        description: `${MANAGERS_ONLY} Looks at the records now instead of waiting for the next check, and answers what it found; the checks that follow start again at one minute. A domain found verified gets its certificate asked for by a job right after. An expired domain answers 422 \`domain_expired\`.`,
        params: CustomDomainParams,
        response: { 200: Ref(CustomDomain, 'The domain as just checked.'), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    (request) => app.inTenant(request, (ctx) => domains.recheckDomain(ctx, request.params.domain_id)),
  );

  app.delete(
    '/v1/organizer/domains/:domain_id',
    {
      schema: {
        tags,
        operationId: 'removeCustomDomain',
        summary: 'Remove a custom domain',
        description: `${MANAGERS_ONLY} From now on the host answers for no store; its certificate is given up (with ACM, deleted there by a job).`,
        params: CustomDomainParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await app.inTenant(request, (ctx) => domains.removeDomain(ctx, request.params.domain_id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/public/hosts/:host',
    {
      schema: {
        tags,
        operationId: 'resolveStorefrontHost',
        security: [],
        summary: 'Which organizer a host belongs to',
        description:
          'For storefronts: the organizer whose store answers on this Host — a verified custom domain, or `{slug}.<base domain>` — with its verified custom domain, if any. Unknown hosts, removed and unverified domains answer 404. Answers are cached a minute and dropped at once when a domain changes. No authentication.',
        params: HostParams,
        response: { 200: Ref(ResolvedHost, 'The organizer of the host.'), ...errorResponses(400, 404) },
      },
    },
    (request) => domains.describeHost(app.services, request.params.host),
  );

  app.get(
    '/v1/domains/tls-allowed',
    {
      schema: {
        tags,
        operationId: 'isTlsAllowed',
        security: [],
        summary: 'Whether a certificate may be obtained for a host (on-demand TLS)',
        description:
          "Caddy's `on_demand_tls` `ask` endpoint: 200 for a verified custom domain or an organizer's `{slug}.<base domain>` host, 404 for anything else, so certificates are obtained only for hosts that are ours to serve. Answered from a cache in milliseconds. No authentication.",
        querystring: TlsAllowedQuery,
        response: {
          200: Type.Object(
            { domain: Type.String(), allowed: Type.Literal(true) },
            { description: 'A certificate may be obtained for this host.' },
          ),
          ...errorResponses(400, 404),
        },
      },
    },
    (request) => domains.tlsAllowed(app.services, request.query.domain),
  );
};
