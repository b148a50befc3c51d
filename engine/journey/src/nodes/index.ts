import { exitNode } from './exit.node';
import { triggerEventNode } from './trigger-event.node';
import { waitDelayNode } from './wait-delay.node';

export * from './exit.node';
export * from './trigger-event.node';
export * from './wait-delay.node';

/** Control-flow nodes: their semantics live in the interpreter, so they live here too. */
export const controlNodes = [triggerEventNode, waitDelayNode, exitNode] as const;
