import { intlLocale } from '@accessplus/i18n';
import { fail } from '@sveltejs/kit';
import { pickText } from '$lib/events';
import { attendeesHref } from '$lib/exports';
import { formatDateTime } from '$lib/format';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { formFormat, startExport } from '$lib/server/exports';
import { throwFailure } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 50;

/** The search as the API takes it: trimmed, at most 200 characters, or none. */
function searchOf(value: FormDataEntryValue | string | null): string | undefined {
  return typeof value === 'string' ? value.trim().slice(0, 200) || undefined : undefined;
}

export const load: PageServerLoad = async ({ locals, url, fetch, params, parent }) => {
  const { token } = requireSession(locals, url);
  const q = searchOf(url.searchParams.get('q'));
  const cursor = url.searchParams.get('cursor') || undefined;
  const [attendees, { preferred, event }] = await Promise.all([
    apiResult(
      adminApi(fetch, { token }).GET('/v1/events/{event_id}/attendees', {
        params: { path: { event_id: params.id }, query: { q, cursor, limit: PAGE_SIZE } },
      }),
    ),
    parent(),
  ]);
  const t = messagesFor(locals.locale);
  const base = { q: q ?? '', firstPageHref: cursor ? attendeesHref(params.id, q) : null };
  if (!attendees.ok) {
    // 403: this role may not see who bought; 400: a cursor from another search.
    if (attendees.failure.status === 403 || attendees.failure.status === 400) {
      return { ...base, notice: attendees.failure.message, attendees: [], moreHref: null };
    }
    throwFailure(attendees.failure, url);
  }
  const locale = intlLocale(locals.locale);
  return {
    ...base,
    notice: null,
    attendees: attendees.data.data.map((attendee) => ({
      id: attendee.ticket_id,
      name: attendee.attendee_name || attendee.buyer_name,
      tier: pickText(attendee.tier_name, [locals.locale, ...preferred]),
      code: attendee.short_code,
      valid: attendee.status === 'valid',
      status:
        attendee.status === 'valid'
          ? t.exports_attendees_valid
          : attendee.revoked_reason
            ? t[`door_revoked_${attendee.revoked_reason}`]
            : t.door_revokedUnknown,
      checkedInAt: attendee.checked_in_at,
      checkedIn: attendee.checked_in_at ? formatDateTime(attendee.checked_in_at, event.timeZone, locale) : null,
      buyerName: attendee.buyer_name,
      buyerEmail: attendee.buyer_email,
      marketingConsent: attendee.marketing_consent,
      orderId: attendee.order_id,
      orderNumber: attendee.order_number,
    })),
    moreHref: attendees.data.next_cursor ? attendeesHref(params.id, q, attendees.data.next_cursor) : null,
  };
};

export const actions: Actions = {
  /** The attendees the search shows, every page of them, as a file written in the background. */
  export: async (event) => {
    const form = await event.request.formData();
    const format = formFormat(form);
    if (!format) return fail(400, { exportError: messagesFor(event.locals.locale).exports_chooseFormat });
    return startExport(event, { kind: 'attendees', format, event_id: event.params.id, q: searchOf(form.get('q')) });
  },
};
