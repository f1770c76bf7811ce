import net from 'node:net';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateWorkerSchema } from '../db/graphile-worker.ts';
import { withTenant } from '../db/tenant.ts';
import { signUpOrganizer, startTestApp, type TestApp } from '../test/app.ts';
import { enqueueJob } from './queue.ts';
import { startWorker, type TaskHelpers, type Tasks } from './worker.ts';

interface Run {
  payload: unknown;
  job: TaskHelpers['job'];
  memberships?: number;
  currentUser?: string;
}

const runs = new Map<string, Run[]>();
const waiters: { task: string; count: number; resolve: () => void }[] = [];

function record(task: string, run: Run) {
  const list = runs.get(task) ?? [];
  list.push(run);
  runs.set(task, list);
  for (const waiter of waiters) if (waiter.task === task && list.length >= waiter.count) waiter.resolve();
}

/** Resolves once `task` has run `count` times, or fails the test after `timeoutMs`. */
function ranTimes(task: string, count: number, timeoutMs = 20_000): Promise<Run[]> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      resolve(runs.get(task) ?? []);
    };
    const timer = setTimeout(() => reject(new Error(`${task} ran ${runs.get(task)?.length ?? 0} times`)), timeoutMs);
    if ((runs.get(task)?.length ?? 0) >= count) done();
    else waiters.push({ task, count, resolve: done });
  });
}

const testTasks: Tasks = {
  async test__in_tenant(payload, { services, job }) {
    const { tenantId } = payload as { tenantId: string };
    const seen = await withTenant(services.db, tenantId, async (trx) => {
      const count = await trx
        .selectFrom('memberships')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      const who = await sql<{ user: string }>`select current_user as user`.execute(trx);
      return { memberships: count.n, currentUser: who.rows[0]?.user ?? '' };
    });
    record('test__in_tenant', { payload, job, ...seen });
  },
  async test__never(payload, { job }) {
    record('test__never', { payload, job });
  },
  async test__marker(payload, { job }) {
    record('test__marker', { payload, job });
  },
  async test__slow(payload, { job }) {
    record('test__slow_started', { payload, job });
    await new Promise((resolve) => setTimeout(resolve, 500));
    record('test__slow', { payload, job });
  },
};

let t: TestApp;
let organizer: Awaited<ReturnType<typeof signUpOrganizer>>;

beforeAll(async () => {
  t = await startTestApp({}, { tasks: testTasks });
  organizer = await signUpOrganizer(t.app);
});
afterAll(async () => {
  await t.stop();
});

async function jobRows(task: string) {
  const result = await t.admin.query<{ attempts: number; last_error: string | null }>(
    'select attempts, last_error from graphile_worker.jobs where task_identifier = $1',
    [task],
  );
  return result.rows;
}

