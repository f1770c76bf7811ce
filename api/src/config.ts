import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  /** Where people reach the API, for links in emails and the printed URLs. */
  publicUrl: string;
  /** Where organizers reach the admin app, for links in account emails. */
  adminUrl: string;
  /** An organizer's storefront, for links in buyer emails; `{slug}` is replaced by its slug. */
  storefrontUrl: string;
  /**
   * The SMTP server mail goes out through, e.g. `smtp://user:pass@smtp.example.org:587`
   * (`smtps://` for TLS from the start). Unset: mail is kept in a local mail sink instead.
   */
  smtpUrl: string | undefined;
  /** The sender of every email; buyer emails show the organizer's name before this name. */
  mailFrom: MailAddress;
  /** MESSAGE_SEND_RATE: messages to ticket holders sent per second at most, all organizers together. */
  messageSendRate: number;
  /** EVENT_CHANGE_NOTICE_DELAY_SECONDS: how long a change notice waits, so that edits in a row make one notice. */
  eventChangeNoticeDelaySeconds: number;
  /** Owner/administrator connection used for migrations. Unset: embedded PostgreSQL. */
  databaseUrl: string | undefined;
  /** The API role's connection. Unset: derived from databaseUrl with the accessplus_app user. */
  appDatabaseUrl: string | undefined;
  /** Password of the API role when appDatabaseUrl is derived; applied by the migrator. */
  appDatabasePassword: string | undefined;
  /** Folder of the embedded PostgreSQL cluster. */
  dataDir: string;
  /** DATA_ENCRYPTION_KEY: 32 bytes in base64 that seal taxpayer numbers. */
  dataEncryptionKey: string | undefined;
  /**
   * DATA_ENCRYPTION_KEY_FILE: a file holding that key (a mounted secret), made on first use when
   * missing. In production one of the two must be set; elsewhere the file defaults to `.data/`.
   */
  dataEncryptionKeyFile: string | undefined;
  redisUrl: string | undefined;
  /** Seed the demo organizer when the database has none. */
  seedDemo: boolean;
  sessionTtlHours: number;
  /** Secure cookies (HTTPS only); on unless running locally. */
  secureCookies: boolean;
  /** Sign-in attempts allowed per email and per client address in the window. */
  loginRateLimit: RateLimitSetting;
  /**
   * Requests per client address on the storefront's public forms, so one script cannot hold an
   * event's stock or fill its waitlist. A `max` of 0 turns a limit off.
   */
  publicRateLimits: {
    /** Starting checkout, which holds tickets until the order is paid or expires. */
    orderHolds: RateLimitSetting;
    /** Pricing a cart. */
    quotes: RateLimitSetting;
    /** Joining waitlists (each email is limited too, as the sign-in forms are). */
    waitlistJoins: RateLimitSetting;
    contactMessages: RateLimitSetting;
  };
  /** How long a public catalog response may be served from cache. */
  catalogCacheTtlMs: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (rate limits, logs): none,
   * a number of hops in front of the API, or the proxies' addresses and CIDR ranges.
   */
  trustProxy: false | number | string[];
  /** Run the job worker in this process. Off on API instances when workers run apart. */
  runWorker: boolean;
  /** Jobs one worker process runs at once. */
  workerConcurrency: number;
  /** How often the worker looks for jobs that became due (new jobs arrive through LISTEN/NOTIFY). */
  workerPollIntervalMs: number;
  /** Stripe, when STRIPE_SECRET_KEY is set: cards, Connect payouts, plan billing. Unset: the test provider. */
  stripe: StripeConfig | undefined;
  /** Days a card sale takes to settle before it counts toward an early payout. */
  payoutSettlementDays: number;
  /** The folder uploaded files (cover images) are kept in and served from, unless `s3` is set. */
  filesDir: string;
  /** An S3-compatible bucket for uploaded files, when S3_BUCKET is set; unset: the folder `filesDir`. */
  s3: S3Config | undefined;
  /**
   * Lets requests to addresses organizers type in (webhook endpoints) reach 127.0.0.0/8 and ::1, for
   * local development and tests. Every other private, link-local or reserved address stays refused.
   */
  outboundAllowLoopback: boolean;
  /**
   * The waits between a failed webhook attempt and the next, in order; after the last, the
   * delivery fails for good. Each wait varies by ±20 %. By default about three days in all.
   */
  webhookRetryDelaysMs: number[];
  /**
   * Webhook deliveries sent at once by one worker process. They run apart from the other jobs,
   * whose slots they never take, since they spend their time waiting on other people's servers.
   */
  webhookConcurrency: number;
  /**
   * The host organizers point their custom domains at with a CNAME record, e.g.
   * `domains.accessplus.events`: an address of the load balancer or proxy in front of the storefront.
   */
  customDomainTarget: string;
  /**
   * The DNS servers custom domains are checked against (`DNS_SERVERS`, addresses with an optional
   * port, comma-separated); empty: the machine's own resolvers.
   */
  dnsServers: string[];
  /** How verified custom domains get their certificates. */
  certificates: CertificatesConfig;
  /**
   * A machine-translation service speaking LibreTranslate's API (TRANSLATION_URL, with
   * TRANSLATION_API_KEY when it asks for one), for drafts organizers review; unset: no drafts.
   */
  translation: TranslationConfig | undefined;
}

