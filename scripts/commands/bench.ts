import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { journeyCoreCases } from '../bench/journey-core.bench';
import { buildEngine } from '../lib/build';
import { repoRoot } from '../lib/paths';

/**
 * `npm run bench`: every case runs its subject and its baseline in the same process and prints
 * the ratio (subject time / baseline time). Results go to bench/latest.json and are appended to
 * bench/history.jsonl with the commit, so a regression shows as a ratio that grew.
 */
async function main(): Promise<void> {
  await buildEngine();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  const results = [];
  for (const benchCase of journeyCoreCases()) {
    const bench = new Bench({ time: 1500, warmupTime: 300 });
    bench.add(benchCase.subject.name, benchCase.subject.run).add(benchCase.baseline.name, benchCase.baseline.run);
    await bench.run();
    const [subject, baseline] = bench.tasks.map((task) => {
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`${benchCase.name} / ${task.name} did not complete (${result.state})`);
      return { name: task.name, medianMs: result.latency.p50 ?? result.latency.mean, opsPerSecond: result.throughput.mean, samples: result.latency.samplesCount };
    });
    if (!subject || !baseline) throw new Error(`${benchCase.name}: missing results`);
    const ratio = subject.medianMs / baseline.medianMs;
    results.push({ case: benchCase.name, subject, baseline, ratio: Number(ratio.toFixed(2)) });
    console.log(
      `${benchCase.name}\n  ${subject.name.padEnd(26)} ${subject.medianMs.toFixed(4)} ms median (${Math.round(subject.opsPerSecond)} ops/s)` +
        `\n  ${baseline.name.padEnd(26)} ${baseline.medianMs.toFixed(4)} ms median (${Math.round(baseline.opsPerSecond)} ops/s)` +
        `\n  ratio ${ratio.toFixed(2)}×\n`,
    );
  }
  const record = { at: new Date().toISOString(), commit, node: process.version, cpus: cpus().length, results };
  mkdirSync(join(repoRoot, 'bench'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench', 'latest.json'), JSON.stringify(record, null, 2) + '\n');
  appendFileSync(join(repoRoot, 'bench', 'history.jsonl'), JSON.stringify(record) + '\n');
  console.log('recorded in bench/latest.json and bench/history.jsonl');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
