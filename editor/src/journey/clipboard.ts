import type { JourneyDefinition, JourneyEdge, JourneyNode } from '@trellis/journey';

const storageKey = 'trellis.clipboard';

export interface Copied {
  nodes: JourneyNode[];
  edges: JourneyEdge[];
}

/** Copies the selected nodes and the edges between them; kept in localStorage so it pastes into another journey too. */
export function copyNodes(definition: JourneyDefinition, nodeIds: readonly string[]): number {
  const ids = new Set(nodeIds);
  const copied: Copied = {
    nodes: definition.nodes.filter((node) => ids.has(node.id)),
    edges: definition.edges.filter((edge) => ids.has(edge.from) && ids.has(edge.to)),
  };
  if (copied.nodes.length > 0) localStorage.setItem(storageKey, JSON.stringify(copied));
  return copied.nodes.length;
}

export function copiedNodes(): Copied | undefined {
  const stored = localStorage.getItem(storageKey);
  if (!stored) return undefined;
  try {
    const copied = JSON.parse(stored) as Copied;
    return Array.isArray(copied.nodes) && Array.isArray(copied.edges) ? copied : undefined;
  } catch {
    return undefined;
  }
}
