import type { AccessPlusClient } from '@accessplus/sdk';
import type { Export } from '$lib/api-types';
import { pickText } from '$lib/events';
import { apiResult } from '$lib/server/api';

/**
 * The titles of the events some exports are of, in the reader's languages. An event deleted
 * since (its export keeps no event) or not found has no title here.
 */
export async function eventTitles(
  api: AccessPlusClient,
  records: readonly Pick<Export, 'event_id'>[],
  preferred: readonly string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(records.map((record) => record.event_id).filter((id): id is string => id !== null))];
  const found = await Promise.all(
    ids.map((id) => apiResult(api.GET('/v1/events/{event_id}', { params: { path: { event_id: id } } }))),
  );
  const titles = new Map<string, string>();
  for (const event of found) if (event.ok) titles.set(event.data.id, pickText(event.data.title, preferred));
  return titles;
}
