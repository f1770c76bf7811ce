import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { expect, inject } from 'vitest';
import { type Config, loadConfig } from '../config.ts';
import { withCredentials, withDatabase } from '../db/database.ts';
import { createLogger } from '../lib/logger.ts';
import type { Resolver } from '../lib/outbound-http.ts';
import type {
  AccountMail,
  AccountMailRecipient,
  CustomDomainCertificateNotice,
  DisputeNotice,
  PayoutFailureNotice,
  WebhookDisabledNotice,
} from '../modules/auth/account-mail.ts';
import type { DnsResolver } from '../modules/domains/domains.dns.ts';
import type {
  BuyerMail,
  BuyerMailRecipient,
  ConfirmationMail,
  ContactMail,
  EventMessageMail,
  MailBrand,
  OrderMail,
  SignInMail,
} from '../modules/notifications/buyer-mail.ts';
import { createRuntime, type Runtime } from '../server.ts';
import { tasks as registeredTasks } from '../worker/tasks.ts';
import type { Tasks } from '../worker/worker.ts';
import { watchContract } from './contract.ts';

export interface SentMail {
  kind:
    | 'email_verification'
    | 'password_reset'
    | 'invitation'
    | 'dispute_opened'
    | 'payout_failed'
    | 'webhook_endpoint_disabled'
    | 'custom_domain_certificate'
    | 'sign_up_confirmation'
    | 'sign_up_attempt';
  to: string;
  /** The language the mail was to be written in, as the recipient chose it (null: not chosen). */
  locale: string | null;
  link: string;
  token: string;
}

/** Polls `probe` every 50 ms until it gives a value (what jobs do happens after the request). */
export async function until<T>(
  probe: () => T | Promise<T>,
  timeoutMs = 10_000,
  what = 'a value',
): Promise<NonNullable<T>> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Keeps what the account flows would have emailed (sent by the worker's jobs), so tests can
 * follow the links; with `deliver`, it then hands each message on to be sent as well. `failNext`
 * makes the next sends fail, as a mail server that is down would.
 */
export class RecordingAccountMail implements AccountMail {
  readonly sent: SentMail[] = [];
  /** What notices about webhook endpoints said, in the order sent. */
  readonly notices: WebhookDisabledNotice[] = [];
  /** What notices about custom domains' certificates said, in the order sent. */
  readonly certificateNotices: CustomDomainCertificateNotice[] = [];
  failNext = 0;
  deliver: AccountMail | null = null;
  /** Without a worker, what does its work while a test waits for a mail (see `runQueuedJobs`). */
  whileWaiting: (() => Promise<void>) | null = null;
  private record(kind: SentMail['kind'], to: AccountMailRecipient, link: string) {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('the mail server refused the message');
    }
    this.sent.push({
      kind,
      to: to.email,
      locale: to.locale,
      link,
      token: new URL(link).searchParams.get('token') ?? '',
    });
  }
  async emailVerification(to: AccountMailRecipient, link: string) {
    this.record('email_verification', to, link);
    await this.deliver?.emailVerification(to, link);
  }
  async passwordReset(to: AccountMailRecipient, link: string) {
    this.record('password_reset', to, link);
    await this.deliver?.passwordReset(to, link);
  }
  async invitation(to: AccountMailRecipient, organizer: string, link: string) {
    this.record('invitation', to, link);
    await this.deliver?.invitation(to, organizer, link);
  }
  async disputeOpened(to: AccountMailRecipient, notice: DisputeNotice, link: string) {
    this.record('dispute_opened', to, link);
    await this.deliver?.disputeOpened(to, notice, link);
  }
  async payoutFailed(to: AccountMailRecipient, notice: PayoutFailureNotice, link: string) {
    this.record('payout_failed', to, link);
    await this.deliver?.payoutFailed(to, notice, link);
  }
  async webhookEndpointDisabled(to: AccountMailRecipient, notice: WebhookDisabledNotice, link: string) {
    this.record('webhook_endpoint_disabled', to, link);
    this.notices.push(notice);
    await this.deliver?.webhookEndpointDisabled(to, notice, link);
  }
  async customDomainCertificate(to: AccountMailRecipient, notice: CustomDomainCertificateNotice, link: string) {
    this.record('custom_domain_certificate', to, link);
    this.certificateNotices.push(notice);
    await this.deliver?.customDomainCertificate(to, notice, link);
  }
  async signUpConfirmation(to: AccountMailRecipient, organizer: string, link: string, expiresAt: Date) {
    this.record('sign_up_confirmation', to, link);
    await this.deliver?.signUpConfirmation(to, organizer, link, expiresAt);
  }
  async signUpAttempt(to: AccountMailRecipient, link: string) {
    this.record('sign_up_attempt', to, link);
    await this.deliver?.signUpAttempt(to, link);
  }
  /** The latest such mail among those sent after the first `after`, once the worker has sent one. */
  received(kind: SentMail['kind'], to: string, after = 0, timeoutMs = 10_000): Promise<SentMail> {
    return until(
      async () => {
        await this.whileWaiting?.();
        return this.sent
          .slice(after)
          .filter((mail) => mail.kind === kind && mail.to === to)
          .at(-1);
      },
      timeoutMs,
      `a ${kind} mail to ${to}`,
    );
  }
}

