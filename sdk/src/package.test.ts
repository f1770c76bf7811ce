import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as an integrator gets it: `pnpm pack` builds it to JavaScript with declarations, and a
 * fresh folder with only the tarball's files (and its dependencies) imports it with plain `node`
 * and compiles a TypeScript file against its types.
 */
const sdkDir = join(import.meta.dirname, '..');
let scratch = '';
let consumer = '';

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'accessplus-sdk-pack-'));
  execFileSync('pnpm', ['pack', '--pack-destination', scratch], { cwd: sdkDir, stdio: 'pipe' });
  const tarball = readdirSync(scratch).find((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error('pnpm pack made no tarball');
  execFileSync('tar', ['-xzf', join(scratch, tarball), '-C', scratch]);
  consumer = join(scratch, 'consumer');
  const installed = join(consumer, 'node_modules', '@accessplus', 'sdk');
  mkdirSync(dirname(installed), { recursive: true });
  cpSync(join(scratch, 'package'), installed, { recursive: true });
  // Its dependencies as the registry would give them: the same packages this workspace installed.
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    const target = join(consumer, 'node_modules', dependency);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(realpathSync(join(sdkDir, 'node_modules', dependency)), target);
  }
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'crm-sync', type: 'module', private: true }));
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packed SDK', () => {
  it('holds built JavaScript and declarations, not the TypeScript sources', () => {
    const files = readdirSync(join(scratch, 'package', 'dist'));
    expect(files).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'schema.d.ts', 'retry.js']));
    expect(files.filter((file) => file.endsWith('.test.js') || file.endsWith('.test.d.ts'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(scratch, 'package', 'package.json'), 'utf8'));
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
  });

  it('is imported by plain node in a fresh folder and calls an API', async () => {
    const server = createServer((request, response) => {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data: [{ id: 'festival', auth: request.headers.authorization ?? null }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      writeFileSync(
        join(consumer, 'call.mjs'),
        `import { createAccessPlusClient, verifyWebhook } from '@accessplus/sdk';
const client = createAccessPlusClient({ baseUrl: 'http://127.0.0.1:${port}', token: 'apk_example' });
const categories = await client.listCategories();
console.log(JSON.stringify({ categories, verifies: typeof verifyWebhook }));`,
      );
      const output = await new Promise<string>((resolve, reject) => {
        import('node:child_process').then(({ execFile }) =>
          execFile(process.execPath, ['call.mjs'], { cwd: consumer }, (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
          ),
        );
      });
      expect(JSON.parse(output)).toEqual({
        categories: { data: [{ id: 'festival', auth: 'Bearer apk_example' }] },
        verifies: 'function',
      });
    } finally {
      server.close();
    }
  });

  it('types a program written against it', () => {
    writeFileSync(
      join(consumer, 'sync.ts'),
      `import { createAccessPlusClient, type Event } from '@accessplus/sdk';
const client = createAccessPlusClient({ baseUrl: 'https://api.example', token: 'apk_example' });
export async function titles(): Promise<string[]> {
  const seen: string[] = [];
  for await (const event of client.iterate('listEvents', { params: { query: { limit: 100 } } })) {
    const typed: Event = event;
    seen.push(typed.title.en ?? '');
  }
  return seen;
}
// @ts-expect-error: an event id is required
await client.getEvent({ params: { path: {} } });
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
          lib: ['ES2023', 'DOM'],
        },
        include: ['sync.ts'],
      }),
    );
    const tsc = join(sdkDir, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', join(consumer, 'tsconfig.json')], { cwd: consumer, stdio: 'pipe' });
  }, 120_000);
});
