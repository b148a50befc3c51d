import { z } from 'zod';
import { AnyNodeSpec, NodeCategory } from './node-definition';
import { PortDeclaration } from './ports';
import { journeySettings } from './settings';

export interface Catalogue {
  get(type: string): AnyNodeSpec | undefined;
  list(): readonly AnyNodeSpec[];
}

export function createCatalogue(specs: readonly AnyNodeSpec[]): Catalogue {
  const byType = new Map<string, AnyNodeSpec>();
  for (const spec of specs) {
    if (byType.has(spec.type)) throw new Error(`node type "${spec.type}" is defined twice`);
    byType.set(spec.type, spec);
  }
  return { get: (type) => byType.get(type), list: () => [...byType.values()] };
}

/** The wire form of a node type: what the editor's palette and inspector are built from. */
export interface NodeDescriptor {
  type: string;
  category: NodeCategory;
  title: string;
  description: string;
  icon: string;
  /** Evaluate with `portsOf(ports, config)`: some nodes' ports follow their config. */
  ports: PortDeclaration;
  configSchema: Record<string, unknown>;
}

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** The JSON Schema of journey-level settings, for the editor's settings form. */
export function journeySettingsJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(journeySettings);
}

export function describeNode(spec: AnyNodeSpec): NodeDescriptor {
  return {
    type: spec.type,
    category: spec.category,
    title: spec.title,
    description: spec.description,
    icon: spec.icon,
    ports: spec.ports,
    configSchema: jsonSchemaOf(spec.config),
  };
}
