// `pnpm start`: the whole product on this machine. The API first (embedded PostgreSQL unless
// DATABASE_URL is set, demo organizers seeded); once it answers, the storefront and the admin
// against it; once they answer too, where to find everything. Ctrl+C stops the three of them.
//
// Each runs as a plain `node` process, not through pnpm: signals reach it directly, and
// stopping it is not reported as a failed command.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startEnvironment } from './start-env.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const settings = startEnvironment(process.env);
/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
let stopping = false;

/** The Vite CLI of one of the apps. */
function viteOf(app) {
  const require = createRequire(path.join(root, app, 'package.json'));
  return path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
}

const running = (child) => child.exitCode === null && child.signalCode === null;

function run(name, directory, args, env) {
  const child = spawn(process.execPath, args, {
    cwd: path.join(root, directory),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own: Ctrl+C reaches this script only, which stops each in turn.
    detached: true,
  });
  children.push(child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${name.padEnd(10)} | ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    process.stdout.write(`${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest.\n`);
    stop(1);
  });
  return child;
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nStopping Access Plus…\n');
  // Each stops its own way on SIGTERM (the API stops its worker and its PostgreSQL first).
  for (const child of children) if (running(child)) child.kill('SIGTERM');
  setTimeout(() => {
    for (const child of children) {
      try {
        if (running(child)) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(code);
  }, 20_000).unref();
  Promise.all(
    children.map((child) => new Promise((resolve) => (running(child) ? child.once('exit', resolve) : resolve()))),
  ).then(() => {
    process.stdout.write('Access Plus stopped.\n');
    process.exit(code);
  });
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

/** Waits until `url` answers (`accept` decides what counts), or gives up when its process ends. */
async function answering(child, url, accept = () => true) {
  while (!stopping && running(child)) {
    try {
      // The apps compile their first page on the first request: give it time.
      if (accept(await fetch(url, { signal: AbortSignal.timeout(30_000) }))) return true;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  return false;
}

// The interface words of every app, compiled from their catalogues (messages/*.json).
const compiled = spawnSync('pnpm', ['--recursive', '--if-present', 'run', 'i18n'], { cwd: root, stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const api = run('api', 'api', ['--import', 'tsx', 'src/main.ts'], settings.api);
if (await answering(api, `${settings.apiUrl}/health`, (response) => response.ok)) {
  process.stdout.write(`\nThe API answers at ${settings.apiUrl}; starting the storefront and the admin…\n\n`);
  const { storefront: storefrontPort, admin: adminPort } = settings.ports;
  const storefront = run(
    'storefront',
    'storefront',
    [viteOf('storefront'), 'dev', '--port', String(storefrontPort), '--strictPort'],
    settings.storefront,
  );
  const admin = run(
    'admin',
    'admin',
    [viteOf('admin'), 'dev', '--port', String(adminPort), '--strictPort'],
    settings.admin,
  );
  const up = await Promise.all([
    answering(storefront, `http://localhost:${storefrontPort}/`),
    answering(admin, `http://localhost:${adminPort}/sign-in`),
  ]);
  if (up.every(Boolean) && !stopping) {
    const adminUrl = settings.adminUrl.replace(/\/$/, '');
    process.stdout.write(
      [
        '',
        'Access Plus is running on this machine:',
        `  Storefronts   ${settings.storefrontUrl.replace('{slug}', 'addis-cultural-center')}  (any <organizer-slug>.${settings.storefront.STOREFRONT_BASE_DOMAIN}; http://localhost:${storefrontPort} lists them)`,
        `  Admin         ${adminUrl}`,
        `  API           ${settings.apiUrl}/v1/public/events   reference: ${settings.apiUrl}/docs`,
        process.env.SMTP_URL || process.env.NODE_ENV === 'production'
          ? null
          : `  Mailbox       ${adminUrl}/dev/mailbox  (every email, kept here)`,
        'Press Ctrl+C to stop.',
        '',
      ]
        .filter((line) => line !== null)
        .join('\n'),
    );
  }
}
