import { activityField, counterTest, durationMs, FieldRule, leafRules, Rule } from '@trellis/journey';

/**
 * Rules as MongoDB filters over contacts, so a segment is one query and never every contact in
 * memory. Only operators FerretDB 1.x answers too ($and/$or/$nor, comparisons, $in/$nin,
 * $all, $regex, $ne: null); each filter matches exactly the contacts `evaluateRule` accepts:
 * - fields: a list-valued field passes when one element does (and "is not" when none does);
 *   times are Dates, epoch milliseconds, or ISO-8601 UTC text as `toISOString` writes it;
 * - event history: the contact's `activity` counters where they answer the rule; otherwise the
 *   contacts an events query found (`EventLookup`), passed in by id.
 */
export type Filter = Record<string, unknown>;

type EventRule = Extract<Rule, { kind: 'event' }>;

/** An event-history rule counters cannot answer: which contacts have at least `count` matching events. */
export interface EventLookup {
  rule: EventRule;
  /** Filter over the events collection (name, time window, properties). */
  events: Filter;
  count: number;
}

const matchNothing: Filter = { _id: { $in: [] } };
const isoText = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A time comparison over every way a time is stored: a Date, epoch milliseconds, or ISO text. */
function timeFilter(path: string, bounds: { $lt?: number; $gt?: number; $gte?: number; $lte?: number }): Filter {
  const as = (convert: (ms: number) => unknown) => Object.fromEntries(Object.entries(bounds).map(([op, ms]) => [op, convert(ms)]));
  return {
    $or: [
      { [path]: as((ms) => new Date(ms)) },
      { [path]: as((ms) => ms) },
      { [path]: { ...as((ms) => new Date(ms).toISOString()), $regex: isoText.source } },
    ],
  };
}

export function fieldFilter(rule: FieldRule, nowMs: number, path = rule.path): Filter {
  switch (rule.op) {
    case 'eq':
      return { [path]: rule.value };
    case 'neq':
      return { [path]: { $ne: rule.value } };
    case 'in':
      return { [path]: { $in: rule.value } };
    case 'notIn':
      return { [path]: { $nin: rule.value } };
    case 'contains':
      return typeof rule.value === 'string' ? { [path]: { $regex: escapeRegex(rule.value) } } : { [path]: rule.value };
    case 'notContains':
      return { $nor: [fieldFilter({ ...rule, op: 'contains' }, nowMs, path)] };
    case 'gt':
      return { [path]: { $gt: rule.value } };
    case 'gte':
      return { [path]: { $gte: rule.value } };
    case 'lt':
      return { [path]: { $lt: rule.value } };
    case 'lte':
      return { [path]: { $lte: rule.value } };
    case 'exists':
      return { [path]: { $ne: null } };
    case 'notExists':
      return { [path]: null };
    case 'before':
      return timeFilter(path, { $lt: Date.parse(rule.value) });
    case 'after':
      return timeFilter(path, { $gt: Date.parse(rule.value) });
    case 'withinLast':
      return timeFilter(path, { $gte: nowMs - durationMs(rule.value), $lte: nowMs });
    case 'notWithinLast':
      return timeFilter(path, { $lt: nowMs - durationMs(rule.value) });
  }
}

/** The events an event-history rule counts, as a filter over the events collection. */
export function eventsFilter(rule: EventRule, nowMs: number): Filter {
  const window = rule.within ? { timestamp: { $gte: new Date(nowMs - durationMs(rule.within)), $lte: new Date(nowMs) } } : { timestamp: { $lte: new Date(nowMs) } };
  return { $and: [{ name: rule.name }, window, ...(rule.where ? [whereFilter(rule.where, nowMs)] : [])] };
}

/** An event property filter, over stored events (`at` is stored as `timestamp`). */
function whereFilter(rule: Rule, nowMs: number): Filter {
  switch (rule.kind) {
    case 'field':
      return fieldFilter(rule, nowMs, rule.path === 'at' ? 'timestamp' : rule.path);
    case 'all':
      return rule.rules.length ? { $and: rule.rules.map((inner) => whereFilter(inner, nowMs)) } : {};
    case 'any':
      return rule.rules.length ? { $or: rule.rules.map((inner) => whereFilter(inner, nowMs)) } : matchNothing;
    case 'not':
      return { $nor: [whereFilter(rule.rule, nowMs)] };
    default:
      // Tags and event history say nothing about an event: never true of one (as evaluateRule has it).
      return matchNothing;
  }
}

/** The event-history rules inside `rule` that need an events query. */
export function eventLookupsIn(rule: Rule, nowMs: number): EventLookup[] {
  return leafRules(rule).flatMap((leaf) =>
    leaf.kind === 'event' && !counterTest(leaf, nowMs) ? [{ rule: leaf, events: eventsFilter(leaf, nowMs), count: leaf.op === 'none' ? 1 : (leaf.count ?? 1) }] : [],
  );
}

/**
 * The filter over contacts equivalent to the rule at `nowMs`. `found` answers each lookup of
 * `eventLookupsIn`: the ids of the contacts with at least its count of matching events.
 */
export function contactFilter(rule: Rule, nowMs: number, found: (rule: EventRule) => readonly unknown[] = () => []): Filter {
  switch (rule.kind) {
    case 'field':
      return fieldFilter(rule, nowMs);
    case 'tags':
      switch (rule.op) {
        case 'has':
        case 'allOf':
          return { tags: { $all: rule.tags } };
        case 'anyOf':
          return { tags: { $in: rule.tags } };
        case 'hasNot':
        case 'noneOf':
          return { tags: { $nin: rule.tags } };
      }
      break;
    case 'event': {
      const counters = counterTest(rule, nowMs);
      let positive: Filter;
      if (!counters) positive = { _id: { $in: [...found(rule)] } };
      else if (counters.test.test === 'countAtLeast') positive = { [`activity.${counters.test.field}.count`]: { $gte: counters.test.count } };
      else positive = timeFilter(`activity.${counters.test.field}.lastAt`, { $gte: counters.test.sinceMs });
      const negated = rule.op !== 'atLeast';
      return negated ? { $nor: [positive] } : positive;
    }
    case 'all':
      return rule.rules.length ? { $and: rule.rules.map((inner) => contactFilter(inner, nowMs, found)) } : {};
    case 'any':
      return rule.rules.length ? { $or: rule.rules.map((inner) => contactFilter(inner, nowMs, found)) } : matchNothing;
    case 'not':
      return { $nor: [contactFilter(rule.rule, nowMs, found)] };
  }
}

/**
 * The contact fields a rule reads: a change to a contact re-evaluates only the segments whose
 * rules read what changed. Event-history rules read `activity.<event>`.
 */
export function fieldsRead(rule: Rule): string[] {
  const read = leafRules(rule).map((leaf) => (leaf.kind === 'field' ? leaf.path : leaf.kind === 'tags' ? 'tags' : `activity.${activityField(leaf.name)}`));
  return [...new Set(read)];
}

/** Whether a change to `changed` (a dotted path) may change a rule reading `read`: one is within the other. */
export function touches(read: string, changed: string): boolean {
  return read === changed || read.startsWith(`${changed}.`) || changed.startsWith(`${read}.`);
}
