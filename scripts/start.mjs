// `pnpm start`: the whole product on this machine. The API first (embedded PostgreSQL unless
// DATABASE_URL is set, demo organizers seeded), then the storefront and the admin against it.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const apiPort = Number(process.env.PORT ?? 3000);
const storefrontPort = Number(process.env.STOREFRONT_PORT ?? 5173);
const adminPort = Number(process.env.ADMIN_PORT ?? 5174);
const apiUrl = `http://127.0.0.1:${apiPort}`;
const children = [];
let stopping = false;

function run(name, args, env = {}, onLine = () => {}) {
  const child = spawn('pnpm', args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      process.stdout.write(`${name.padEnd(10)} | ${line}\n`);
      onLine(line);
    });
  }
  child.on('exit', (code) => {
    if (!stopping) {
      process.stdout.write(`${name} stopped (exit code ${code}); stopping the rest.\n`);
      stop(code ?? 1);
    }
  });
  return child;
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(
    children.map(
      (child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve))),
    ),
  ).then(() => process.exit(code));
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

let uiStarted = false;
run(
  'api',
  ['--filter', '@accessplus/api', 'start'],
  { PORT: String(apiPort), ADMIN_URL: `http://localhost:${adminPort}` },
  (line) => {
    if (uiStarted || !line.includes('Access Plus API is running')) return;
    uiStarted = true;
    run(
      'storefront',
      ['--filter', '@accessplus/storefront', 'exec', 'vite', 'dev', '--port', String(storefrontPort), '--strictPort'],
      {
        API_URL: apiUrl,
      },
    );
    run(
      'admin',
      ['--filter', '@accessplus/admin', 'exec', 'vite', 'dev', '--port', String(adminPort), '--strictPort'],
      {
        API_URL: apiUrl,
      },
    );
    setTimeout(() => {
      process.stdout.write(
        [
          '',
          'Access Plus is running on this machine:',
          `  Storefronts   http://addis-cultural-center.localhost:${storefrontPort}  (any <organizer-slug>.localhost)`,
          `  Admin         http://localhost:${adminPort}`,
          `  API           ${apiUrl}/v1/public/events   reference: ${apiUrl}/docs`,
          process.env.SMTP_URL || process.env.NODE_ENV === 'production'
            ? null
            : `  Mailbox       http://localhost:${adminPort}/dev/mailbox  (every email, kept here)`,
          'Press Ctrl+C to stop.',
          '',
        ]
          .filter((line) => line !== null)
          .join('\n'),
      );
    }, 3000);
  },
);
