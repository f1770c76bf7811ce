import { type JobHelpers, parseCrontab, type Runner, run, type Task, type TaskList } from 'graphile-worker';
import type pg from 'pg';
import type { Services } from '../context.ts';
import { createPool } from '../db/database.ts';
import type { Logger } from '../lib/logger.ts';
import { graphileLogger } from './logger.ts';
import { assertTaskName } from './task-name.ts';

export interface TaskHelpers {
  /** `services.db` is the API role's pool: open `withTenant(services.db, tenantId, …)` to read or change rows. */
  services: Services;
  /** Scoped to this task and job. */
  logger: Logger;
  /** `attempts` counts this attempt: 1 on the first run, `maxAttempts` on the last. */
  job: { id: string; attempts: number; maxAttempts: number };
  /** Aborted when the worker is shutting down and the job should give up (it is then retried). */
  signal: AbortSignal;
}

/**
 * One job's work. Throwing fails this attempt, and graphile-worker retries later with a growing
 * delay, so a task must be safe to run again (it may also run again after a worker died mid-job).
 */
export type TaskDefinition = (payload: unknown, helpers: TaskHelpers) => Promise<void>;

/** Task name (`module__action`, e.g. `orders__sweep_holds`) → its work. */
export type Tasks = Record<string, TaskDefinition>;

export interface WorkerOptions {
  services: Services;
  /** The API role's connection: tasks get no more rights than requests. */
  connectionString: string;
  tasks: Tasks;
  /** graphile-worker crontab lines, whose tasks must be in `tasks`. */
  crontab?: string;
  concurrency?: number;
  /** How often to look for jobs that are due; new jobs are picked up at once through LISTEN/NOTIFY. */
  pollIntervalMs?: number;
  logger: Logger;
  /** How its connections are named in pg_stat_activity. Default `accessplus-worker`. */
  applicationName?: string;
}

export interface RunningWorker {
  /** Stops taking jobs, waits for the running ones, then closes the worker's connections. */
  stop(): Promise<void>;
}

/** Starts graphile-worker on a pool of its own, so that jobs never wait for (or starve) requests' connections. */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const { services, logger } = options;
  const concurrency = options.concurrency ?? 4;
  const taskList: TaskList = {};
  for (const [name, task] of Object.entries(options.tasks)) {
    assertTaskName(name);
    taskList[name] = wrapTask(name, task, services, logger);
  }
  // Parsed here (not passed as `crontab`) so that an empty crontab never makes graphile-worker
  // look for a `crontab` file in the working directory.
  const parsedCronItems = parseCrontab(options.crontab ?? '');
  for (const item of parsedCronItems) {
    if (!taskList[item.task]) throw new Error(`The crontab names the task "${item.task}", which is not registered.`);
  }

  // One connection LISTENs, the others fetch and complete jobs; tasks use services.db.
  const pool = retryingConnects(
    createPool(options.connectionString, logger, {
      max: concurrency + 2,
      applicationName: options.applicationName ?? 'accessplus-worker',
    }),
  );
  let runner: Runner;
  try {
    runner = await run({
      pgPool: pool,
      taskList,
      parsedCronItems,
      concurrency,
      pollInterval: options.pollIntervalMs ?? 1000,
      noHandleSignals: true,
      logger: graphileLogger(logger),
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  const finished = runner.promise.catch((error: unknown) => {
    logger.error({ err: error }, 'the job worker stopped on an error; jobs wait until a worker runs again');
  });
  logger.info({ concurrency, tasks: Object.keys(taskList) }, 'job worker started');

  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= (async () => {
        try {
          await runner.stop();
        } catch (error) {
          // "Runner is already stopped": it ended on an error, logged above.
          logger.debug({ err: error }, 'job worker was already stopped');
        }
        // Its releasers may still be running when it stopped on its own.
        await finished;
        await pool.end();
      })();
      return stopping;
    },
  };
}

/**
 * graphile-worker tries a statement again, with growing pauses, only when it failed with one of a
 * few codes (`ETIMEDOUT`, `EHOSTUNREACH`, …). Any other failure to record a job's outcome is
 * final, and in 0.18 it goes unhandled, which ends the process. A connection the pool could not
 * open (refused, reset, or not ready within its timeout while the database was overloaded or
 * restarting), or that ended under a statement, is the database away for a moment: those fail
 * with the code graphile-worker waits out. Recording a job's outcome is safe to repeat. Its own
 * LISTEN connection (the callback form of `connect`) reconnects by itself.
 */
function retryingConnects(pool: pg.Pool): pg.Pool {
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient> | undefined;
  const retrying = (callback?: unknown) => {
    // Once the worker has stopped and its pool ended, a retry graphile-worker still had waiting
    // (recording a job's outcome while the database was away) has nothing to do: it would fail
    // unhandled. It waits for good instead; the job is not recorded, and runs again once its
    // lock expires, which a job is written to allow.
    if ((pool as pg.Pool & { ending?: boolean }).ending)
      return callback === undefined ? new Promise(() => {}) : undefined;
    return callback === undefined ? connect()?.then(retryingQueries, rethrowAsUnavailable) : connect(callback);
  };
  pool.connect = retrying as typeof pool.connect;
  return pool;
}

const patched = new WeakSet<pg.PoolClient>();

function retryingQueries(client: pg.PoolClient): pg.PoolClient {
  if (patched.has(client)) return client;
  patched.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const result = query(...args);
    return result instanceof Promise ? result.catch(rethrowAsUnavailable) : result;
  }) as typeof client.query;
  return client;
}

function rethrowAsUnavailable(error: Error & { code?: string }): never {
  const sqlState = error.code !== undefined && /^[0-9A-Z]{5}$/.test(error.code);
  if (sqlState && !UNAVAILABLE.test(error.code as string)) throw error;
  if (!sqlState && !NETWORK_FAILURE.test(`${error.code ?? ''} ${error.message}`)) throw error;
  throw Object.assign(new Error(`PostgreSQL could not be reached: ${error.message}`, { cause: error }), {
    code: error.message.includes('timeout') ? 'ETIMEDOUT' : 'EHOSTUNREACH',
  });
}

// SQLSTATE classes that mean the server is not taking connections now: 08 connection exception,
// 53 insufficient resources (too many connections), 57P01–57P03 shutting down or starting up.
const UNAVAILABLE = /^(08|53|57P0)/;
// What node and pg say when there is no connection (rather than a statement that failed).
const NETWORK_FAILURE =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|Connection terminated|timeout exceeded|not queryable/;

function wrapTask(name: string, task: TaskDefinition, services: Services, logger: Logger): Task {
  return async (payload: unknown, helpers: JobHelpers) => {
    const { job } = helpers;
    const jobLogger = logger.child({ task: name, jobId: job.id });
    try {
      await task(payload, {
        services,
        logger: jobLogger,
        job: { id: job.id, attempts: job.attempts, maxAttempts: job.max_attempts },
        signal: helpers.abortSignal,
      });
    } catch (error) {
      const details = { err: error, task: name, jobId: job.id, attempt: job.attempts, maxAttempts: job.max_attempts };
      if (job.attempts >= job.max_attempts) {
        jobLogger.error(details, 'job failed on its last attempt; it stays in graphile_worker.jobs for inspection');
      } else {
        jobLogger.warn(details, 'job failed; graphile-worker will retry it');
      }
      throw error;
    }
  };
}
