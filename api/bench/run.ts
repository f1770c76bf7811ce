/**
 * Benchmarks: `pnpm bench <name>`. Each prints throughput and latency of the thing measured and
 * of a baseline measured in the same run on the same machine, the ratio between them, and ends
 * with one line of JSON.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { buildApp, freePort, startPnpm, stopPnpm } from '../../scripts/e2e-processes.ts';
import { searchPath, seedCatalog } from './catalog-seed.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);

// What browsers, CDNs and server-side fetch send; the catalog answers it with compressed bodies.
const BROWSER_HEADERS = { 'accept-encoding': 'br, gzip, deflate' };

/**
 * What to undo however the run ends — normally, on a failure, on Ctrl-C or SIGTERM: servers and
 * their databases stopped, scratch folders removed. Each benchmark adds its own.
 */
const teardowns = new Set<() => Promise<unknown>>();

async function tearDown() {
  const pending = [...teardowns].reverse();
  teardowns.clear();
  for (const teardown of pending) await teardown().catch((error) => process.stderr.write(`${error}\n`));
}

// Ctrl-C reaches this process twice (from the terminal, and passed on by tsx): the second must
// not end it while the servers stop.
let stoppingOnSignal = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stoppingOnSignal) return;
    stoppingOnSignal = true;
    process.stderr.write(`\n${signal}: stopping the servers\n`);
    void tearDown().finally(() => process.exit(130));
  });
}

/** Requests to `url`, or with `path`, to a new path of that server for every request. */
function load(
  url: string,
  duration: number,
  headers: Record<string, string>,
  path?: () => string,
  connections = CONNECTIONS,
): Promise<Result & { sortedLatencies: number[] }> {
  const requests = path ? [{ setupRequest: (request: object) => ({ ...request, path: path() }) }] : undefined;
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration, pipelining: 1, headers, requests }, (error, result) =>
      error ? reject(error) : resolve({ ...result, sortedLatencies: latencies.sort((a, b) => a - b) }),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

async function measure(
  label: string,
  url: string,
  headers: Record<string, string> = BROWSER_HEADERS,
  path?: () => string,
  connections = CONNECTIONS,
) {
  await load(url, WARMUP_S, headers, path, connections);
  const result = await load(url, DURATION_S, headers, path, connections);
  const summary = {
    req_per_s: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p95_ms: Math.round(percentile(result.sortedLatencies, 95)),
    p99_ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    bytes_per_response: result.requests.total > 0 ? Math.round(result.throughput.total / result.requests.total) : 0,
  };
  process.stdout.write(
    `${label.padEnd(34)} ${String(summary.req_per_s).padStart(7)} req/s   p50 ${summary.p50_ms} ms   p95 ${summary.p95_ms} ms   p99 ${summary.p99_ms} ms   ` +
      `${summary.bytes_per_response} B/response   errors ${summary.errors}   load average ${loadavg()[0]?.toFixed(2)}\n`,
  );
  return summary;
}

/**
 * Starts a benchmark server script. It stops itself, database and all, on SIGTERM or SIGINT, and
 * when this process goes away without a word (its stdin, our pipe, ends): bench-runtime.ts.
 */
function startServers<T = { api: number; bare: number }>(
  script: string,
  ipc = false,
): Promise<{ child: ChildProcess; ports: T; stop: () => Promise<void> }> {
  // Node itself with tsx's loader, not the tsx command: that one stands between the signal and the
  // server and kills a server that is slow to acknowledge it (a busy one), database left running.
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['pipe', 'pipe', 'inherit', ...(ipc ? (['ipc'] as const) : [])],
    env: { ...process.env, BENCH_STOP_WITH_STDIN: 'true' },
  });
  const stop = stopServers(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      teardowns.delete(stop);
      reject(new Error(`benchmark server exited with ${code}`));
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (line.startsWith('BENCH_READY '))
        resolve({ child, ports: JSON.parse(line.slice('BENCH_READY '.length)), stop });
    });
  });
}

