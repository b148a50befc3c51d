import { z } from 'zod';
import { defineNode } from '../node-definition';

export const durationUnits = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;

export const waitDelayConfig = z.strictObject({
  amount: z.number().int().positive().max(100_000).describe('How many units to wait.'),
  unit: z.enum(['minutes', 'hours', 'days', 'weeks']).describe('The unit of the amount.'),
});
export type WaitDelayConfig = z.infer<typeof waitDelayConfig>;

export function delayMs(config: WaitDelayConfig): number {
  return config.amount * durationUnits[config.unit];
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