export interface SentBuyerMail {
  kind:
    | 'order_confirmation'
    | 'offline_payment_reserved'
    | 'order_refunded'
    | 'waitlist_offer'
    | 'customer_sign_in'
    | 'contact_message'
    | 'event_message';
  to: string;
  locale: string;
  /** Empty for a sign-in link, which is about no order. */
  orderNumber: string;
  link: string;
  /** A refund of a payment that came in too late for its seats. */
  latePayment?: boolean;
  /** The organizer's brand as the message would show it. */
  brand?: MailBrand;
}

/** Keeps what buyers would have been emailed (sent by the worker's jobs), links included. */
export class RecordingBuyerMail implements BuyerMail {
  readonly sent: SentBuyerMail[] = [];
  private record(kind: SentBuyerMail['kind'], to: BuyerMailRecipient, order: OrderMail) {
    this.sent.push({
      kind,
      to: to.email,
      locale: to.locale,
      orderNumber: order.orderNumber,
      link: order.link,
      ...(order.brand ? { brand: order.brand } : {}),
    });
  }
  async orderConfirmation(to: BuyerMailRecipient, order: ConfirmationMail) {
    this.record('order_confirmation', to, order);
  }
  async offlinePaymentReserved(to: BuyerMailRecipient, order: OrderMail) {
    this.record('offline_payment_reserved', to, order);
  }
  async orderRefunded(to: BuyerMailRecipient, order: OrderMail & { latePayment?: boolean }) {
    this.record('order_refunded', to, order);
    if (order.latePayment) (this.sent.at(-1) as SentBuyerMail).latePayment = true;
  }
  async waitlistOffer(to: BuyerMailRecipient, offer: OrderMail) {
    this.record('waitlist_offer', to, offer);
  }
  async contactMessage(to: { email: string }, contact: ContactMail) {
    this.sent.push({
      kind: 'contact_message',
      to: to.email,
      locale: 'en',
      orderNumber: contact.order?.confirmation.orderNumber ?? '',
      link: contact.adminLink,
    });
  }
  async eventMessage(to: BuyerMailRecipient, mail: EventMessageMail) {
    this.record('event_message', to, mail);
  }
  async customerSignIn(to: BuyerMailRecipient, signIn: SignInMail) {
    this.sent.push({
      kind: 'customer_sign_in',
      to: to.email,
      locale: to.locale,
      orderNumber: '',
      link: signIn.link,
      ...(signIn.brand ? { brand: signIn.brand } : {}),
    });
  }
}

