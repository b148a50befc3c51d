import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { BenchCase, BenchGroup, MicroTask, ThroughputTask } from '../bench/bench-case';
import { broadcastGroup } from '../bench/broadcast.bench';
import { editorGroup } from '../bench/editor.bench';
import { importGroup } from '../bench/import.bench';
import { ingestGroup } from '../bench/ingest.bench';
import { segmentGroup } from '../bench/segment.bench';
import { sendGroup } from '../bench/send.bench';
import { statsGroup } from '../bench/stats.bench';
import { journeyCoreCases } from '../bench/journey-core.bench';
import { runtimeGroup } from '../bench/runtime.bench';
import { simulationCases } from '../bench/simulation.bench';
import { buildEngine } from '../lib/build';
import { repoRoot } from '../lib/paths';

interface Measured {
  name: string;
  medianMs: number;
  /** Units processed per second (ops for micro cases; contacts, steps… for throughput cases). */
  perSecond: Record<string, number>;
  samples: number;
}

interface CaseResult {
  case: string;
  subject?: Measured;
  baseline?: Measured;
  ratio?: number;
  /** Subject time now / subject time in the previous recorded run (above 1 = slower). */
  vsPrevious?: number;
  /** Figures that are not times: latency percentiles, memory, storage. */
  figures?: Record<string, number>;
}

const historyFile = join(repoRoot, 'bench', 'history.jsonl');

async function micro(subject: MicroTask, baseline: MicroTask): Promise<[Measured, Measured]> {
  const bench = new Bench({ time: 1500, warmupTime: 300 });
  bench.add(subject.name, subject.run).add(baseline.name, baseline.run);
  await bench.run();
  const [a, b] = bench.tasks.map((task): Measured => {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`${task.name} did not complete (${result.state})`);
    return { name: task.name, medianMs: result.latency.p50 ?? result.latency.mean, perSecond: { ops: result.throughput.mean }, samples: result.latency.samplesCount };
  });
  return [a!, b!];
}

async function timed(task: ThroughputTask, repeat: number): Promise<Measured> {
  const runs: { ms: number; units: Record<string, number> }[] = [];
  for (let index = 0; index < repeat; index++) {
    const started = performance.now();
    const units = await task.run();
    runs.push({ ms: performance.now() - started, units });
  }
  const median = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;
  const perSecond = Object.fromEntries(Object.entries(median.units).map(([unit, count]) => [unit, count / (median.ms / 1000)]));
  return { name: task.name, medianMs: median.ms, perSecond, samples: runs.length };
}

function previousRun(): Map<string, number> {
  if (!existsSync(historyFile)) return new Map();
  const lines = readFileSync(historyFile, 'utf8').trim().split('\n').filter(Boolean);
  const runs = lines.map((line) => JSON.parse(line) as { results: { case: string; subject?: { medianMs: number } }[] });
  // The latest recorded time of each case: a run filtered to some cases leaves the others' as they were.
  const latest = new Map<string, number>();
  for (const run of runs) for (const result of run.results) if (result.subject) latest.set(result.case, result.subject.medianMs);
  return latest;
}

function rates(measured: Measured): string {
  return Object.entries(measured.perSecond)
    .map(([unit, value]) => `${Math.round(value).toLocaleString('en')} ${unit}/s`)
    .join(', ');
}

function figures(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([name, value]) => `\n  ${name.padEnd(44)} ${Number.isInteger(value) ? value.toLocaleString('en') : value.toFixed(1)}`)
    .join('');
}

