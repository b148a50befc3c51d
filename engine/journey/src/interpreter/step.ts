import { ActionDeferral, ActionWait } from '../actions/vocabulary';
import { durationMs } from '../duration-ms';
import { assignArm } from '../experiments/assign-arm';
import { BranchConditionConfig } from '../nodes/branch-condition.node';
import { BranchSplitConfig } from '../nodes/branch-split.node';
import { WaitConditionConfig } from '../nodes/wait-condition.node';
import { WaitDelayConfig } from '../nodes/wait-delay.node';
import { WaitEventConfig } from '../nodes/wait-event.node';
import type { WaitUntilConfig } from '../nodes/wait-until.node';
import { wakeUpAt } from '../time/wake-up-at';
import { Plan, PlanNode } from '../plan';
import { ContactSnapshot, evaluateRule, EventSnapshot } from '../rules/evaluate';
import { Rule } from '../rules/rule';
import { nextSendTime } from '../time/next-send-time';
import type { SendWindow } from '../time/send-window';

/** An event wait in progress: what ends it and which port each ending takes. */
export interface EventWait {
  event: string;
  where?: Rule;
  port: string;
  timeoutPort: string;
}

/**
 * Where an enrolment is and what it is waiting for. Plain data: the Temporal workflow keeps it
 * in its state and the simulator in memory.
 */
export interface Cursor {
  nodeId: string;
  /**
   * timer: a delay or time-of-day wait; event: an event or its timeout; condition: a rule to
   * hold, re-checked on a timer; window: an action waiting for its send window; holdout: a
   * holdout contact kept until its goal window ends; action: an action running; deferred: an
   * action that asked to run again later (a message held back by quiet hours or a full cap).
   */
  awaiting?: 'timer' | 'event' | 'condition' | 'window' | 'holdout' | 'action' | 'deferred';
  /** Why a deferred action waits (`quiet_hours`, `cap:daily`…). */
  heldFor?: string;
  /** When the wait ends: the timer, the event timeout, the condition timeout. */
  untilMs?: number;
  /** When the driver should wake the enrolment next (a condition re-check comes before its timeout). */
  wakeMs?: number;
  wait?: EventWait;
}

export type StepInput =
  | { type: 'enter' }
  | { type: 'timerFired' }
  | { type: 'actionCompleted'; port?: string; waitFor?: ActionWait; defer?: ActionDeferral }
  | { type: 'eventReceived'; event: EventSnapshot };

export type ExitReason = 'completed' | 'goal' | 'exitCriteria' | 'holdout';

/**
 * What the driver (Temporal workflow or simulator) must do next. The interpreter decides;
 * the driver only carries out, so both drivers share one semantics.
 */
export type Command =
  | { type: 'goTo'; nodeId: string; from: string; port: string }
  | { type: 'sleep'; nodeId: string; untilMs: number }
  | { type: 'runAction'; nodeId: string; nodeType: string; config: Record<string, unknown> }
  /** Wait for the event (the driver passes every event the plan listens to) or the timeout. */
  | { type: 'waitForEvent'; nodeId: string; event: string; where?: Rule; untilMs: number }
  | { type: 'exit'; nodeId: string; reason: ExitReason };

export interface StepResult {
  cursor: Cursor;
  command: Command;
  /** The input was the journey's goal event (the driver counts the first one per enrolment). */
  goal?: true;
  /** The contact was assigned to an experiment arm at this step. */
  arm?: { experimentId: string; arm: string; holdout: boolean };
}

/** What the interpreter may read besides the plan: the driver's clock and the contact. */
export interface StepContext {
  nowMs: number;
  contactId?: string;
  contact?: ContactSnapshot;
  /** When this enrolment started, for the goal's conversion window. */
  enrolledAtMs?: number;
}

/** Where a contact without a time zone of its own, in a journey without a default, is placed. */
export const defaultTimeZone = 'UTC';

export class JourneyStateError extends Error {
  override readonly name = 'JourneyStateError';
}

