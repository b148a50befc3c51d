import { z } from 'zod';
import { defineNode } from '../node-definition';

export const eventName = z
  .string()
  .trim()
  .min(1, 'an event name is required')
  .max(200)
  .regex(/^[^$.\s][^\s]*$/, 'event names have no spaces and do not start with "$" or "."');

export const triggerEventConfig = z.strictObject({
  event: eventName.describe('The event that enrols the contact, e.g. "signed_up".'),
});
export type TriggerEventConfig = z.infer<typeof triggerEventConfig>;

export const triggerEventNode = defineNode({
  type: 'trigger.event',
  category: 'trigger',
  title: 'When an event happens',
  description: 'Enrols a contact when an event with this name is tracked for them.',
  icon: 'bolt',
  config: triggerEventConfig,
  ports: ['next'],
});
