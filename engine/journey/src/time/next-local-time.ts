import { DateTime, IANAZone } from 'luxon';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * The first instant after `nowMs` at which the wall clock in `zone` reads `time` (HH:mm), on one
 * of `days` if given. Computed with the zone's real rules, so "20:00" stays 20:00 local across DST
 * changes; a time that does not exist on a spring-forward day moves forward by the gap.
 */
export function nextLocalTime(nowMs: number, zone: string, time: string, days?: readonly Weekday[]): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const now = DateTime.fromMillis(nowMs, { zone });
  if (!now.isValid) throw new RangeError(`unknown time zone "${zone}"`);
  for (let offset = 0; offset <= 7; offset++) {
    const day = now.plus({ days: offset });
    const candidate = day.set({ hour, minute, second: 0, millisecond: 0 });
    const weekday = weekdays[candidate.weekday - 1];
    if (candidate.toMillis() > nowMs && (!days?.length || (weekday && days.includes(weekday)))) return candidate.toMillis();
  }
  // Unreachable with at least one weekday: within eight days every weekday recurs.
  throw new RangeError('no matching day within a week');
}
