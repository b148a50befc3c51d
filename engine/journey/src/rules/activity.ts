import { durationMs } from '../duration-ms';
import { Rule } from './rule';
import { timeOf } from './time-of';

/**
 * An event name as a field name under a contact's `activity` (count, first and last time per
 * name, kept by the data plane): MongoDB paths split on "." and reserve a leading "$", so both
 * are written as percent escapes (and "%" itself, so the mapping is one-to-one).
 */
export function activityField(name: string): string {
  return name.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/^\$/, '%24');
}

/** The event name an `activityField` stands for. */
export function activityName(field: string): string {
  return field.replace(/%(25|2E|24)/g, (escape) => ({ '%25': '%', '%2E': '.', '%24': '$' })[escape]!);
}

/** A contact's counters for one event name. */
export interface ActivityStats {
  count?: number;
  firstAt?: Date | string | number;
  lastAt?: Date | string | number;
}

type EventRule = Extract<Rule, { kind: 'event' }>;

/**
 * How an event-history rule reads a contact's counters, when they can answer it: "did E (ever,
 * N times)", "did E in the last D", "has not done E (for D)". Rules that filter on the event's
 * properties, or count more than once within a window, need the events themselves.
 */
export type CounterTest =
  | { test: 'countAtLeast'; field: string; count: number }
  | { test: 'lastWithin'; field: string; sinceMs: number };

/** The counter test equivalent to the rule, and whether it is negated; undefined when counters cannot answer. */
export function counterTest(rule: EventRule, nowMs: number): { test: CounterTest; negated: boolean } | undefined {
  if (rule.where) return undefined;
  const field = activityField(rule.name);
  const wanted = rule.op === 'none' ? 1 : (rule.count ?? 1);
  const negated = rule.op !== 'atLeast';
  if (!rule.within) return { test: { test: 'countAtLeast', field, count: wanted }, negated };
  if (wanted !== 1) return undefined;
  return { test: { test: 'lastWithin', field, sinceMs: nowMs - durationMs(rule.within) }, negated };
}

/** Whether the contact's counters pass the test. */
export function passesCounterTest(test: CounterTest, activity: Readonly<Record<string, unknown>>): boolean {
  const stats = Object.prototype.hasOwnProperty.call(activity, test.field) ? (activity[test.field] as ActivityStats | undefined) : undefined;
  if (!stats) return false;
  if (test.test === 'countAtLeast') return (stats.count ?? 0) >= test.count;
  const last = timeOf(stats.lastAt);
  return last !== undefined && last >= test.sinceMs;
}