export interface TranslationConfig {
  /** The service's address; drafts are asked of `<url>/translate`. */
  url: string;
  apiKey: string | undefined;
}

export interface CertificatesConfig {
  /** `on_demand`: TLS ends in Caddy, which asks the allow-list; `acm`: AWS Certificate Manager. */
  provider: 'on_demand' | 'acm';
  acm: AcmConfig;
}

export interface AcmConfig {
  region: string;
  /** Another address for ACM's API (a local test server); unset: AWS's own. */
  endpoint: string | undefined;
  /** From ACM_ACCESS_KEY_ID and ACM_SECRET_ACCESS_KEY; unset: the AWS SDK's usual chain. */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
}

export interface RateLimitSetting {
  /** Requests counted in one window. */
  max: number;
  windowMs: number;
}

export interface S3Config {
  bucket: string;
  region: string;
  /** Another S3-compatible service (MinIO, R2, a local test server); unset: AWS S3 itself. */
  endpoint: string | undefined;
  /** Address objects as `endpoint/bucket/key` rather than `bucket.endpoint/key` (most non-AWS services). */
  forcePathStyle: boolean;
  /** From S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY; unset: the AWS SDK's usual chain (AWS_* variables, profiles, roles). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  /**
   * Where people fetch objects directly (the bucket's website or a CDN in front of it), e.g.
   * `https://files.example.org`; an object's address is then `publicUrl/key`. Unset: the API reads
   * the object from the bucket and serves it itself.
   */
  publicUrl: string | undefined;
}

export interface StripeConfig {
  secretKey: string;
  /** Given to the storefront's Payment Element. */
  publishableKey: string;
  /** Verifies webhook signatures (`whsec_…`). */
  webhookSecret: string;
  /** The monthly price of the Pro plan (`price_…`). */
  proPriceId: string | undefined;
  /** Another address for Stripe's API (stripe-mock, or the tests' local server); unset: api.stripe.com. */
  apiBase: { host: string; port: number; protocol: 'http' | 'https' } | undefined;
}

