import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import type { Services } from './context.ts';
import type { Db } from './db/database.ts';
import { createFieldCipher } from './lib/field-encryption.ts';
import { createLogger } from './lib/logger.ts';
import { createObjectStorage } from './lib/object-storage.ts';
import { createOutboundHttp } from './lib/outbound-http.ts';
import { createCatalogCache } from './modules/catalog/catalog.cache.ts';
import { createHostCache } from './modules/domains/domains.cache.ts';
import { onDemandCertificates } from './modules/domains/domains.certificates.ts';
import { accountMailVia, buyerMailVia } from './modules/notifications/notifications.mail.ts';
import { createMailer } from './modules/notifications/notifications.mailer.ts';
import { createConfirmationRequests } from './modules/notifications/order-confirmations.ts';
import { createTestPaymentProvider } from './modules/payments/test-provider.ts';
import { createDeliveryRequests } from './modules/webhooks/webhooks.requests.ts';

/**
 * The OpenAPI document of the route schemas. It builds the app without a database, a network
 * listener or Redis: only the route table and its schemas are needed.
 */
export async function openApiDocument(): Promise<ReturnType<Awaited<ReturnType<typeof buildApp>>['swagger']>> {
  const logger = createLogger('silent');
  const config = { ...loadConfig({ NODE_ENV: 'test' }), logLevel: 'silent' };
  // No SMTP server and no mail sink: nothing is sent while the document is made.
  const mailer = createMailer(config, logger, null);
  const services: Services = {
    config,
    // Never used: no request is served while the document is made.
    db: null as unknown as Db,
    catalogDb: null as unknown as Db,
    logger,
    accountMail: accountMailVia(mailer),
    buyerMail: buyerMailVia(mailer, logger),
    mailbox: mailer.sink,
    payments: createTestPaymentProvider(),
    stripe: null,
    // Nothing is written while the document is made.
    files: createObjectStorage(config),
    catalogCache: createCatalogCache({ ttlMs: 0, logger, redis: null }),
    confirmations: createConfirmationRequests(null as unknown as Db, logger),
    reactors: [],
    // Nothing is sent while the document is made.
    outbound: createOutboundHttp(config),
    webhookRequests: createDeliveryRequests(null as unknown as Db, logger),
    translator: null,
    // Nothing is sealed while the document is made.
    fieldCipher: createFieldCipher(randomBytes(32)),
    // No domain is checked while the document is made.
    dns: new Resolver(),
    certificates: onDemandCertificates(),
    hostCache: createHostCache({ logger, redis: null }),
  };
  const app = await buildApp({ services, redis: null, docs: false });
  await app.ready();
  const document = app.swagger();
  await app.close();
  services.outbound.close();
  return document;
}
