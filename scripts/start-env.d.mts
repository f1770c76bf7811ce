/** What `pnpm start` gives each of its processes (scripts/start-env.mjs). */
export interface StartEnvironment {
  ports: { api: number; storefront: number; admin: number };
  /** Where the storefront and the admin reach the API. */
  apiUrl: string;
  /** Where organizers reach the admin: the links in account emails. */
  adminUrl: string;
  /** An organizer's storefront, `{slug}` for its slug: the links in buyer emails. */
  storefrontUrl: string;
  /** Added to the environment of each process. */
  api: Record<string, string>;
  storefront: Record<string, string>;
  admin: Record<string, string>;
}

export function startEnvironment(env: Record<string, string | undefined>): StartEnvironment;
