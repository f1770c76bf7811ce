import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, NoContent, Ref } from '../../lib/schemas.ts';
import { Member, MemberParams, MemberUpdate, NewMember, Organizer, OrganizerUpdate } from './tenants.schemas.ts';
import * as organizers from './tenants.service.ts';

const tags = ['Organizer'];

export const tenantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Organizer);
  app.addSchema(Member);

  app.get(
    '/v1/organizer',
    {
      schema: {
        tags,
        operationId: 'getOrganizer',
        'x-api-key-scope': 'organizer:read',
        summary: 'The organizer this session acts for',
        response: { 200: Ref(Organizer, 'The organizer and its settings.'), ...errorResponses(401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => organizers.getOrganizer(ctx)),
  );

  app.patch(
    '/v1/organizer',
    {
      schema: {
        tags,
        operationId: 'updateOrganizer',
        summary: "Change the organizer's settings",
        description: 'Owners and admins only. The plan changes through billing, not here.',
        body: OrganizerUpdate,
        response: {
          200: Ref(Organizer, 'The organizer with the changed settings.'),
          ...errorResponses(400, 401, 403, 422),
        },
      },
    },
    (request) => app.inTenant(request, (ctx) => organizers.updateOrganizer(ctx, request.body)),
  );

  app.get(
    '/v1/organizer/members',
    {
      schema: {
        tags,
        operationId: 'listMembers',
        summary: 'The team: everyone who works for the organizer',
        response: {
          200: Type.Object({ data: Type.Array(Ref(Member)) }, { description: 'Everyone on the team.' }),
          ...errorResponses(401, 403),
        },
      },
    },
    (request) => app.inTenant(request, async (ctx) => ({ data: await organizers.listMembers(ctx) })),
  );

  app.post(
    '/v1/organizer/members',
    {
      schema: {
        tags,
        operationId: 'addMember',
        summary: 'Add a person to the team',
        description: 'A person without an account is invited by email to set a password.',
        body: NewMember,
        response: { 201: Ref(Member, 'The new team member.'), ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.inTenant(request, (ctx) => organizers.addMember(ctx, request.body))),
  );

  app.patch(
    '/v1/organizer/members/:user_id',
    {
      schema: {
        tags,
        operationId: 'changeMemberRole',
        summary: "Change a team member's role",
        params: MemberParams,
        body: MemberUpdate,
        response: { 200: Ref(Member, 'The member with the new role.'), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    (request) =>
      app.inTenant(request, (ctx) => organizers.changeMemberRole(ctx, request.params.user_id, request.body.role)),
  );

  app.delete(
    '/v1/organizer/members/:user_id',
    {
      schema: {
        tags,
        operationId: 'removeMember',
        summary: 'Remove a person from the team',
        params: MemberParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      await app.inTenant(request, (ctx) => organizers.removeMember(ctx, request.params.user_id));
      return reply.code(204).send(null);
    },
  );
};
