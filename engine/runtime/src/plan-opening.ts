import { ApplicationFailure } from '@temporalio/common';
import { Plan, planReadsContact, planSegment } from '@trellis/journey';
import { ActionExecution, AnyActionNodeSpec } from '@trellis/nodes';

/** What a run needs of its plan to act: a stretch of the plan and how its actions execute. */
export interface PlanOpening {
  /** The plan's header with the nodes a contact at one node can reach before it next waits. */
  plan: Plan;
  /** Timeouts, retries and placement of each action type in the plan, as the node catalogue declares. */
  execution: Record<string, ActionExecution>;
}

export interface ActionCatalogue {
  action(type: string): AnyActionNodeSpec | undefined;
}

export function executionOf(plan: Plan, actions: ActionCatalogue): Record<string, ActionExecution> {
  const execution: Record<string, ActionExecution> = {};
  for (const node of Object.values(plan.nodes)) {
    if (node.category !== 'action') continue;
    const spec = actions.action(node.type);
    if (!spec) throw ApplicationFailure.nonRetryable(`this worker has no action node "${node.type}"`, 'UnknownAction');
    execution[node.type] = spec.execution;
  }
  return execution;
}

/**
 * The plan as a run starting at `from` (the trigger, or the wait a continued run resumes) holds
 * it: a history carries the stretches its contact reached, not the whole plan.
 */
export function planOpening(plan: Plan, from: string, actions: ActionCatalogue): PlanOpening {
  return { plan: { ...plan, nodes: planSegment(plan, from), readsContact: planReadsContact(plan) }, execution: executionOf(plan, actions) };
}