// The servers' own stop is bounded step by step (bench-runtime.ts); past this the process is
// killed, which may leave its database behind, so it is said.
const SERVER_STOP_MS = 30_000;

/** Stops a server started by startServers and waits for it to exit; registered as a teardown until then. */
function stopServers(child: ChildProcess): () => Promise<void> {
  const stop = async () => {
    teardowns.delete(stop);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      process.stderr.write(`benchmark server ${child.pid} did not stop in ${SERVER_STOP_MS / 1000} s: killed\n`);
      child.kill('SIGKILL');
    }, SERVER_STOP_MS);
    await exited;
    clearTimeout(timer);
  };
  teardowns.add(stop);
  return stop;
}

const SEARCH_EVENTS = 10_000;
const SEARCH_EVENTS_LARGE = 100_000;

/**
 * Searches with the cache off, each request a different one (catalog-seed.ts searchPath), over
 * 10,000 published events of 100 organizers, then over 100,000 after 400 more organizers.
 */
async function catalogSearch() {
  process.env.BENCH_CATALOG_EVENTS = String(SEARCH_EVENTS);
  process.env.CATALOG_CACHE_TTL_MS = '0';
  const seeding = performance.now();
  const { ports, stop } = await startServers<{ api: number; adminUrl: string }>('./catalog-server.ts');
  try {
    process.stdout.write(`seeded ${SEARCH_EVENTS} events in ${Math.round((performance.now() - seeding) / 1000)} s\n`);
    const base = `http://127.0.0.1:${ports.api}`;
    const small = await measure(`searches, ${SEARCH_EVENTS} events`, base, BROWSER_HEADERS, searchPath);
    const growing = performance.now();
    const more = SEARCH_EVENTS_LARGE - SEARCH_EVENTS;
    await seedCatalog(ports.adminUrl, { from: 101, organizers: 400, eventsEach: more / 400 });
    process.stdout.write(`seeded ${more} more in ${Math.round((performance.now() - growing) / 1000)} s\n`);
    const large = await measure(`searches, ${SEARCH_EVENTS_LARGE} events`, base, BROWSER_HEADERS, searchPath);
    return { small, large };
  } finally {
    await stop();
    delete process.env.BENCH_CATALOG_EVENTS;
    delete process.env.CATALOG_CACHE_TTL_MS;
  }
}

async function catalog() {
  const [one, five, fifteen] = loadavg().map((load) => load.toFixed(2));
  process.stdout.write(
    `Catalog benchmark: ${CONNECTIONS} connections, ${DURATION_S} s per run after ${WARMUP_S} s warm-up; load average ${one} ${five} ${fifteen}\n`,
  );
  const { ports, stop } = await startServers('./catalog-server.ts');
  let list: Awaited<ReturnType<typeof measure>>;
  let baseline: Awaited<ReturnType<typeof measure>>;
  let ratio: number;
  try {
    const listUrl = `http://127.0.0.1:${ports.api}/v1/public/events`;
    baseline = await measure('bare Fastify route', `http://127.0.0.1:${ports.bare}/hello`);
    list = await measure('GET /v1/public/events', listUrl);
    const plain = await measure('  same, no Accept-Encoding', listUrl, {});
    ratio = Math.round((list.req_per_s / baseline.req_per_s) * 100) / 100;
    const plainRatio = Math.round((plain.req_per_s / baseline.req_per_s) * 100) / 100;
    process.stdout.write(
      `ratio ${ratio} (target >= 0.5), p99 ${list.p99_ms} ms (target <= 50 ms); ` +
        `a client that accepts no compression: ratio ${plainRatio}, p99 ${plain.p99_ms} ms\n`,
    );
    if (list.errors + plain.errors + baseline.errors > 0) process.exitCode = 1;
  } finally {
    await stop();
  }
  const { small, large } = await catalogSearch();
  const kept = Math.round((large.req_per_s / Math.max(1, small.req_per_s)) * 100) / 100;
  process.stdout.write(
    `searches without the cache: ${small.req_per_s} req/s (target >= 2500), p99 ${small.p99_ms} ms (target <= 100 ms) ` +
      `over ${SEARCH_EVENTS} events; ${large.req_per_s} req/s over ${SEARCH_EVENTS_LARGE} = ${kept}× (target >= 0.5×)\n`,
  );
  process.stdout.write(
    `${JSON.stringify({
      bench: 'catalog',
      req_per_s: list.req_per_s,
      p99_ms: list.p99_ms,
      baseline_req_per_s: baseline.req_per_s,
      ratio,
      search_req_per_s: small.req_per_s,
      search_p99_ms: small.p99_ms,
      search_100k_req_per_s: large.req_per_s,
    })}\n`,
  );
  if (small.errors + large.errors > 0) process.exitCode = 1;
}