/** Control node types that read the contact: what plans compiled before `readsContact` was recorded relied on. */
const legacyTypesReadingContact = new Set(['branch.condition', 'wait.until', 'wait.condition']);

/**
 * Whether stepping this plan reads the contact (see `Plan.readsContact`). Plans compiled before
 * the compiler recorded it are judged as they were then, so their enrolments replay unchanged.
 */
export function planReadsContact(plan: Plan): boolean {
  if (plan.readsContact !== undefined) return plan.readsContact;
  if (plan.settings.exitCriteria?.when) return true;
  return Object.values(plan.nodes).some((node) => legacyTypesReadingContact.has(node.type) || (node.config as { sendWindow?: unknown }).sendWindow !== undefined);
}

export function startCursor(plan: Plan): Cursor {
  return { nodeId: plan.triggerNodeId };
}

/**
 * A plan node's config, as its type declares it. compile() parsed every config with the node's
 * schema (defaults applied) and the plan is content-hashed, so steps need not parse it again.
 */
function configOf<T>(node: PlanNode): T {
  return node.config as T;
}

function contactOf(node: PlanNode, context: StepContext): ContactSnapshot {
  if (!context.contact) throw new JourneyStateError(`node "${node.id}" (${node.type}) needs the contact, but the driver passed none`);
  return context.contact;
}

function zoneOf(plan: Plan, context: StepContext): string {
  return context.contact?.timezone ?? plan.settings.timezone ?? defaultTimeZone;
}

function follow(node: PlanNode, port: string): StepResult {
  const to = node.next[port];
  if (to === undefined) throw new JourneyStateError(`node "${node.id}" has no edge on port "${port}"`);
  return { cursor: { nodeId: to }, command: { type: 'goTo', nodeId: to, from: node.id, port } };
}

function exit(node: PlanNode, reason: ExitReason): StepResult {
  return { cursor: { nodeId: node.id }, command: { type: 'exit', nodeId: node.id, reason } };
}

function sleepUntil(node: PlanNode, awaiting: Cursor['awaiting'], untilMs: number, wakeMs = untilMs, heldFor?: string): StepResult {
  return {
    cursor: { nodeId: node.id, awaiting, untilMs, wakeMs, ...(heldFor !== undefined ? { heldFor } : {}) },
    command: { type: 'sleep', nodeId: node.id, untilMs: wakeMs },
  };
}

function waitForEvent(node: PlanNode, wait: EventWait, untilMs: number): StepResult {
  return {
    cursor: { nodeId: node.id, awaiting: 'event', untilMs, wait },
    command: { type: 'waitForEvent', nodeId: node.id, event: wait.event, ...(wait.where ? { where: wait.where } : {}), untilMs },
  };
}

/** The same wait again, after an input that did not end it. */
function resume(node: PlanNode, cursor: Cursor, nowMs: number): StepResult {
  if (cursor.awaiting === 'event' && cursor.wait) return waitForEvent(node, cursor.wait, cursor.untilMs ?? nowMs);
  return sleepUntil(node, cursor.awaiting, cursor.untilMs ?? nowMs, cursor.wakeMs ?? cursor.untilMs ?? nowMs, cursor.heldFor);
}

function conditionWait(node: PlanNode, untilMs: number, context: StepContext): StepResult {
  const config = configOf<WaitConditionConfig>(node);
  if (evaluateRule(config.when, contactOf(node, context), context.nowMs)) return follow(node, 'met');
  if (context.nowMs >= untilMs) return follow(node, 'timedOut');
  return sleepUntil(node, 'condition', untilMs, Math.min(untilMs, context.nowMs + durationMs(config.recheckEvery)));
}

