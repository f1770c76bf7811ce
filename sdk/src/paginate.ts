import { type ApiResult, unwrap } from './errors.js';

/** One page of a cursor-paginated list. */
export interface Page<T> {
  data: T[];
  /** Pass back as `query.cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/**
 * Every item of a cursor-paginated list, fetching page after page as the loop asks for more.
 * `fetchPage` gets `undefined` for the first page and the previous `next_cursor` after that; it may
 * return what an operation method resolves to (the page itself) or a path-based call's result as is
 * (errors become AccessPlusError).
 *
 * @example
 * for await (const event of paginate((cursor) => client.listEvents({ params: { query: { cursor } } }))) { … }
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T> | ApiResult<Page<T>>>,
): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  do {
    const result = await fetchPage(cursor);
    const page = 'response' in result ? unwrap(result) : result;
    yield* page.data;
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}

/** One page of a list that syncs (`updated_since`). */
export interface SyncPage<T> extends Page<T> {
  /** Where the sync stands after this page: pass it as `updated_since` next time. */
  next_updated_since: string | null;
}

/** What the sync of a list got from one page, and where it stands after it. */
export interface SyncedPage<T> {
  data: T[];
  /** Keep it once `data` is applied, and pass it to the next sync. */
  updatedSince: string;
}

/**
 * The changes of a list since `updatedSince` (a time the first time, then the `updatedSince` of the
 * last page a sync got), page after page until none is left now. Each page says where the sync
 * stands once it is applied: keep that, and a sync cut short goes on from there without missing or
 * repeating a change.
 *
 * @example
 * for await (const page of syncPages((query) => client.listOrders({ params: { query } }), stored)) {
 *   await mirror(page.data);
 *   stored = page.updatedSince;
 * }
 */
export async function* syncPages<T>(
  fetchPage: (query: { updated_since: string; cursor?: string }) => Promise<SyncPage<T> | ApiResult<SyncPage<T>>>,
  updatedSince: string,
): AsyncGenerator<SyncedPage<T>, void, undefined> {
  let cursor: string | undefined;
  do {
    const result = await fetchPage(cursor ? { updated_since: updatedSince, cursor } : { updated_since: updatedSince });
    const page = 'response' in result ? unwrap(result) : result;
    yield { data: page.data, updatedSince: page.next_updated_since ?? updatedSince };
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}
