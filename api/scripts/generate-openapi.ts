/**
 * Writes openapi/openapi.json from the route schemas. It builds the app without a database,
 * a network listener or Redis: only the route table and its schemas are needed.
 */
import { writeFile } from 'node:fs/promises';
import { buildApp } from '../src/app.ts';
import { loadConfig, REPO_ROOT } from '../src/config.ts';
import type { Services } from '../src/context.ts';
import type { Db } from '../src/db/database.ts';
import { createLogger } from '../src/lib/logger.ts';
import { unconfiguredAccountMail } from '../src/modules/auth/account-mail.ts';
import { createCatalogCache } from '../src/modules/catalog/catalog.cache.ts';

const logger = createLogger('silent');
const config = { ...loadConfig({ NODE_ENV: 'test' }), logLevel: 'silent' };
const services: Services = {
  config,
  // Never used: no request is served while the document is generated.
  db: null as unknown as Db,
  logger,
  accountMail: unconfiguredAccountMail(logger),
  catalogCache: createCatalogCache({ ttlMs: 0, logger, redis: null }),
};

const app = await buildApp({ services, redis: null, docs: false });
await app.ready();
const document = app.swagger();
const target = `${REPO_ROOT}openapi/openapi.json`;
await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
await app.close();
process.stdout.write(`Wrote ${target}\n`);