/** Entering a wait node: every wait type decides here what it waits for and until when. */
function enterWait(plan: Plan, node: PlanNode, context: StepContext): StepResult {
  const { nowMs } = context;
  switch (node.type) {
    case 'wait.delay':
      return sleepUntil(node, 'timer', nowMs + durationMs(configOf<WaitDelayConfig>(node)));
    case 'wait.until':
      return sleepUntil(node, 'timer', wakeUpAt(configOf<WaitUntilConfig>(node), nowMs, zoneOf(plan, context)));
    case 'wait.event': {
      const config = configOf<WaitEventConfig>(node);
      const wait = { event: config.event, ...(config.where ? { where: config.where } : {}), port: 'received', timeoutPort: 'timedOut' };
      return waitForEvent(node, wait, nowMs + durationMs(config.timeout));
    }
    case 'wait.condition':
      return conditionWait(node, nowMs + durationMs(configOf<WaitConditionConfig>(node).timeout), context);
    default:
      throw new JourneyStateError(`wait node type "${node.type}" is not interpreted (node "${node.id}")`);
  }
}

function enterBranch(plan: Plan, node: PlanNode, context: StepContext): StepResult {
  switch (node.type) {
    case 'branch.condition': {
      const contact = contactOf(node, context);
      const match = configOf<BranchConditionConfig>(node).branches.find((branch) => evaluateRule(branch.when, contact, context.nowMs));
      return follow(node, match?.id ?? 'else');
    }
    case 'branch.split': {
      if (context.contactId === undefined) throw new JourneyStateError(`split "${node.id}" needs the contact id, but the driver passed none`);
      const { experimentId, arms } = configOf<BranchSplitConfig>(node);
      const arm = assignArm(arms, experimentId, context.contactId);
      const assigned = { experimentId, arm: arm.id, holdout: arm.holdout };
      if (!arm.holdout) return { ...follow(node, arm.id), arm: assigned };
      // A holdout contact is sent nothing but stays until its goal window closes, so its
      // conversions are counted the same way as the other arms'.
      const goalEnds = plan.settings.goal?.within && context.enrolledAtMs !== undefined ? context.enrolledAtMs + durationMs(plan.settings.goal.within) : undefined;
      if (goalEnds === undefined || goalEnds <= context.nowMs) return { ...exit(node, 'holdout'), arm: assigned };
      return { ...sleepUntil(node, 'holdout', goalEnds), arm: assigned };
    }
    default:
      throw new JourneyStateError(`branch node type "${node.type}" is not interpreted (node "${node.id}")`);
  }
}

function runAction(node: PlanNode): StepResult {
  return { cursor: { nodeId: node.id, awaiting: 'action' }, command: { type: 'runAction', nodeId: node.id, nodeType: node.type, config: node.config } };
}

/** An action with a send window waits for it to open in the contact's time zone. */
function enterAction(plan: Plan, node: PlanNode, context: StepContext): StepResult {
  const window = (node.config as { sendWindow?: SendWindow }).sendWindow;
  if (!window) return runAction(node);
  const at = nextSendTime(window, context.nowMs, zoneOf(plan, context));
  return at > context.nowMs ? sleepUntil(node, 'window', at) : runAction(node);
}

function isGoal(plan: Plan, event: EventSnapshot, context: StepContext): boolean {
  const goal = plan.settings.goal;
  if (!goal || event.name !== goal.event) return false;
  if (goal.within && context.enrolledAtMs !== undefined && event.at > context.enrolledAtMs + durationMs(goal.within)) return false;
  return !goal.where || evaluateRule(goal.where, event, context.nowMs);
}

function meetsExitCriteria(plan: Plan, context: StepContext, event?: EventSnapshot): boolean {
  const criteria = plan.settings.exitCriteria;
  if (!criteria) return false;
  if (event && criteria.events.some((match) => match.event === event.name && (!match.where || evaluateRule(match.where, event, context.nowMs)))) return true;
  return criteria.when !== undefined && context.contact !== undefined && evaluateRule(criteria.when, context.contact, context.nowMs);
}

