import type { AccessPlusClient } from '@accessplus/sdk';
import { fail } from '@sveltejs/kit';
import type { WaitlistEntry } from '$lib/api-types';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult, sessionApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { throwFailure } from '$lib/server/load';
import { moveBody } from '$lib/waitlist';
import type { Actions, PageServerLoad } from './$types';

// A line longer than this is shown in part, with a note: a community event's waitlist is short.
const MAX_PAGES = 10;

/** The event's waitlist entries, page after page, up to MAX_PAGES of them. */
async function listEntries(
  api: AccessPlusClient,
  eventId: string,
  filter: { tier_id?: string; status?: WaitlistEntry['status'] } = {},
) {
  const entries: WaitlistEntry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await apiResult(
      api.GET('/v1/events/{event_id}/waitlist', {
        params: { path: { event_id: eventId }, query: { ...filter, limit: 100, cursor } },
      }),
    );
    if (!result.ok) return result;
    entries.push(...result.data.data);
    if (!result.data.next_cursor) return { ok: true as const, entries, complete: true };
    cursor = result.data.next_cursor;
  }
  return { ok: true as const, entries, complete: false };
}

export const load: PageServerLoad = async ({ locals, url, fetch, params }) => {
  const listed = await listEntries(sessionApi({ locals, url, fetch }), params.id);
  if (!listed.ok) throwFailure(listed.failure, url);
  return { entries: listed.entries, complete: listed.complete, confirmRemove: url.searchParams.get('remove') };
};

export const actions: Actions = {
  /**
   * Up, down or to a place in line (1 = next to be offered). `movedTo` says who went where: the page
   * words it, the name set apart from the sentence.
   */
  move: async ({ locals, url, fetch, request, params }) => {
    const t = messagesFor(locals.locale);
    const api = sessionApi({ locals, url, fetch });
    const form = await request.formData();
    const entryId = String(form.get('entry_id') ?? '');
    const tierId = String(form.get('tier_id') ?? '');
    if (!tierId) return fail(400, { entryId, moveError: t.door_chooseWhom });
    // The line as it is now, not as the page showed it: someone else may have moved people since.
    const waiting = await listEntries(api, params.id, { tier_id: tierId, status: 'waiting' });
    if (!waiting.ok) return fail(waiting.failure.status, { entryId, moveError: waiting.failure.message });
    const line = waiting.entries.map((entry) => entry.id);
    if (!line.includes(entryId)) {
      return fail(409, { entryId, moveError: t.door_noLongerWaiting });
    }
    const from = line.indexOf(entryId) + 1;
    const direction = String(form.get('direction') ?? '');
    const to = direction === 'up' ? from - 1 : direction === 'down' ? from + 1 : Number(form.get('position'));
    if (!Number.isInteger(to) || to < 1) {
      return fail(400, { entryId, moveError: t.door_givePlace });
    }
    const body = moveBody(line, entryId, to);
    if (!body) return { entryId, moved: t.door_alreadyThere };
    const result = await apiResult(
      api.POST('/v1/waitlist/{entry_id}/move', { params: { path: { entry_id: entryId } }, body }),
    );
    if (!result.ok) return fail(result.failure.status, { entryId, moveError: result.failure.message });
    return { entryId, movedTo: { name: result.data.name, place: result.data.position_in_line } };
  },

  /** `removed` names who was taken off the line, for the page to word (no name: "This person"). */
  remove: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const form = await request.formData();
    const entryId = String(form.get('entry_id') ?? '');
    const name = String(form.get('name') ?? '').trim();
    const result = await apiResult(
      adminApi(fetch, { token }).DELETE('/v1/waitlist/{entry_id}', { params: { path: { entry_id: entryId } } }),
    );
    if (!result.ok) return fail(result.failure.status, { entryId, removeError: result.failure.message });
    return { removed: { name } };
  },

  /** While paused, returned seats are not offered to the line. */
  pause: async ({ locals, url, fetch, request, params }) => {
    const t = messagesFor(locals.locale);
    const { token } = requireSession(locals, url);
    const form = await request.formData();
    const tierId = String(form.get('tier_id') ?? '');
    const paused = form.get('paused') === 'true';
    const result = await apiResult(
      adminApi(fetch, { token }).PATCH('/v1/events/{event_id}/tiers/{tier_id}', {
        params: { path: { event_id: params.id, tier_id: tierId } },
        body: { waitlist_paused: paused },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { tierId, pauseError: result.failure.message });
    return {
      tierId,
      paused: paused ? t.door_pausedNote : t.door_resumedNote,
    };
  },
};
