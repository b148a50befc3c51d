import { z } from 'zod';
import { isTimeZone } from './next-local-time';
import { localDay, localMinute, wallTimeToInstant } from './zone-clock';

export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time such as "20:00"');
export const timeZone = z.string().refine(isTimeZone, 'an IANA time zone such as "Asia/Shanghai"');

/**
 * Local hours in which a message may go out, e.g. 10:00–20:00 in the contact's zone. A window
 * whose end is before its start spans midnight (22:00–06:00).
 */
export const sendWindow = z
  .strictObject({
    start: timeOfDay.describe('Earliest local time to send, e.g. "10:00".'),
    end: timeOfDay.describe('Latest local time to send, e.g. "20:00".'),
    timezone: timeZone.optional().describe('Use this zone instead of the contact’s.'),
  })
  .refine((window) => window.start !== window.end, { message: 'a send window needs a start and an end that differ', path: ['end'] });
export type SendWindow = z.infer<typeof sendWindow>;

function minutesOf(time: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return hour * 60 + minute;
}

/**
 * `nowMs` when it falls inside the window in `zone`, else the next instant the window opens.
 * Wall-clock arithmetic follows the zone's real rules (luxon, memoised in zone-clock).
 */
export function nextSendTime(window: SendWindow, nowMs: number, zone: string): number {
  const where = window.timezone ?? zone;
  const minute = localMinute(where, nowMs);
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (inside) return nowMs;
  const today = localDay(where, nowMs);
  const opening = wallTimeToInstant(where, today, start);
  return opening > nowMs ? opening : wallTimeToInstant(where, today + 1, start);
}
