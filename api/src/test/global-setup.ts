import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { withDatabase } from '../db/database.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from '../db/embedded.ts';
import { migrate } from '../db/migrate.ts';
import { createLogger } from '../lib/logger.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Administrator connection to the maintenance database of the test cluster. */
    testAdminUrl: string;
    /** Migrated template database that each test file clones. */
    testTemplate: string;
    testAppPassword: string;
  }
}

/**
 * One PostgreSQL for the whole run: a throwaway embedded cluster, or TEST_DATABASE_URL when
 * set. The schema is migrated once into a template; each test file clones it.
 */
export default async function setup(project: TestProject) {
  const logger = createLogger('warn');
  let embedded: EmbeddedServer | null = null;
  let scratch: string | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL;
  const appPassword = randomBytes(18).toString('base64url');
  if (!adminUrl) {
    scratch = await mkdtemp(path.join(tmpdir(), 'accessplus-test-'));
    embedded = await startEmbeddedPostgres({ dataDir: scratch, logger, persistent: false });
    adminUrl = embedded.adminUrl;
  }
  const template = `accessplus_template_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  await migrate({ adminUrl: withDatabase(adminUrl, template), logger, appPassword });
  await admin.end();

  project.provide('testAdminUrl', adminUrl);
  project.provide('testTemplate', template);
  project.provide('testAppPassword', appPassword);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${template} with (force)`);
    await client.end();
    await embedded?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  };
}
