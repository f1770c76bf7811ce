import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from '../db/embedded.ts';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/** REDIS_URL when set; otherwise a throwaway redis-server child on a free port. */
export async function startRedis(): Promise<TestRedis> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => undefined };
  return startRedisServer(await freePort());
}

/** A redis-server child of this process, which a test may kill (as an outage would) and start again. */
export interface RedisServer extends TestRedis {
  port: number;
  /** Ends it at once, as a crash or a lost machine would (SIGKILL: nothing is saved). */
  kill(): Promise<void>;
  /** Stops it answering while its connections stay open (SIGSTOP), as a hung server would; `resume` undoes it. */
  pause(): void;
  resume(): void;
}

/** Starts a throwaway redis-server on `port`, whatever REDIS_URL says. */
export async function startRedisServer(port: number): Promise<RedisServer> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`Set REDIS_URL or install redis-server for the Redis-backed tests (${error.message}).`)),
    );
  });
  const url = `redis://127.0.0.1:${port}`;
  await Promise.race([untilAnswers(url), failed]);
  const end = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
      // A paused server takes SIGTERM only once it runs again.
      child.kill('SIGCONT');
    });
  return {
    url,
    port,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
  };
}

async function untilAnswers(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (true) {
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      probe.disconnect();
    }
  }
}
