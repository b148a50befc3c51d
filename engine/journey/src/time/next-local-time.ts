import { IANAZone } from 'luxon';
import { localDay, wallTimeInstants, weekdayIndex } from './zone-clock';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const knownZones = new Set<string>();

/** Whether `zone` is an IANA zone; remembered, since luxon builds a formatter to find out. */
export function isTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  const valid = IANAZone.isValidZone(zone);
  if (valid && knownZones.size < 1000) knownZones.add(zone);
  return valid;
}

/**
 * The first instant after `nowMs` at which the wall clock in `zone` reads `time` (HH:mm), on one
 * of `days` if given. Computed with the zone's real rules, so "20:00" stays 20:00 local across DST
 * changes; a time that does not exist on a spring-forward day moves forward by the gap.
 */
export function nextLocalTime(nowMs: number, zone: string, time: string, days?: readonly Weekday[]): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const today = localDay(zone, nowMs);
  for (let offset = 0; offset <= 7; offset++) {
    const day = today + offset;
    if (days?.length && !days.includes(weekdays[weekdayIndex(day)]!)) continue;
    const candidate = wallTimeInstants(zone, day, hour * 60 + minute).find((instant) => instant > nowMs);
    if (candidate !== undefined) return candidate;
  }
  // Unreachable with at least one weekday: within eight days every weekday recurs.
  throw new RangeError('no matching day within a week');
}
