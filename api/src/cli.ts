import pg from 'pg';
import { loadConfig } from './config.ts';
import { prepareDatabase } from './db/connect.ts';
import { leaveStopSignalsToThisProcess } from './db/embedded.ts';
import { createLogger } from './lib/logger.ts';
import { normalizeEmail } from './modules/auth/auth.service.ts';
import { seedDemo } from './seed/demo.ts';
import { createRuntime } from './server.ts';

const usage = `Usage: pnpm --filter @accessplus/api exec tsx src/cli.ts <command>

Commands:
  migrate                 apply pending migrations (embedded PostgreSQL unless DATABASE_URL is set)
  seed                    add the demo organizers if they are missing
  worker                  run the job worker only, no HTTP (API instances then set RUN_WORKER=false)
  grant-staff <email>     give a person platform-staff rights
  revoke-staff <email>    take them away`;

const config = loadConfig();
const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
const [command, argument] = process.argv.slice(2);

async function setStaff(email: string | undefined, value: boolean): Promise<void> {
  if (!email) throw new Error('Name the person by email.');
  const endpoints = await prepareDatabase(config, logger);
  // Platform staff is granted outside the API on purpose: no API path can make someone staff.
  const client = new pg.Client({ connectionString: endpoints.adminUrl });
  await client.connect();
  try {
    const result = await client.query('update users set is_platform_staff = $2 where email = $1', [
      normalizeEmail(email),
      value,
    ]);
    if (result.rowCount === 0) throw new Error(`No account has the email ${email}.`);
    process.stdout.write(`${email} ${value ? 'is now' : 'is no longer'} platform staff.\n`);
  } finally {
    await client.end();
    await endpoints.embedded?.stop();
  }
}

try {
  switch (command) {
    case 'migrate': {
      const endpoints = await prepareDatabase(config, logger);
      await endpoints.embedded?.stop();
      break;
    }
    case 'seed': {
      const runtime = await createRuntime({ config: { ...config, runWorker: false }, logger });
      try {
        const seeded = await seedDemo(runtime.services);
        if (!seeded) process.stdout.write('The demo organizers are already there.\n');
      } finally {
        await runtime.stop();
      }
      break;
    }
    case 'worker': {
      // The app is built (it is part of the runtime) but never listens.
      const runtime = await createRuntime({ config: { ...config, runWorker: true }, logger });
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
        leaveStopSignalsToThisProcess();
      });
      logger.info('shutting down the worker');
      await runtime.stop();
      break;
    }
    case 'grant-staff':
      await setStaff(argument, true);
      break;
    case 'revoke-staff':
      await setStaff(argument, false);
      break;
    default:
      process.stdout.write(`${usage}\n`);
      process.exit(command ? 2 : 0);
  }
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