export interface MailAddress {
  name: string;
  address: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const port = integer(env, 'PORT', 3000);
  const host = env.HOST ?? '127.0.0.1';
  return {
    env: mode,
    host,
    port,
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
    publicUrl: env.PUBLIC_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    adminUrl: env.ADMIN_URL ?? 'http://localhost:5174',
    storefrontUrl: env.STOREFRONT_URL ?? 'http://{slug}.localhost:5173',
    smtpUrl: smtpUrl(env.SMTP_URL),
    mailFrom: mailAddress(blankToUndefined(env.MAIL_FROM) ?? 'Access Plus <tickets@accessplus.localhost>'),
    messageSendRate: atLeastOne(env, 'MESSAGE_SEND_RATE', 5),
    eventChangeNoticeDelaySeconds: integer(env, 'EVENT_CHANGE_NOTICE_DELAY_SECONDS', 300),
    databaseUrl: blankToUndefined(env.DATABASE_URL),
    appDatabaseUrl: blankToUndefined(env.APP_DATABASE_URL),
    appDatabasePassword: blankToUndefined(env.APP_DATABASE_PASSWORD),
    dataDir: env.ACCESSPLUS_DATA_DIR ?? `${REPO_ROOT}.data/postgres`,
    dataEncryptionKey: blankToUndefined(env.DATA_ENCRYPTION_KEY)?.trim(),
    dataEncryptionKeyFile:
      blankToUndefined(env.DATA_ENCRYPTION_KEY_FILE)?.trim() ??
      (mode === 'production' ? undefined : `${REPO_ROOT}.data/encryption.key`),
    redisUrl: blankToUndefined(env.REDIS_URL),
    seedDemo: env.SEED_DEMO ? env.SEED_DEMO === 'true' : blankToUndefined(env.DATABASE_URL) === undefined,
    sessionTtlHours: integer(env, 'SESSION_TTL_HOURS', 24 * 14),
    secureCookies: env.SECURE_COOKIES ? env.SECURE_COOKIES === 'true' : mode === 'production',
    loginRateLimit: {
      max: integer(env, 'LOGIN_RATE_LIMIT_MAX', 10),
      windowMs: integer(env, 'LOGIN_RATE_LIMIT_WINDOW_MS', 15 * 60 * 1000),
    },
    publicRateLimits: {
      orderHolds: rateLimit(env, 'ORDER_HOLD_RATE_LIMIT', 20, 60 * 1000),
      quotes: rateLimit(env, 'QUOTE_RATE_LIMIT', 120, 60 * 1000),
      waitlistJoins: rateLimit(env, 'WAITLIST_JOIN_RATE_LIMIT', 50, 15 * 60 * 1000),
      contactMessages: rateLimit(env, 'CONTACT_RATE_LIMIT', 20, 15 * 60 * 1000),
    },
    catalogCacheTtlMs: integer(env, 'CATALOG_CACHE_TTL_MS', 5000),
    trustProxy: trustProxy(env.TRUST_PROXY),
    runWorker: flag(env, 'RUN_WORKER', true),
    workerConcurrency: atLeastOne(env, 'WORKER_CONCURRENCY', 4),
    workerPollIntervalMs: atLeastOne(env, 'WORKER_POLL_INTERVAL_MS', 1000),
    stripe: stripeConfig(env),
    payoutSettlementDays: integer(env, 'PAYOUT_SETTLEMENT_DAYS', 2),
    filesDir: blankToUndefined(env.ACCESSPLUS_FILES_DIR) ?? `${REPO_ROOT}.data/files`,
    s3: s3Config(env),
    outboundAllowLoopback: flag(env, 'OUTBOUND_ALLOW_LOOPBACK', false),
    webhookRetryDelaysMs: durations(env, 'WEBHOOK_RETRY_DELAYS_MS', WEBHOOK_RETRY_DELAYS_MS),
    webhookConcurrency: atLeastOne(env, 'WEBHOOK_CONCURRENCY', 32),
    customDomainTarget: customDomainTarget(env),
    dnsServers: dnsServers(env),
    certificates: certificatesConfig(env),
    translation: translationConfig(env),
  };
}

function translationConfig(env: NodeJS.ProcessEnv): TranslationConfig | undefined {
  const url = httpUrl(env, 'TRANSLATION_URL', 'https://translate.example.org');
  if (url === undefined) return undefined;
  return { url: url.replace(/\/+$/, ''), apiKey: blankToUndefined(env.TRANSLATION_API_KEY)?.trim() };
}

