import { durationMs } from '../duration';
import { WaitDelayConfig } from '../nodes/wait-delay.node';
import { WaitEventConfig } from '../nodes/wait-event.node';
import { WaitUntilConfig, wakeUpAt } from '../nodes/wait-until.node';
import { Plan, PlanNode } from '../plan';
import { ContactSnapshot, evaluateRule, EventSnapshot } from '../rules/evaluate';
import { Rule } from '../rules/rule';

/** Where an enrolment is: the current node and what it is waiting for, if anything. */
export interface Cursor {
  nodeId: string;
  awaiting?: 'timer' | 'action' | 'event';
  /** For an event wait: when it times out. */
  untilMs?: number;
}

export type StepInput =
  | { type: 'enter' }
  | { type: 'timerFired' }
  | { type: 'actionCompleted'; port?: string }
  | { type: 'eventReceived'; event: EventSnapshot };

/**
 * What the driver (Temporal workflow or simulator) must do next. The interpreter decides;
 * the driver only carries out, so both drivers share one semantics.
 */
export type Command =
  | { type: 'goTo'; nodeId: string; from: string }
  | { type: 'sleep'; nodeId: string; untilMs: number }
  | { type: 'runAction'; nodeId: string; nodeType: string; config: Record<string, unknown> }
  /** Wait for the event (the driver passes every event of that name in) or the timeout, whichever is first. */
  | { type: 'waitForEvent'; nodeId: string; event: string; where?: Rule; untilMs: number }
  | { type: 'exit'; nodeId: string; reason: 'completed' };

export interface StepResult {
  cursor: Cursor;
  command: Command;
}

/** What the interpreter may read besides the plan: the driver's clock and the contact. */
export interface StepContext {
  nowMs: number;
  contact?: ContactSnapshot;
}

/** Where a contact without a time zone of its own is placed. */
export const defaultTimeZone = 'UTC';

export class JourneyStateError extends Error {
  override readonly name = 'JourneyStateError';
}

export function startCursor(plan: Plan): Cursor {
  return { nodeId: plan.triggerNodeId };
}

function assertUnreachable(value: never): never {
  throw new JourneyStateError(`unhandled value ${JSON.stringify(value)}`);
}

/**
 * A plan node's config, as its type declares it. compile() parsed every config with the node's
 * schema (defaults applied) and the plan is content-hashed, so steps need not parse it again.
 */
function configOf<T>(node: PlanNode): T {
  return node.config as T;
}

function waitCommand(node: PlanNode, config: WaitEventConfig, untilMs: number): Command {
  return { type: 'waitForEvent', nodeId: node.id, event: config.event, ...(config.where ? { where: config.where } : {}), untilMs };
}

/** Entering a wait node: every wait type decides here what it waits for and until when. */
function enterWait(node: PlanNode, { nowMs, contact }: StepContext): StepResult {
  const sleep = (untilMs: number): StepResult => ({ cursor: { nodeId: node.id, awaiting: 'timer' }, command: { type: 'sleep', nodeId: node.id, untilMs } });
  switch (node.type) {
    case 'wait.delay':
      return sleep(nowMs + durationMs(configOf<WaitDelayConfig>(node)));
    case 'wait.until':
      return sleep(wakeUpAt(configOf<WaitUntilConfig>(node), nowMs, contact?.timezone ?? defaultTimeZone));
    case 'wait.event': {
      const config = configOf<WaitEventConfig>(node);
      const untilMs = nowMs + durationMs(config.timeout);
      return { cursor: { nodeId: node.id, awaiting: 'event', untilMs }, command: waitCommand(node, config, untilMs) };
    }
    default:
      throw new JourneyStateError(`wait node type "${node.type}" is not interpreted (node "${node.id}")`);
  }
}

function follow(node: PlanNode, port: string): StepResult {
  const to = node.next[port];
  if (to === undefined) throw new JourneyStateError(`node "${node.id}" has no edge on port "${port}"`);
  return { cursor: { nodeId: to }, command: { type: 'goTo', nodeId: to, from: node.id } };
}

/**
 * The journey semantics as a pure function: given where the enrolment is, what just happened and
 * the current time, return where it is now and the one command to carry out. Runs nothing itself.
 */
export function step(plan: Plan, cursor: Cursor, input: StepInput, context: StepContext): StepResult {
  const node = plan.nodes[cursor.nodeId];
  if (!node) throw new JourneyStateError(`plan ${plan.hash} has no node "${cursor.nodeId}"`);

  if (cursor.awaiting === 'event') {
    if (input.type === 'timerFired') return follow(node, 'timedOut');
    if (input.type !== 'eventReceived') throw new JourneyStateError(`node "${node.id}" waits for an event, got ${input.type}`);
    const config = configOf<WaitEventConfig>(node);
    const { event } = input;
    if (event.name === config.event && (!config.where || evaluateRule(config.where, event, context.nowMs))) return follow(node, 'received');
    // Not the awaited event: keep waiting for the time that is left.
    return { cursor, command: waitCommand(node, config, cursor.untilMs ?? context.nowMs) };
  }
  if (cursor.awaiting === 'timer') {
    if (input.type !== 'timerFired') throw new JourneyStateError(`node "${node.id}" waits for its timer, got ${input.type}`);
    return follow(node, 'next');
  }
  if (cursor.awaiting === 'action') {
    if (input.type !== 'actionCompleted') throw new JourneyStateError(`node "${node.id}" waits for its action, got ${input.type}`);
    return follow(node, input.port ?? 'next');
  }
  if (input.type !== 'enter') throw new JourneyStateError(`node "${node.id}" was not entered yet, got ${input.type}`);

  switch (node.category) {
    case 'trigger':
      return follow(node, 'next');
    case 'wait':
      return enterWait(node, context);
    case 'action':
      return {
        cursor: { nodeId: node.id, awaiting: 'action' },
        command: { type: 'runAction', nodeId: node.id, nodeType: node.type, config: node.config },
      };
    case 'exit':
      return { cursor: { nodeId: node.id }, command: { type: 'exit', nodeId: node.id, reason: 'completed' } };
    case 'branch':
      throw new JourneyStateError(`branch nodes are not interpreted yet (node "${node.id}")`);
    default:
      return assertUnreachable(node.category);
  }
}
