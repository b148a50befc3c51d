import { TimelineEntry } from '../simulator/timeline';
import { countStep, emptyCounts, StatCounts } from './stat-counts';

/**
 * A simulation's timelines counted the way the runtime counts its step log, so a test run in the
 * simulator and the same contacts under Temporal can be compared number for number.
 */
export function countTimelines(timelines: Readonly<Record<string, readonly TimelineEntry[]>>): StatCounts {
  const counts = emptyCounts();
  for (const timeline of Object.values(timelines)) {
    let visits = new Map<string, number>();
    let arms: Record<string, string> = {};
    let enrolledAtMs = 0;
    for (const entry of timeline) {
      switch (entry.type) {
        case 'enrolled':
          visits = new Map();
          arms = {};
          enrolledAtMs = Date.parse(entry.at);
          break;
        case 'entered': {
          const visit = (visits.get(entry.nodeId) ?? 0) + 1;
          visits.set(entry.nodeId, visit);
          countStep(counts, { nodeId: entry.nodeId, visit, kind: 'entered', ...(entry.from ? { from: entry.from } : {}) });
          break;
        }
        case 'arm':
          arms[entry.nodeId] = entry.arm;
          countStep(counts, { nodeId: entry.nodeId, visit: visits.get(entry.nodeId) ?? 1, kind: 'completed', output: { experimentId: entry.experimentId, arm: entry.arm, holdout: entry.holdout } });
          break;
        case 'goal':
          countStep(counts, { nodeId: entry.nodeId, visit: visits.get(entry.nodeId) ?? 1, kind: 'converted', output: { afterMs: Date.parse(entry.at) - enrolledAtMs, arms: { ...arms } } });
          break;
        case 'exited':
          countStep(counts, { nodeId: entry.nodeId, visit: visits.get(entry.nodeId) ?? 1, kind: 'exited', output: { reason: entry.reason } });
          break;
        default:
          break;
      }
    }
  }
  return counts;
}
