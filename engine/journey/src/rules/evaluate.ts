import { durationMs } from '../duration-ms';
import { counterTest, passesCounterTest } from './activity';
import { timeOf } from './time-of';
import { FieldRule, Rule } from './rule';

/** What a rule can see of a contact: the runtime and the simulator both build one of these. */
export interface ContactSnapshot {
  traits: Record<string, unknown>;
  tags: readonly string[];
  /** The customer groups the contact is in now (rule path `groups`). */
  groups?: readonly string[];
  lifecycleStage?: string;
  timezone?: string;
  /** Kept from the contact's whole history by the data plane: orders count, total spent, last order, RFM. */
  computed?: Record<string, unknown>;
  /** Per event name, `{ count, firstAt, lastAt }` over the contact's whole history. */
  activity?: Record<string, unknown>;
  /** Recent events, enough for the event-history rules in play (the data plane decides how many). */
  events?: readonly EventSnapshot[];
}

export interface EventSnapshot {
  name: string;
  /** Epoch milliseconds. */
  at: number;
  properties: Record<string, unknown>;
}

/** The value at a dotted path (own properties only, so "__proto__" reads nothing), or undefined. */
export function valueAt(subject: unknown, path: string): unknown {
  let current = subject;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Text within text, or a value equal to the needle, or a list with such an element (as a MongoDB regex or equality matches). */
function contains(haystack: unknown, needle: unknown): boolean {
  if (Array.isArray(haystack)) return haystack.some((element) => !Array.isArray(element) && contains(element, needle));
  if (typeof haystack === 'string' && typeof needle === 'string') return haystack.includes(needle);
  return haystack === needle;
}

/** Tests that hold for a list when one of its elements passes (MongoDB's reading of a list-valued field). */
const anyElementOps = new Set<FieldRule['op']>(['eq', 'in', 'gt', 'gte', 'lt', 'lte', 'before', 'after', 'withinLast', 'notWithinLast']);

function compare(value: unknown, check: (n: number) => boolean): boolean {
  return typeof value === 'number' && Number.isFinite(value) && check(value);
}

/**
 * A missing field fails every positive test and passes every negative one ("city is not
 * Shanghai" holds for a contact without a city), as marketers expect.
 */
export function evaluateField(rule: FieldRule, subject: unknown, nowMs: number): boolean {
  const value = valueAt(subject, rule.path);
  // A list-valued field ("interests") passes a test when one of its elements does, and "is not" when none is.
  if (Array.isArray(value)) {
    if (anyElementOps.has(rule.op)) return value.some((element) => !Array.isArray(element) && testValue(rule, element, nowMs));
    if (rule.op === 'neq') return !value.includes(rule.value);
    if (rule.op === 'notIn') return !value.some((element) => rule.value.includes(element as string | number | boolean));
  }
  return testValue(rule, value, nowMs);
}

function testValue(rule: FieldRule, value: unknown, nowMs: number): boolean {
  const present = value !== undefined && value !== null;
  switch (rule.op) {
    case 'eq':
      return value === rule.value;
    case 'neq':
      return value !== rule.value;
    case 'in':
      return rule.value.includes(value as string | number | boolean);
    case 'notIn':
      return !rule.value.includes(value as string | number | boolean);
    case 'contains':
      return contains(value, rule.value);
    case 'notContains':
      return !contains(value, rule.value);
    case 'gt':
      return compare(value, (n) => n > rule.value);
    case 'gte':
      return compare(value, (n) => n >= rule.value);
    case 'lt':
      return compare(value, (n) => n < rule.value);
    case 'lte':
      return compare(value, (n) => n <= rule.value);
    case 'exists':
      return present;
    case 'notExists':
      return !present;
    case 'before': {
      const at = timeOf(value);
      return at !== undefined && at < Date.parse(rule.value);
    }
    case 'after': {
      const at = timeOf(value);
      return at !== undefined && at > Date.parse(rule.value);
    }
    case 'withinLast': {
      const at = timeOf(value);
      return at !== undefined && at <= nowMs && at >= nowMs - durationMs(rule.value);
    }
    case 'notWithinLast': {
      const at = timeOf(value);
      return at !== undefined && at < nowMs - durationMs(rule.value);
    }
  }
}

function countEvents(rule: Extract<Rule, { kind: 'event' }>, contact: ContactSnapshot, nowMs: number): number {
  const since = rule.within ? nowMs - durationMs(rule.within) : -Infinity;
  let count = 0;
  for (const event of contact.events ?? []) {
    if (event.name !== rule.name || event.at > nowMs || event.at < since) continue;
    if (rule.where && !evaluateRule(rule.where, event, nowMs)) continue;
    count++;
  }
  return count;
}

/**
 * Evaluates a rule against a subject: a contact snapshot for audience, branch and wait
 * conditions, or an event for property filters (then tags and event history do not apply).
 * Pure: the clock is an argument.
 */
export function evaluateRule(rule: Rule, subject: ContactSnapshot | EventSnapshot, nowMs: number): boolean {
  switch (rule.kind) {
    case 'field':
      return evaluateField(rule, subject, nowMs);
    case 'tags': {
      const tags = 'tags' in subject ? subject.tags : [];
      switch (rule.op) {
        case 'has':
        case 'allOf':
          return rule.tags.every((tag) => tags.includes(tag));
        case 'hasNot':
        case 'noneOf':
          return !rule.tags.some((tag) => tags.includes(tag));
        case 'anyOf':
          return rule.tags.some((tag) => tags.includes(tag));
      }
      break;
    }
    case 'event': {
      if (!('tags' in subject)) return false;
      // The counters cover the whole history, where events are only the latest few.
      const counters = subject.activity ? counterTest(rule, nowMs) : undefined;
      if (counters) return passesCounterTest(counters.test, subject.activity!) !== counters.negated;
      const count = countEvents(rule, subject, nowMs);
      switch (rule.op) {
        case 'atLeast':
          return count >= (rule.count ?? 1);
        case 'fewerThan':
          return count < (rule.count ?? 1);
        case 'none':
          return count === 0;
      }
      break;
    }
    case 'all':
      return rule.rules.every((inner) => evaluateRule(inner, subject, nowMs));
    case 'any':
      return rule.rules.some((inner) => evaluateRule(inner, subject, nowMs));
    case 'not':
      return !evaluateRule(rule.rule, subject, nowMs);
  }
}
