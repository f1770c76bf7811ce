/**
 * What an API key may do: read, or read and write, per group of resources. Each route that keys
 * may call names the one scope it needs in its schema (`'x-api-key-scope'`), beside its other
 * facts; a route that names none is closed to keys. Groups without a write level have no write
 * operation open to keys.
 */
export const SCOPE_GROUPS = {
  events: {
    levels: ['read', 'write'],
    description: 'Events, their ticket tiers and cover images; writing includes publishing and cancelling.',
  },
  orders: {
    levels: ['read', 'write'],
    description:
      "Orders with their tickets, and events' attendees; writing records payments in person, cancels and refunds.",
  },
  check_ins: {
    levels: ['read', 'write'],
    description: 'The scan log and check-in counts; writing scans tickets and undoes check-ins.',
  },
  waitlist: {
    levels: ['read', 'write'],
    description: 'People waiting for sold-out tiers; writing moves them in line and removes them.',
  },
  catalog: {
    levels: ['read', 'write'],
    description: 'Sales tax rates, promo codes, add-ons and checkout settings.',
  },
  payouts: {
    levels: ['read'],
    description: "The payout account's state, payouts and each event's payout outlook.",
  },
  reports: {
    levels: ['read'],
    description: 'Sales, attendance, payout, donation and sales tax reports, read from the ledger.',
  },
  customers: {
    levels: ['read'],
    description: 'The accounts buyers made at the storefront, with their names, emails and languages.',
  },
  changes: {
    levels: ['read'],
    description:
      'The changes feed: what changed in every group above (ids and the fields that changed), to catch up from a cursor.',
  },
  organizer: {
    levels: ['read'],
    description: "The organizer's profile: name, contact email, plan, currency, languages and time zone.",
  },
} as const;

export type ScopeGroup = keyof typeof SCOPE_GROUPS;
export type ApiKeyScope = {
  [G in ScopeGroup]: `${G}:${(typeof SCOPE_GROUPS)[G]['levels'][number]}`;
}[ScopeGroup];

export const API_KEY_SCOPES = Object.entries(SCOPE_GROUPS).flatMap(([group, { levels }]) =>
  levels.map((level) => `${group}:${level}`),
) as ApiKeyScope[];

/** Whether scopes held include `needed`: a group's write scope includes its read scope. */
export function scopesGrant(held: readonly string[], needed: ApiKeyScope): boolean {
  const [group] = needed.split(':');
  return held.includes(needed) || (needed.endsWith(':read') && held.includes(`${group}:write`));
}

/** The scopes as kept: each group once, at the highest level given (write includes read). */
export function normalizeScopes(scopes: readonly ApiKeyScope[]): ApiKeyScope[] {
  return API_KEY_SCOPES.filter(
    (scope) =>
      scopes.includes(scope) &&
      !(scope.endsWith(':read') && scopes.includes(scope.replace(':read', ':write') as ApiKeyScope)),
  );
}