export interface TestApp {
  app: FastifyInstance;
  runtime: Runtime;
  mail: RecordingAccountMail;
  buyerMail: RecordingBuyerMail;
  /** The test database as its administrator, for setting up states and inspecting rows. */
  admin: pg.Pool;
  /** The test database as the API role, for checking what row-level security lets through. */
  appRoleUrl: string;
  adminUrl: string;
  /** Every 5xx the app answered; `stop` fails the file if there is any. */
  serverErrors: string[];
  /**
   * Every answer that differs from openapi/openapi.json (an undocumented status or content type,
   * a body its schema refuses), once each; `stop` fails the file if there is any.
   */
  contractViolations: string[];
  /** Runs the jobs that are due now, as a worker would; for apps started with `runWorker: false`. */
  runQueuedJobs(): Promise<number>;
  /** Another API instance on the same database, as behind a load balancer. */
  anotherInstance(overrides?: Partial<Config>): Promise<Runtime>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  /** Test-only tasks for the worker, added to the registered ones. */
  tasks?: Tasks;
  /**
   * Deliver mail as `pnpm start` does (SMTP when `smtpUrl` is configured, else the local mail
   * sink) instead of only recording it; account mail is then recorded and delivered, and
   * `buyerMail` stays empty.
   */
  deliverMail?: boolean;
  /** How webhook endpoints' host names become addresses (DNS unless given). */
  resolve?: Resolver;
  /** The DNS custom domains are checked against (node's resolver unless given). */
  dns?: DnsResolver;
}

/**
 * A fresh database cloned from the migrated template, and the real app on top of it, wired the
 * way `pnpm start` wires it (the API connects as accessplus_app, the RLS guard runs, the job
 * worker runs in-process, polling every 100 ms unless overridden).
 */
