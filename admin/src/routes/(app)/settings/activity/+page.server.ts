import { intlLocale } from '@accessplus/i18n';
import { error } from '@sveltejs/kit';
import {
  activityFilters,
  activityHref,
  activityQuery,
  activitySentence,
  actorParts,
  changeLines,
  recordLink,
} from '$lib/activity';
import { formatDateTime } from '$lib/format';
import { messagesFor } from '$lib/messages';
import { can } from '$lib/roles';
import { adminApi, apiResult } from '$lib/server/api';
import { memberRole, requireSession } from '$lib/server/auth';
import { throwFailure } from '$lib/server/load';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;

export const load: PageServerLoad = async ({ locals, url, fetch, parent }) => {
  const { session, token } = requireSession(locals, url);
  const t = messagesFor(locals.locale);
  if (!can(memberRole(session), 'manageTeam')) error(403, t.activity_forbidden);
  const locale = intlLocale(locals.locale);
  const filters = activityFilters(url.searchParams);
  const cursor = url.searchParams.get('cursor') || undefined;
  const api = adminApi(fetch, { token });
  const [entries, members, keys, { organizer }] = await Promise.all([
    apiResult(api.GET('/v1/activity', { params: { query: { ...activityQuery(filters), cursor, limit: PAGE_SIZE } } })),
    apiResult(api.GET('/v1/organizer/members')),
    // Plans without API keys answer 403: then there are no keys to choose from.
    apiResult(api.GET('/v1/organizer/api-keys')),
    parent(),
  ]);
  const people = {
    members: members.ok
      ? members.data.data.map((member) => ({
          value: `member:${member.user_id}`,
          label: member.display_name ? `${member.display_name} (${member.email})` : member.email,
        }))
      : [],
    keys: keys.ok
      ? keys.data.data.map((key) => ({ value: `key:${key.id}`, label: `${key.name} (${key.prefix}…)` }))
      : [],
  };
  const base = { filters, people, firstPageHref: cursor ? activityHref(filters) : null };
  if (!entries.ok) {
    // A date the API cannot read: say so above the form, as the API words it.
    if (entries.failure.status === 400)
      return { ...base, notice: entries.failure.message, entries: [], moreHref: null };
    throwFailure(entries.failure, url);
  }
  return {
    ...base,
    notice: null,
    entries: entries.data.data.map((entry) => ({
      id: entry.id,
      occurredAt: entry.occurred_at,
      when: formatDateTime(entry.occurred_at, organizer.time_zone, locale),
      who: actorParts(entry.actor.label),
      byKey: entry.actor.kind === 'api_key',
      sentence: activitySentence(entry.operation, t),
      operation: entry.operation,
      link: recordLink(entry),
      ipAddress: entry.ip_address,
      changes: changeLines(entry.changes, t),
    })),
    moreHref: entries.data.next_cursor ? activityHref(filters, entries.data.next_cursor) : null,
  };
};