async function measure(benchCase: BenchCase, before: number | undefined): Promise<CaseResult> {
  if (benchCase.kind === 'measure') {
    const values = await benchCase.run();
    console.log(`${benchCase.name}${figures(values)}\n`);
    return { case: benchCase.name, figures: values };
  }
  const [subject, baseline] =
    benchCase.kind === 'micro'
      ? await micro(benchCase.subject, benchCase.baseline)
      : [await timed(benchCase.subject, benchCase.repeat), await timed(benchCase.baseline, benchCase.repeat)];
  const extra = benchCase.kind === 'throughput' ? benchCase.report?.() : undefined;
  const result: CaseResult = {
    case: benchCase.name,
    subject,
    baseline,
    ratio: Number((subject.medianMs / baseline.medianMs).toFixed(2)),
    ...(before ? { vsPrevious: Number((subject.medianMs / before).toFixed(2)) } : {}),
    ...(extra ? { figures: extra } : {}),
  };
  console.log(
    `${benchCase.name}\n  ${subject.name.padEnd(30)} ${subject.medianMs.toFixed(4)} ms median (${rates(subject)})` +
      `\n  ${baseline.name.padEnd(30)} ${baseline.medianMs.toFixed(4)} ms median (${rates(baseline)})` +
      `\n  ratio ${result.ratio!.toFixed(2)}× baseline; ${result.vsPrevious ? `${result.vsPrevious.toFixed(2)}× the previous run` : 'no previous run recorded'}` +
      `${extra ? figures(extra) : ''}\n`,
  );
  return result;
}

/**
 * `npm run bench`: every case runs its subject and its baseline in the same process and prints
 * the ratio (subject time / baseline time), and the subject's time against the previous recorded
 * run. Results go to bench/latest.json and are appended to bench/history.jsonl with the commit.
 */
async function main(): Promise<void> {
  await buildEngine();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  const previous = previousRun();
  const results: CaseResult[] = [];
  const only = process.argv[2];
  const waiting = Number(process.env.TRELLIS_BENCH_WAITING ?? 10_000);
  const groups: BenchGroup[] = [
    { name: 'core', cases: [...journeyCoreCases(), ...simulationCases()] },
    // Three timed routing runs and the one-by-one latency run each take their own slice of the waiting contacts.
    runtimeGroup({ enrolments: 200, waiting, routed: Math.min(200, Math.floor(waiting / 4)), oneByOne: Math.min(50, Math.floor(waiting / 4)) }),
    ingestGroup({ events: 2_000 }),
    importGroup({ rows: 100_000 }),
    broadcastGroup({ contacts: Number(process.env.TRELLIS_BENCH_BROADCAST ?? 10_000) }),
    segmentGroup({ contacts: Number(process.env.TRELLIS_BENCH_SEGMENT ?? 100_000) }),
    sendGroup({ sends: Number(process.env.TRELLIS_BENCH_SENDS ?? 1_000) }),
    statsGroup({ steps: Number(process.env.TRELLIS_BENCH_STEPS ?? 1_000_000) }),
    editorGroup({ nodes: 300, baselineNodes: 10, runs: Number(process.env.TRELLIS_BENCH_EDITOR_RUNS ?? 7) }),
  ];
  for (const group of groups) {
    const selected = group.cases.filter((benchCase) => !only || benchCase.name.includes(only));
    if (!selected.length) continue;
    await group.setup?.();
    try {
      for (const benchCase of selected) results.push(await measure(benchCase, previous.get(benchCase.name)));
    } finally {
      await group.teardown?.();
    }
  }
  const record = { at: new Date().toISOString(), commit, node: process.version, cpus: cpus().length, results };
  mkdirSync(join(repoRoot, 'bench'), { recursive: true });
  // latest.json keeps every case's newest result, so a filtered run does not drop the others.
  const latestFile = join(repoRoot, 'bench', 'latest.json');
  const ran = new Set(results.map((result) => result.case));
  const kept = existsSync(latestFile) ? (JSON.parse(readFileSync(latestFile, 'utf8')) as { results: CaseResult[] }).results.filter((result) => !ran.has(result.case)) : [];
  writeFileSync(latestFile, JSON.stringify({ ...record, results: [...kept, ...results] }, null, 2) + '\n');
  appendFileSync(historyFile, JSON.stringify(record) + '\n');
  console.log('recorded in bench/latest.json and bench/history.jsonl');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
