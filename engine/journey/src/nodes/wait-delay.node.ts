import { z } from 'zod';
import { duration } from '../duration';
import { defineNode } from '../node-definition';

export const waitDelayConfig = duration;
export type WaitDelayConfig = z.infer<typeof waitDelayConfig>;

export const waitDelayNode = defineNode({
  type: 'wait.delay',
  category: 'wait',
  title: 'Wait',
  description: 'Holds the contact for a fixed time before moving on.',
  icon: 'hourglass',
  config: waitDelayConfig,
  ports: ['next'],
});
