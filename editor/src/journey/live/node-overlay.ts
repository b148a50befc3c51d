import type { JourneyStats, NodeStats } from '@trellis/journey';

/** Departures through one output port, and that port's share of the node's departures. */
export interface PortDeparture {
  port: string;
  count: number;
  /** count / all departures of the node; null while nothing has left it. */
  share: number | null;
}

/** The journey as a whole, for the trigger's badge and the panel's totals. */
export interface JourneyOverlay {
  enrolled: number;
  /** In the journey now (over all time, whatever the period). */
  active: number;
  goals: number;
  /** goals / enrolled; null before anyone enrolled. */
  conversionRate: number | null;
}

/** What a node's badge shows. Counts are the period's, except `waiting`, which is now. */
export interface NodeOverlay {
  nodeId: string;
  /** The node's type in the version read; null for a node only an older version had. */
  type: string | null;
  entered: number;
  /** Enrolments that reached it at least once (entered counts every visit). */
  reached: number;
  /** There now: entered and not yet left. */
  waiting: number;
  exited: number;
  errors: number;
  /** All departures, through any port. */
  departures: number;
  /** In the plan's port order (a split's arms in its order). */
  ports: PortDeparture[];
  /** More than one port: the badge shows how contacts divided (branches, splits). */
  divides: boolean;
  /** On trigger nodes only: the journey's totals. */
  journey?: JourneyOverlay;
}

export function journeyOverlay(stats: Pick<JourneyStats, 'journey'>): JourneyOverlay {
  const { enrolled, active, goals, conversionRate } = stats.journey;
  return { enrolled, active, goals, conversionRate };
}

export const isTriggerType = (type: string | null): boolean => type?.startsWith('trigger.') ?? false;

export function nodeOverlay(node: NodeStats, journey?: JourneyOverlay): NodeOverlay {
  const counted = Object.entries(node.ports);
  const departures = counted.reduce((sum, [, count]) => sum + count, 0);
  return {
    nodeId: node.id,
    type: node.type,
    entered: node.entered,
    reached: node.reached,
    waiting: node.waiting,
    exited: node.exited,
    errors: node.errors,
    departures,
    ports: counted.map(([port, count]) => ({ port, count, share: departures ? count / departures : null })),
    divides: counted.length > 1,
    ...(journey && isTriggerType(node.type) ? { journey } : {}),
  };
}

/** Every node's badge, by node id; trigger nodes also carry the journey's totals. */
export function overlayFromStats(stats: Pick<JourneyStats, 'journey' | 'nodes'>): Record<string, NodeOverlay> {
  const journey = journeyOverlay(stats);
  return Object.fromEntries(stats.nodes.map((node) => [node.id, nodeOverlay(node, journey)]));
}
