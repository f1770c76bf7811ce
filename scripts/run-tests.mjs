// Runs every package's Vitest suite and checks each one's JSON report, because Vitest can exit
// 0 when its global setup fails ("No test files found, exiting with code 1"). A package passes
// only with a report, at least one test and no failure. Ends with one plain summary line.
//
// The suites run in two lanes side by side: the API's tests spend much of their time waiting on
// PostgreSQL, and the browser suites on their servers and Chromium, so together they take little
// more than the longer lane alone. Each line of output names its package.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const lanes = [
  ['@accessplus/api', '@accessplus/sdk', '@accessplus/themes', '@accessplus/i18n'],
  ['@accessplus/storefront', '@accessplus/admin'],
];
const scratch = mkdtempSync(path.join(tmpdir(), 'accessplus-tests-'));
let passed = 0;
let failed = 0;
const problems = [];

/** Runs one package's suite, each line of its output prefixed with the package's short name. */
function runSuite(name, report) {
  const label = `[${name.replace('@accessplus/', '')}]`;
  const child = spawn(
    'pnpm',
    ['--filter', name, 'exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    createInterface({ input: stream }).on('line', (line) => out.write(`${label} ${line}\n`));
  }
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

async function runLane(names) {
  for (const name of names) {
    const report = path.join(scratch, `${name.replace(/\W+/g, '-')}.json`);
    const status = await runSuite(name, report);
    let results = null;
    try {
      results = JSON.parse(readFileSync(report, 'utf8'));
    } catch {
      problems.push(`${name}: no test report (exit code ${status}); its suite did not run`);
      failed += 1;
      continue;
    }
    passed += results.numPassedTests;
    failed += results.numFailedTests;
    const broken = status !== 0 || !results.success || results.numTotalTests === 0;
    if (broken) {
      problems.push(`${name}: the suite failed or ran no test (exit code ${status}, ${results.numTotalTests} tests)`);
      // A suite that broke outside any test still counts as a failure in the summary line.
      if (results.numFailedTests === 0) failed += 1;
    }
  }
}

await Promise.all(lanes.map(runLane));
rmSync(scratch, { recursive: true, force: true });

for (const problem of problems) console.error(problem);
console.log(`${passed} passed, ${failed} failed`);
process.exit(problems.length > 0 || failed > 0 ? 1 : 0);
