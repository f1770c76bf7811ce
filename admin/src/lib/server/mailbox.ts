import { adminApi, apiResult } from './api';

const RECHECK_MS = 30_000;
let known: { available: boolean; checkedAt: number } | null = null;

/**
 * Whether the API shows its local mail sink (development, no SMTP_URL), for the navigation.
 * Asked at most every 30 seconds rather than on every page.
 */
export async function mailboxAvailable(fetch: typeof globalThis.fetch): Promise<boolean> {
  if (known && Date.now() - known.checkedAt < RECHECK_MS) return known.available;
  const result = await apiResult(adminApi(fetch).GET('/v1/dev/mailbox', { params: { query: { limit: 1 } } }));
  known = { available: result.ok, checkedAt: Date.now() };
  return known.available;
}
