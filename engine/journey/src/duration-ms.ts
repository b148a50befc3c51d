import type { Duration } from './duration';

export const durationUnits = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;
export type DurationUnit = keyof typeof durationUnits;
export const durationUnitNames = Object.keys(durationUnits) as [DurationUnit, ...DurationUnit[]];

export function durationMs(value: Duration): number {
  return value.amount * durationUnits[value.unit];
}