const BUYERS = Number(process.env.BENCH_BUYERS ?? 200);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** `buyers` loops running `once` back to back for `seconds`; latencies of the ones that succeeded. */
async function closedLoop(buyers: number, seconds: number, once: () => Promise<boolean>) {
  const latencies: number[] = [];
  let failures = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: buyers }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        if (await once().catch(() => false)) latencies.push(performance.now() - t0);
        else failures += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    per_s: Math.round(latencies.length / elapsed),
    p50_ms: Math.round(percentile(latencies, 50)),
    p99_ms: Math.round(percentile(latencies, 99)),
    done: latencies.length,
    failures,
  };
}

/**
 * POSTs JSON over a kept-alive connection and reads the answer. The load generator shares the
 * machine with what it measures, so it uses Node's HTTP client, which costs a fraction of `fetch`.
 */
function postJson(agent: http.Agent, url: string, body: unknown): Promise<{ status: number; json: () => unknown }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, json: () => JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

async function checkout() {
  process.stdout.write(
    `Checkout benchmark: ${BUYERS} concurrent buyers, ${DURATION_S} s after ${WARMUP_S} s warm-up\n`,
  );
  const { ports: setup, stop } = await startServers<{
    api: number;
    adminUrl: string;
    slug: string;
    tierId: string;
    baselineTierId: string;
  }>('./checkout-server.ts');
  const pg = (await import('pg')).default;
  const admin = new pg.Pool({ connectionString: setup.adminUrl, max: 20 });
  admin.on('error', () => undefined);
  const agent = new http.Agent({ keepAlive: true, maxSockets: BUYERS });
  try {
    if (process.env.BENCH_PRINT_SETUP) process.stdout.write(`${setup.adminUrl}\n`);
    const base = `http://127.0.0.1:${setup.api}/v1/public/organizers/${setup.slug}/orders`;
    let buyerNumber = 0;
    const holdAndPay = async () => {
      buyerNumber += 1;
      const held = await postJson(agent, base, {
        buyer: { name: 'Bench Buyer', email: `buyer-${buyerNumber}@example.org` },
        tickets: [{ tier_id: setup.tierId, quantity: 1 }],
      });
      if (held.status !== 201) return false;
      const { order, access_token } = held.json() as { order: { id: string }; access_token: string };
      const paid = await postJson(agent, `${base}/${order.id}/pay?token=${encodeURIComponent(access_token)}`, {
        method: 'card',
        card_number: '4242424242424242',
      });
      return paid.status === 200;
    };
    // The baseline: the one statement a hold cannot do without, through pg, at the same concurrency
    // and with the API's pool size (20 connections).
    const bareUpdate = async () => {
      const result = await admin.query(
        'update ticket_tiers set taken_count = taken_count + 1 where id = $1 and quantity - taken_count >= 1 returning id',
        [setup.baselineTierId],
      );
      return result.rowCount === 1;
    };

    await closedLoop(BUYERS, WARMUP_S, holdAndPay);
    const baseline = await closedLoop(BUYERS, DURATION_S, bareUpdate);
    process.stdout.write(
      `${'bare conditional update'.padEnd(28)} ${String(baseline.per_s).padStart(7)} updates/s   p50 ${baseline.p50_ms} ms   p99 ${baseline.p99_ms} ms   failures ${baseline.failures}\n`,
    );
    const orders = await closedLoop(BUYERS, DURATION_S, holdAndPay);
    process.stdout.write(
      `${'hold + pay (test provider)'.padEnd(28)} ${String(orders.per_s).padStart(7)} orders/s    p50 ${orders.p50_ms} ms   p99 ${orders.p99_ms} ms   failures ${orders.failures}\n`,
    );

    const confirmations = await admin.query(
      `select count(*)::int as paid, count(*) filter (where outcome = 'sent')::int as sent from order_confirmations`,
    );
    const { paid, sent } = confirmations.rows[0] as { paid: number; sent: number };
    process.stdout.write(`order confirmations: ${sent} of ${paid} sent by the end of the run\n`);

    const { rows } = await admin.query(
      `select t.quantity, t.taken_count,
         (select count(*)::int from tickets k where k.tier_id = t.id and k.status = 'valid') as tickets,
         (select coalesce(sum(l.quantity), 0)::int from order_lines l join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
           where l.tier_id = t.id and o.status in ('paid', 'pending')) as held_or_paid
       from ticket_tiers t where t.id = $1`,
      [setup.tierId],
    );
    const tier = rows[0] as { quantity: number; taken_count: number; tickets: number; held_or_paid: number };
    const oversold = Math.max(0, tier.tickets - tier.quantity) + Math.abs(tier.taken_count - tier.held_or_paid);
    const ratio = Math.round((orders.per_s / baseline.per_s) * 100) / 100;
    process.stdout.write(
      `tickets ${tier.tickets}, tier taken ${tier.taken_count} = held or paid ${tier.held_or_paid}; ` +
        `ratio ${ratio} (target >= 0.5), ${orders.per_s} orders/s (target >= 500), oversold ${oversold} (target 0)\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'checkout',
        orders_per_s: orders.per_s,
        p99_ms: orders.p99_ms,
        baseline_per_s: baseline.per_s,
        ratio,
        oversold,
      })}\n`,
    );
    if (oversold > 0 || orders.failures > 0) process.exitCode = 1;
  } finally {
    agent.destroy();
    await admin.end();
    await stop();
  }
}

