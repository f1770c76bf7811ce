// Runs every package's Vitest suite and checks each one's JSON report, because Vitest can exit
// 0 when its global setup fails ("No test files found, exiting with code 1"). A package passes
// only with a report, at least one test and no failure. Ends with one plain summary line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const packages = [
  '@accessplus/api',
  '@accessplus/sdk',
  '@accessplus/themes',
  '@accessplus/i18n',
  '@accessplus/storefront',
  '@accessplus/admin',
];
const scratch = mkdtempSync(path.join(tmpdir(), 'accessplus-tests-'));
let passed = 0;
let failed = 0;
const problems = [];

for (const name of packages) {
  const report = path.join(scratch, `${name.replace(/\W+/g, '-')}.json`);
  const run = spawnSync(
    'pnpm',
    ['--filter', name, 'exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { stdio: 'inherit' },
  );
  let results = null;
  try {
    results = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    problems.push(`${name}: no test report (exit code ${run.status}); its suite did not run`);
    failed += 1;
    continue;
  }
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  const broken = run.status !== 0 || !results.success || results.numTotalTests === 0;
  if (broken) {
    problems.push(`${name}: the suite failed or ran no test (exit code ${run.status}, ${results.numTotalTests} tests)`);
    // A suite that broke outside any test still counts as a failure in the summary line.
    if (results.numFailedTests === 0) failed += 1;
  }
}
rmSync(scratch, { recursive: true, force: true });

for (const problem of problems) console.error(problem);
console.log(`${passed} passed, ${failed} failed`);
process.exit(problems.length > 0 || failed > 0 ? 1 : 0);
