/** The customers page address for an email search (and a page cursor). */
export function customersHref(email?: string | null, cursor?: string | null): string {
  const params = new URLSearchParams();
  if (email) params.set('email', email);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/customers?${query}` : '/customers';
}