export async function startTestApp(overrides: Partial<Config> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const maintenanceUrl = inject('testAdminUrl');
  const name = `accessplus_test_${randomBytes(6).toString('hex')}`;
  const maintenance = new pg.Client({ connectionString: maintenanceUrl });
  await maintenance.connect();
  await maintenance.query(`create database ${name} template ${inject('testTemplate')}`);
  await maintenance.end();

  const adminUrl = withDatabase(maintenanceUrl, name);
  const appRoleUrl = withCredentials(adminUrl, 'accessplus_app', inject('testAppPassword'));
  // Uploaded files go to a folder of this app's own, never the repository's .data/files.
  const filesDir = await mkdtemp(join(tmpdir(), 'accessplus-files-'));
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    logLevel: 'silent',
    seedDemo: false,
    loginRateLimit: { max: 1000, windowMs: 60_000 },
    // Every test buyer comes from one address; the tests of these limits set their own.
    publicRateLimits: {
      orderHolds: { max: 10_000, windowMs: 60_000 },
      quotes: { max: 10_000, windowMs: 60_000 },
      waitlistJoins: { max: 10_000, windowMs: 60_000 },
      contactMessages: { max: 10_000, windowMs: 60_000 },
    },
    workerPollIntervalMs: 100,
    filesDir,
    ...overrides,
  };
  const tasks: Tasks = { ...registeredTasks, ...options.tasks };
  const mail = new RecordingAccountMail();
  const buyerMail = new RecordingBuyerMail();
  const recorders = options.deliverMail ? {} : { accountMail: mail, buyerMail };
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const runtime = await createRuntime({
    config,
    logger,
    database: { appUrl: appRoleUrl },
    ...recorders,
    tasks,
    ...(options.resolve ? { resolve: options.resolve } : {}),
    ...(options.dns ? { dns: options.dns } : {}),
  });
  const recordAccountMail = (started: Runtime) => {
    recorderOf.set(started.app, mail);
    if (!options.deliverMail) return;
    mail.deliver = started.services.accountMail;
    started.services.accountMail = mail;
  };
  recordAccountMail(runtime);
  const others: Runtime[] = [];
  const serverErrors: string[] = [];
  runtime.app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 500) serverErrors.push(`${request.method} ${request.url} → ${reply.statusCode}`);
  });
  const contractViolations: string[] = [];
  watchContract(runtime.app, contractViolations);
  await runtime.app.ready();
  const admin = new pg.Pool({ connectionString: adminUrl, max: 3 });
  admin.on('error', () => undefined);
  const runQueuedJobs = () => runDueJobs(admin, runtime, tasks);
  // Helpers that wait for a mail (sign-up, invitations) then work on an app without a worker too.
  if (!config.runWorker) mail.whileWaiting = async () => void (await runQueuedJobs());

  return {
    app: runtime.app,
    runtime,
    mail,
    buyerMail,
    admin,
    appRoleUrl,
    adminUrl,
    serverErrors,
    contractViolations,
    runQueuedJobs,
    async anotherInstance(more: Partial<Config> = {}) {
      const other = await createRuntime({
        config: { ...config, ...more },
        logger,
        database: { appUrl: appRoleUrl },
        ...recorders,
        tasks,
      });
      others.push(other);
      recordAccountMail(other);
      // A worker of its own now does the jobs; the helpers leave them to it.
      if (other.services.config.runWorker) mail.whileWaiting = null;
      watchContract(other.app, contractViolations);
      await other.app.ready();
      return other;
    },
    async stop() {
      for (const other of others) await other.stop();
      await runtime.stop();
      await admin.end();
      const cleanup = new pg.Client({ connectionString: maintenanceUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
      await rm(filesDir, { recursive: true, force: true });
      expect(serverErrors, 'no request may end in a server error').toEqual([]);
      expect(contractViolations, 'every answer must be as openapi/openapi.json documents it').toEqual([]);
    },
  };
}

/**
 * Runs every job that is due and not taken, each once, with the app's tasks, and removes it, as
 * a worker's pass would. Tests that watch rows keep the worker off and call this when they want
 * the jobs' effects.
 */
async function runDueJobs(admin: pg.Pool, runtime: Runtime, tasks: Tasks): Promise<number> {
  const { rows } = await admin.query<{ id: string; task: string; payload: unknown }>(
    `delete from graphile_worker._private_jobs j using graphile_worker._private_tasks k
     where k.id = j.task_id and j.locked_at is null and j.run_at <= now()
     returning j.id, k.identifier as task, j.payload`,
  );
  for (const job of rows) {
    const task = tasks[job.task];
    if (!task) throw new Error(`no task ${job.task} for a queued job`);
    await task(job.payload, {
      services: runtime.services,
      logger: runtime.services.logger,
      job: { id: job.id, attempts: 1, maxAttempts: 1 },
      signal: new AbortController().signal,
    });
  }
  return rows.length;
}

export interface Organizer {
  token: string;
  userId: string;
  organizerId: string;
  slug: string;
  email: string;
  password: string;
}

let counter = 0;

/** The account mail recorder of each test app, so helpers given only the app can follow emailed links. */
const recorderOf = new WeakMap<FastifyInstance, RecordingAccountMail>();

/** Signs up a person and their organizer through the API, following the emailed link as they would. */
export async function signUpOrganizer(
  app: FastifyInstance,
  options: { slug?: string; locales?: string[]; defaultLocale?: string; currency?: string } = {},
): Promise<Organizer> {
  counter += 1;
  const slug = options.slug ?? `org-${counter}-${randomBytes(3).toString('hex')}`;
  const email = `owner-${slug}@example.org`;
  const password = 'correct horse battery staple';
  const before = recorderOf.get(app)?.sent.length ?? 0;
  const response = await app.inject({
    method: 'POST',
    url: '/v1/auth/sign-up',
    payload: {
      email,
      password,
      display_name: `Owner of ${slug}`,
      organizer: {
        name: `Organizer ${slug}`,
        slug,
        ...(options.locales ? { locales: options.locales } : {}),
        ...(options.defaultLocale ? { default_locale: options.defaultLocale } : {}),
        ...(options.currency ? { currency: options.currency } : {}),
      },
    },
  });
  expect(response.statusCode, response.body).toBe(202);
  const mail = recorderOf.get(app);
  if (!mail) throw new Error('signUpOrganizer needs an app started by startTestApp');
  // The worker sends it; a machine busy with other test files may take a while.
  const { token: link } = await mail.received('sign_up_confirmation', email, before, 30_000);
  const confirmed = await app.inject({ method: 'POST', url: '/v1/auth/sign-up/confirm', payload: { token: link } });
  expect(confirmed.statusCode, confirmed.body).toBe(201);
  const body = confirmed.json();
  return {
    token: body.token,
    userId: body.session.user.id,
    organizerId: body.session.active_organizer.organizer_id,
    slug,
    email,
    password,
  };
}

/** An inject helper that signs requests with a bearer token. */
export function as(app: FastifyInstance, token: string | null) {
  const send = (options: InjectOptions): Promise<LightMyRequestResponse> =>
    app.inject({
      ...options,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.headers ?? {}) },
    });
  return {
    get: (url: string) => send({ method: 'GET', url }),
    delete: (url: string) => send({ method: 'DELETE', url }),
    post: (url: string, payload?: unknown) =>
      send({ method: 'POST', url, ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) }),
    patch: (url: string, payload: unknown) =>
      send({ method: 'PATCH', url, payload: payload as InjectOptions['payload'] }),
    put: (url: string, payload: unknown) => send({ method: 'PUT', url, payload: payload as InjectOptions['payload'] }),
    send,
  };
}

