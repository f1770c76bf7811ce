// Runs every package's Vitest suite and checks each one's JSON report, because Vitest can exit
// 0 when its global setup fails ("No test files found, exiting with code 1"). A package passes
// only with a report, at least one test and no failure. A CI log may keep only its tail, so the
// run ends by naming again every test that failed, with the first lines of why, and any error
// Vitest reported outside a test. It names too each test that passed only when tried again (the
// browser tests are, once, in CI). Then one plain summary line.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const packages = [
  '@accessplus/api',
  '@accessplus/sdk',
  '@accessplus/themes',
  '@accessplus/i18n',
  '@accessplus/storefront',
  '@accessplus/admin',
];
const scratch = mkdtempSync(path.join(tmpdir(), 'accessplus-tests-'));
const FAILURE_LINES = 12;
let passed = 0;
let failed = 0;
const problems = [];
const notes = [];

for (const name of packages) {
  const report = path.join(scratch, `${name.replace(/\W+/g, '-')}.json`);
  const run = await runTeed('pnpm', [
    '--filter',
    name,
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  let results = null;
  try {
    results = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    problems.push(`${name}: no test report (exit code ${run.status}); its suite did not run`);
    failed += 1;
    continue;
  }
  passed += results.numPassedTests;
  notes.push(...passedWhenTriedAgain(results).map((test) => `${name}: passed only when tried again: ${test}`));
  failed += results.numFailedTests;
  const broken = run.status !== 0 || !results.success || results.numTotalTests === 0;
  if (broken) {
    problems.push(`${name}: the suite failed or ran no test (exit code ${run.status}, ${results.numTotalTests} tests)`);
    problems.push(...failuresIn(results).map((line) => `  ${line}`));
    const outside = errorsOutsideTests(run.output);
    if (outside) problems.push(outside);
    // A suite that broke outside any test still counts as a failure in the summary line.
    if (results.numFailedTests === 0) failed += 1;
  }
}
rmSync(scratch, { recursive: true, force: true });

for (const note of notes) console.log(note);
for (const problem of problems) console.error(problem);
console.log(`${passed} passed, ${failed} failed`);
process.exit(problems.length > 0 || failed > 0 ? 1 : 0);

/** Runs a command with its output shown as it comes and also kept, for the summary. */
function runTeed(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['inherit', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      chunks.push(chunk);
    });
    child.on('close', (status) => resolve({ status, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** Each failed test of a Vitest JSON report, and each file that failed before its tests ran. */
function failuresIn(results) {
  const lines = [];
  for (const file of results.testResults ?? []) {
    const where = path.relative(process.cwd(), file.name);
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failedTests) {
      lines.push(`FAILED ${where} > ${test.fullName}`);
      lines.push(...firstLines(test.failureMessages?.join('\n') ?? '').map((line) => `    ${line}`));
    }
    if (failedTests.length === 0 && file.status === 'failed') {
      lines.push(`FAILED ${where}`);
      lines.push(...firstLines(file.message ?? '').map((line) => `    ${line}`));
    }
  }
  return lines;
}

/** The tests that failed and then passed when tried again (browser tests, in CI). */
function passedWhenTriedAgain(results) {
  return (results.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? [])
      .filter((test) => test.status === 'passed' && test.failureMessages?.length > 0)
      .map(
        (test) =>
          `${path.relative(process.cwd(), file.name)} > ${test.fullName}: ${firstLines(test.failureMessages[0], 1)[0]}`,
      ),
  );
}

/** The "Unhandled Errors" block of Vitest's default reporter, which its JSON report leaves out. */
function errorsOutsideTests(output) {
  const plain = stripVTControlCharacters(output);
  const start = plain.search(/⎯+ Unhandled Errors? ⎯+/);
  if (start < 0) return '';
  const block = plain.slice(start).split(/^\s*Test Files\s/m)[0];
  return firstLines(block, FAILURE_LINES * 3).join('\n');
}

function firstLines(text, count = FAILURE_LINES) {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.includes('node_modules'))
    .slice(0, count);
}
