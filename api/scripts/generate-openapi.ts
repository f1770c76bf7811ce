/**
 * Writes openapi/openapi.json from the route schemas. It builds the app without a database,
 * a network listener or Redis: only the route table and its schemas are needed.
 * With --check it writes nothing and fails when the committed document differs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { buildApp } from '../src/app.ts';
import { loadConfig, REPO_ROOT } from '../src/config.ts';
import type { Services } from '../src/context.ts';
import type { Db } from '../src/db/database.ts';
import { createLogger } from '../src/lib/logger.ts';
import { createCatalogCache } from '../src/modules/catalog/catalog.cache.ts';
import { accountMailVia, buyerMailVia } from '../src/modules/notifications/notifications.mail.ts';
import { createMailer } from '../src/modules/notifications/notifications.mailer.ts';
import { createConfirmationRequests } from '../src/modules/notifications/order-confirmations.ts';
import { createTestPaymentProvider } from '../src/modules/payments/test-provider.ts';

const logger = createLogger('silent');
const config = { ...loadConfig({ NODE_ENV: 'test' }), logLevel: 'silent' };
// No SMTP server and no mail sink: nothing is sent while the document is generated.
const mailer = createMailer(config, logger, null);
const services: Services = {
  config,
  // Never used: no request is served while the document is generated.
  db: null as unknown as Db,
  logger,
  accountMail: accountMailVia(mailer),
  buyerMail: buyerMailVia(mailer),
  mailbox: mailer.sink,
  payments: createTestPaymentProvider(),
  stripe: null,
  catalogCache: createCatalogCache({ ttlMs: 0, logger, redis: null }),
  confirmations: createConfirmationRequests(null as unknown as Db, logger),
};

const app = await buildApp({ services, redis: null, docs: false });
await app.ready();
const generated = `${JSON.stringify(app.swagger(), null, 2)}\n`;
await app.close();
const target = `${REPO_ROOT}openapi/openapi.json`;
if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== generated) {
    process.stderr.write(
      'openapi/openapi.json differs from the route schemas. Run `pnpm generate` and commit the result.\n',
    );
    process.exit(1);
  }
  process.stdout.write('openapi/openapi.json matches the route schemas.\n');
} else {
  await writeFile(target, generated);
  process.stdout.write(`Wrote ${target}\n`);
}