/**
 * Adds a member with `role` to `organizer` and signs them in through their invitation (the
 * emailed link sets their password).
 */
export async function signedInMember(
  t: TestApp,
  organizer: Organizer,
  role: 'admin' | 'staff' | 'check_in',
  email = `${role}-${organizer.slug}@example.org`,
) {
  const added = await as(t.app, organizer.token).post('/v1/organizer/members', { email, role });
  expect(added.statusCode, added.body).toBe(201);
  const { token: reset } = await t.mail.received('invitation', email);
  const password = 'chosen by the invitee';
  const confirmed = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/password-reset/confirm',
    payload: { token: reset, password },
  });
  expect(confirmed.statusCode, confirmed.body).toBeLessThan(300);
  const signIn = await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password } });
  expect(signIn.statusCode, signIn.body).toBe(200);
  const token = signIn.json().token as string;
  return { token, userId: added.json().user_id as string, client: as(t.app, token) };
}

const staffOf = new WeakMap<FastifyInstance, Promise<Organizer>>();

/** A member of platform staff on `t`'s app, made as `grant-staff` makes one (no API path does). */
export function platformStaff(t: TestApp): Promise<Organizer> {
  let staff = staffOf.get(t.app);
  if (!staff) {
    staff = signUpOrganizer(t.app).then(async (person) => {
      await t.admin.query('update users set is_platform_staff = true where id = $1', [person.userId]);
      return person;
    });
    staffOf.set(t.app, staff);
  }
  return staff;
}

/** Puts an organizer on `plan` as staff do for a partner: an override with a reason, through the staff API. */
export async function putOnPlan(t: TestApp, organizer: Organizer, plan: 'basic' | 'pro' | 'enterprise') {
  const staff = await platformStaff(t);
  const set = await as(t.app, staff.token).put(`/v1/staff/organizers/${organizer.organizerId}/plan`, {
    plan,
    reason: `Test organizer on ${plan}`,
  });
  expect(set.statusCode, set.body).toBe(200);
}

/** An API key of the organizer with `scopes`, made by its owner as the admin makes one; returns its secret. */
export async function apiKeyOf(
  app: FastifyInstance,
  organizer: Organizer,
  scopes: readonly string[],
  name = `Test key, ${scopes.length === 1 ? scopes[0] : `${scopes.length} scopes`}`,
): Promise<{ id: string; secret: string }> {
  const created = await as(app, organizer.token).post('/v1/organizer/api-keys', { name, scopes });
  expect(created.statusCode, created.body).toBe(201);
  return { id: created.json().id, secret: created.json().secret };
}

const DAY = 86_400_000;

/** A valid event body starting `inDays` from now, with one paid tier unless tiers are given. */
export function eventBody(overrides: Record<string, unknown> = {}, inDays = 10) {
  const starts = new Date(Date.now() + inDays * DAY);
  return {
    title: { en: 'Community Gala', am: 'የማህበረሰብ ጋላ' },
    description: { en: 'An evening together.' },
    category: 'gala-fundraiser',
    tags: ['ethiopian'],
    languages: ['en', 'am'],
    venue_name: 'Civic Hall',
    city: 'Silver Spring',
    state: 'MD',
    time_zone: 'America/New_York',
    starts_at: starts.toISOString(),
    ends_at: new Date(starts.getTime() + 4 * 3_600_000).toISOString(),
    tiers: [{ name: { en: 'General' }, price_cents: 2500, quantity: 100 }],
    ...overrides,
  };
}

