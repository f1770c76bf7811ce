/**
 * Writes openapi/openapi.json from the route schemas (without a database, a network listener or
 * Redis). With --check it writes nothing and fails when the committed document differs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { REPO_ROOT } from '../src/config.ts';
import { openApiDocument } from '../src/openapi.ts';

const generated = `${JSON.stringify(await openApiDocument(), null, 2)}\n`;
const target = `${REPO_ROOT}openapi/openapi.json`;
if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== generated) {
    process.stderr.write(
      'openapi/openapi.json differs from the route schemas. Run `pnpm generate` and commit the result.\n',
    );
    process.exit(1);
  }
  process.stdout.write('openapi/openapi.json matches the route schemas.\n');
} else {
  await writeFile(target, generated);
  process.stdout.write(`Wrote ${target}\n`);
}
