import { loadConfig } from './config.ts';
import { leaveStopSignalsToThisProcess } from './db/embedded.ts';
import { createLogger } from './lib/logger.ts';
import { DEMO_ORGANIZER_SLUG } from './seed/demo.ts';
import { createRuntime, seedIfWanted } from './server.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel);

try {
  const runtime = await createRuntime({ config, logger });
  await seedIfWanted(runtime);
  await runtime.app.listen({ host: config.host, port: config.port });

  const base = config.publicUrl;
  const lines = [
    '',
    'Access Plus API is running.',
    `  Public catalog     ${base}/v1/public/events`,
    config.seedDemo ? `  Demo organizer     ${base}/v1/public/events?organizer=${DEMO_ORGANIZER_SLUG}` : null,
    `  API reference      ${base}/docs`,
    `  OpenAPI document   ${base}/v1/openapi.json`,
    config.databaseUrl ? null : `  Database           embedded PostgreSQL (data in ${config.dataDir})`,
    runtime.services.mailbox && config.env !== 'production'
      ? `  Mailbox            ${config.adminUrl.replace(/\/$/, '')}/dev/mailbox  (emails are kept, not sent: no SMTP_URL)`
      : null,
    '',
  ].filter((line) => line !== null);
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  leaveStopSignalsToThisProcess();
} catch (error) {
  logger.fatal({ err: error }, 'Access Plus API could not start');
  process.exit(1);
}
