import { branchConditionNode } from './branch-condition.node';
import { branchSplitNode } from './branch-split.node';
import { exitNode } from './exit.node';
import { triggerApiNode } from './trigger-api.node';
import { triggerEventNode } from './trigger-event.node';
import { triggerMessageNode } from './trigger-message.node';
import { triggerScheduleNode } from './trigger-schedule.node';
import { triggerSegmentNode } from './trigger-segment.node';
import { waitConditionNode } from './wait-condition.node';
import { waitDelayNode } from './wait-delay.node';
import { waitEventNode } from './wait-event.node';
import { waitUntilNode } from './wait-until.node';

export * from './branch-condition.node';
export * from './branch-split.node';
export * from './exit.node';
export * from './trigger-api.node';
export * from './trigger-event.node';
export * from './trigger-message.node';
export * from './trigger-schedule.node';
export * from './trigger-segment.node';
export * from './wait-condition.node';
export * from './wait-delay.node';
export * from './wait-event.node';
export * from './wait-until.node';

/** Control-flow nodes: their semantics live in the interpreter, so they live here too. */
export const controlNodes = [
  triggerEventNode,
  triggerMessageNode,
  triggerSegmentNode,
  triggerScheduleNode,
  triggerApiNode,
  waitDelayNode,
  waitUntilNode,
  waitEventNode,
  waitConditionNode,
  branchConditionNode,
  branchSplitNode,
  exitNode,
] as const;

/**
 * The control nodes the Temporal driver runs today. The other triggers need what the rest of the
 * data-plane issue (6) brings: inbound messages and the enrolment endpoint. Until then the API
 * refuses to publish them rather than running them wrongly.
 */
const needsDataPlane = new Set<string>([triggerMessageNode.type, triggerApiNode.type]);

export const runtimeControlNodes = controlNodes.filter((spec) => !needsDataPlane.has(spec.type));