/** CUSTOM_DOMAIN_TARGET, or `domains.` in front of the storefront's base domain (`domains.localhost` locally). */
function customDomainTarget(env: NodeJS.ProcessEnv): string {
  const value = blankToUndefined(env.CUSTOM_DOMAIN_TARGET)?.trim().toLowerCase().replace(/\.$/, '');
  if (value !== undefined) {
    if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(value)) {
      throw new Error(`CUSTOM_DOMAIN_TARGET must be a host name such as domains.example.org, got "${value}".`);
    }
    return value;
  }
  const storefront = new URL((env.STOREFRONT_URL ?? 'http://{slug}.localhost:5173').replace('{slug}', 'slug'));
  return `domains.${storefront.hostname.replace(/^slug\./, '')}`;
}

/** DNS_SERVERS: IP addresses, each with an optional port (`10.0.0.2`, `127.0.0.1:5353`, `[::1]:53`). */
function dnsServers(env: NodeJS.ProcessEnv): string[] {
  const servers = (blankToUndefined(env.DNS_SERVERS) ?? '')
    .split(',')
    .map((server) => server.trim())
    .filter(Boolean);
  for (const server of servers) {
    if (!/^(\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?|\[[0-9a-fA-F:]+\](:\d{1,5})?|[0-9a-fA-F:]+)$/.test(server)) {
      throw new Error(
        `DNS_SERVERS must list IP addresses with an optional port, such as 10.0.0.2 or 127.0.0.1:5353, got "${server}".`,
      );
    }
  }
  return servers;
}

function certificatesConfig(env: NodeJS.ProcessEnv): CertificatesConfig {
  const provider = blankToUndefined(env.CERTIFICATE_PROVIDER)?.trim() ?? 'on_demand';
  if (provider !== 'on_demand' && provider !== 'acm') {
    throw new Error(`CERTIFICATE_PROVIDER must be on_demand or acm, got "${provider}".`);
  }
  const accessKeyId = blankToUndefined(env.ACM_ACCESS_KEY_ID)?.trim();
  const secretAccessKey = blankToUndefined(env.ACM_SECRET_ACCESS_KEY)?.trim();
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new Error(
      'Set both ACM_ACCESS_KEY_ID and ACM_SECRET_ACCESS_KEY, or neither (the AWS SDK then finds credentials).',
    );
  }
  return {
    provider,
    acm: {
      region: blankToUndefined(env.ACM_REGION)?.trim() ?? blankToUndefined(env.AWS_REGION)?.trim() ?? 'us-east-1',
      endpoint: httpUrl(env, 'ACM_ENDPOINT', 'http://127.0.0.1:4566'),
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    },
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/**
 * Svix's schedule (5 s, 5 min, 30 min, 2 h, 5 h, then 10 h), with the 10-hour wait repeated until
 * the retries span about three days: 12 attempts in 67.6 hours.
 */
export const WEBHOOK_RETRY_DELAYS_MS = [
  5_000,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
  10 * HOUR,
  10 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

/** Comma-separated whole numbers of milliseconds, e.g. `5000,300000`. */
function durations(env: NodeJS.ProcessEnv, name: string, fallback: number[]): number[] {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isInteger(value) || value < 1)) {
    throw new Error(
      `${name} must be whole numbers of milliseconds separated by commas, e.g. 5000,300000, got "${raw}".`,
    );
  }
  return values;
}

function s3Config(env: NodeJS.ProcessEnv): S3Config | undefined {
  const bucket = blankToUndefined(env.S3_BUCKET)?.trim();
  if (bucket === undefined) return undefined;
  const accessKeyId = blankToUndefined(env.S3_ACCESS_KEY_ID)?.trim();
  const secretAccessKey = blankToUndefined(env.S3_SECRET_ACCESS_KEY)?.trim();
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new Error(
      'Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (the AWS SDK then finds credentials).',
    );
  }
  return {
    bucket,
    region: blankToUndefined(env.S3_REGION)?.trim() ?? blankToUndefined(env.AWS_REGION)?.trim() ?? 'us-east-1',
    endpoint: httpUrl(env, 'S3_ENDPOINT', 'http://127.0.0.1:9000'),
    forcePathStyle: flag(env, 'S3_FORCE_PATH_STYLE', false),
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    publicUrl: httpUrl(env, 'S3_PUBLIC_URL', 'https://files.example.org')?.replace(/\/+$/, ''),
  };
}

