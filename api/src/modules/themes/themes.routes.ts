import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, OrganizerSlugParams, Ref } from '../../lib/schemas.ts';
import {
  PublicTheme,
  PublicThemeQuery,
  Theme,
  ThemeCheckFinding,
  ThemeDraftUpdate,
  ThemePreviewLink,
  ThemeVersion,
  ThemeVersionParams,
} from './themes.schemas.ts';
import * as themes from './themes.service.ts';

const tags = ['Themes'];
const MANAGERS_ONLY = 'Owners and admins.';
const ON_THEMES_PLAN = 'On a plan with `themes` (Pro and Enterprise; otherwise 403 `plan_required`).';

export const themeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(ThemeCheckFinding);
  app.addSchema(ThemeVersion);
  app.addSchema(Theme);
  app.addSchema(ThemePreviewLink);
  app.addSchema(PublicTheme);

  app.get(
    '/v1/organizer/theme',
    {
      schema: {
        tags,
        operationId: 'getTheme',
        'x-api-key-scope': 'catalog:read',
        summary: "The organizer's theme",
        description: `${MANAGERS_ONLY} The draft with its theme check, the version the storefront shows and the kept published versions. An organizer that never made a theme gets an empty draft.`,
        response: { 200: Ref(Theme, 'The theme.'), ...errorResponses(401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => themes.getTheme(ctx)),
  );

  app.patch(
    '/v1/organizer/theme/draft',
    {
      schema: {
        tags,
        operationId: 'updateThemeDraft',
        'x-api-key-scope': 'catalog:write',
        summary: "Change the theme's draft",
        description: `${MANAGERS_ONLY} ${ON_THEMES_PLAN} Send only the parts to change; null or an empty text puts back the storefront's own. The draft is saved whatever the theme check finds, and the answer carries the check: fatal findings keep it from being published. Buyers see nothing of the draft until it is published.`,
        body: ThemeDraftUpdate,
        response: { 200: Ref(Theme, 'The theme with the saved draft.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => themes.updateThemeDraft(ctx, request.body)),
  );

  app.post(
    '/v1/organizer/theme/preview-links',
    {
      schema: {
        tags,
        operationId: 'createThemePreviewLink',
        'x-api-key-scope': 'catalog:write',
        summary: 'A private link to the storefront wearing the draft',
        description: `${MANAGERS_ONLY} ${ON_THEMES_PLAN} The link shows the draft as it is when opened, for ${themes.PREVIEW_LINK_HOURS} hours, to whoever has it; a new link replaces the one before.`,
        response: { 201: Ref(ThemePreviewLink, 'The link.'), ...errorResponses(401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(await app.inTenant(request, (ctx) => themes.createPreviewLink(ctx))),
  );

  app.post(
    '/v1/organizer/theme/publish',
    {
      schema: {
        tags,
        operationId: 'publishTheme',
        'x-api-key-scope': 'catalog:write',
        summary: 'Publish the draft',
        description: `${MANAGERS_ONLY} ${ON_THEMES_PLAN} The draft becomes a new version and the storefront shows it at once. A draft with fatal findings is refused with 422 \`theme_not_publishable\`, each one in \`details\`. The last ${themes.KEPT_VERSIONS} versions are kept.`,
        response: { 200: Ref(Theme, 'The theme with the new live version.'), ...errorResponses(401, 403, 422) },
      },
    },
    (request) => app.inTenant(request, (ctx) => themes.publishTheme(ctx)),
  );

  app.post(
    '/v1/organizer/theme/versions/:version/restore',
    {
      schema: {
        tags,
        operationId: 'restoreThemeVersion',
        'x-api-key-scope': 'catalog:write',
        summary: 'Roll back to a published version',
        description: `${MANAGERS_ONLY} ${ON_THEMES_PLAN} The storefront shows that version again, as it was published. The draft is left as it is.`,
        params: ThemeVersionParams,
        response: {
          200: Ref(Theme, 'The theme with the restored live version.'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    (request) => app.inTenant(request, (ctx) => themes.restoreThemeVersion(ctx, request.params.version)),
  );

  app.post(
    '/v1/organizer/theme/versions/:version/edit',
    {
      schema: {
        tags,
        operationId: 'editThemeVersion',
        'x-api-key-scope': 'catalog:write',
        summary: 'Put a published version into the draft',
        description: `${MANAGERS_ONLY} ${ON_THEMES_PLAN} The draft becomes that version's templates and stylesheet, to change from there; the storefront does not change.`,
        params: ThemeVersionParams,
        response: { 200: Ref(Theme, 'The theme with the new draft.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => themes.editThemeVersion(ctx, request.params.version)),
  );

  app.post(
    '/v1/organizer/theme/unpublish',
    {
      schema: {
        tags,
        operationId: 'unpublishTheme',
        'x-api-key-scope': 'catalog:write',
        summary: "Go back to the storefront's own look",
        description: `${MANAGERS_ONLY} The storefront stops showing the theme; the draft and the versions stay, to publish again. Open on every plan.`,
        response: { 200: Ref(Theme, 'The theme, with no live version.'), ...errorResponses(401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => themes.unpublishTheme(ctx)),
  );

  app.get(
    '/v1/public/organizers/:slug/theme',
    {
      schema: {
        tags: ['Public catalog'],
        operationId: 'getPublicTheme',
        security: [],
        summary: "An organizer's theme, for its storefront",
        description:
          "The live version's templates and cleaned stylesheet, or with `preview` (a preview link's token) the draft; all null when the storefront wears its own look. A storefront renders the templates with the documented data, sanitizes the HTML and serves the stylesheet as a file of its own. A preview token that expired or was replaced answers 404 `theme_preview_expired`. No authentication.",
        params: OrganizerSlugParams,
        querystring: PublicThemeQuery,
        response: { 200: Ref(PublicTheme, 'The theme.'), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const theme = await themes.publicTheme(app.services, request.params.slug, request.query.preview);
      reply.header('cache-control', theme.preview ? 'private, no-store' : 'no-cache');
      return theme;
    },
  );
};
