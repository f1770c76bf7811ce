// What `pnpm start` (scripts/start.mjs) gives each process, from the ports it was asked for:
// PORT (the API), STOREFRONT_PORT and ADMIN_PORT. Everything that names another process's
// address is derived from them, so that changing a port moves every link with it: the links in
// buyer emails (STOREFRONT_URL, one host per organizer), in account emails (ADMIN_URL), and the
// API the apps talk to (API_URL). A setting given explicitly is kept.

/** @param {Record<string, string | undefined>} env @param {string} name @param {number} fallback */
function port(env, name, fallback) {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    throw new Error(`${name} must be a port number (1–65535), got "${raw}".`);
  }
  return value;
}

/** @param {Record<string, string | undefined>} env @param {string} name @param {string} fallback */
function setting(env, name, fallback) {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

/**
 * @param {Record<string, string | undefined>} env the environment `pnpm start` runs in
 * @returns {import('./start-env.d.mts').StartEnvironment}
 */
export function startEnvironment(env) {
  const ports = {
    api: port(env, 'PORT', 3000),
    storefront: port(env, 'STOREFRONT_PORT', 5173),
    admin: port(env, 'ADMIN_PORT', 5174),
  };
  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const baseDomain = setting(env, 'STOREFRONT_BASE_DOMAIN', 'localhost');
  const adminUrl = setting(env, 'ADMIN_URL', `http://localhost:${ports.admin}`);
  const storefrontUrl = setting(env, 'STOREFRONT_URL', `http://{slug}.${baseDomain}:${ports.storefront}`);
  return {
    ports,
    apiUrl,
    adminUrl,
    storefrontUrl,
    api: { PORT: String(ports.api), ADMIN_URL: adminUrl, STOREFRONT_URL: storefrontUrl },
    storefront: { API_URL: apiUrl, STOREFRONT_BASE_DOMAIN: baseDomain },
    admin: { API_URL: apiUrl },
  };
}
