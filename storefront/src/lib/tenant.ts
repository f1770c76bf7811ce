/** The organizer slug rule of the API (`Slug` in tenants.schemas.ts). */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

export interface TenantHostOptions {
  /** Storefronts live at `<slug>.<baseDomain>`, e.g. `localhost` or `accessplus.events`. */
  baseDomain: string;
  /** Organizer served on any other host: a single-tenant dev run (`STOREFRONT_ORGANIZER`). */
  fallbackSlug?: string | undefined;
}

/** The host name of a Host header: lower case, without port or trailing dot. */
export function hostName(host: string): string {
  let name = host.trim().toLowerCase();
  if (name.startsWith('[')) {
    // An IPv6 literal, `[::1]:5173`: never a tenant host.
    return name.slice(0, name.indexOf(']') + 1);
  }
  const colon = name.indexOf(':');
  if (colon !== -1) name = name.slice(0, colon);
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/**
 * Which organizer a request is for, from its Host header: the one label in front of the base
 * domain (`addis-cultural-center.localhost:5173` → `addis-cultural-center`). A host that names a
 * subdomain which cannot be a slug, or sits deeper (`www.addis.localhost`), is for nobody. Any
 * host outside the base domain gets the fallback organizer, if one is configured.
 */
export function organizerSlugFromHost(host: string | null | undefined, options: TenantHostOptions): string | null {
  const fallback = options.fallbackSlug && SLUG.test(options.fallbackSlug) ? options.fallbackSlug : null;
  if (!host) return fallback;
  const name = hostName(host);
  const base = hostName(options.baseDomain);
  if (name === base || !name.endsWith(`.${base}`)) return fallback;
  const label = name.slice(0, -(base.length + 1));
  return SLUG.test(label) ? label : null;
}

/**
 * Whether a Host header names this machine (`localhost`, `<anything>.localhost`, a loopback
 * address): someone running Access Plus locally, who may be shown every organizer's address.
 */
export function isLocalHost(host: string | null | undefined): boolean {
  if (!host) return false;
  const name = hostName(host);
  return name === 'localhost' || name.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(name) || name === '[::1]';
}

/** An organizer's storefront address on `baseDomain`, keeping the scheme and port of `current`. */
export function storefrontAddress(slug: string, baseDomain: string, current: URL): string {
  return `${current.protocol}//${slug}.${hostName(baseDomain)}${current.port ? `:${current.port}` : ''}/`;
}
