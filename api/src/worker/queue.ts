import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { assertTaskName } from './task-name.ts';

export interface EnqueueOptions {
  /** Not before this time (default: now). */
  runAt?: Date;
  /** A job with the same key still waiting is replaced (its payload and run time updated). */
  jobKey?: string;
  /** `preserve_run_at`: a job with the same key still waiting keeps its run time (graphile's job_key_mode). */
  jobKeyMode?: 'replace' | 'preserve_run_at';
  /** Attempts before the job fails for good (graphile-worker's default: 25). */
  maxAttempts?: number;
  /** Jobs sharing a queue run one at a time, in order. Keep the number of queue names small. */
  queueName?: string;
}

/**
 * Adds a job through `db`, which should be the transaction of the change that causes it
 * (`Tx`): workers see the job once that commits, and a rollback takes it away too. The payload
 * is stored as JSON and should carry ids only; the task re-reads everything else.
 */
export async function enqueueJob(
  db: Kysely<Database>,
  task: string,
  payload: Record<string, unknown>,
  options: EnqueueOptions = {},
): Promise<void> {
  assertTaskName(task);
  await sql`select graphile_worker.add_job(
    identifier => ${task}::text,
    payload => ${JSON.stringify(payload)}::json,
    queue_name => ${options.queueName ?? null}::text,
    run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
    max_attempts => ${options.maxAttempts ?? null}::integer,
    job_key => ${options.jobKey ?? null}::text,
    job_key_mode => ${options.jobKeyMode ?? 'replace'}::text
  )`.execute(db);
}
