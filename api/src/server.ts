import { Resolver as DnsLookups } from 'node:dns/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import type { Services } from './context.ts';
import { prepareDatabase } from './db/connect.ts';
import { createDb, createPool, type Db } from './db/database.ts';
import { assertRlsEnforced } from './db/rls-guard.ts';
import { PUBLIC_CATALOG_SESSION } from './db/tenant.ts';
import { createFieldCipher, dataEncryptionKey } from './lib/field-encryption.ts';
import type { Logger } from './lib/logger.ts';
import { createObjectStorage } from './lib/object-storage.ts';
import { createOutboundHttp, type Resolver } from './lib/outbound-http.ts';
import { connectRedis, type SharedRedis } from './lib/redis.ts';
import type { AccountMail } from './modules/auth/account-mail.ts';
import { createCatalogCache } from './modules/catalog/catalog.cache.ts';
import { databaseMailSink } from './modules/dev-mailbox/dev-mailbox.service.ts';
import { createHostCache } from './modules/domains/domains.cache.ts';
import { createCertificateProvider } from './modules/domains/domains.certificates.ts';
import type { DnsResolver } from './modules/domains/domains.dns.ts';
import type { BuyerMail } from './modules/notifications/buyer-mail.ts';
import { accountMailVia, buyerMailVia } from './modules/notifications/notifications.mail.ts';
import { createMailer, type Mailer } from './modules/notifications/notifications.mailer.ts';
import { createConfirmationRequests } from './modules/notifications/order-confirmations.ts';
import { createStripeClient, createStripePaymentProvider } from './modules/payments/stripe-provider.ts';
import { createTestPaymentProvider } from './modules/payments/test-provider.ts';
import { libreTranslate } from './modules/translations/translations.provider.ts';
import { createDeliveryRequests } from './modules/webhooks/webhooks.requests.ts';
import { reactors } from './reactors.ts';
import { seedDemo } from './seed/demo.ts';
import { OUTBOUND_TASKS, crontab as registeredCrontab, tasks as registeredTasks } from './worker/tasks.ts';
import { type RunningWorker, startWorker, type Tasks } from './worker/worker.ts';

export interface Runtime {
  app: FastifyInstance;
  services: Services;
  db: Db;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  config: Config;
  logger: Logger;
  /** Overrides the database resolution (tests pass their own throwaway database). */
  database?: { appUrl: string };
  /** Replace the mailer-backed messages (SMTP_URL, else the local mail sink); tests record them. */
  accountMail?: AccountMail;
  buyerMail?: BuyerMail;
  /** The worker's tasks; the registry in worker/tasks.ts unless given (tests add their own). */
  tasks?: Tasks;
  /** How webhook endpoints' host names become addresses: DNS unless a test gives a stand-in. */
  resolve?: Resolver;
  /** The DNS custom domains are checked against: node's resolver unless a test gives a stand-in. */
  dns?: DnsResolver;
}

/** The mailer-backed messages (SMTP_URL, else the local mail sink) unless the caller brings its own. */
function mailServices(
  options: RuntimeOptions,
  db: Db,
): Pick<Services, 'accountMail' | 'buyerMail' | 'mailbox'> & {
  mailer: Mailer | null;
} {
  if (options.accountMail && options.buyerMail) {
    return { accountMail: options.accountMail, buyerMail: options.buyerMail, mailbox: null, mailer: null };
  }
  const { config, logger } = options;
  const sink = config.smtpUrl || config.env === 'production' ? null : databaseMailSink(db);
  const mailer = createMailer(config, logger, sink);
  return {
    accountMail: options.accountMail ?? accountMailVia(mailer),
    buyerMail: options.buyerMail ?? buyerMailVia(mailer, logger),
    mailbox: mailer.sink,
    mailer,
  };
}

