import { exitNode } from './exit.node';
import { triggerEventNode } from './trigger-event.node';
import { waitDelayNode } from './wait-delay.node';
import { waitEventNode } from './wait-event.node';
import { waitUntilNode } from './wait-until.node';

export * from './exit.node';
export * from './trigger-event.node';
export * from './wait-delay.node';
export * from './wait-event.node';
export * from './wait-until.node';

/** Control-flow nodes: their semantics live in the interpreter, so they live here too. */
export const controlNodes = [triggerEventNode, waitDelayNode, waitUntilNode, waitEventNode, exitNode] as const;

/**
 * The control nodes the Temporal driver can run today. `wait.until` needs the contact's time
 * zone, which the runtime loads once contacts carry one (issues 5 and 6), and `wait.event` needs
 * the API to signal running enrolments (issue 5); until then the API refuses to publish them
 * rather than running them wrongly.
 */
export const runtimeControlNodes = [triggerEventNode, waitDelayNode, exitNode] as const;