describe('the job worker', () => {
  it('runs a job enqueued in a committed transaction, as the API role, inside the tenant it names', async () => {
    await withTenant(t.runtime.services.db, organizer.organizerId, async (trx) => {
      await enqueueJob(trx, 'test__in_tenant', { tenantId: organizer.organizerId });
    });
    const [run] = await ranTimes('test__in_tenant', 1);
    expect(run?.payload).toEqual({ tenantId: organizer.organizerId });
    expect(run?.job.attempts).toBe(1);
    expect(run?.memberships).toBe(1);
    expect(run?.currentUser).toBe('accessplus_app');
    await expect.poll(() => jobRows('test__in_tenant')).toEqual([]);
  });

  it('never runs a job whose transaction rolled back', async () => {
    await expect(
      t.runtime.services.db.transaction().execute(async (trx) => {
        await enqueueJob(trx, 'test__never', { reason: 'rolled back' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await enqueueJob(t.runtime.services.db, 'test__marker', {});
    await ranTimes('test__marker', 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs.get('test__never')).toBeUndefined();
    expect(await jobRows('test__never')).toEqual([]);
  });

  it('retries a failing task, logging each failure at warn with the task and the job', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, callback) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        callback();
      },
    });
    const attempts: number[] = [];
    let succeeded!: () => void;
    const success = new Promise<void>((resolve) => {
      succeeded = resolve;
    });
    // A worker of its own (same database, API role) to capture its log; the app's worker does
    // not take this task, since it fetches only the tasks it knows.
    const worker = await startWorker({
      services: t.runtime.services,
      connectionString: t.appRoleUrl,
      tasks: {
        async test__flaky(_payload, { job }) {
          attempts.push(job.attempts);
          if (job.attempts < 2) throw new Error('not yet');
          succeeded();
        },
      },
      pollIntervalMs: 100,
      concurrency: 1,
      logger: pino({ level: 'debug' }, sink),
    });
    try {
      await enqueueJob(t.runtime.services.db, 'test__flaky', { n: 1 }, { maxAttempts: 3 });
      // graphile-worker waits about e¹ ≈ 2.7 s before the second attempt.
      await success;
      expect(attempts).toEqual([1, 2]);
      const failure = lines.find((line) => line.msg === 'job failed; graphile-worker will retry it');
      expect(failure).toMatchObject({ level: 40, task: 'test__flaky', attempt: 1, maxAttempts: 3 });
      expect(failure?.jobId).toEqual(expect.any(String));
      expect(failure?.err).toMatchObject({ message: 'not yet' });
      expect(lines.filter((line) => line.level === 50)).toEqual([]);
      await expect.poll(() => jobRows('test__flaky')).toEqual([]);
    } finally {
      await worker.stop();
    }
  });

  it('keeps a job that failed on its last attempt, with its error', async () => {
    const worker = await startWorker({
      services: t.runtime.services,
      connectionString: t.appRoleUrl,
      tasks: {
        async test__broken() {
          throw new Error('always broken');
        },
      },
      pollIntervalMs: 100,
      logger: pino({ level: 'silent' }),
    });
    try {
      await enqueueJob(t.runtime.services.db, 'test__broken', {}, { maxAttempts: 1 });
      await expect.poll(() => jobRows('test__broken')).toEqual([{ attempts: 1, last_error: 'always broken' }]);
    } finally {
      await worker.stop();
    }
  });

  it('stops promptly, after letting a running job finish', async () => {
    const other = await startTestApp({}, { tasks: testTasks });
    const otherOrganizer = await signUpOrganizer(other.app);
    await withTenant(other.runtime.services.db, otherOrganizer.organizerId, (trx) =>
      enqueueJob(trx, 'test__slow', { organizer: otherOrganizer.organizerId }),
    );
    await ranTimes('test__slow_started', 1);
    const started = Date.now();
    await other.stop();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(runs.get('test__slow')).toHaveLength(1);
  });

  it('leaves jobs alone when RUN_WORKER is off', async () => {
    const other = await startTestApp({ runWorker: false }, { tasks: testTasks });
    try {
      await enqueueJob(other.runtime.services.db, 'test__marker', { from: 'no worker' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const fromHere = (runs.get('test__marker') ?? []).filter((run) => (run.payload as { from?: string }).from);
      expect(fromHere).toEqual([]);
      const waiting = await other.admin.query('select count(*)::int as n from graphile_worker.jobs');
      expect(waiting.rows[0].n).toBe(1);
    } finally {
      await other.stop();
    }
  });

  it('records a job that finished while the database could not be reached, once it can, and runs the next', async () => {
    // The worker reaches the database through a relay this test can cut, as a restart or an
    // overload would: its connections end and new ones are refused for a while.
    const relay = await startRelay(new URL(t.appRoleUrl));
    const url = new URL(t.appRoleUrl);
    url.host = `127.0.0.1:${relay.port}`;
    let finishRunning!: () => void;
    const running = new Promise<void>((resolve) => {
      finishRunning = resolve;
    });
    const worker = await startWorker({
      services: t.runtime.services,
      connectionString: url.toString(),
      tasks: {
        async test__outage_running(payload, { job }) {
          record('test__outage_running', { payload, job });
          await running;
        },
        async test__outage_after(payload, { job }) {
          record('test__outage_after', { payload, job });
        },
      },
      pollIntervalMs: 100,
      concurrency: 1,
      logger: pino({ level: 'silent' }),
    });
    try {
      await enqueueJob(t.runtime.services.db, 'test__outage_running', {});
      await ranTimes('test__outage_running', 1);
      // The job finishes while the database cannot be reached: its outcome waits.
      relay.cut();
      finishRunning();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await jobRows('test__outage_running')).toHaveLength(1);
      relay.restore();
      await expect.poll(() => jobRows('test__outage_running'), { timeout: 30_000, interval: 250 }).toEqual([]);
      await enqueueJob(t.runtime.services.db, 'test__outage_after', {});
      await ranTimes('test__outage_after', 1);
      expect(runs.get('test__outage_running')).toHaveLength(1);
    } finally {
      finishRunning();
      relay.restore();
      await worker.stop();
      await relay.close();
    }
  });

  it('refuses task names outside the module__action convention', async () => {
    await expect(enqueueJob(t.runtime.services.db, 'expireHold', {})).rejects.toThrow(/module__action/);
    await expect(
      startWorker({
        services: t.runtime.services,
        connectionString: t.appRoleUrl,
        tasks: { 'orders:expire': async () => undefined },
        logger: pino({ level: 'silent' }),
      }),
    ).rejects.toThrow(/module__action/);
  });
});

describe("graphile-worker's schema", () => {
  it('is installed by the migrator, owned by the owner role, and installing again changes nothing', async () => {
    // The test template went through migrate(); this repeats its graphile-worker step.
    const client = new pg.Client({ connectionString: t.adminUrl });
    await client.connect();
    try {
      await migrateWorkerSchema(client, t.adminUrl, pino({ level: 'silent' }));
    } finally {
      await client.end();
    }
    const owner = await t.admin.query(
      `select nspowner::regrole::text as owner from pg_namespace where nspname = 'graphile_worker'`,
    );
    expect(owner.rows).toEqual([{ owner: 'accessplus_owner' }]);
    const policies = await t.admin.query(
      `select count(*)::int as n from pg_policies where schemaname = 'graphile_worker' and policyname = 'accessplus_app_worker'`,
    );
    const protectedTables = await t.admin.query(
      `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'graphile_worker' and c.relkind = 'r' and c.relrowsecurity`,
    );
    expect(policies.rows[0].n).toBe(protectedTables.rows[0].n);
    expect(policies.rows[0].n).toBeGreaterThan(0);
  });
});

/**
 * A TCP relay to the database that can be cut: `cut()` ends every connection through it and
 * refuses new ones until `restore()`.
 */
async function startRelay(target: URL) {
  const sockets = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      down = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
