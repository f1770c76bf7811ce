/**
 * What every benchmark server starts with: a throwaway embedded PostgreSQL, migrated, and the
 * real API runtime on it in production mode. A SIGTERM (the load generator stopping the server),
 * a SIGINT (Ctrl-C) or the load generator going away (its end of stdin closing) undoes
 * everything, in reverse order, even when it arrives during set-up.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createDatabaseIfMissing } from '../src/db/connect.ts';
import { withCredentials, withDatabase } from '../src/db/database.ts';
import { leaveStopSignalsToThisProcess, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { createLogger } from '../src/lib/logger.ts';
import { createRuntime } from '../src/server.ts';

// A step of the stop that has not finished by then is left behind, so the ones after it, the
// database last, still run: requests that the load left hanging (timed out by the load
// generator, waiting on a saturated pool) would otherwise hold the API's stop for good, and the
// database would outlive the benchmark.
const CLEANUP_STEP_MS = 5_000;

export async function startBenchRuntime(options: { logLevel: string; seedDemo: boolean }) {
  const logger = createLogger(options.logLevel);
  const cleanups: (() => Promise<unknown>)[] = [];
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const cleanup of cleanups.reverse()) {
      await Promise.race([
        cleanup().catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, CLEANUP_STEP_MS).unref()),
      ]);
    }
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('SIGHUP', stop);
  leaveStopSignalsToThisProcess();
  if (process.env.BENCH_STOP_WITH_STDIN === 'true') {
    process.stdin.on('end', stop);
    process.stdin.resume();
  }

  const scratch = await mkdtemp(path.join(tmpdir(), 'accessplus-bench-'));
  cleanups.push(() => rm(scratch, { recursive: true, force: true }));
  const embedded = await startEmbeddedPostgres({ dataDir: scratch, logger, persistent: false });
  cleanups.push(() => embedded.stop());
  await createDatabaseIfMissing(embedded.adminUrl, 'bench');
  const adminUrl = withDatabase(embedded.adminUrl, 'bench');
  await migrate({ adminUrl, logger, appPassword: embedded.appPassword });

  const config = {
    ...loadConfig({ ...process.env, NODE_ENV: 'production' }),
    logLevel: options.logLevel,
    seedDemo: options.seedDemo,
    // The load generator is every buyer at once, from one address.
    publicRateLimits: {
      orderHolds: { max: 0, windowMs: 60_000 },
      quotes: { max: 0, windowMs: 60_000 },
      waitlistJoins: { max: 0, windowMs: 60_000 },
      contactMessages: { max: 0, windowMs: 60_000 },
    },
  };
  const appUrl = withCredentials(adminUrl, 'accessplus_app', embedded.appPassword);
  const runtime = await createRuntime({ config, logger, database: { appUrl } });
  cleanups.push(() => runtime.stop());
  return { runtime, adminUrl, appUrl, onStop: (cleanup: () => Promise<unknown>) => cleanups.push(cleanup) };
}
