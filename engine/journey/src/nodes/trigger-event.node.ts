import { z } from 'zod';
import { defineNode } from '../node-definition';
import { boundedRule } from '../rules/rule';

export const eventName = z
  .string()
  .trim()
  .min(1, 'an event name is required')
  .max(200)
  // Inner spaces are fine ("Order Completed", as Segment's spec names events); "$" and "." starts are Trellis's own.
  .regex(/^[^$.\s](?:[^\p{Cc}]*[^\s\p{Cc}])?$/u, 'event names do not start with "$" or ".", or contain control characters');

/** The event property holding where a contact came from, e.g. a WeCom live code's `state`. */
export const sourceProperty = z
  .string()
  .regex(/^[A-Za-z_][\w-]*$/, 'a property name such as "state" or "utm_source"')
  .max(100)
  .default('source')
  .describe('Event property recorded as the contact’s acquisition source (for a WeCom live code: "state").');

export const triggerEventConfig = z.strictObject({
  event: eventName.describe('The event that enrols the contact, e.g. "signed_up".'),
  where: boundedRule.optional().describe('Only events whose properties match, e.g. properties.amount ≥ 100.'),
  sourceProperty,
});
export type TriggerEventConfig = z.infer<typeof triggerEventConfig>;

export const triggerEventNode = defineNode({
  type: 'trigger.event',
  category: 'trigger',
  title: 'When an event happens',
  description: 'Enrols a contact when an event with this name (and matching properties) is tracked for them.',
  icon: 'bolt',
  config: triggerEventConfig,
  ports: ['next'],
  enrolsOn: (config) => ({ events: [config.event] }),
});
