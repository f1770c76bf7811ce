// Fails when a generated file of the SDK is not what its generator makes of openapi/openapi.json now:
// src/schema.d.ts (openapi-typescript) and src/operations.ts (scripts/generate-operations.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const spec = path.join(root, '..', 'openapi', 'openapi.json');
const generated = [
  {
    file: 'schema.d.ts',
    generate: (out) => [path.join(root, 'node_modules', '.bin', 'openapi-typescript'), [spec, '-o', out]],
  },
  {
    file: 'operations.ts',
    generate: (out) => [process.execPath, [path.join(root, 'scripts', 'generate-operations.mjs'), out]],
  },
];

const scratch = mkdtempSync(path.join(tmpdir(), 'accessplus-sdk-'));
try {
  for (const { file, generate } of generated) {
    const fresh = path.join(scratch, file);
    const [command, args] = generate(fresh);
    const run = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (run.status !== 0) {
      console.error(`Could not regenerate sdk/src/${file} (exit ${run.status ?? run.signal}).`);
      process.exitCode = 1;
      break;
    }
    const committed = path.join(root, 'src', file);
    if (existsSync(committed) && readFileSync(fresh, 'utf8') === readFileSync(committed, 'utf8')) {
      console.log(`sdk/src/${file} matches openapi/openapi.json.`);
    } else {
      const state = existsSync(committed) ? 'differs from openapi/openapi.json' : 'is missing';
      console.error(`sdk/src/${file} ${state}. Run \`pnpm generate\` and commit the result.`);
      process.exitCode = 1;
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
