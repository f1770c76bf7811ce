import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MEMBERS, requireRole } from '../../context.ts';
import { errorResponses, Ref } from '../../lib/schemas.ts';
import { EventParams } from '../events/events.schemas.ts';
import { MachineTranslation, NewTranslationDraft, TranslationDraft } from './translations.schemas.ts';
import * as translations from './translations.service.ts';

const tags = ['Events'];

export const translationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(MachineTranslation);
  app.addSchema(TranslationDraft);

  app.get(
    '/v1/machine-translation',
    {
      schema: {
        tags,
        operationId: 'getMachineTranslation',
        'x-api-key-scope': 'events:read',
        summary: 'Whether machine-translation drafts can be asked for',
        response: {
          200: Ref(MachineTranslation, 'Whether this platform has a translation service.'),
          ...errorResponses(401, 403),
        },
      },
    },
    (request) =>
      app.inTenant(request, async (ctx) => {
        requireRole(ctx, MEMBERS, 'see events');
        return { available: app.services.translator !== null };
      }),
  );

  app.post(
    '/v1/events/:event_id/translation-drafts',
    {
      schema: {
        tags,
        operationId: 'draftEventTranslation',
        'x-api-key-scope': 'events:write',
        summary: "Draft an event's missing texts in a language by machine translation",
        description:
          "Translates the event's title and description and its tiers' and add-ons' names that are written in `source_locale` and missing in `locale`. Nothing is saved: show the drafts to a person to correct, then write the texts they approve with the event, tier and add-on updates. Answers 409 `translation_unavailable` when the platform has no translation service (`GET /v1/machine-translation` tells).",
        params: EventParams,
        body: NewTranslationDraft,
        response: {
          200: Ref(TranslationDraft, 'The drafts, nothing saved.'),
          ...errorResponses(400, 401, 403, 404, 409, 422, 502),
        },
      },
    },
    async (request) => {
      // The texts are read in the tenant's transaction; the service is asked after it ends.
      const texts = await app.inTenant(request, (ctx) =>
        translations.untranslatedTexts(ctx, request.params.event_id, request.body),
      );
      return translations.draftTranslations(app.services, request.body, texts);
    },
  );
};
