/**
 * Each case pairs the work we care about with a baseline doing the unavoidable part of it in the
 * same run, so the printed ratio says what our layer costs, whatever the machine's speed.
 * - micro: sub-millisecond work, sampled many times by tinybench;
 * - throughput: one big workload timed end to end a few times; `run` returns the units it
 *   processed (contacts, steps), reported per second; `report` adds figures gathered meanwhile
 *   (latency percentiles);
 * - measure: a quantity that is not a time (memory, storage), recorded as it is.
 */
export type BenchCase =
  | { kind: 'micro'; name: string; subject: MicroTask; baseline: MicroTask }
  | { kind: 'throughput'; name: string; repeat: number; subject: ThroughputTask; baseline: ThroughputTask; report?: () => Record<string, number> }
  | { kind: 'measure'; name: string; run: () => Promise<Record<string, number>> };

export interface MicroTask {
  name: string;
  run: () => void;
}

export interface ThroughputTask {
  name: string;
  run: () => Promise<Record<string, number>>;
}

/** Cases that share servers: `setup` starts them once before the first selected case, `teardown` stops them. */
export interface BenchGroup {
  name: string;
  cases: BenchCase[];
  setup?: () => Promise<void>;
  teardown?: () => Promise<void>;
}
