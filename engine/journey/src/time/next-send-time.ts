import type { SendWindow } from './send-window';
import { localDay, localMinute, wallTimeToInstant } from './zone-clock';

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