/** What an event does to the wait itself: end an event wait it matches, re-check a condition, or nothing. */
function continueWait(node: PlanNode, cursor: Cursor, event: EventSnapshot, context: StepContext): StepResult {
  const wait = cursor.wait;
  if (cursor.awaiting === 'event' && wait && event.name === wait.event && (!wait.where || evaluateRule(wait.where, event, context.nowMs))) {
    return follow(node, wait.port);
  }
  if (cursor.awaiting === 'condition') return conditionWait(node, cursor.untilMs ?? context.nowMs, context);
  return resume(node, cursor, context.nowMs);
}

/** An event reached a waiting enrolment: journey-level exit criteria and goal first, then the wait itself. */
function receive(plan: Plan, node: PlanNode, cursor: Cursor, event: EventSnapshot, context: StepContext): StepResult {
  if (meetsExitCriteria(plan, context, event)) return exit(node, 'exitCriteria');
  if (!isGoal(plan, event, context)) return continueWait(node, cursor, event, context);
  if (plan.settings.goal?.exitOnGoal) return { ...exit(node, 'goal'), goal: true };
  return { ...continueWait(node, cursor, event, context), goal: true };
}

function wake(plan: Plan, node: PlanNode, cursor: Cursor, context: StepContext): StepResult {
  switch (cursor.awaiting) {
    case 'timer':
      return follow(node, 'next');
    case 'event':
      return follow(node, cursor.wait?.timeoutPort ?? 'timedOut');
    case 'condition':
      return conditionWait(node, cursor.untilMs ?? context.nowMs, context);
    case 'window':
    case 'deferred':
      return runAction(node);
    case 'holdout':
      return exit(node, 'holdout');
    default:
      throw new JourneyStateError(`node "${node.id}" has no timer to fire`);
  }
}

function enter(plan: Plan, node: PlanNode, context: StepContext): StepResult {
  if (node.category !== 'trigger' && meetsExitCriteria(plan, context)) return exit(node, 'exitCriteria');
  switch (node.category) {
    case 'trigger':
      return follow(node, 'next');
    case 'wait':
      return enterWait(plan, node, context);
    case 'branch':
      return enterBranch(plan, node, context);
    case 'action':
      return enterAction(plan, node, context);
    case 'exit':
      return exit(node, 'completed');
  }
}

function unexpected(node: PlanNode, cursor: Cursor, input: StepInput): JourneyStateError {
  return new JourneyStateError(`node "${node.id}" is ${cursor.awaiting ? `awaiting ${cursor.awaiting}` : 'not entered yet'}, got ${input.type}`);
}

/**
 * The journey semantics as a pure function: given where the enrolment is, what just happened and
 * the current time, return where it is now and the one command to carry out. Runs nothing itself.
 */
export function step(plan: Plan, cursor: Cursor, input: StepInput, context: StepContext): StepResult {
  const node = plan.nodes[cursor.nodeId];
  if (!node) throw new JourneyStateError(`plan ${plan.hash} has no node "${cursor.nodeId}"`);
  switch (input.type) {
    case 'enter':
      if (cursor.awaiting) throw unexpected(node, cursor, input);
      return enter(plan, node, context);
    case 'actionCompleted':
      if (cursor.awaiting !== 'action') throw unexpected(node, cursor, input);
      // The same visit runs again at the time asked for: its idempotency key, and so its send, stay the same.
      if (input.defer) return sleepUntil(node, 'deferred', Math.max(input.defer.untilMs, context.nowMs), undefined, input.defer.reason);
      if (input.waitFor) {
        const { event, where, port, timeoutPort, timeout } = input.waitFor;
        return waitForEvent(node, { event, ...(where ? { where } : {}), port, timeoutPort }, context.nowMs + durationMs(timeout));
      }
      return follow(node, input.port ?? 'next');
    case 'timerFired':
      if (!cursor.awaiting || cursor.awaiting === 'action') throw unexpected(node, cursor, input);
      return wake(plan, node, cursor, context);
    case 'eventReceived':
      if (!cursor.awaiting || cursor.awaiting === 'action') throw unexpected(node, cursor, input);
      return receive(plan, node, cursor, input.event, context);
  }
}
