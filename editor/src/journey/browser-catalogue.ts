import { controlNodes, createCatalogue, defineNode, type AnyNodeSpec, type Catalogue, type NodeDescriptor } from '@trellis/journey';
import { z } from 'zod';

/**
 * The compiler's catalogue in the browser. Control nodes (triggers, waits, branches, exit) are the
 * journey core's own specs, since the interpreter gives them meaning; every other node — built-in
 * actions and custom nodes alike — is known only from the API's descriptor, its config checked
 * against the descriptor's JSON Schema. The API compiles again on save and publish with the real
 * specs, so a check JSON Schema cannot express (a zod refinement) still surfaces from there.
 */
export function browserCatalogue(descriptors: readonly NodeDescriptor[]): Catalogue {
  const control = new Map<string, AnyNodeSpec>(controlNodes.map((spec) => [spec.type, spec]));
  const specs = descriptors.map((descriptor) => control.get(descriptor.type) ?? specFromDescriptor(descriptor));
  for (const [type, spec] of control) if (!descriptors.some((descriptor) => descriptor.type === type)) specs.push(spec);
  return createCatalogue(specs);
}

function specFromDescriptor(descriptor: NodeDescriptor): AnyNodeSpec {
  return defineNode({
    type: descriptor.type,
    category: descriptor.category,
    title: descriptor.title,
    description: descriptor.description,
    icon: descriptor.icon,
    ports: descriptor.ports,
    config: configSchemaOf(descriptor.configSchema),
  });
}

function configSchemaOf(jsonSchema: Record<string, unknown>): z.ZodType<Record<string, unknown>> {
  try {
    return z.fromJSONSchema(jsonSchema as Parameters<typeof z.fromJSONSchema>[0]) as z.ZodType<Record<string, unknown>>;
  } catch {
    // A schema zod cannot read back is left to the API's checks rather than blocking the editor.
    return z.record(z.string(), z.unknown());
  }
}