const ORGANIZERS = Number(process.env.BENCH_ORGANIZERS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 1200);
const CHANGES_PER_TX = Number(process.env.BENCH_CHANGES_PER_TX ?? 1);
const SLOW_MS = 2_000;

interface HookTarget {
  tenantId: string;
  endpointId: string;
}

/**
 * Webhook deliveries: changes committed through the real seam (recordChange in transactions, by a
 * second runtime in this process, as an API instance would) at a steady rate across organizers,
 * delivered by the server's workers to receivers in another process; then a backlog of the same
 * let go at once (what the workers can send); then the steady rate again with one more organizer
 * whose receiver answers after 2 s. The steady runs' deliveries a second are as many as commit.
 */
async function webhooks() {
  const [one, five, fifteen] = loadavg().map((load) => load.toFixed(2));
  process.stdout.write(
    `Webhooks benchmark: ${ORGANIZERS} organizers with an endpoint each, ${RATE} changes/s (${CHANGES_PER_TX} per transaction) for ${DURATION_S} s; load average ${one} ${five} ${fifteen}\n`,
  );
  const firstSeen = new Map<string, number>();
  process.env.BENCH_RECEIVERS = String(ORGANIZERS + 1);
  const {
    child: receivers,
    ports: receiverUrls,
    stop: stopReceivers,
  } = await startServers<string[]>('./webhook-receivers.ts', true);
  /** Asks the receivers what arrived since the last time. */
  const collect = () =>
    new Promise<void>((resolve) => {
      receivers.once('message', (message) => {
        for (const [id, at] of (message as { arrivals: [string, number][] }).arrivals) firstSeen.set(id, at);
        resolve();
      });
      receivers.send('report');
    });
  process.env.BENCH_RECEIVERS = receiverUrls.join(',');
  process.env.OUTBOUND_ALLOW_LOOPBACK = 'true';
  const { ports: setup, stop } = await startServers<{
    adminUrl: string;
    appUrl: string;
    fast: HookTarget[];
    slow: HookTarget;
  }>('./webhooks-server.ts');

  const { loadConfig } = await import('../src/config.ts');
  const { createLogger } = await import('../src/lib/logger.ts');
  const { createRuntime } = await import('../src/server.ts');
  const { runInTenantAsSystem } = await import('../src/context.ts');
  const { recordChange } = await import('../src/modules/changes/changes.service.ts');
  const pg = (await import('pg')).default;
  const writer = await createRuntime({
    config: { ...loadConfig({ NODE_ENV: 'production' }), logLevel: 'error', runWorker: false, seedDemo: false },
    logger: createLogger('error'),
    database: { appUrl: setup.appUrl },
  });
  const admin = new pg.Client({ connectionString: setup.adminUrl });
  await admin.connect();

  /** Commits RATE changes a second to `targets` in turn for `seconds`; when each committed, by its id. */
  async function drive(targets: HookTarget[], seconds: number, prefix: string) {
    const committed = new Map<string, { at: number; target: HookTarget }>();
    const inFlight = new Set<Promise<void>>();
    let failures = 0;
    let issued = 0;
    const started = performance.now();
    const total = Math.round((RATE / CHANGES_PER_TX) * seconds);
    while (issued < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * (RATE / CHANGES_PER_TX)));
      while (issued < due && inFlight.size < 400) {
        const n = issued++;
        const target = targets[n % targets.length] as HookTarget;
        const ids = Array.from({ length: CHANGES_PER_TX }, (_, k) => `${prefix}-${n}-${k}`);
        const work = runInTenantAsSystem(writer.services, target.tenantId, async (ctx) => {
          for (const id of ids) {
            await recordChange(ctx, {
              type: 'ticket.checked_in',
              subjectId: randomUUID(),
              data: { id, event_id: randomUUID(), order_id: randomUUID(), check_in_id: randomUUID() },
            });
          }
        }).then(
          () => {
            const at = performance.timeOrigin + performance.now();
            for (const id of ids) committed.set(id, { at, target });
          },
          () => {
            failures += 1;
          },
        );
        inFlight.add(work);
        void work.finally(() => inFlight.delete(work));
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await Promise.all(inFlight);
    return { committed, failures, seconds: (performance.now() - started) / 1000 };
  }

  /** Waits until every change to a fast endpoint has arrived (or 60 s), then measures. */
  async function measureRun(label: string, targets: HookTarget[], slow: HookTarget | null) {
    const prefix = randomUUID().slice(0, 8);
    const run = await drive(slow ? [...targets, slow] : targets, DURATION_S, prefix);
    const fastOnes = [...run.committed.entries()].filter(([, change]) => change.target !== slow);
    const waitUntil = performance.now() + 60_000;
    await collect();
    while (fastOnes.some(([id]) => !firstSeen.has(id)) && performance.now() < waitUntil) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await collect();
    }
    const latencies = fastOnes
      .filter(([id]) => firstSeen.has(id))
      .map(([id, change]) => Math.max(0, (firstSeen.get(id) as number) - change.at))
      .sort((a, b) => a - b);
    const arrivals = fastOnes.map(([id]) => firstSeen.get(id)).filter((at): at is number => at !== undefined);
    const firstCommit = Math.min(...fastOnes.map(([, change]) => change.at));
    const span = (Math.max(...arrivals) - firstCommit) / 1000;
    const summary = {
      committed: fastOnes.length,
      delivered: latencies.length,
      per_s: Math.round(latencies.length / span),
      p50_ms: Math.round(percentile(latencies, 50)),
      p99_ms: Math.round(percentile(latencies, 99)),
      failures: run.failures + (fastOnes.length - latencies.length),
    };
    process.stdout.write(
      `${label.padEnd(34)} ${String(summary.per_s).padStart(6)} deliveries/s   p50 ${summary.p50_ms} ms   p99 ${summary.p99_ms} ms   ` +
        `${summary.delivered} of ${summary.committed} delivered   committed at ${Math.round(run.committed.size / run.seconds)}/s   ${run.failures} failed commits\n`,
    );
    return summary;
  }

  /**
   * What the workers can send when there is a backlog: changes committed while every endpoint is
   * held as if a job were sending to it (its claim, as claimDueDeliveries writes it), then let go
   * at once. Deliveries a second from letting go to the last arrival.
   */
  async function measureDrain(targets: HookTarget[]) {
    const ids = targets.map((target) => target.endpointId);
    await admin.query(
      `update webhook_endpoints set sender_id = gen_random_uuid(), sending_until = now() + interval '1 hour' where id = any($1)`,
      [ids],
    );
    const run = await drive(targets, DURATION_S, randomUUID().slice(0, 8));
    await collect();
    const released = performance.timeOrigin + performance.now();
    await admin.query('update webhook_endpoints set sender_id = null, sending_until = null where id = any($1)', [ids]);
    for (const target of targets) {
      await admin.query('select app.request_webhook_delivery($1, $2)', [target.tenantId, target.endpointId]);
    }
    const waitUntil = performance.now() + 60_000;
    const pending = () => [...run.committed.keys()].filter((id) => !firstSeen.has(id));
    while (pending().length > 0 && performance.now() < waitUntil) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await collect();
    }
    const arrivals = [...run.committed.keys()].map((id) => firstSeen.get(id)).filter((at) => at !== undefined);
    const span = (Math.max(...arrivals) - released) / 1000;
    const perSecond = Math.round(arrivals.length / span);
    process.stdout.write(
      `${'backlog of the same, let go at once'.padEnd(34)} ${String(perSecond).padStart(6)} deliveries/s   ` +
        `${arrivals.length} of ${run.committed.size} delivered in ${span.toFixed(1)} s\n`,
    );
    return { perSecond, failures: run.failures + (run.committed.size - arrivals.length) };
  }

  try {
    // Warm-up: connections, prepared statements, the workers' first jobs.
    await drive(setup.fast, WARMUP_S, 'warmup');
    // The baseline: the same transactions for an organizer whose endpoint is off (nothing to send).
    const bare = await drive([setup.slow], DURATION_S, 'baseline');
    process.stdout.write(
      `${'changes alone, no endpoint'.padEnd(34)} ${String(Math.round(bare.committed.size / bare.seconds)).padStart(6)} committed/s\n`,
    );
    const plain = await measureRun(`${ORGANIZERS} endpoints`, setup.fast, null);
    const drained = await measureDrain(setup.fast);
    await admin.query(
      'update webhook_endpoints set enabled = true, disabled_reason = null, disabled_at = null where id = $1',
      [setup.slow.endpointId],
    );
    const withSlow = await measureRun(`  same, and one answering after ${SLOW_MS / 1000} s`, setup.fast, setup.slow);
    const slowDelivered = await admin.query(
      "select count(*) filter (where status = 'succeeded')::int as done, count(*)::int as made from webhook_deliveries where endpoint_id = $1",
      [setup.slow.endpointId],
    );
    const ratio = Math.round((withSlow.p99_ms / Math.max(1, plain.p99_ms)) * 100) / 100;
    process.stdout.write(
      `slow endpoint: ${slowDelivered.rows[0].done} of its ${slowDelivered.rows[0].made} deliveries done by then; ` +
        `others' p99 with it ${withSlow.p99_ms} ms = ${ratio}× without (target <= 1.5×); ` +
        `${drained.perSecond} deliveries/s with a backlog (target >= 1000), ${plain.per_s}/s as changes commit, ` +
        `p99 ${plain.p99_ms} ms (target <= 1000 ms)\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'webhooks',
        deliveries_per_s: drained.perSecond,
        p99_ms: plain.p99_ms,
        p99_ms_with_slow_endpoint: withSlow.p99_ms,
      })}\n`,
    );
    if (plain.failures + drained.failures + withSlow.failures > 0) process.exitCode = 1;
  } finally {
    await admin.end();
    await writer.stop();
    await stop();
    await stopReceivers();
  }
}

