import { z } from 'zod';

export const durationUnits = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;
export type DurationUnit = keyof typeof durationUnits;

/** A span a marketer types: "3 days", "48 hours". */
export const duration = z.strictObject({
  amount: z.number().int().positive().max(100_000).describe('How many units.'),
  unit: z.enum(['minutes', 'hours', 'days', 'weeks']).describe('The unit of the amount.'),
});
export type Duration = z.infer<typeof duration>;

export function durationMs(value: Duration): number {
  return value.amount * durationUnits[value.unit];
}
