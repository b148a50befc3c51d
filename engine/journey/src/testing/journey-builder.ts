import { Catalogue } from '../catalogue';
import { compile } from '../compiler/compile';
import { JourneyDefinitionInput } from '../definition';
import { Plan } from '../plan';

/**
 * Builds journey graphs for tests: `chain('trigger.event', 'wait.delay', 'exit')` links each
 * node to the next through "next", with a valid default config for each built-in control type.
 */
export const defaultConfigs: Record<string, Record<string, unknown>> = {
  'trigger.event': { event: 'signed_up' },
  'wait.delay': { amount: 3, unit: 'days' },
  exit: {},
};

export function chain(types: readonly string[], configs: Record<string, Record<string, unknown>> = {}): JourneyDefinitionInput {
  const nodes = types.map((type, index) => ({ id: `n${index}`, type, config: configs[type] ?? defaultConfigs[type] ?? {} }));
  const edges = nodes.slice(1).map((node, index) => ({ from: `n${index}`, port: 'next', to: node.id }));
  return { name: 'test journey', nodes, edges };
}

/** Compiles a journey a test or benchmark expects to be valid, failing loudly with the errors if not. */
export function compileOrThrow(definition: unknown, catalogue: Catalogue): Plan {
  const result = compile(definition, catalogue);
  if (!result.ok) throw new Error(`journey does not compile: ${JSON.stringify(result.errors.slice(0, 5))}`);
  return result.plan;
}

/**
 * Scenario c of the journey language, shared by the simulator's tests and the runtime's
 * end-to-end test, so both drivers are checked on the very same journey: wait up to 48 h for a
 * paid order; "thank" on payment, "nudge" at the timeout.
 */
export const waitForPurchase: JourneyDefinitionInput = {
  name: 'Wait for purchase',
  nodes: [
    { id: 'checkout', type: 'trigger.event', config: { event: 'checkout_started' } },
    {
      id: 'paid',
      type: 'wait.event',
      config: { event: 'order_paid', where: { kind: 'field', path: 'properties.amount', op: 'gt', value: 0 }, timeout: { amount: 48, unit: 'hours' } },
    },
    { id: 'thank', type: 'action.tag', config: { add: ['customer'] } },
    { id: 'nudge', type: 'action.tag', config: { add: ['abandoned'] } },
    { id: 'done', type: 'exit', config: {} },
    { id: 'gave-up', type: 'exit', config: {} },
  ],
  edges: [
    { from: 'checkout', port: 'next', to: 'paid' },
    { from: 'paid', port: 'received', to: 'thank' },
    { from: 'paid', port: 'timedOut', to: 'nudge' },
    { from: 'thank', port: 'next', to: 'done' },
    { from: 'nudge', port: 'next', to: 'gave-up' },
  ],
};

/**
 * An A/B-tested welcome with a holdout, shared by the analytics tests of the simulator and of
 * the runtime: arms "a" and "b" (45% each) wait a week, the holdout (10%) is only counted; the
 * goal is a paid order within 7 days.
 */
export const splitOffer: JourneyDefinitionInput = {
  name: 'Welcome offer A/B',
  settings: { goal: { event: 'order_paid', within: { amount: 7, unit: 'days' } } },
  nodes: [
    { id: 'joined', type: 'trigger.event', config: { event: 'signed_up' } },
    {
      id: 'split',
      type: 'branch.split',
      config: { experimentId: 'welcome-offer', arms: [{ id: 'a', weight: 45 }, { id: 'b', weight: 45 }, { id: 'holdout', weight: 10, holdout: true }] },
    },
    { id: 'wait-a', type: 'wait.delay', config: { amount: 7, unit: 'days' } },
    { id: 'wait-b', type: 'wait.delay', config: { amount: 7, unit: 'days' } },
    { id: 'done', type: 'exit', config: {} },
  ],
  edges: [
    { from: 'joined', port: 'next', to: 'split' },
    { from: 'split', port: 'a', to: 'wait-a' },
    { from: 'split', port: 'b', to: 'wait-b' },
    { from: 'wait-a', port: 'next', to: 'done' },
    { from: 'wait-b', port: 'next', to: 'done' },
  ],
};
