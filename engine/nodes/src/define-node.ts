import { defineNode as defineNodeSpec, NodeSpec } from '@trellis/journey';
import { ActionContext, ActionExecution, ActionNodeSpec, ActionResult, RetryBackoff } from './define-action-node';

export const timeUnits = { milliseconds: 1, seconds: 1_000, minutes: 60_000, hours: 3_600_000 } as const;
export type TimeUnit = keyof typeof timeUnits;

/** A span in milliseconds, or spelled out: `{ amount: 30, unit: 'seconds' }`. */
export type NodeTime = number | { amount: number; unit: TimeUnit };

export interface NodeRetry {
  /** Attempts in all, the first included; 1 never retries. */
  maxAttempts: number;
  /** Wait before the first retry (1 s by default). */
  initialInterval?: NodeTime;
  /** Each wait is the previous one times this (2 by default). */
  backoffCoefficient?: number;
  /** The longest wait between attempts (5 minutes by default). */
  maximumInterval?: NodeTime;
}

/**
 * A node, as an engineer writes it. `execute` runs as a Temporal activity: one attempt may take
 * `timeout`, and a failed attempt (a thrown error other than `NonRetryableActionError`) is
 * retried as `retry` says. `config` is a zod schema: the API validates journeys with it, the
 * editor draws its form from its JSON Schema, and `execute` receives the parsed value.
 */
export interface NodeDefinition<TType extends string, TConfig> extends Omit<NodeSpec<TType, TConfig>, 'category'> {
  /** Only actions can be added: waits, branches, triggers and exits are part of the journey language. */
  readonly category?: 'action';
  /** One attempt's start-to-close timeout; 30 seconds by default. */
  readonly timeout?: NodeTime;
  /** 5 attempts with backoff from 1 second to 5 minutes by default. */
  readonly retry?: NodeRetry;
  /**
   * Run on the worker that runs the journey (a local activity), for short writes to Trellis's own
   * store such as tags and traits. Calls to outside services leave it off.
   */
  readonly local?: boolean;
  execute(config: TConfig, context: ActionContext): Promise<ActionResult>;
}

/** Marks a `defineNode` result, across copies of this package: a loader recognises nodes by it. */
export const nodeDefinitionBrand = Symbol.for('trellis.nodeDefinition');

export const defaultActionExecution: ActionExecution = { timeoutMs: 30_000, maxAttempts: 5 };

export function timeMs(time: NodeTime, what: string): number {
  const ms = typeof time === 'number' ? time : time.amount * (timeUnits[time.unit] ?? Number.NaN);
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(`${what} must be a positive number of milliseconds or { amount, unit: ${Object.keys(timeUnits).join('|')} }`);
  return Math.round(ms);
}

function executionOf(definition: Pick<NodeDefinition<string, unknown>, 'type' | 'timeout' | 'retry' | 'local'>): ActionExecution {
  const { type, timeout, retry, local } = definition;
  const execution: ActionExecution = { ...defaultActionExecution, ...(local ? { local } : {}) };
  if (timeout !== undefined) execution.timeoutMs = timeMs(timeout, `${type}: timeout`);
  if (retry) {
    if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) throw new Error(`${type}: retry.maxAttempts must be a whole number of attempts, at least 1`);
    execution.maxAttempts = retry.maxAttempts;
    if (retry.initialInterval !== undefined || retry.backoffCoefficient !== undefined || retry.maximumInterval !== undefined) {
      const backoff: RetryBackoff = {
        initialIntervalMs: timeMs(retry.initialInterval ?? 1_000, `${type}: retry.initialInterval`),
        coefficient: retry.backoffCoefficient ?? 2,
        maximumIntervalMs: timeMs(retry.maximumInterval ?? 300_000, `${type}: retry.maximumInterval`),
      };
      if (!(backoff.coefficient >= 1)) throw new Error(`${type}: retry.backoffCoefficient must be at least 1`);
      execution.backoff = backoff;
    }
  }
  return execution;
}

/**
 * The one call a node is made of, built-in or custom: a node file exports its result.
 *
 * ```ts
 * export default defineNode({ type: 'acme.coupon', title: 'Issue coupon', …, config: z.strictObject({…}),
 *   ports: ['next'], timeout: { amount: 20, unit: 'seconds' }, retry: { maxAttempts: 3 },
 *   async execute(config, { services, idempotencyKey }) { … return { output: { code } }; } });
 * ```
 */
export function defineNode<const TType extends string, TConfig>(definition: NodeDefinition<TType, TConfig>): ActionNodeSpec<TType, TConfig> {
  if (definition.category !== undefined && definition.category !== 'action') {
    throw new Error(`${definition.type}: only action nodes can be defined; "${String(definition.category)}" nodes are part of the journey language`);
  }
  if (typeof definition.execute !== 'function') throw new Error(`${definition.type}: execute must be a function`);
  if (typeof (definition.config as { safeParse?: unknown } | undefined)?.safeParse !== 'function') {
    throw new Error(`${definition.type}: config must be a zod schema, e.g. z.strictObject({ … })`);
  }
  const { timeout: _timeout, retry: _retry, local: _local, ...spec } = definition;
  const base = defineNodeSpec<TType, TConfig>({ ...spec, category: 'action' });
  const node: ActionNodeSpec<TType, TConfig> = { ...base, category: 'action', execution: executionOf(definition), execute: definition.execute };
  Object.defineProperty(node, nodeDefinitionBrand, { value: true, enumerable: true });
  return node;
}

export function isNodeDefinition(value: unknown): value is ActionNodeSpec<string, unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[nodeDefinitionBrand] === true;
}
