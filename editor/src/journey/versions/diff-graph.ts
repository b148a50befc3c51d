import { diffJourneys, type JourneyDefinition, type JourneyDiff } from '@trellis/journey';
import type { NodeAnnotation } from '../to-flow';

/**
 * One graph showing both sides of a diff: the newer version's nodes and edges, plus what the older
 * one had and the newer lost (drawn where it was), each node marked added, removed or changed.
 */
export function diffGraph(before: JourneyDefinition, after: JourneyDefinition): { definition: JourneyDefinition; annotations: Map<string, NodeAnnotation>; diff: JourneyDiff } {
  const diff = diffJourneys(before, after);
  const removed = new Set(diff.removed);
  const afterEdges = new Set(after.edges.map((edge) => `${edge.from}:${edge.port}->${edge.to}`));
  const definition: JourneyDefinition = {
    ...after,
    nodes: [...after.nodes, ...before.nodes.filter((node) => removed.has(node.id))],
    edges: [...after.edges, ...before.edges.filter((edge) => !afterEdges.has(`${edge.from}:${edge.port}->${edge.to}`))],
  };
  const annotations = new Map<string, NodeAnnotation>();
  for (const id of diff.added) annotations.set(id, { diff: 'added' });
  for (const id of diff.removed) annotations.set(id, { diff: 'removed' });
  for (const node of diff.changed) annotations.set(node.id, { diff: 'changed' });
  return { definition, annotations, diff };
}
