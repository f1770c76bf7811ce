/**
 * Benchmarks: `pnpm bench <name>`. Each prints throughput and latency of the thing measured and
 * of a baseline measured in the same run on the same machine, the ratio between them, and ends
 * with one line of JSON.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);

// What browsers, CDNs and server-side fetch send; the catalog answers it with compressed bodies.
const BROWSER_HEADERS = { 'accept-encoding': 'br, gzip, deflate' };

function load(url: string, duration: number, headers: Record<string, string>): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, pipelining: 1, headers }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

async function measure(label: string, url: string, headers: Record<string, string> = BROWSER_HEADERS) {
  await load(url, WARMUP_S, headers);
  const result = await load(url, DURATION_S, headers);
  const summary = {
    req_per_s: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    bytes_per_response: result.requests.total > 0 ? Math.round(result.throughput.total / result.requests.total) : 0,
  };
  process.stdout.write(
    `${label.padEnd(28)} ${String(summary.req_per_s).padStart(7)} req/s   p50 ${summary.p50_ms} ms   p99 ${summary.p99_ms} ms   ` +
      `${summary.bytes_per_response} B/response   errors ${summary.errors}\n`,
  );
  return summary;
}

function startServers<T = { api: number; bare: number }>(script: string): Promise<{ child: ChildProcess; ports: T }> {
  const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
  const child = spawn(tsx, [fileURLToPath(new URL(script, import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`benchmark server exited with ${code}`)));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (line.startsWith('BENCH_READY ')) resolve({ child, ports: JSON.parse(line.slice('BENCH_READY '.length)) });
    });
  });
}

async function catalog() {
  process.stdout.write(
    `Catalog benchmark: ${CONNECTIONS} connections, ${DURATION_S} s per run after ${WARMUP_S} s warm-up\n`,
  );
  const { child, ports } = await startServers('./catalog-server.ts');
  try {
    const listUrl = `http://127.0.0.1:${ports.api}/v1/public/events`;
    const baseline = await measure('bare Fastify route', `http://127.0.0.1:${ports.bare}/hello`);
    const list = await measure('GET /v1/public/events', listUrl);
    const plain = await measure('  same, no Accept-Encoding', listUrl, {});
    const ratio = Math.round((list.req_per_s / baseline.req_per_s) * 100) / 100;
    const plainRatio = Math.round((plain.req_per_s / baseline.req_per_s) * 100) / 100;
    process.stdout.write(
      `ratio ${ratio} (target >= 0.5), p99 ${list.p99_ms} ms (target <= 50 ms); ` +
        `a client that accepts no compression: ratio ${plainRatio}, p99 ${plain.p99_ms} ms\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'catalog',
        req_per_s: list.req_per_s,
        p99_ms: list.p99_ms,
        baseline_req_per_s: baseline.req_per_s,
        ratio,
      })}\n`,
    );
    if (list.errors + plain.errors + baseline.errors > 0) process.exitCode = 1;
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
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
  const { child, ports: setup } = await startServers<{
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
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const benches: Record<string, () => Promise<void>> = { catalog, checkout };
const name = process.argv[2] ?? '';
const bench = benches[name];
if (!bench) {
  process.stderr.write(`Usage: pnpm bench <${Object.keys(benches).join('|')}>\n`);
  process.exit(2);
}
await bench();
