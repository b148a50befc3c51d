import { MarkerType, type Edge, type Node } from '@xyflow/react';
import { edgeKey } from './draft-store';
import { portsOf, type JourneyDefinition, type NodeCategory, type NodeDescriptor } from '@trellis/journey';

/** What the editor shows on a node beyond its config: problems, test-run path, diff state. */
export interface NodeAnnotation {
  problems?: readonly string[];
  /** The test run passed through this node; `current` is where the replay stands. */
  visited?: boolean;
  current?: boolean;
  diff?: 'added' | 'removed' | 'changed';
}

export interface JourneyNodeData extends Record<string, unknown>, NodeAnnotation {
  type: string;
  title: string;
  category: NodeCategory | 'unknown';
  summary: string;
  ports: readonly string[];
}

export type JourneyFlowNode = Node<JourneyNodeData, 'journey'>;

/** A list item in a node summary: branches and arms by their id (with a split's share), the rest as JSON. */
function summariseItem(item: unknown): string {
  if (item === null || typeof item !== 'object') return String(item);
  const { id, weight, holdout } = item as { id?: unknown; weight?: unknown; holdout?: unknown };
  if (typeof id !== 'string') return JSON.stringify(item);
  return `${id}${typeof weight === 'number' ? ` ${weight}%` : ''}${holdout === true ? ' (holdout)' : ''}`;
}

/** The config in a line, leaving out what is left at its default (it says nothing about this node). */
/** A flat object as `start 10:00, end 20:00`; nested ones (rules) as JSON, which is rare in a summary. */
function summariseObject(value: Record<string, unknown>): string {
  const entries = Object.entries(value);
  return entries.every(([, inner]) => inner === null || typeof inner !== 'object') ? entries.map(([key, inner]) => `${key} ${String(inner)}`).join(', ') : JSON.stringify(value);
}

function summarise(config: Record<string, unknown>, schema: Record<string, unknown> | undefined): string {
  const defaults = (schema?.properties ?? {}) as Record<string, { default?: unknown }>;
  return Object.entries(config)
    .filter(([key, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0) && JSON.stringify(value) !== JSON.stringify(defaults[key]?.default))
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.map(summariseItem).join(', ') : value !== null && typeof value === 'object' ? summariseObject(value as Record<string, unknown>) : String(value)}`)
    .join(' · ');
}

/** Journey definition → React Flow graph. Pure, so it is unit-tested without a browser. */
export function toFlow(
  definition: JourneyDefinition,
  catalogue: readonly NodeDescriptor[],
  annotations: ReadonlyMap<string, NodeAnnotation> = new Map(),
): { nodes: JourneyFlowNode[]; edges: Edge[] } {
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
        summary: summarise(node.config, descriptor?.configSchema),
        ports: descriptor ? portsOf(descriptor.ports, node.config) : [...new Set(definition.edges.filter((edge) => edge.from === node.id).map((edge) => edge.port))],
        ...annotations.get(node.id),
      },
    };
  });
  const edges: Edge[] = definition.edges.map((edge) => ({
    id: edgeKey(edge),
    source: edge.from,
    sourceHandle: edge.port,
    target: edge.to,
    label: edge.port === 'next' ? undefined : edge.port,
    markerEnd: { type: MarkerType.ArrowClosed },
  }));
  return { nodes, edges };
}
