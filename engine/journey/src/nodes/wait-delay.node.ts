import { z } from 'zod';
import { duration, durationMs } from '../duration';
import { defineNode } from '../node-definition';

export const waitDelayConfig = duration;
export type WaitDelayConfig = z.infer<typeof waitDelayConfig>;

export function delayMs(config: WaitDelayConfig): number {
  return durationMs(config);
}

export const waitDelayNode = defineNode({
  type: 'wait.delay',
  category: 'wait',
  title: 'Wait',
  description: 'Holds the contact for a fixed time before moving on.',
  icon: 'hourglass',
  config: waitDelayConfig,
  ports: ['next'],
});