const STOREFRONT_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const storefrontDir = fileURLToPath(new URL('../../storefront/', import.meta.url));
const minimalAppDir = fileURLToPath(new URL('../../storefront/bench/minimal-sveltekit/', import.meta.url));

/** Runs one of the storefront's tools (`vite`, `svelte-kit`) in `cwd` to its end. */
async function runStorefrontTool(tool: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(`${storefrontDir}node_modules/.bin/${tool}`, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream as NodeJS.ReadableStream }).on('line', (line) => output.push(line));
  }
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${tool} ${args.join(' ')} in ${cwd} failed (${code}):\n${output.join('\n')}`);
}

/** Starts a built SvelteKit app (`node <dir>/build`) on a free port; stopped with the run. */
async function startBuiltApp(dir: string, env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const child = await startPnpm(
    ['exec', 'node', `${dir}/build`],
    { ...env, HOST: '127.0.0.1', PORT: String(port) },
    /Listening on/,
  );
  teardowns.add(() => stopPnpm(child));
  return port;
}

/** GETs `path` with a Host header (fetch may not set one) and reads the answer. */
function getPage(port: number, host: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, headers: { host, accept: 'text/html' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

// What a browser sends with a page request; the Host names the organizer's storefront.
const PAGE_HEADERS = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-language': 'en-US,en;q=0.9',
  'accept-encoding': 'gzip, deflate, br',
};

/** What storefront-server.ts prints: the API's port, the storefront hosts' base domain, the organizer and its event. */
interface StorefrontSetup {
  api: number;
  baseDomain: string;
  plain: { slug: string; host: string; eventId: string };
  themed: { slug: string; host: string; eventId: string };
}

/**
 * The server-rendered event page against the production build of the storefront: `pnpm build`
 * of it and of a minimal SvelteKit app (one heading, the same adapter), the API with one
 * organizer and its published event, and both apps measured at the same concurrency in the same
 * run. The ratio says what the event page costs over SvelteKit itself.
 */
async function storefront() {
  const [one, five, fifteen] = loadavg().map((load) => load.toFixed(2));
  process.stdout.write(
    `Storefront benchmark: ${STOREFRONT_CONNECTIONS} connections, ${DURATION_S} s per run after ${WARMUP_S} s warm-up; load average ${one} ${five} ${fifteen}\n`,
  );
  // Under the storefront's node_modules, where the builds find its dependencies and no dev server looks.
  const scratch = `${storefrontDir}node_modules/.bench-build/${randomBytes(4).toString('hex')}`;
  teardowns.add(() => rm(scratch, { recursive: true, force: true }));
  const building = performance.now();
  // All settled before going on or failing, so that no build still writes into a removed folder.
  const [storefrontBuilt, minimalBuilt, apiStarted] = await Promise.allSettled([
    // The storefront's tsconfig extends the one SvelteKit generates, which a fresh checkout lacks.
    runStorefrontTool('svelte-kit', ['sync'], storefrontDir).then(() =>
      buildApp('@accessplus/storefront', `${scratch}/storefront`),
    ),
    runStorefrontTool('vite', ['build'], minimalAppDir, { SVELTEKIT_BUILD_DIR: `${scratch}/minimal` }),
    startServers<StorefrontSetup>('./storefront-server.ts'),
  ]);
  if (storefrontBuilt.status === 'rejected') throw storefrontBuilt.reason;
  if (minimalBuilt.status === 'rejected') throw minimalBuilt.reason;
  if (apiStarted.status === 'rejected') throw apiStarted.reason;
  const api = apiStarted.value.ports;
  process.stdout.write(
    `built the storefront and the minimal app, started the API in ${Math.round((performance.now() - building) / 1000)} s\n`,
  );
  const storefrontPort = await startBuiltApp(`${scratch}/storefront`, {
    API_URL: `http://127.0.0.1:${api.api}`,
    STOREFRONT_BASE_DOMAIN: api.baseDomain,
    // e.g. `--cpu-prof --cpu-prof-dir=/tmp/storefront-profile`: a profile of the storefront under load.
    ...(process.env.BENCH_STOREFRONT_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_STOREFRONT_NODE_OPTIONS } : {}),
  });
  const minimalPort = await startBuiltApp(`${scratch}/minimal`, {});

  /** The page at `path` on the storefront for `host`: checked once as a buyer would see it, then measured. */
  async function measureEventPage(label: string, host: string, path: string, mustShow: string) {
    const page = await getPage(storefrontPort, host, path);
    if (page.status !== 200 || !page.body.includes(mustShow)) {
      throw new Error(`${host}${path} answered ${page.status} without "${mustShow}":\n${page.body.slice(0, 2000)}`);
    }
    return measure(
      label,
      `http://127.0.0.1:${storefrontPort}${path}`,
      { ...PAGE_HEADERS, host },
      undefined,
      STOREFRONT_CONNECTIONS,
    );
  }

  const minimalPage = await getPage(minimalPort, `127.0.0.1:${minimalPort}`, '/');
  if (minimalPage.status !== 200 || !minimalPage.body.includes('<h1>Hello</h1>')) {
    throw new Error(`the minimal SvelteKit app answered ${minimalPage.status}:\n${minimalPage.body.slice(0, 2000)}`);
  }
  const baseline = await measure(
    'minimal SvelteKit page',
    `http://127.0.0.1:${minimalPort}/`,
    PAGE_HEADERS,
    undefined,
    STOREFRONT_CONNECTIONS,
  );
  const page = await measureEventPage(
    'event page /events/<id>',
    api.plain.host,
    `/events/${api.plain.eventId}`,
    'Independence Day Festival',
  );
  const themedPage = await measureEventPage(
    'event page with a theme',
    api.themed.host,
    `/events/${api.themed.eventId}`,
    'Thank you to our sponsors',
  );
  const ratioOf = (measured: { req_per_s: number }) =>
    Math.round((measured.req_per_s / Math.max(1, baseline.req_per_s)) * 100) / 100;
  const ratio = ratioOf(page);
  const themedRatio = ratioOf(themedPage);
  for (const [label, measured, measuredRatio] of [
    ['event page', page, ratio],
    ['with a theme', themedPage, themedRatio],
  ] as const) {
    process.stdout.write(
      `${label}: ratio ${measuredRatio} (target >= 0.3), ${measured.req_per_s} req/s (target >= 1500), p95 ${measured.p95_ms} ms (target <= 60 ms)\n`,
    );
  }
  process.stdout.write(
    `load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}\n`,
  );
  const errors = page.errors + themedPage.errors + baseline.errors;
  if (errors > 0) {
    process.stdout.write(
      `\n!!! ${errors} REQUESTS FAILED (errors, timeouts or non-2xx answers): these figures do not measure working pages !!!\n\n`,
    );
    process.exitCode = 1;
  }
  process.stdout.write(
    `${JSON.stringify({
      bench: 'storefront',
      req_per_s: page.req_per_s,
      p95_ms: page.p95_ms,
      baseline_req_per_s: baseline.req_per_s,
      ratio,
      p50_ms: page.p50_ms,
      p99_ms: page.p99_ms,
      errors,
      baseline_p95_ms: baseline.p95_ms,
      themed_req_per_s: themedPage.req_per_s,
      themed_p95_ms: themedPage.p95_ms,
      themed_ratio: themedRatio,
      load_average: Number(loadavg()[0]?.toFixed(2)),
    })}\n`,
  );
}

const benches: Record<string, () => Promise<void>> = { catalog, checkout, webhooks, storefront };
const name = process.argv[2] ?? '';
const bench = benches[name];
if (!bench) {
  process.stderr.write(`Usage: pnpm bench <${Object.keys(benches).join('|')}>\n`);
  process.exit(2);
}
try {
  await bench();
} finally {
  await tearDown();
}
