import { AnyNodeSpec, Catalogue, controlNodes, createCatalogue, runtimeControlNodes } from '@trellis/journey';
import { actionTagNode } from './actions/action-tag.node';
import { AnyActionNodeSpec } from './define-action-node';

export * from './actions/action-tag.node';
export * from './define-action-node';
export * from './simulate-actions';

export const builtinActionNodes: readonly AnyActionNodeSpec[] = [actionTagNode];

export type NodeCatalogue = Catalogue & { action(type: string): AnyActionNodeSpec | undefined };

function catalogueOf(control: readonly AnyNodeSpec[], actions: readonly AnyActionNodeSpec[]): NodeCatalogue {
  const catalogue = createCatalogue([...control, ...actions]);
  const byType = new Map(actions.map((spec) => [spec.type, spec]));
  return { ...catalogue, action: (type) => byType.get(type) };
}

/** The catalogue the API and worker use: the control nodes the runtime can drive, and the actions. */
export function createNodeCatalogue(actions: readonly AnyActionNodeSpec[] = builtinActionNodes): NodeCatalogue {
  return catalogueOf(runtimeControlNodes, actions);
}

/** Every node the journey language defines, for the simulator and the CLI. */
export function createFullCatalogue(actions: readonly AnyActionNodeSpec[] = builtinActionNodes): NodeCatalogue {
  return catalogueOf(controlNodes, actions);
}