/** An http(s) address from `name`, or undefined when it is not set. */
function httpUrl(env: NodeJS.ProcessEnv, name: string, example: string): string | undefined {
  const value = blankToUndefined(env[name])?.trim();
  if (value === undefined) return undefined;
  const protocol = URL.canParse(value) ? new URL(value).protocol : '';
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new Error(`${name} must look like ${example}, got "${value}".`);
  return value;
}

function stripeConfig(env: NodeJS.ProcessEnv): StripeConfig | undefined {
  const secretKey = blankToUndefined(env.STRIPE_SECRET_KEY)?.trim();
  if (secretKey === undefined) return undefined;
  if (!/^(sk|rk)_(test|live)_/.test(secretKey)) {
    throw new Error('STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_… or sk_live_…).');
  }
  const publishableKey = blankToUndefined(env.STRIPE_PUBLISHABLE_KEY)?.trim() ?? '';
  const webhookSecret = blankToUndefined(env.STRIPE_WEBHOOK_SECRET)?.trim() ?? '';
  if (!publishableKey.startsWith('pk_')) throw new Error('With STRIPE_SECRET_KEY, set STRIPE_PUBLISHABLE_KEY (pk_…).');
  if (!webhookSecret.startsWith('whsec_'))
    throw new Error('With STRIPE_SECRET_KEY, set STRIPE_WEBHOOK_SECRET (whsec_…).');
  const base = blankToUndefined(env.STRIPE_API_BASE)?.trim();
  let apiBase: StripeConfig['apiBase'];
  if (base !== undefined) {
    const url = URL.canParse(base) ? new URL(base) : null;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new Error(`STRIPE_API_BASE must look like http://127.0.0.1:12111, got "${base}".`);
    }
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    apiBase = { host: url.hostname, port: Number(url.port || (protocol === 'http' ? 80 : 443)), protocol };
  }
  return {
    secretKey,
    publishableKey,
    webhookSecret,
    proPriceId: blankToUndefined(env.STRIPE_PRO_PRICE_ID)?.trim(),
    apiBase,
  };
}

/**
 * `true` means one hop (the load balancer in front), never "believe the whole header": its
 * leftmost entries are whatever the client chose to send.
 */
function trustProxy(raw: string | undefined): false | number | string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return 1;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function smtpUrl(raw: string | undefined): string | undefined {
  const value = blankToUndefined(raw)?.trim();
  if (value === undefined) return undefined;
  const protocol = URL.canParse(value) ? new URL(value).protocol : '';
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    throw new Error('SMTP_URL must look like smtp://user:password@smtp.example.org:587 (or smtps://…).');
  }
  return value;
}

/** `Access Plus <tickets@example.org>` or a bare `tickets@example.org`. */
function mailAddress(raw: string): MailAddress {
  const value = raw.trim();
  const named = /^"?([^"<>]*?)"?\s*<([^\s<>@]+@[^\s<>@]+)>$/.exec(value);
  if (named) return { name: named[1]?.trim() ?? '', address: named[2] ?? '' };
  if (/^[^\s<>@"]+@[^\s<>@"]+$/.test(value)) return { name: '', address: value };
  throw new Error(`MAIL_FROM must look like "Access Plus <tickets@example.org>", got "${raw}".`);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number, got "${raw}".`);
  }
  return value;
}

/** `<name>_MAX` requests per `<name>_WINDOW_MS`. */
function rateLimit(env: NodeJS.ProcessEnv, name: string, max: number, windowMs: number): RateLimitSetting {
  return { max: integer(env, `${name}_MAX`, max), windowMs: atLeastOne(env, `${name}_WINDOW_MS`, windowMs) };
}

function atLeastOne(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = integer(env, name, fallback);
  if (value < 1) throw new Error(`${name} must be at least 1, got "${env[name]}".`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error(`${name} must be true or false, got "${raw}".`);
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
