// Fails when src/schema.d.ts is not what openapi-typescript makes of openapi/openapi.json now.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), 'accessplus-sdk-'));
const fresh = path.join(scratch, 'schema.d.ts');
try {
  const cli = path.join(root, 'node_modules', '.bin', 'openapi-typescript');
  const run = spawnSync(cli, [path.join(root, '..', 'openapi', 'openapi.json'), '-o', fresh], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  const committed = readFileSync(path.join(root, 'src', 'schema.d.ts'), 'utf8');
  if (readFileSync(fresh, 'utf8') !== committed) {
    console.error('sdk/src/schema.d.ts differs from openapi/openapi.json. Run `pnpm generate` and commit the result.');
    process.exit(1);
  }
  console.log('sdk/src/schema.d.ts matches openapi/openapi.json.');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
