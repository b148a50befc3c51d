import { z } from 'zod';
import { durationUnitNames } from './duration-ms';

/** A span a marketer types: "3 days", "48 hours". */
export const duration = z.strictObject({
  amount: z.number().int().positive().max(100_000).describe('How many units.'),
  unit: z.enum(durationUnitNames).describe('The unit of the amount.'),
});
export type Duration = z.infer<typeof duration>;
