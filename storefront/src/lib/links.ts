/**
 * `url`'s path and query with some parameters set or (with null) removed. A form action's name
 * (`?/quote` after posting a form) is dropped: a link is a GET and must not name an action.
 */
export function hrefWith(url: URL, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(url.searchParams);
  for (const key of [...params.keys()]) {
    if (key.startsWith('/')) params.delete(key);
  }
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') params.delete(key);
    else params.set(key, value);
  }
  const query = params.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}
