import dagre from '@dagrejs/dagre';
import type { Edge, Node } from '@xyflow/react';

export const nodeSize = { width: 240, height: 76 };

/** Top-to-bottom layered layout; returns new nodes, leaving the input untouched. */
export function layoutTopDown<T extends Node>(nodes: readonly T[], edges: readonly Edge[]): T[] {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 64 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { ...nodeSize });
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  return nodes.map((node) => {
    const { x, y } = graph.node(node.id);
    return { ...node, position: { x: x - nodeSize.width / 2, y: y - nodeSize.height / 2 } };
  });
}
