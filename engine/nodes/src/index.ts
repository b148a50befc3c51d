import { AnyNodeSpec, Catalogue, controlNodes, createCatalogue, runtimeControlNodes } from '@trellis/journey';
import { actionEnrollNode } from './actions/action-enroll.node';
import { actionGroupNode } from './actions/action-group.node';
import { actionHandoffNode } from './actions/action-handoff.node';
import { actionMessageNode } from './actions/action-message.node';
import { actionTagNode } from './actions/action-tag.node';
import { actionUpdateNode } from './actions/action-update.node';
import { actionWebhookNode } from './actions/action-webhook.node';
import { AnyActionNodeSpec } from './define-action-node';

export * from './actions/action-enroll.node';
export * from './actions/action-group.node';
export * from './actions/action-handoff.node';
export * from './actions/action-message.node';
export * from './actions/action-tag.node';
export * from './actions/action-update.node';
export * from './actions/action-webhook.node';
export * from './custom/load-custom-nodes';
export * from './define-action-node';
export * from './define-node';
export * from './simulate-actions';
export { inMemoryServices, runActionNode, runNode } from './testing/node-harness';
export type { HttpResponder, InMemoryServices, RunNodeOptions, TestContact } from './testing/node-harness';

export const builtinActionNodes: readonly AnyActionNodeSpec[] = [
  actionMessageNode,
  actionTagNode,
  actionUpdateNode,
  actionGroupNode,
  actionWebhookNode,
  actionHandoffNode,
  actionEnrollNode,
];

/**
 * The actions the Temporal worker has services for today. Groups and journey-to-journey enrolment
 * arrive with the messaging issue (7); until then the API refuses to publish them, and the
 * simulator runs them all.
 */
export const runtimeActionNodes: readonly AnyActionNodeSpec[] = [actionMessageNode, actionTagNode, actionUpdateNode, actionWebhookNode, actionHandoffNode];

export type NodeCatalogue = Catalogue & { action(type: string): AnyActionNodeSpec | undefined };

function catalogueOf(control: readonly AnyNodeSpec[], actions: readonly AnyActionNodeSpec[]): NodeCatalogue {
  const catalogue = createCatalogue([...control, ...actions]);
  const byType = new Map(actions.map((spec) => [spec.type, spec]));
  return { ...catalogue, action: (type) => byType.get(type) };
}

/** The catalogue the API and worker use: the control nodes and actions the runtime can run. */
export function createNodeCatalogue(actions: readonly AnyActionNodeSpec[] = runtimeActionNodes): NodeCatalogue {
  return catalogueOf(runtimeControlNodes, actions);
}

/** Every node the journey language defines, for the simulator and the CLI. */
export function createFullCatalogue(actions: readonly AnyActionNodeSpec[] = builtinActionNodes): NodeCatalogue {
  return catalogueOf(controlNodes, actions);
}
