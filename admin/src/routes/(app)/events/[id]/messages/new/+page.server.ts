import { fail, redirect } from '@sveltejs/kit';
import { emptyDraft, type MessageDraft, type MessagePreview, messageBody, readDraft } from '$lib/event-messages';
import type { FormField, Rewrite } from '$lib/form-errors';
import { refusal } from '$lib/form-errors';
import { languageLabel } from '$lib/languages';
import { type Messages, messagesFor } from '$lib/messages';
import { apiResult, sessionApi } from '$lib/server/api';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The organizer's languages, the default first: a subject and body may be written in each. */
async function organizerLocales({ locals, url, fetch }: Pick<RequestEvent, 'locals' | 'url' | 'fetch'>) {
  const organizer = required(await apiResult(sessionApi({ locals, url, fetch }).GET('/v1/organizer')), url);
  const codes = [organizer.default_locale, ...organizer.locales.filter((code) => code !== organizer.default_locale)];
  return codes.map((code) => ({ code, label: languageLabel(code, locals.locale) }));
}

/** The API's fields on the composer's inputs: a text without a language is the default language's. */
function composerFields(t: Messages, locales: readonly string[]): Record<string, FormField> {
  // `unknown variable {{nickname}}`, said of the text it is in.
  const rewrites: Rewrite[] = [
    [/^unknown variable (\{\{[^}]*\}\})$/, t.events_messageUnknownVariable({ variable: '$1' })],
  ];
  const fields: Record<string, FormField> = {
    kind: { input: 'kind', label: t.events_messageKind },
    audience: { input: 'tiers', label: t.events_messageAudience },
    'audience.tier_ids': { input: 'tiers', label: t.events_messageTiers },
    'audience.checked_in': { input: 'checked_in', label: t.events_messageCheckedIn },
  };
  for (const [index, locale] of locales.entries()) {
    for (const [part, label] of [
      ['subject', t.events_messageSubject],
      ['body', t.events_messageBody],
    ] as const) {
      const field = { input: `${part}.${locale}`, label, rewrites };
      fields[`${part}.${locale}`] = field;
      if (index === 0) fields[part] = field;
    }
  }
  return fields;
}

export const load: PageServerLoad = async (event) => {
  return { locales: await organizerLocales(event), draft: emptyDraft() };
};

/** The draft asked for, and what to show when the API refused it. */
async function attempt(event: RequestEvent, send: boolean) {
  const { locals, url, fetch, request, params } = event;
  const t = messagesFor(locals.locale);
  const codes = (await organizerLocales(event)).map((locale) => locale.code);
  const draft: MessageDraft = readDraft(await request.formData(), codes);
  const fields = composerFields(t, codes);
  if (draft.tiers === 'chosen' && draft.tierIds.length === 0) {
    return {
      failed: fail(400, {
        draft,
        preview: null,
        message: null,
        problems: [{ input: 'tiers', label: '', message: t.events_messageChooseTier }],
      }),
    };
  }
  const api = sessionApi({ locals, url, fetch });
  const body = messageBody(draft);
  if (send) {
    const result = await apiResult(
      api.POST('/v1/events/{event_id}/messages', { params: { path: { event_id: params.id } }, body }),
    );
    if (!result.ok) {
      return {
        failed: fail(result.failure.status, {
          draft,
          preview: null,
          ...refusal(result.failure, fields, { locale: locals.locale }),
        }),
      };
    }
    return { sentId: result.data.id };
  }
  const result = await apiResult(
    api.POST('/v1/events/{event_id}/messages/preview', {
      params: { path: { event_id: params.id } },
      // `readDraft` gave the organizer's default when no other of their languages was chosen.
      body: { ...body, locale: draft.previewLocale },
    }),
  );
  if (!result.ok) {
    return {
      failed: fail(result.failure.status, {
        draft,
        preview: null,
        ...refusal(result.failure, fields, { locale: locals.locale }),
      }),
    };
  }
  const preview: MessagePreview = result.data;
  return { draft, preview };
}

export const actions: Actions = {
  /** Renders the email for one recipient and counts who will receive it; nothing is sent. */
  preview: async (event) => {
    const outcome = await attempt(event, false);
    if ('failed' in outcome) return outcome.failed;
    return { draft: outcome.draft, preview: outcome.preview, message: null, problems: [] };
  },

  /** Sends to everyone the audience holds, then shows the message going out. */
  send: async (event) => {
    const outcome = await attempt(event, true);
    if ('failed' in outcome) return outcome.failed;
    redirect(303, `/events/${event.params.id}/messages/${outcome.sentId}?sent`);
  },
};