/** Creates and publishes an event; returns its id. */
export async function publishedEvent(
  app: FastifyInstance,
  token: string,
  overrides: Record<string, unknown> = {},
  inDays = 10,
) {
  const client = as(app, token);
  const created = await client.post('/v1/events', eventBody(overrides, inDays));
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const published = await client.post(`/v1/events/${id}/publish`);
  expect(published.statusCode, published.body).toBe(200);
  return id;
}

export interface BoughtTicket {
  id: string;
  code: string;
  /** Grouped, as people read it: `7KQ4-M2XD-9P`. */
  short_code: string;
  tier_id: string;
  attendee_name: string;
}

export interface TicketPurchase {
  tickets: { tier_id: string; quantity: number; attendee_names?: string[] }[];
  buyer?: { name?: string; email?: string; locale?: string; marketing_consent?: boolean };
  /** Pay with the test card (the default), or leave the order held. */
  pay?: boolean;
}

/**
 * Holds tickets at an organizer's storefront and pays for them with the test card, as a buyer
 * does, expecting both to succeed. Returns the order as the last answer showed it (held, or paid
 * with its tickets) and the token that opens it.
 */
export async function buyTickets(app: FastifyInstance, slug: string, purchase: TicketPurchase) {
  const orders = `/v1/public/organizers/${slug}/orders`;
  const {
    name = 'Hana Tesfaye',
    email = `buyer-${randomBytes(4).toString('hex')}@example.org`,
    locale,
    marketing_consent,
  } = purchase.buyer ?? {};
  const held = await app.inject({
    method: 'POST',
    url: orders,
    payload: {
      buyer: { name, email, ...(locale ? { locale } : {}), ...(marketing_consent ? { marketing_consent } : {}) },
      tickets: purchase.tickets,
    },
  });
  expect(held.statusCode, held.body).toBe(201);
  const accessToken = held.json().access_token as string;
  let order = held.json().order;
  if (purchase.pay !== false) {
    const paid = await app.inject({
      method: 'POST',
      url: `${orders}/${order.id}/pay?token=${encodeURIComponent(accessToken)}`,
      payload: { method: 'card', card_number: '4242424242424242' },
    });
    expect(paid.statusCode, paid.body).toBe(200);
    order = paid.json().order;
  }
  return { order: order as { id: string; number: string; tickets: BoughtTicket[] }, accessToken };
}

export interface StatedLimit {
  quota: number;
  windowSeconds: number;
  remaining: number;
  resetSeconds: number;
}

/**
 * The limits a response states in its RateLimit header fields, by policy name:
 * `RateLimit-Policy: "name";q=10;w=60` and `RateLimit: "name";r=9;t=60`.
 */
export function statedLimits(response: LightMyRequestResponse): Record<string, StatedLimit> {
  const items = (header: unknown) =>
    String(header ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item) => {
        const [name, ...parameters] = item.split(';');
        return [
          JSON.parse(name ?? '""') as string,
          Object.fromEntries(parameters.map((p) => p.split('=') as [string, string])),
        ] as const;
      });
  const stated: Record<string, StatedLimit> = {};
  const current = new Map(items(response.headers.ratelimit));
  for (const [name, policy] of items(response.headers['ratelimit-policy'])) {
    const now = current.get(name) ?? {};
    stated[name] = {
      quota: Number(policy.q),
      windowSeconds: Number(policy.w),
      remaining: Number(now.r),
      resetSeconds: Number(now.t),
    };
  }
  return stated;
}

/** The error shape every 4xx must have. */
export function expectErrorShape(response: LightMyRequestResponse, status: number | number[], code?: string) {
  const statuses = Array.isArray(status) ? status : [status];
  expect(statuses, `${response.statusCode} ${response.body}`).toContain(response.statusCode);
  const body = response.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.code).toBe('string');
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(10);
  expect(Array.isArray(body.error.details)).toBe(true);
  expect(body.error.request_id).toBe(response.headers['x-request-id']);
  expect(response.body).not.toMatch(/\bat .+\.(ts|js):\d+/);
  if (code) expect(body.error.code).toBe(code);
  return body.error as { code: string; message: string; details: { field: string; message: string }[] };
}