/**
 * Wires the API: database (embedded or configured), the guard that refuses a database
 * without enforced tenant isolation, Redis or its in-process stand-ins, the mailer (SMTP or the
 * local mail sink), the HTTP app and, unless `config.runWorker` is off, the job workers.
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, logger } = options;
  const endpoints = options.database ? { ...options.database, embedded: null } : await prepareDatabase(config, logger);
  const pool = createPool(endpoints.appUrl, logger, { max: 20, prepareStatements: true });
  const db = createDb(pool);
  await assertRlsEnforced(db);
  const catalogDb = createDb(
    createPool(endpoints.appUrl, logger, {
      max: 10,
      prepareStatements: true,
      applicationName: 'accessplus-api-catalog',
      sessionSettings: PUBLIC_CATALOG_SESSION,
    }),
  );

  let redis: SharedRedis | null = null;
  if (config.redisUrl) {
    redis = connectRedis(config.redisUrl, logger);
  } else {
    logger.warn('REDIS_URL is not set: rate limits and cache invalidation stay in this process (single instance only)');
  }

  const { mailer, ...mail } = mailServices(options, db);
  const stripe = config.stripe ? createStripeClient(config.stripe) : null;
  if (!config.stripe)
    logger.warn('STRIPE_SECRET_KEY is not set: card payments use the test provider and no money moves');
  const files = createObjectStorage(config);
  logger.info(`uploaded files are kept in ${files.description}`);
  const services: Services = {
    config,
    db,
    catalogDb,
    logger,
    ...mail,
    files,
    payments:
      stripe && config.stripe ? createStripePaymentProvider(stripe, config.stripe) : createTestPaymentProvider(),
    stripe,
    confirmations: createConfirmationRequests(db, logger),
    reactors,
    outbound: createOutboundHttp(config, options.resolve ? { resolve: options.resolve } : {}),
    webhookRequests: createDeliveryRequests(db, logger),
    translator: config.translation ? libreTranslate(config.translation) : null,
    fieldCipher: createFieldCipher(dataEncryptionKey(config)),
    dns: options.dns ?? dnsLookups(config.dnsServers),
    certificates: createCertificateProvider(config),
    hostCache: createHostCache({
      logger,
      redis: redis ? { publisher: redis.main, subscriber: redis.subscriber } : null,
    }),
    catalogCache: createCatalogCache({
      ttlMs: config.catalogCacheTtlMs,
      logger,
      redis: redis ? { publisher: redis.main, subscriber: redis.subscriber } : null,
    }),
  };
  const app = await buildApp({ services, redis });

  const workers: RunningWorker[] = [];
  // The workers first: their running jobs still use the database and the services.
  const stop = async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    services.outbound.close();
    await app.close();
    // After the last payment, before the database goes.
    await services.confirmations.flush();
    await services.webhookRequests.flush();
    await services.catalogCache.close();
    mailer?.close();
    await catalogDb.destroy();
    await db.destroy();
    await redis?.close();
    await endpoints.embedded?.stop();
  };
  if (config.runWorker) {
    const tasks = Object.entries(options.tasks ?? registeredTasks);
    try {
      workers.push(
        await startWorker({
          services,
          connectionString: endpoints.appUrl,
          tasks: Object.fromEntries(tasks.filter(([name]) => !OUTBOUND_TASKS.has(name))),
          crontab: registeredCrontab,
          concurrency: config.workerConcurrency,
          pollIntervalMs: config.workerPollIntervalMs,
          logger,
        }),
      );
      // Webhook deliveries wait on receivers: their own slots, so emails, holds and payouts never queue behind them.
      const outboundTasks = tasks.filter(([name]) => OUTBOUND_TASKS.has(name));
      if (outboundTasks.length > 0) {
        workers.push(
          await startWorker({
            services,
            connectionString: endpoints.appUrl,
            tasks: Object.fromEntries(outboundTasks),
            concurrency: config.webhookConcurrency,
            applicationName: 'accessplus-webhooks-worker',
            pollIntervalMs: config.workerPollIntervalMs,
            logger,
          }),
        );
      }
    } catch (error) {
      await stop();
      throw error;
    }
  }

  return { app, services, db, stop };
}

export async function seedIfWanted(runtime: Runtime): Promise<void> {
  if (runtime.services.config.seedDemo) await seedDemo(runtime.services);
}

/** Node's resolver, asking the configured DNS servers when there are any. */
function dnsLookups(servers: string[]): DnsLookups {
  const resolver = new DnsLookups({ timeout: 3000, tries: 2 });
  if (servers.length > 0) resolver.setServers(servers);
  return resolver;
}
