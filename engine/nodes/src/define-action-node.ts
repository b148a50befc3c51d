import { defineNode, NodeSpec, TagChange } from '@trellis/journey';

/** What the runtime hands an action: who it runs for, and the services it may use. */
export interface ActionContext {
  workspaceId: string;
  contactId: string;
  /**
   * Stable across retries and replays of the same visit (`workflowId/nodeId/visit`), so a
   * service can make the effect happen once.
   */
  idempotencyKey: string;
  services: ActionServices;
}

/** The I/O an action may do, implemented by the runtime; tests pass their own. */
export interface ActionServices {
  contacts: {
    /** Adds and removes tags on the contact; returns its tags afterwards. */
    updateTags(workspaceId: string, contactId: string, change: TagChange): Promise<string[]>;
  };
}

export interface ActionResult {
  /** The output port to follow; defaults to "next". */
  port?: string;
  /** A short, serialisable record of what happened, kept in the step log. */
  output?: Record<string, unknown>;
}

export interface ActionExecution {
  /** Start-to-close timeout of one attempt, in milliseconds. */
  timeoutMs: number;
  /** Attempts before the action fails the step; transient errors are retried with backoff. */
  maxAttempts: number;
}

export interface ActionNodeSpec<TType extends string = string, TConfig = unknown> extends NodeSpec<TType, TConfig> {
  readonly category: 'action';
  readonly execution: ActionExecution;
  execute(config: TConfig, context: ActionContext): Promise<ActionResult>;
}

export type AnyActionNodeSpec = ActionNodeSpec<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The one call a built-in or custom action node is made of. */
export function defineActionNode<const TType extends string, TConfig>(
  spec: Omit<ActionNodeSpec<TType, TConfig>, 'category' | 'execution'> & { execution?: Partial<ActionExecution> },
): ActionNodeSpec<TType, TConfig> {
  const base = defineNode({ ...spec, category: 'action' });
  return {
    ...base,
    category: 'action',
    execution: { timeoutMs: 30_000, maxAttempts: 5, ...spec.execution },
    execute: spec.execute,
  };
}
