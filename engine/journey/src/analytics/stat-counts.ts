/**
 * What one enrolment's step log says, counted: the shape journey statistics are kept in. A
 * batch of steps becomes one `StatCounts`, counts of many batches add up (`addCounts`), and the
 * stats of a journey are read off the sum (`journeyStats`).
 */

/** One step of an enrolment, as the runtime logs it and the counting reads it. */
export interface CountedStep {
  nodeId: string;
  /** How many times this enrolment has entered the node, starting at 1. */
  visit: number;
  kind: 'entered' | 'completed' | 'exited' | 'converted';
  /** For `entered`: the node and port the contact came from (none for the trigger). */
  from?: { nodeId: string; port: string };
  /**
   * `completed` at a split: the arm (`{ experimentId, arm, holdout }`); `exited`: `{ reason }`
   * (`error` when the enrolment failed there); `converted`: `{ afterMs, arms }` — how long after
   * entering the contact converted, and the arm of each split they were in.
   */
  output?: Record<string, unknown>;
}

export interface NodeCounts {
  /** Entries, every visit counted. */
  entered?: number;
  /** Enrolments that entered at least once (first visits): what funnels count. */
  reached?: number;
  /** Departures: through a port, or out of the journey. `entered − left` are there now. */
  left?: number;
  /** Departures per output port. */
  ports?: Record<string, number>;
  /** Enrolments that left the journey here, for any reason. */
  exited?: number;
  /** Enrolments that failed here (an action that could not be done). */
  errors?: number;
}

/** The plain counters of a node (its ports aside). */
export const nodeCounterKeys = ['entered', 'reached', 'left', 'exited', 'errors'] as const;

export interface StatCounts {
  /** Enrolments that began (the trigger entered, from nowhere). */
  enrolled: number;
  nodes: Record<string, NodeCounts>;
  /** Enrolments that ended, by reason: `completed`, `goal`, `exitCriteria`, `holdout`, `error`, an operator's `archived`… */
  exits: Record<string, number>;
  /** Enrolments that reached the journey's goal (once each). */
  goals: number;
  /** Per split node, per arm: contacts assigned, and how many of them converted. */
  arms: Record<string, Record<string, { contacts?: number; conversions?: number }>>;
  /**
   * How long after entering conversions came, as a histogram: bucket `k` counts conversions
   * after more than 1.05^(k−1) s and at most 1.05^k s (bucket 0: within a second). A fixed
   * number of buckets (about 350 up to a year) keeps totals small however many convert, and puts
   * a quantile read off it within 2.5% of the exact one.
   */
  convertAfter: Record<string, number>;
}

/** The growth of one bucket of `convertAfter` over the last. */
export const convertBucketGrowth = 1.05;

/** The `convertAfter` bucket of a conversion this long after entering. */
export function convertBucket(afterMs: number): number {
  return afterMs <= 1000 ? 0 : Math.ceil(Math.log(afterMs / 1000) / Math.log(convertBucketGrowth));
}

/** A bucket's value when a quantile falls in it: its geometric middle, in ms. */
export function convertBucketValue(bucket: number): number {
  return bucket === 0 ? 500 : Math.round(1000 * convertBucketGrowth ** (bucket - 0.5));
}

export function emptyCounts(): StatCounts {
  return { enrolled: 0, nodes: {}, exits: {}, goals: 0, arms: {}, convertAfter: {} };
}

const bump = <K extends string>(record: Partial<Record<K, number>>, key: K, by = 1) => {
  record[key] = (record[key] ?? 0) + by;
};

function node(counts: StatCounts, nodeId: string): NodeCounts {
  return (counts.nodes[nodeId] ??= {});
}

function arm(counts: StatCounts, splitId: string, armId: string) {
  return ((counts.arms[splitId] ??= {})[armId] ??= {});
}

/** Adds one step to `counts` (in place). */
export function countStep(counts: StatCounts, step: CountedStep): void {
  const output = step.output ?? {};
  switch (step.kind) {
    case 'entered': {
      const here = node(counts, step.nodeId);
      bump(here, 'entered');
      if (step.visit === 1) bump(here, 'reached');
      if (!step.from && step.visit === 1) counts.enrolled += 1;
      if (step.from) {
        const before = node(counts, step.from.nodeId);
        bump(before, 'left');
        bump((before.ports ??= {}), step.from.port);
      }
      return;
    }
    case 'completed':
      if (typeof output.arm === 'string') bump(arm(counts, step.nodeId, output.arm), 'contacts');
      return;
    case 'exited': {
      const reason = typeof output.reason === 'string' ? output.reason : 'completed';
      const here = node(counts, step.nodeId);
      bump(here, 'exited');
      bump(here, 'left');
      if (reason === 'error') bump(here, 'errors');
      bump(counts.exits, reason);
      return;
    }
    case 'converted': {
      counts.goals += 1;
      if (typeof output.afterMs === 'number' && Number.isFinite(output.afterMs)) bump(counts.convertAfter, String(convertBucket(Math.max(0, output.afterMs))));
      const arms = output.arms && typeof output.arms === 'object' ? (output.arms as Record<string, unknown>) : {};
      for (const [splitId, armId] of Object.entries(arms)) if (typeof armId === 'string') bump(arm(counts, splitId, armId), 'conversions');
      return;
    }
  }
}

/** The counts of a batch of steps. */
export function countSteps(steps: readonly CountedStep[]): StatCounts {
  const counts = emptyCounts();
  for (const step of steps) countStep(counts, step);
  return counts;
}

/** `into` plus `more` (in place): every counter summed. */
export function addCounts(into: StatCounts, more: StatCounts): StatCounts {
  for (const [nodeId, counted] of Object.entries(more.nodes)) {
    const here = node(into, nodeId);
    for (const key of nodeCounterKeys) if (counted[key]) bump(here, key, counted[key]);
    for (const [port, count] of Object.entries(counted.ports ?? {})) bump((here.ports ??= {}), port, count);
  }
  into.enrolled += more.enrolled;
  for (const [reason, count] of Object.entries(more.exits)) bump(into.exits, reason, count);
  into.goals += more.goals;
  for (const [splitId, arms] of Object.entries(more.arms)) {
    for (const [armId, counted] of Object.entries(arms)) {
      const here = arm(into, splitId, armId);
      if (counted.contacts) bump(here, 'contacts', counted.contacts);
      if (counted.conversions) bump(here, 'conversions', counted.conversions);
    }
  }
  for (const [bucket, count] of Object.entries(more.convertAfter)) bump(into.convertAfter, bucket, count);
  return into;
}
