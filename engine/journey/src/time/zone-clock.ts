import { DateTime, IANAZone } from 'luxon';

/**
 * Wall-clock arithmetic in IANA zones, memoised. luxon stays the source of truth for every zone
 * rule (DST gaps and overlaps included); we only remember its answers, because building luxon
 * DateTimes costs tens of microseconds and the interpreter asks the same questions for every
 * contact: "what is the offset around this instant" and "when is 20:00 on this local day".
 */

const dayMs = 86_400_000;
/** Offsets change on whole quarter hours (UTC) in every current zone, so a quarter-hour bucket has one offset. */
const bucketMs = 15 * 60_000;
const maxEntries = 200_000;

const offsets = new Map<string, number>();
const wallTimes = new Map<string, readonly number[]>();

function remember<K, V>(cache: Map<K, V>, key: K, compute: () => V): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (cache.size >= maxEntries) cache.clear();
  cache.set(key, value);
  return value;
}

/** The zone's UTC offset in milliseconds at `ms`. */
export function offsetAt(zone: string, ms: number): number {
  const bucket = Math.floor(ms / bucketMs);
  return remember(offsets, `${zone}|${bucket}`, () => {
    const instance = IANAZone.create(zone);
    if (!instance.isValid) throw new RangeError(`unknown time zone "${zone}"`);
    return instance.offset(bucket * bucketMs) * 60_000;
  });
}

/** Days since 1970-01-01 on the zone's wall calendar at `ms`. */
export function localDay(zone: string, ms: number): number {
  return Math.floor((ms + offsetAt(zone, ms)) / dayMs);
}

/** The zone's calendar date at `ms`, as `YYYY-MM-DD`. */
export function localDate(zone: string, ms: number): string {
  return new Date(localDay(zone, ms) * dayMs).toISOString().slice(0, 10);
}

/** Minutes since local midnight at `ms`. */
export function localMinute(zone: string, ms: number): number {
  const local = ms + offsetAt(zone, ms);
  return Math.floor((local - Math.floor(local / dayMs) * dayMs) / 60_000);
}

/** 0 = Monday … 6 = Sunday, for a local day number (1970-01-01 was a Thursday). */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/**
 * The instants at which the wall clock in `zone` shows `minute` minutes past midnight on local
 * day `day`, earliest first: one on most days, two when clocks go back over that time, and for
 * a time skipped by a spring-forward, the instant after the gap (as luxon places it).
 */
export function wallTimeInstants(zone: string, day: number, minute: number): readonly number[] {
  return remember(wallTimes, `${zone}|${day}|${minute}`, () => {
    const date = new Date(day * dayMs);
    const wall = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: Math.floor(minute / 60), minute: minute % 60 };
    const placed = DateTime.fromObject(wall, { zone }).toMillis();
    // A repeated hour has a second reading of the same wall time, one offset change away.
    const shifts = new Set([offsetAt(zone, placed - dayMs) - offsetAt(zone, placed), offsetAt(zone, placed) - offsetAt(zone, placed + dayMs)]);
    const instants = [placed];
    for (const shift of shifts) {
      for (const other of [placed - shift, placed + shift]) {
        if (shift === 0 || instants.includes(other)) continue;
        const shown = DateTime.fromMillis(other, { zone });
        if (shown.hour === wall.hour && shown.minute === wall.minute && shown.day === wall.day) instants.push(other);
      }
    }
    return instants.sort((a, b) => a - b);
  });
}

/** The first instant on local day `day` at which the wall clock in `zone` shows `minute`. */
export function wallTimeToInstant(zone: string, day: number, minute: number): number {
  return wallTimeInstants(zone, day, minute)[0]!;
}
