// The parser module alone, not the package entry: the entry also loads the crontab-file reader,
// whose `require('fs')` the Temporal workflow bundler refuses (this module reaches workflow code
// through the interpreter) and the browser has no use for. Its types are declared in ../types.
import type { CronExpression } from 'cron-parser';
import { CronExpressionParser } from 'cron-parser/dist/CronExpressionParser';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { timeZone } from './send-window';
import { localDay, localMinute, wallTimeToInstant } from './zone-clock';

const minuteMs = 60_000;
const dayMs = 86_400_000;
const minutesPerDay = 1_440;
/** The tightest spacing a broadcast schedule may have. */
const minimumGapMinutes = 15;
/** Where the frequency guard starts looking: a fixed instant keeps validation deterministic. */
const referenceMs = Date.UTC(2026, 0, 1);
/** How far past the reference the guard looks for two consecutive firing days. */
const adjacentDaySearchMs = 8 * 366 * dayMs;
/** Firings are searched within the years 0000–9999, the range of the ISO dates a schedule is written in. */
const earliestMs = Date.parse('0000-01-01T00:00:00Z');
const latestMs = Date.parse('9999-12-31T23:59:59.999Z');
const fieldNames = '"minute hour day-of-month month day-of-week"';

/** An absolute instant: ISO 8601 with a `Z` or ±hh:mm offset; seconds and fractions optional. */
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'an ISO date-time with an offset, e.g. "2026-12-01T10:00+08:00"',
    abort: true,
  })
  .refine((value) => DateTime.fromISO(value).isValid, 'not a real date and time');

function instantMs(value: string): number {
  return DateTime.fromISO(value).toMillis();
}

/**
 * Parses a 5-field cron in `timezone`, searching from `currentDate` (always given: the library would
 * otherwise read the clock). `hashSeed` pins Jenkins-style `H` fields, which are otherwise random per parse.
 */
function compile(cron: string, timezone: string, currentDate: number): CronExpression {
  return CronExpressionParser.parse(cron, { tz: timezone, currentDate, strict: false, hashSeed: cron.trim().split(/\s+/).join(' ') });
}

