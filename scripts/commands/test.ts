import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildEngine } from '../lib/build';
import { repoRoot } from '../lib/paths';
import { run } from '../lib/run';

/**
 * `npm test`: compiles the engine, then runs the unit tests and the stack tests (integration +
 * browser). The stack suite's global setup installs what it needs (cached) and starts and stops
 * its own servers.
 * `npm test -- unit` or `npm test -- stack` runs one suite; further arguments go to Jest.
 */
const suites = {
  unit: 'jest.unit.config.js',
  stack: 'jest.stack.config.js',
} as const;
type Suite = keyof typeof suites;

interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numRuntimeErrorTestSuites: number;
}

async function runSuite(suite: Suite, extraArgs: string[]): Promise<JestSummary> {
  const resultFile = join(repoRoot, 'test-output', `jest-${suite}.json`);
  rmSync(resultFile, { force: true });
  const jest = join(repoRoot, 'node_modules/jest/bin/jest.js');
  try {
    await run(process.execPath, [jest, '-c', suites[suite], '--json', '--outputFile', resultFile, ...extraArgs], { cwd: repoRoot, inherit: true });
  } catch {
    // Failures are counted from the result file below; a missing file means Jest itself failed.
  }
  try {
    return JSON.parse(readFileSync(resultFile, 'utf8')) as JestSummary;
  } catch {
    throw new Error(`jest (${suite}) did not finish; see the output above`);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const [first, ...rest] = process.argv.slice(2);
  const selected: Suite[] = first === 'unit' || first === 'stack' ? [first] : ['unit', 'stack'];
  const jestArgs = first === 'unit' || first === 'stack' ? rest : process.argv.slice(2);
  mkdirSync(join(repoRoot, 'test-output'), { recursive: true });

  console.log('[test] compiling the engine (tsc -b)…');
  await buildEngine();

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let brokenSuites = 0;
  for (const suite of selected) {
    console.log(`\n[test] ${suite} tests`);
    const summary = await runSuite(suite, jestArgs);
    passed += summary.numPassedTests;
    failed += summary.numFailedTests;
    skipped += summary.numPendingTests;
    brokenSuites += summary.numRuntimeErrorTestSuites;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (brokenSuites > 0) console.log(`[test] ${brokenSuites} test file(s) failed to run`);
  console.log(`\n[test] finished in ${seconds} s`);
  console.log(`trellis: ${passed} passed, ${failed + brokenSuites} failed, ${skipped} skipped`);
  if (failed + brokenSuites > 0 || passed === 0) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
