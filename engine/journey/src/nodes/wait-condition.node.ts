import { z } from 'zod';
import { duration } from '../duration';
import { defineNode } from '../node-definition';
import { boundedRule, eventNamesIn } from '../rules/rule';

export const waitConditionConfig = z.strictObject({
  when: boundedRule.describe('Move on as soon as the contact matches this rule.'),
  timeout: duration.describe('How long to wait before taking the "timedOut" path.'),
  recheckEvery: duration
    .default({ amount: 1, unit: 'hours' })
    .describe('How often to re-check rules that time alone can make true, e.g. "no order for 3 days".'),
});
export type WaitConditionConfig = z.infer<typeof waitConditionConfig>;

export const waitConditionNode = defineNode({
  type: 'wait.condition',
  category: 'wait',
  title: 'Wait until condition',
  description: 'Holds the contact until a rule on their traits, tags or events holds (→ met) or the time runs out (→ timedOut).',
  icon: 'filter',
  config: waitConditionConfig,
  ports: ['met', 'timedOut'],
  readsContact: true,
  listensTo: (config) => eventNamesIn(config.when),
  watchesContact: true,
  mayPassAtOnce: () => true,
});
