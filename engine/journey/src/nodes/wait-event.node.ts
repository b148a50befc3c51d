import { z } from 'zod';
import { duration } from '../duration';
import { defineNode } from '../node-definition';
import { boundedRule } from '../rules/rule';
import { eventName } from './trigger-event.node';

export const waitEventConfig = z.strictObject({
  event: eventName.describe('The event to wait for, e.g. "order_paid".'),
  where: boundedRule.optional().describe('Only events whose properties match this rule count.'),
  timeout: duration.describe('How long to wait before taking the "timedOut" path.'),
});
export type WaitEventConfig = z.infer<typeof waitEventConfig>;

export const waitEventNode = defineNode({
  type: 'wait.event',
  category: 'wait',
  title: 'Wait for event',
  description: 'Holds the contact until they do something (→ received) or the time runs out (→ timedOut).',
  icon: 'inbox',
  config: waitEventConfig,
  ports: ['received', 'timedOut'],
  listensTo: (config) => [config.event],
});
