import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PackedSdk, packSdk } from './testing/packed-sdk.js';

/**
 * The package as an integrator gets it: `pnpm pack` builds it to JavaScript with declarations, and a
 * fresh folder with only the tarball's files (and its dependencies) imports it with plain `node`
 * and compiles a TypeScript file against its types.
 */
const sdkDir = join(import.meta.dirname, '..');
let packed: PackedSdk | undefined;
let packageDir = '';
let consumer = '';

beforeAll(async () => {
  packed = await packSdk();
  ({ packageDir, consumerDir: consumer } = packed);
}, 120_000);

afterAll(() => packed?.remove());

describe('the packed SDK', () => {
  it('holds built JavaScript and declarations, not the TypeScript sources', () => {
    const files = readdirSync(join(packageDir, 'dist'));
    expect(files).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'schema.d.ts', 'retry.js']));
    expect(files.filter((file) => file.endsWith('.test.js') || file.endsWith('.test.d.ts'))).toEqual([]);
    expect(files, 'the packing helper of the tests stays out of the package').not.toContain('testing');
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
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
