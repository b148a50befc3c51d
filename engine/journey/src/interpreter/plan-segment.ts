import type { Plan, PlanNode } from '../plan';

/** Enough for any branchy stretch between two waits, small enough to keep a history short. */
export const defaultSegmentLimit = 64;

/**
 * The nodes a contact at `from` can reach before it next waits: `from`, then every node after it,
 * up to and including the waits where those paths stop (a wait's own successors are left for
 * when the contact wakes there). A driver that loads plans by segment holds only the stretches
 * its contact has reached, not the whole plan. At most `limit` nodes, nearest first.
 */
export function planSegment(plan: Pick<Plan, 'nodes'>, from: string, limit = defaultSegmentLimit): Record<string, PlanNode> {
  const segment: Record<string, PlanNode> = {};
  const queue = [from];
  let count = 0;
  for (let index = 0; index < queue.length && count < limit; index++) {
    const node = plan.nodes[queue[index]!];
    if (!node || node.id in segment) continue;
    segment[node.id] = node;
    count++;
    if (node.category === 'wait' && node.id !== from) continue;
    for (const next of Object.values(node.next)) if (!(next in segment)) queue.push(next);
  }
  return segment;
}