/** The expression's next firing, or undefined when the library finds none (it gives up far in the future). */
function nextOf(expression: CronExpression): number | undefined {
  try {
    const at = expression.next().getTime();
    return Number.isFinite(at) && at <= latestMs ? at : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether two firings can be less than 15 minutes apart. Every day a cron fires, it fires at every
 * hour × minute of its fields, so the spacing within a day is read off the fields exactly. The gap from
 * one day's last firing to the next day's first counts only if two consecutive days fire: that is found
 * by computing firing days from a fixed reference instant. Checked in UTC, so a spring-forward DST jump can
 * still bring two local times closer once a year (01:50 and 03:00 fire 10 minutes apart).
 */
function firesTooOften(expression: CronExpression): boolean {
  const { minute, hour } = expression.fields;
  const times = hour.values.flatMap((h) => minute.values.map((m) => Number(h) * 60 + Number(m))).sort((a, b) => a - b);
  for (let index = 1; index < times.length; index++) if (times[index]! - times[index - 1]! < minimumGapMinutes) return true;
  const first = times[0]!;
  if (minutesPerDay - times[times.length - 1]! + first >= minimumGapMinutes) return false;
  expression.reset(new Date(referenceMs));
  for (let at = nextOf(expression); at !== undefined && at < referenceMs + adjacentDaySearchMs; at = nextOf(expression)) {
    const dayStart = at - (at % dayMs);
    if (expression.includesDate(new Date(dayStart + dayMs + first * minuteMs))) return true;
    expression.reset(new Date(dayStart + dayMs - 1));
  }
  return false;
}

/** Why a cron expression cannot be a broadcast schedule, or undefined when it can. */
function cronProblem(cron: string): string | undefined {
  const fields = cron.split(/\s+/).filter(Boolean).length;
  if (fields === 6) return `seconds are not supported: use the 5 fields ${fieldNames}, e.g. "0 10 * * 1"`;
  if (fields !== 5) return `use the 5 fields ${fieldNames}, e.g. "0 10 * * 1" (got ${fields})`;
  let expression: CronExpression;
  try {
    expression = compile(cron, 'UTC', referenceMs);
    expression.next(); // an expression that can never fire (e.g. the fifth Monday of every February, searched too far) throws here
  } catch (error) {
    return `not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`;
  }
  return firesTooOften(expression) ? 'a schedule may fire at most every 15 minutes' : undefined;
}

const cron = z
  .string()
  .trim()
  .max(100)
  .superRefine((value, context) => {
    const problem = cronProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

const cronSchedule = z
  .strictObject({
    kind: z.literal('cron').describe('Repeat on a cron schedule.'),
    cron: cron.describe(
      `When to fire, as 5 fields ${fieldNames} read in the time zone below, e.g. "0 10 * * 1" for every Monday at 10:00 or "0 9 1 * *" for 09:00 on the 1st of each month. At most once every 15 minutes.`,
    ),
    timezone: timeZone
      .default('UTC')
      .describe('The time zone the cron’s hours are read in, e.g. "Asia/Shanghai"; UTC when empty. The local hour holds across daylight-saving changes.'),
    inContactTimeZone: z
      .boolean()
      .default(false)
      .describe('Fire at the cron’s local time in each contact’s own time zone (08:00 in Shanghai, then 08:00 in Berlin…); contacts without one use the time zone above.'),
    startAt: instant.optional().describe('Fire no earlier than this instant, e.g. "2026-12-01T00:00+08:00". Empty: from when the journey goes live.'),
    endAt: instant.optional().describe('Fire no later than this instant, e.g. "2027-01-31T23:59+08:00". Empty: until the journey is stopped.'),
  })
  .refine((value) => !value.startAt || !value.endAt || instantMs(value.startAt) < instantMs(value.endAt), {
    message: 'the schedule must start before it ends',
    path: ['endAt'],
  })
  .describe('Repeats, e.g. every Monday at 10:00 Shanghai time.');

const onceSchedule = z
  .strictObject({
    kind: z.literal('once').describe('Fire a single time.'),
    at: instant.describe('The instant to fire, with its UTC offset, e.g. "2026-12-01T10:00+08:00".'),
  })
  .describe('Fires once, e.g. a one-off broadcast.');

/** When a scheduled journey fires: repeatedly on a cron in a time zone (weekly broadcasts, content calendars), or once. */
export const schedule = z
  .discriminatedUnion('kind', [cronSchedule, onceSchedule])
  .describe('When to fire: repeatedly on a cron schedule in a time zone, or once at an instant.');
export type Schedule = z.infer<typeof schedule>;

/** The schedule's firings after `afterMs`, in order, within its start and end. */
function* firingsAfter(value: Schedule, afterMs: number): Generator<number, void, undefined> {
  if (Number.isNaN(afterMs)) throw new RangeError('the instant to search from must be a number of milliseconds');
  if (value.kind === 'once') {
    const at = instantMs(value.at);
    if (at > afterMs) yield at;
    return;
  }
  const endMs = Math.min(value.endAt ? instantMs(value.endAt) : Infinity, latestMs);
  // The library searches after `currentDate`; one millisecond before the start admits a firing at it.
  const from = Math.max(afterMs, value.startAt ? instantMs(value.startAt) - 1 : -Infinity, earliestMs - 1);
  if (from >= endMs) return;
  // cron-parser maps the times a spring-forward skips to after the gap only when it enters the day
  // from before the change; started inside it, it skips them. Starting a few hours back and passing
  // over what precedes `from` makes every search see the same firings.
  const expression = compile(value.cron, value.timezone, from - dstLookbackMs);
  for (let at = nextOf(expression); at !== undefined && at <= endMs; at = nextOf(expression)) if (at > from) yield at;
}

/** Longer than any daylight-saving shift (an hour; Lord Howe's is half of one). */
const dstLookbackMs = 3 * 3600 * 1000;

/**
 * The first firing strictly after `afterMs`, or undefined when there is none (a past once-schedule, or
 * past `endAt`). Cron hours are read in the schedule's zone, so "0 10 * * 1" in America/New_York fires at
 * 10:00 local on both sides of a DST change; a time skipped by spring-forward fires at the same offset after it.
 */
export function nextFireTime(value: Schedule, afterMs: number): number | undefined {
  return firingsAfter(value, afterMs).next().value ?? undefined;
}

/** Every firing in (fromMs, toMs], in order, at most `limit` of them. */
export function fireTimesBetween(value: Schedule, fromMs: number, toMs: number, limit = 10_000): number[] {
  if (Number.isNaN(toMs)) throw new RangeError('the instant to search to must be a number of milliseconds');
  const times: number[] = [];
  if (!(limit >= 1)) return times;
  for (const at of firingsAfter(value, fromMs)) {
    if (at > toMs) break;
    times.push(at);
    if (times.length >= limit) break;
  }
  return times;
}

/**
 * The cron as plain 5 fields, `H` fields resolved and names as numbers, for schedulers that read
 * cron themselves (Temporal Schedules) and know no `H`.
 */
export function plainCron(cron: string): string {
  return compile(cron, 'UTC', referenceMs).stringify();
}

/**
 * The zone a per-contact-time schedule's firings are computed in: the first whose wall clock
 * reaches any given time (UTC+14, no daylight saving), so every other zone's same wall-clock time
 * comes at or after the firing, within 26 hours.
 */
export const earliestTimeZone = 'Pacific/Kiritimati';

/** The schedule its firings are computed on: for per-contact time, the cron read in the earliest zone. */
export function firingClock(value: Schedule): Schedule {
  return value.kind === 'cron' && value.inContactTimeZone ? { ...value, timezone: earliestTimeZone } : value;
}

/** When a firing reaches contacts in `zone` (missing: the schedule's own zone): at once, or at the same wall-clock time there. */
export function contactFireTime(value: Schedule, firingMs: number, zone: string | undefined): number {
  if (value.kind !== 'cron' || !value.inContactTimeZone) return firingMs;
  return wallTimeToInstant(zone ?? value.timezone, localDay(earliestTimeZone, firingMs), localMinute(earliestTimeZone, firingMs));
}

/** A firing's waves: the contacts' zones grouped by the instant the firing reaches them, earliest first. */
export function firingWaves(value: Schedule, firingMs: number, zones: readonly string[]): { at: number; zones: string[] }[] {
  const waves = new Map<number, string[]>();
  for (const zone of new Set(zones)) {
    const at = contactFireTime(value, firingMs, zone);
    waves.set(at, [...(waves.get(at) ?? []), zone]);
  }
  return [...waves].sort(([a], [b]) => a - b).map(([at, grouped]) => ({ at, zones: grouped.sort() }));
}
