/**
 * Benchmarks: `pnpm bench <name>`. Each prints throughput and latency of the thing measured and
 * of a baseline measured in the same run on the same machine, the ratio between them, and ends
 * with one line of JSON.
 */
import { type ChildProcess, spawn } from 'node:child_process';
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

function startServers(script: string): Promise<{ child: ChildProcess; ports: { api: number; bare: number } }> {
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

const benches: Record<string, () => Promise<void>> = { catalog };
const name = process.argv[2] ?? '';
const bench = benches[name];
if (!bench) {
  process.stderr.write(`Usage: pnpm bench <${Object.keys(benches).join('|')}>\n`);
  process.exit(2);
}
await bench();
