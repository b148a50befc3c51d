import { ActionDeferral, ActionWait, Channel, Duration, LifecycleStage, MessageCategory, NodeSpec, TagChange } from '@trellis/journey';

/** What the runtime hands an action: who it runs for, and the services it may use. */
export interface ActionContext {
  workspaceId: string;
  contactId: string;
  /**
   * Stable across retries and replays of the same visit (`workflowId/nodeId/visit`), so a
   * service can make the effect happen once.
   */
  idempotencyKey: string;
  /**
   * The journey's clock when the action was started (the workflow's time): what quiet hours,
   * send windows and cap periods are judged by, the same on every retry of the action.
   */
  nowMs: number;
  /** The last attempt Temporal will make: an action that would retry records its failure instead. */
  finalAttempt: boolean;
  /**
   * The first attempt of the visit's first run: no earlier attempt, and no earlier run before a
   * deferral, can have left anything behind, so a service may skip looking for it.
   */
  firstRun: boolean;
  /** Which journey node runs the action (absent in unit tests of a node). */
  origin?: ActionOrigin;
  services: ActionServices;
}

export interface ActionOrigin {
  journeyId: string;
  nodeId: string;
}

/** A change to a contact's profile: traits set, incremented (from 0 when missing) or removed, and its lifecycle stage. */
export interface ProfileChange {
  set: Record<string, unknown>;
  increment: Record<string, number>;
  unset: string[];
  lifecycleStage?: LifecycleStage;
}

/** The changed traits after the change (`null` for removed ones), and the stage if it was set. */
export interface ProfileAfter {
  traits: Record<string, unknown>;
  lifecycleStage?: LifecycleStage;
}

/** Every service call carries the action's idempotency key, so a retry has its effect once. */
export interface Keyed {
  workspaceId: string;
  contactId: string;
  idempotencyKey: string;
}

export interface MessageRequest extends Keyed {
  channel: Channel;
  template: string;
  category: MessageCategory;
  groupId?: string;
  /** A full frequency cap holds the message until the cap's period ends, or drops it. */
  whenCapped: 'skip' | 'defer';
  nowMs: number;
  finalAttempt: boolean;
  firstRun: boolean;
  origin?: ActionOrigin;
}

/**
 * What became of a send. `queued`: accepted by a channel that delivers later (a WeCom task a staff
 * member confirms); `deferred`: held back until `retryAtMs` (quiet hours, a full cap); `skipped`
 * and `failed` carry a reason code.
 */
export interface MessageReceipt {
  messageId: string;
  status: 'sent' | 'queued' | 'deferred' | 'skipped' | 'failed';
  reason?: string;
  retryAtMs?: number;
}

export const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export interface HttpRequest {
  /** Whose request it is: the workspace's allow-list decides which hosts inside the network it may reach. */
  workspaceId: string;
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  idempotencyKey: string;
}

export interface GroupMembershipRequest extends Keyed {
  groupId: string;
  operation: 'invite' | 'remove';
}

export const taskPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof taskPriorities)[number];

export interface TaskRequest extends Keyed {
  title: string;
  note?: string;
  queue?: string;
  priority: TaskPriority;
  /** Service-level promises; the priority's defaults where not given. */
  sla?: { firstResponse?: Duration; resolution?: Duration };
  nowMs: number;
  origin?: ActionOrigin;
}

export interface EnrolRequest extends Keyed {
  journeyId: string;
}

/**
 * The I/O an action may do, implemented by the runtime; tests and the simulator pass their own.
 * `contacts` is always there; the others are capabilities the runtime gains issue by issue, and
 * a node that needs a missing one fails with `MissingServiceError`.
 */
export interface ActionServices {
  contacts: {
    /** Adds and removes tags on the contact; returns its tags afterwards. */
    updateTags(workspaceId: string, contactId: string, change: TagChange): Promise<string[]>;
    /** Applies the change once per idempotency key: a retried increment must not count twice. */
    updateProfile(workspaceId: string, contactId: string, change: ProfileChange, idempotencyKey: string): Promise<ProfileAfter>;
  };
  messages?: { send(request: MessageRequest): Promise<MessageReceipt> };
  groups?: { changeMembership(request: GroupMembershipRequest): Promise<{ status: string }> };
  http?: { request(request: HttpRequest): Promise<{ status: number; body: unknown }> };
  tasks?: { create(request: TaskRequest): Promise<{ taskId: string }> };
  journeys?: { enroll(request: EnrolRequest): Promise<{ enrolled: boolean; reason?: string }> };
}

export class MissingServiceError extends Error {
  override readonly name = 'MissingServiceError';
}

/** An error retrying cannot fix (a 4xx from a webhook): the runtime fails the step at once. */
export class NonRetryableActionError extends Error {
  override readonly name = 'NonRetryableActionError';
}

export function requireService<K extends Exclude<keyof ActionServices, 'contacts'>>(services: ActionServices, name: K, nodeType: string): NonNullable<ActionServices[K]> {
  const service = services[name];
  if (!service) throw new MissingServiceError(`${nodeType} needs the "${name}" service, which this runtime does not provide`);
  return service as NonNullable<ActionServices[K]>;
}

export interface ActionResult {
  /** The output port to follow; defaults to "next". */
  port?: string;
  /** A short, serialisable record of what happened, kept in the step log. */
  output?: Record<string, unknown>;
  /** Hold the contact at this node until an event (a hand-off resolved) or a timeout. */
  waitFor?: ActionWait;
  /** Run this action again at this time, under the same idempotency key (a held-back message). */
  defer?: ActionDeferral;
}

export interface ActionExecution {
  /** Start-to-close timeout of one attempt, in milliseconds. */
  timeoutMs: number;
  /** Attempts before the action fails the step; transient errors are retried with backoff. */
  maxAttempts: number;
  /**
   * Run by the worker that runs the workflow (a Temporal local activity), with no round trip
   * through the task queue: for short writes to Trellis's own store, such as tags and traits.
   * Calls to outside services (sends, webhooks) stay regular activities, which a separate
   * worker pool can run and a timeout of minutes suits.
   */
  local?: boolean;
  /** How long Temporal waits between attempts; 1 s doubling up to 5 minutes when not given. */
  backoff?: RetryBackoff;
}

export interface RetryBackoff {
  initialIntervalMs: number;
  coefficient: number;
  maximumIntervalMs: number;
}

export interface ActionNodeSpec<TType extends string = string, TConfig = unknown> extends NodeSpec<TType, TConfig> {
  readonly category: 'action';
  readonly execution: ActionExecution;
  execute(config: TConfig, context: ActionContext): Promise<ActionResult>;
}

export type AnyActionNodeSpec = ActionNodeSpec<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
