// The parser module alone: the package index also loads a crontab-file reader that needs `fs`,
// which the editor's browser bundle must not pull in.
import { CronExpressionParser } from 'cron-parser/dist/CronExpressionParser';
import { z } from 'zod';
import { timeZone } from './send-window';

const isoDate = z.iso.datetime({ offset: true });
const minimumGapMs = 15 * 60_000;
/** Enough firings to see how often any 5-field expression fires (minutes repeat within an hour). */
const probeFirings = 64;

function parse(cron: string, timezone: string, currentDate: number) {
  return CronExpressionParser.parse(cron, { tz: timezone, currentDate, strict: false });
}

/** Why a cron expression cannot be a broadcast schedule, or undefined when it can. */
function cronProblem(cron: string): string | undefined {
  if (cron.trim().split(/\s+/).length !== 5) return 'use the 5-field form "minute hour day-of-month month day-of-week", e.g. "0 10 * * 1"';
  try {
    const expression = parse(cron, 'UTC', Date.UTC(2026, 0, 1));
    let previous = expression.next().getTime();
    for (let index = 1; index < probeFirings; index++) {
      const next = expression.next().getTime();
      if (next - previous < minimumGapMs) return 'a schedule may fire at most every 15 minutes';
      previous = next;
    }
    return undefined;
  } catch (error) {
    return `not a valid cron expression: ${(error as Error).message}`;
  }
}

const cron = z.string().trim().max(100).superRefine((value, context) => {
  const problem = cronProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

/** When a scheduled journey enrols: a cron in a time zone (weekly broadcasts), or once. */
export const schedule = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('cron'),
      cron: cron.describe('Minute hour day-of-month month day-of-week, e.g. "0 10 * * 1" for Mondays at 10:00.'),
      timezone: timeZone.default('UTC').describe('The zone the cron’s hours are read in, e.g. "Asia/Shanghai".'),
      startAt: isoDate.optional().describe('No firing before this instant.'),
      endAt: isoDate.optional().describe('No firing after this instant.'),
    })
    .refine((value) => !value.startAt || !value.endAt || Date.parse(value.startAt) < Date.parse(value.endAt), {
      message: 'the schedule must start before it ends',
      path: ['endAt'],
    }),
  z.strictObject({
    kind: z.literal('once'),
    at: isoDate.describe('The one instant to enrol at.'),
  }),
]);
export type Schedule = z.infer<typeof schedule>;

/** The first firing strictly after `afterMs`, or undefined when the schedule has ended. DST-correct in its zone. */
export function nextFireTime(value: Schedule, afterMs: number): number | undefined {
  if (value.kind === 'once') {
    const at = Date.parse(value.at);
    return at > afterMs ? at : undefined;
  }
  const startMs = value.startAt ? Date.parse(value.startAt) : -Infinity;
  const endMs = value.endAt ? Date.parse(value.endAt) : Infinity;
  // The parser searches from `currentDate` exclusive; starting 1 ms before the start admits a firing at it.
  const from = Math.max(afterMs, startMs - 1);
  if (from >= endMs) return undefined;
  const next = parse(value.cron, value.timezone, from).next().getTime();
  return next <= endMs ? next : undefined;
}

/** Every firing in (fromMs, toMs], at most `limit`. */
export function fireTimesBetween(value: Schedule, fromMs: number, toMs: number, limit = 10_000): number[] {
  const times: number[] = [];
  for (let at = nextFireTime(value, fromMs); at !== undefined && at <= toMs && times.length < limit; at = nextFireTime(value, at)) times.push(at);
  return times;
}
