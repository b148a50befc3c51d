import { Catalogue, createCatalogue, runtimeControlNodes } from '@trellis/journey';
import { actionTagNode } from './actions/action-tag.node';
import { AnyActionNodeSpec } from './define-action-node';

export * from './actions/action-tag.node';
export * from './define-action-node';

export const builtinActionNodes: readonly AnyActionNodeSpec[] = [actionTagNode];

/** The catalogue the API and worker use: runnable control nodes plus the given action nodes. */
export function createNodeCatalogue(actions: readonly AnyActionNodeSpec[] = builtinActionNodes): Catalogue & {
  action(type: string): AnyActionNodeSpec | undefined;
} {
  const catalogue = createCatalogue([...runtimeControlNodes, ...actions]);
  const byType = new Map(actions.map((spec) => [spec.type, spec]));
  return { ...catalogue, action: (type) => byType.get(type) };
}
