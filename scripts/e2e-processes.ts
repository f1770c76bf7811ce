/**
 * What the browser tests of the storefront and the admin share: free ports, and the API and the
 * apps started as `pnpm …` child processes (each in its own process group, so stopping one stops
 * everything it started).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoDir = fileURLToPath(new URL('..', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts `pnpm …` in the repository and resolves once a line of its output matches `ready`.
 * With `E2E_VERBOSE` set, its output is echoed.
 */
export function startPnpm(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn('pnpm', args, {
    cwd: repoDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    const timer = setTimeout(
      () => reject(new Error(`pnpm ${args.join(' ')} did not start:\n${output.join('\n')}`)),
      90_000,
    );
    child.once('exit', (code) =>
      reject(new Error(`pnpm ${args.join(' ')} exited with ${code}:\n${output.join('\n')}`)),
    );
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream as NodeJS.ReadableStream }).on('line', (line) => {
        output.push(line);
        if (process.env.E2E_VERBOSE) console.log(`[${args[1]}] ${line}`);
        if (ready.test(line)) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolve(child);
        }
      });
    }
  });
}

/** Stops a process started by `startPnpm` and everything it started; waits for it to exit. */
export async function stopPnpm(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

/**
 * Builds a SvelteKit app (`@accessplus/admin` or `@accessplus/storefront`) as for production, into
 * `dir` (relative to the package, under its node_modules so that the build finds the package's
 * dependencies and no dev server watches it), and returns the `pnpm …` arguments that run it.
 * What only a production build does, SvelteKit's origin check of form posts among it, is tested
 * on such a build.
 */
export async function buildApp(pkg: string, dir: string): Promise<string[]> {
  const child = spawn('pnpm', ['--filter', pkg, 'exec', 'vite', 'build'], {
    cwd: repoDir,
    env: { ...process.env, SVELTEKIT_BUILD_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream as NodeJS.ReadableStream }).on('line', (line) => output.push(line));
  }
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`building ${pkg} failed (${code}):\n${output.join('\n')}`);
  return ['--filter', pkg, 'exec', 'node', `${dir}/build`];
}

/**
 * Compiles the API's interface words once for the run, so that each API a test starts
 * (`startApi`) can skip what `pnpm start` does first.
 */
export async function compileApiMessages(): Promise<void> {
  const child = spawn('pnpm', ['--filter', '@accessplus/api', 'run', '--silent', 'i18n'], {
    cwd: repoDir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`compiling the API's messages failed (${code})`);
}

/**
 * Starts the API as `pnpm start` does, with `env` added, once its words are compiled
 * (`compileApiMessages`); resolves once it is listening.
 */
export function startApi(env: Record<string, string>): Promise<ChildProcess> {
  return startPnpm(['--filter', '@accessplus/api', 'exec', 'tsx', 'src/main.ts'], env, /Access Plus API is running/);
}
