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
