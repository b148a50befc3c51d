import { BranchSplitConfig } from '../nodes/branch-split.node';
import { Plan } from '../plan';
import { ArmCount, experimentResult, ExperimentResult } from './experiment';
import { convertBucketValue, StatCounts } from './stat-counts';

export interface NodeStats {
  id: string;
  /** The node's type in the plan read; null for a node only an older version had. */
  type: string | null;
  entered: number;
  /** Enrolments that reached it (first visits). */
  reached: number;
  /** There now: entered and not yet left, over all time. */
  waiting: number;
  /** Departures per output port, every port of the plan listed. */
  ports: Record<string, number>;
  exited: number;
  errors: number;
}

export interface JourneyStats {
  journey: {
    enrolled: number;
    /** In the journey now, over all time: enrolled and not yet exited. */
    active: number;
    exitedByReason: Record<string, number>;
    goals: number;
    /** goals / enrolled in the period; null before anyone enrolled. */
    conversionRate: number | null;
    /** Time from entering to converting, in ms: the period’s median and 90th percentile (nearest rank, within 2.5%: see `StatCounts.convertAfter`); null without any. */
    timeToConvert: { median: number; p90: number; conversions: number } | null;
  };
  nodes: NodeStats[];
  experiments: { nodeId: string; experimentId: string; result: ExperimentResult }[];
}

/**
 * A journey's statistics from its counts: `period` for the date range asked for, `allTime` for
 * what is true now (who is active, who waits where). `plan` is the version read (the newest when
 * versions are summed): it gives the nodes their order, types, ports and split arms.
 */
export function journeyStats(plan: Plan, period: StatCounts, allTime: StatCounts): JourneyStats {
  const ids = [...Object.keys(plan.nodes), ...Object.keys(period.nodes).filter((id) => !plan.nodes[id]).sort()];
  const nodes = ids.map((id): NodeStats => {
    const counted = period.nodes[id] ?? {};
    const now = allTime.nodes[id] ?? {};
    const ports = Object.fromEntries(Object.keys(plan.nodes[id]?.next ?? {}).map((port) => [port, 0]));
    return {
      id,
      type: plan.nodes[id]?.type ?? null,
      entered: counted.entered ?? 0,
      reached: counted.reached ?? 0,
      waiting: Math.max(0, (now.entered ?? 0) - (now.left ?? 0)),
      ports: { ...ports, ...counted.ports },
      exited: counted.exited ?? 0,
      errors: counted.errors ?? 0,
    };
  });
  const experiments = Object.values(plan.nodes)
    .filter((node) => node.type === 'branch.split')
    .map((node) => {
      const config = node.config as BranchSplitConfig;
      const counted = period.arms[node.id] ?? {};
      const arms: ArmCount[] = config.arms.map((arm) => ({ id: arm.id, holdout: arm.holdout, contacts: counted[arm.id]?.contacts ?? 0, conversions: counted[arm.id]?.conversions ?? 0 }));
      return { nodeId: node.id, experimentId: config.experimentId, result: experimentResult(arms) };
    });
  const exitedAllTime = Object.values(allTime.exits).reduce((sum, count) => sum + count, 0);
  return {
    journey: {
      enrolled: period.enrolled,
      active: Math.max(0, allTime.enrolled - exitedAllTime),
      exitedByReason: { ...period.exits },
      goals: period.goals,
      conversionRate: period.enrolled ? period.goals / period.enrolled : null,
      timeToConvert: timeToConvert(period.convertAfter),
    },
    nodes,
    experiments,
  };
}

/** The median and 90th percentile of a conversion-time histogram, by nearest rank. */
function timeToConvert(histogram: Record<string, number>): JourneyStats['journey']['timeToConvert'] {
  const buckets = Object.entries(histogram).map(([bucket, count]) => [Number(bucket), count] as const).sort((a, b) => a[0] - b[0]);
  const conversions = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (!conversions) return null;
  const quantile = (q: number) => {
    const rank = Math.max(1, Math.ceil(q * conversions));
    let seen = 0;
    for (const [bucket, count] of buckets) if ((seen += count) >= rank) return convertBucketValue(bucket);
    return convertBucketValue(buckets.at(-1)![0]);
  };
  return { median: quantile(0.5), p90: quantile(0.9), conversions };
}

/** One step of a funnel: reaching a node, leaving one by a port (an awaited event arriving, say), or the goal. */
export type FunnelStep = { node: string } | { node: string; port: string } | { goal: true };

export interface FunnelRow {
  step: FunnelStep;
  count: number;
  /** The previous step's count minus this one's (0 for the first). */
  dropOff: number;
  /** count / the previous step's count (1 for the first); null when the previous step had none. */
  fromPrevious: number | null;
  /** count / the first step's count; null when the first had none. */
  fromFirst: number | null;
}

/**
 * A funnel over the period's counts: enrolments that reached each step, in the order given, and
 * how many were lost between steps. A node counts first visits; a port counts departures through
 * it (a `wait.event`'s event port is "the event arrived"); the goal counts conversions.
 */
export function journeyFunnel(steps: readonly FunnelStep[], counts: StatCounts): FunnelRow[] {
  const countOf = (step: FunnelStep): number => {
    if ('goal' in step) return counts.goals;
    if ('port' in step) return counts.nodes[step.node]?.ports?.[step.port] ?? 0;
    return counts.nodes[step.node]?.reached ?? 0;
  };
  const rows: FunnelRow[] = [];
  for (const step of steps) {
    const count = countOf(step);
    const previous = rows.at(-1)?.count;
    const first = rows[0]?.count ?? count;
    rows.push({
      step,
      count,
      dropOff: previous === undefined ? 0 : previous - count,
      fromPrevious: previous === undefined ? 1 : previous ? count / previous : null,
      fromFirst: first ? count / first : null,
    });
  }
  return rows;
}
