import { Catalogue } from '../catalogue';
import { compile } from '../compiler/compile';
import { JourneyDefinitionInput } from '../definition';
import { Plan } from '../plan';

/**
 * Builds journey graphs for tests: `chain('trigger.event', 'wait.delay', 'exit')` links each
 * node to the next through "next", with a valid default config for each built-in control type.
 */
export const defaultConfigs: Record<string, Record<string, unknown>> = {
  'trigger.event': { event: 'signed_up' },
  'wait.delay': { amount: 3, unit: 'days' },
  exit: {},
};

export function chain(types: readonly string[], configs: Record<string, Record<string, unknown>> = {}): JourneyDefinitionInput {
  const nodes = types.map((type, index) => ({ id: `n${index}`, type, config: configs[type] ?? defaultConfigs[type] ?? {} }));
  const edges = nodes.slice(1).map((node, index) => ({ from: `n${index}`, port: 'next', to: node.id }));
  return { name: 'test journey', nodes, edges };
}

/** Compiles a journey a test or benchmark expects to be valid, failing loudly with the errors if not. */
export function compileOrThrow(definition: unknown, catalogue: Catalogue): Plan {
  const result = compile(definition, catalogue);
  if (!result.ok) throw new Error(`journey does not compile: ${JSON.stringify(result.errors.slice(0, 5))}`);
  return result.plan;
}
