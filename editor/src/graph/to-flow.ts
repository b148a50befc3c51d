import { MarkerType, type Edge, type Node } from '@xyflow/react';
import { portsOf, type JourneyDefinition, type NodeCategory, type NodeDescriptor } from '@trellis/journey';

export interface JourneyNodeData extends Record<string, unknown> {
  type: string;
  title: string;
  category: NodeCategory | 'unknown';
  summary: string;
  ports: readonly string[];
}

export type JourneyFlowNode = Node<JourneyNodeData, 'journey'>;

function summarise(config: Record<string, unknown>): string {
  return Object.entries(config)
    .filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' · ');
}

/** Journey definition → React Flow graph. Pure, so it is unit-tested without a browser. */
export function toFlow(definition: JourneyDefinition, catalogue: readonly NodeDescriptor[]): { nodes: JourneyFlowNode[]; edges: Edge[] } {
  const byType = new Map(catalogue.map((descriptor) => [descriptor.type, descriptor]));
  const nodes: JourneyFlowNode[] = definition.nodes.map((node) => {
    const descriptor = byType.get(node.type);
    return {
      id: node.id,
      type: 'journey',
      position: node.position ?? { x: 0, y: 0 },
      data: {
        type: node.type,
        title: descriptor?.title ?? node.type,
        category: descriptor?.category ?? 'unknown',
        summary: summarise(node.config),
        ports: descriptor ? portsOf(descriptor.ports, node.config) : [...new Set(definition.edges.filter((edge) => edge.from === node.id).map((edge) => edge.port))],
      },
    };
  });
  const edges: Edge[] = definition.edges.map((edge) => ({
    id: `${edge.from}:${edge.port}->${edge.to}`,
    source: edge.from,
    sourceHandle: edge.port,
    target: edge.to,
    label: edge.port === 'next' ? undefined : edge.port,
    markerEnd: { type: MarkerType.ArrowClosed },
  }));
  return { nodes, edges };
}
