/**
 * The receivers for `pnpm bench webhooks`, in a process of their own as organizers' systems are:
 * one HTTP server per organizer (BENCH_RECEIVERS of them), the last answering after 2 s. Each
 * change's first arrival is kept by its `data.id`, on the clock every process shares
 * (performance.timeOrigin + performance.now()), and sent to the parent when it asks ("report").
 * Prints one JSON line with the receivers' addresses when ready.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const count = Number(process.env.BENCH_RECEIVERS ?? 21);
const SLOW_MS = 2_000;
let arrivals: [string, number][] = [];
const seen = new Set<string>();

const servers = Array.from({ length: count }, (_, n) =>
  http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = performance.timeOrigin + performance.now();
      try {
        const { data } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { id: string } };
        if (!seen.has(data.id)) {
          seen.add(data.id);
          arrivals.push([data.id, at]);
        }
      } catch {
        // A body that is not a change: not one of ours.
      }
      setTimeout(() => response.end('ok'), n === count - 1 ? SLOW_MS : 0);
    });
  }),
);
await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));

process.on('message', (message) => {
  if (message !== 'report') return;
  process.send?.({ arrivals });
  arrivals = [];
});
process.on('SIGTERM', () => {
  for (const server of servers) server.closeAllConnections();
  process.exit(0);
});
process.stdout.write(
  `BENCH_READY ${JSON.stringify(servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`))}\n`,
);
