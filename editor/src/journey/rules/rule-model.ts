import { boundedRule, durationUnitNames, fieldRule, lifecycleStages, maxRuleDepth, tagsRule } from '@trellis/journey';
import type { Duration, DurationUnit, FieldOp, FieldRule, LeafRule, Rule, TagsRule } from '@trellis/journey';

/**
 * The rules builder's model, free of React: what a row of the builder is, which operators and
 * values fit it, and edits on a rule tree that keep it a shape `rule` from '@trellis/journey'
 * accepts once the marketer has filled in the blanks (an empty name, value or tag list).
 */

export type EventRule = Extract<Rule, { kind: 'event' }>;
export type GroupRule = Extract<Rule, { kind: 'all' | 'any' }>;
export type TagsOp = TagsRule['op'];
export type EventOp = EventRule['op'];
export type Scalar = string | number | boolean;
export type ScalarType = 'string' | 'number' | 'boolean';
export type ConditionOp = FieldOp | TagsOp | EventOp;

/**
 * What a rule is about: a contact (audience, branch and wait conditions, segments) or one event
 * (property filters: a trigger's, a goal's or an event-history rule's `where`), where only field
 * rules on `properties.*` make sense: tags and event history read false against an event.
 */
export type RuleSubject = 'contact' | 'event';

/** The value a field operator compares with. */
export type ValueKind = 'scalar' | 'list' | 'number' | 'none' | 'date' | 'duration';

/** Every field operator of the model and the value it needs: a missing or extra operator is a compile error. */
export const fieldOpValues = {
  eq: 'scalar',
  neq: 'scalar',
  in: 'list',
  notIn: 'list',
  contains: 'scalar',
  notContains: 'scalar',
  gt: 'number',
  gte: 'number',
  lt: 'number',
  lte: 'number',
  exists: 'none',
  notExists: 'none',
  before: 'date',
  after: 'date',
  withinLast: 'duration',
  notWithinLast: 'duration',
} as const satisfies Record<FieldOp, ValueKind>;

export const fieldOps = Object.keys(fieldOpValues) as FieldOp[];
export const tagsOps: readonly TagsOp[] = tagsRule.shape.op.options;
const eventOpSet = { atLeast: true, fewerThan: true, none: true } as const satisfies Record<EventOp, true>;
export const eventOps = Object.keys(eventOpSet) as EventOp[];
export const durationUnits: readonly DurationUnit[] = durationUnitNames;

export function valueKindOf(op: FieldOp): ValueKind {
  return fieldOpValues[op];
}

/**
 * A row of the builder as a marketer names it. Several are field rules on a known path
 * (`traits.*`, `lifecycleStage`, `groups`, `computed.*`, `properties.*`); "field" is any other
 * path, so every rule the model accepts can be shown and edited.
 */
export type ConditionKind = 'trait' | 'tags' | 'event' | 'lifecycle' | 'orders' | 'customerGroup' | 'property' | 'field';

export const conditionKindsBySubject: Record<RuleSubject, readonly ConditionKind[]> = {
  contact: ['trait', 'tags', 'event', 'lifecycle', 'orders', 'customerGroup', 'field'],
  event: ['property', 'field'],
};

const prefixes = { trait: 'traits.', property: 'properties.' } as const;

/** What the data plane keeps per contact from its orders (see `computed` in ContactSnapshot). */
export const orderMeasures = [
  { path: 'computed.ordersCount', key: 'ordersCount', type: 'number' },
  { path: 'computed.totalSpent', key: 'totalSpent', type: 'number' },
  { path: 'computed.lastOrderAt', key: 'lastOrderAt', type: 'date' },
  { path: 'computed.firstOrderAt', key: 'firstOrderAt', type: 'date' },
  { path: 'computed.rfm.recency', key: 'rfmRecency', type: 'number' },
  { path: 'computed.rfm.frequency', key: 'rfmFrequency', type: 'number' },
  { path: 'computed.rfm.monetary', key: 'rfmMonetary', type: 'number' },
  { path: 'computed.rfm.score', key: 'rfmScore', type: 'number' },
] as const;
export type OrderMeasure = (typeof orderMeasures)[number];

export function orderMeasureOf(path: string): OrderMeasure | undefined {
  return orderMeasures.find((measure) => measure.path === path);
}

const lifecycleOps: readonly FieldOp[] = ['eq', 'neq', 'in', 'notIn', 'exists', 'notExists'];
// `groups` is a list: "exists" would hold for an empty one, so it is left out.
const customerGroupOps: readonly FieldOp[] = ['eq', 'neq', 'in', 'notIn'];
const numberMeasureOps: readonly FieldOp[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'exists', 'notExists'];
const dateMeasureOps: readonly FieldOp[] = ['before', 'after', 'withinLast', 'notWithinLast', 'exists', 'notExists'];

/** The operators a row of this kind offers (for purchases, those of the measure at `path`). */
export function opsFor(kind: ConditionKind, path?: string): readonly ConditionOp[] {
  switch (kind) {
    case 'trait':
    case 'property':
    case 'field':
      return fieldOps;
    case 'lifecycle':
      return lifecycleOps;
    case 'customerGroup':
      return customerGroupOps;
    case 'orders':
      return orderMeasureOf(path ?? '')?.type === 'date' ? dateMeasureOps : numberMeasureOps;
    case 'tags':
      return tagsOps;
    case 'event':
      return eventOps;
  }
}

function isStage(value: unknown): boolean {
  return value === '' || (lifecycleStages as readonly unknown[]).includes(value);
}

/** The row kind that shows this rule: the most specific one whose operators and values fit it. */
export function conditionKindOf(rule: LeafRule, subject: RuleSubject): ConditionKind {
  if (rule.kind !== 'field') return rule.kind;
  const { path, op } = rule;
  if (subject === 'event') return path.startsWith(prefixes.property) ? 'property' : 'field';
  if (path.startsWith(prefixes.trait)) return 'trait';
  if (path === 'lifecycleStage' && lifecycleOps.includes(op)) {
    const values = 'value' in rule ? (Array.isArray(rule.value) ? rule.value : [rule.value]) : [];
    return values.every(isStage) ? 'lifecycle' : 'field';
  }
  if (path === 'groups' && customerGroupOps.includes(op)) return 'customerGroup';
  if (orderMeasureOf(path) && opsFor('orders', path).includes(op)) return 'orders';
  return 'field';
}

export const defaultDuration: Duration = { amount: 7, unit: 'days' };

/** A new row of this kind, with blanks (an empty name, value or tag list) for the marketer to fill. */
export function defaultCondition(kind: ConditionKind): LeafRule {
  switch (kind) {
    case 'trait':
      return { kind: 'field', path: prefixes.trait, op: 'eq', value: '' };
    case 'property':
      return { kind: 'field', path: prefixes.property, op: 'eq', value: '' };
    case 'field':
      return { kind: 'field', path: '', op: 'eq', value: '' };
    case 'lifecycle':
      return { kind: 'field', path: 'lifecycleStage', op: 'eq', value: '' };
    case 'customerGroup':
      return { kind: 'field', path: 'groups', op: 'eq', value: '' };
    case 'orders':
      return { kind: 'field', path: 'computed.ordersCount', op: 'gte', value: 1 };
    case 'tags':
      return { kind: 'tags', op: 'has', tags: [] };
    case 'event':
      return { kind: 'event', name: '', op: 'atLeast', count: 1 };
  }
}

export function defaultConditionFor(subject: RuleSubject): LeafRule {
  return defaultCondition(subject === 'event' ? 'property' : 'trait');
}

// ---------------------------------------------------------------------------------------------
// Values

const numberText = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/** A number the marketer typed, or undefined ("007" and "1e999" are not numbers here). */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!numberText.test(trimmed) && !/^-?\.\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The value typed text stands for: a number ("100", "-2.5"), true / false, or the text itself.
 * Leading zeros ("007", a postcode) and over 15 digits (a phone number) stay text, where a
 * number would lose them.
 */
export function inferScalar(text: string): Scalar {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const digits = text.replace(/\D/g, '').length;
  const value = text === text.trim() ? parseNumber(text) : undefined;
  return value !== undefined && digits <= 15 ? value : text;
}

/**
 * The value of an edited input. Text the marketer made text on purpose ("100" as text, which
 * inference would have read as a number) stays text while they type on.
 */
export function parseScalar(text: string, previous?: Scalar): Scalar {
  if (typeof previous === 'string' && typeof inferScalar(previous) !== 'string') return text;
  return inferScalar(text);
}

export function scalarTypeOf(value: Scalar): ScalarType {
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
}

export function formatScalar(value: Scalar): string {
  return String(value);
}

/** The value as another type, as close as it goes ("12" → 12, 1 → true, "yes" → 0). */
export function convertScalar(value: Scalar, type: ScalarType): Scalar {
  switch (type) {
    case 'string':
      return String(value);
    case 'number':
      if (typeof value === 'number') return value;
      if (typeof value === 'boolean') return value ? 1 : 0;
      return parseNumber(value) ?? 0;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number') return value !== 0;
      return value.trim() === 'true';
  }
}

/** Values typed as a list: commas (also "，" and "、"), semicolons or line breaks separate them. */
export function parseList(text: string): Scalar[] {
  return text
    .split(/[,，、;；\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => inferScalar(part));
}

/** Adds values to a list, once each. */
export function addToList<T extends Scalar>(list: readonly T[], values: readonly T[]): T[] {
  const next = [...list];
  for (const value of values) if (!next.includes(value)) next.push(value);
  return next;
}

/** A whole number of units, as a duration needs, or undefined. */
export function parseAmount(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= 1 && value <= 100_000 ? value : undefined;
}

/** A count an event-history rule needs: a positive whole number. */
export function parseCount(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= 1 && value <= 1_000_000 ? value : undefined;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** An ISO instant as a `datetime-local` input shows it, in the browser's zone; '' for none. */
export function isoToLocalInput(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** What a `datetime-local` input holds (the browser's zone) as an ISO instant; '' for none. */
export function localInputToIso(local: string): string {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(local)) return '';
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value));
}

function isDuration(value: unknown): value is Duration {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isInteger((value as Duration).amount) &&
    (value as Duration).amount > 0 &&
    durationUnits.includes((value as Duration).unit)
  );
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function asScalar(value: unknown): Scalar | undefined {
  return isScalar(value) ? value : undefined;
}

/**
 * The field rule with another operator, keeping what still fits: "is" → "is not" keeps the
 * value, "is" → "is one of" wraps it in a list, a list → "is" keeps its first element,
 * "exists" drops it, and a value that cannot fit starts blank (or a default duration).
 */
export function withFieldOp(rule: FieldRule, op: FieldOp): FieldRule {
  const old = 'value' in rule ? (rule.value as unknown) : undefined;
  const { kind, path } = rule;
  switch (valueKindOf(op)) {
    case 'none':
      return { kind, path, op } as FieldRule;
    case 'scalar': {
      const value = asScalar(firstOf(old)) ?? '';
      return { kind, path, op, value } as FieldRule;
    }
    case 'list': {
      const list = (Array.isArray(old) ? old : [old]).map(asScalar).filter((value): value is Scalar => value !== undefined && value !== '');
      return { kind, path, op, value: addToList([], list) } as FieldRule;
    }
    case 'number': {
      const first = asScalar(firstOf(old));
      const value = typeof first === 'number' ? first : typeof first === 'string' ? (parseNumber(first) ?? 0) : 0;
      return { kind, path, op, value } as FieldRule;
    }
    case 'date':
      return { kind, path, op, value: isIsoInstant(old) ? old : '' } as FieldRule;
    case 'duration':
      return { kind, path, op, value: isDuration(old) ? old : defaultDuration } as FieldRule;
  }
}

/** Values a lifecycle row cannot show (not a stage) are dropped. */
function keepStages(rule: FieldRule): FieldRule {
  if (!('value' in rule)) return rule;
  if (Array.isArray(rule.value)) return { ...rule, value: rule.value.filter((value) => isStage(value) && value !== '') } as FieldRule;
  return isStage(rule.value) ? rule : ({ ...rule, value: '' } as FieldRule);
}

/** The row's path for another kind: a trait's name carries over to a property. */
function pathFor(kind: ConditionKind, from: FieldRule, fromKind: ConditionKind): string {
  const name = fromKind === 'trait' || fromKind === 'property' ? nameOf(from.path, fromKind) : '';
  switch (kind) {
    case 'trait':
    case 'property':
      return prefixes[kind] + name;
    case 'field':
      // Blank: a known path would show the row as its own kind again.
      return '';
    default:
      return (defaultCondition(kind) as FieldRule).path;
  }
}

/**
 * The row turned into another kind, keeping what still fits: between field kinds the operator
 * (when offered) and the value; a trait's name when it becomes a property. Anything else starts
 * as the kind's default. The result always shows as `kind` (`conditionKindOf`).
 */
export function changeKind(rule: LeafRule, kind: ConditionKind, subject: RuleSubject): LeafRule {
  const fromKind = conditionKindOf(rule, subject);
  if (fromKind === kind) return rule;
  const fresh = defaultCondition(kind);
  if (rule.kind !== 'field' || fresh.kind !== 'field') return fresh;
  const path = pathFor(kind, rule, fromKind);
  const ops = opsFor(kind, path);
  const op = ops.includes(rule.op) ? rule.op : fresh.op;
  const moved = withFieldOp({ ...rule, path } as FieldRule, op);
  return kind === 'lifecycle' ? keepStages(moved) : moved;
}

/** The trait or property name of a path, without its prefix. */
export function nameOf(path: string, kind: ConditionKind): string {
  const prefix = kind === 'trait' || kind === 'property' ? prefixes[kind] : '';
  return prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/** A typed name as the row's path: "city" → "traits.city" (a pasted "traits.city" is not prefixed twice). */
export function pathFromName(name: string, kind: ConditionKind): string {
  if (kind !== 'trait' && kind !== 'property') return name.trim();
  const prefix = prefixes[kind];
  const trimmed = name.trim();
  return trimmed.startsWith(prefix) ? trimmed : prefix + trimmed;
}

/** Whether the model takes this as a field path ("traits.city"; not "traits.", "my city" or "0"). */
export function isValidPath(path: string): boolean {
  return fieldRule.safeParse({ kind: 'field', path, op: 'exists' }).success;
}

/** A purchase row on another measure: the operator is kept when the measure offers it. */
export function withOrderMeasure(rule: FieldRule, path: string): FieldRule {
  const ops = opsFor('orders', path);
  const op = ops.includes(rule.op) ? rule.op : (ops[0] as FieldOp);
  return withFieldOp({ ...rule, path } as FieldRule, op);
}

export function withTagsOp(rule: TagsRule, op: TagsOp): TagsRule {
  return { ...rule, op };
}

/** "Never" has no count; "at least" / "fewer than" need one (1 unless there was one). */
export function withEventOp(rule: EventRule, op: EventOp): EventRule {
  const { count, ...rest } = rule;
  return op === 'none' ? { ...rest, op } : { ...rest, op, count: count ?? 1 };
}

export function withEventWithin(rule: EventRule, within: Duration | undefined): EventRule {
  const { within: _, ...rest } = rule;
  return within ? { ...rest, within } : rest;
}

// ---------------------------------------------------------------------------------------------
// The tree

/** Where a rule sits inside another: 'rules' and an index into a group, 'rule' into a not, 'where' into an event rule. */
export type RulePath = readonly (string | number)[];

function isGroup(rule: Rule): rule is GroupRule {
  return isRuleLike(rule) && (rule.kind === 'all' || rule.kind === 'any');
}

export function ruleAt(root: Rule, path: RulePath): Rule | undefined {
  let current: Rule | undefined = root;
  for (let i = 0; i < path.length && current; i++) {
    const segment = path[i];
    if (segment === 'rules' && isGroup(current)) current = current.rules[Number(path[++i])];
    else if (segment === 'rule' && current.kind === 'not') current = current.rule;
    else if (segment === 'where' && current.kind === 'event') current = current.where;
    else return undefined;
  }
  return current;
}

/** The tree with the rule at `path` replaced by `update` of it; the rest is shared, not copied. */
export function updateAt(root: Rule, path: RulePath, update: (rule: Rule) => Rule): Rule {
  if (path.length === 0) return update(root);
  const [segment, ...rest] = path;
  if (segment === 'rules' && isGroup(root)) {
    const index = Number(rest[0]);
    if (!(index >= 0 && index < root.rules.length)) throw new Error(`no rule at ${pathKey(path)}`);
    const rules = root.rules.map((inner, i) => (i === index ? updateAt(inner, rest.slice(1), update) : inner));
    return { ...root, rules };
  }
  if (segment === 'rule' && root.kind === 'not') return { ...root, rule: updateAt(root.rule, rest, update) };
  if (segment === 'where' && root.kind === 'event' && root.where) return { ...root, where: updateAt(root.where, rest, update) };
  throw new Error(`no rule at ${pathKey(path)}`);
}

/** The path of the row holding `path`: a rule wrapped in "not" is part of the not's row. */
export function rowPathOf(path: RulePath): RulePath {
  let end = path.length;
  while (end > 0 && path[end - 1] === 'rule') end--;
  return path.slice(0, end);
}

/** Removes a row from its group, or an event rule's property filter. */
export function removeAt(root: Rule, path: RulePath): Rule {
  const row = rowPathOf(path);
  const last = row[row.length - 1];
  if (last === 'where') {
    return updateAt(root, row.slice(0, -1), (rule) => (rule.kind === 'event' ? withoutWhere(rule) : rule));
  }
  if (row.length < 2 || row[row.length - 2] !== 'rules') throw new Error(`no row at ${pathKey(path)}`);
  const index = Number(last);
  return updateAt(root, row.slice(0, -2), (group) => (isGroup(group) ? { ...group, rules: group.rules.filter((_, i) => i !== index) } : group));
}

function withoutWhere(rule: EventRule): EventRule {
  const { where: _, ...rest } = rule;
  return rest;
}

/** Adds a row at the end of the group at `groupPath`. */
export function appendRule(root: Rule, groupPath: RulePath, rule: Rule): Rule {
  return updateAt(root, groupPath, (group) => (isGroup(group) ? { ...group, rules: [...group.rules, rule] } : group));
}

/** The NOT toggle: wraps the row in "not", or unwraps it. */
export function toggleNot(root: Rule, path: RulePath): Rule {
  return updateAt(root, path, (rule) => (isRuleLike(rule) && rule.kind === 'not' ? rule.rule : { kind: 'not', rule }));
}

export function setGroupKind(root: Rule, path: RulePath, kind: GroupRule['kind']): Rule {
  return updateAt(root, path, (group) => (isGroup(group) ? { ...group, kind } : group));
}

/** Gives an event-history rule a property filter with one blank row, or removes it. */
export function setEventWhere(root: Rule, path: RulePath, on: boolean): Rule {
  return updateAt(root, path, (rule) => {
    if (rule.kind !== 'event') return rule;
    return on ? { ...rule, where: { kind: 'all', rules: [defaultConditionFor('event')] } } : withoutWhere(rule);
  });
}

/** How deep a rule nests, counted as `boundedRule` counts it. */
export function ruleDepth(rule: Rule): number {
  if (!isRuleLike(rule)) return 1;
  switch (rule.kind) {
    case 'all':
    case 'any':
      return 1 + Math.max(0, ...rule.rules.map(ruleDepth));
    case 'not':
      return 1 + ruleDepth(rule.rule);
    case 'event':
      return 1 + (rule.where ? ruleDepth(rule.where) : 0);
    default:
      return 1;
  }
}

export function fitsDepth(rule: Rule): boolean {
  return ruleDepth(rule) <= maxRuleDepth;
}

/** A new group, holding one blank row so it is never shown empty. */
export function newGroup(subject: RuleSubject): GroupRule {
  return { kind: 'all', rules: [defaultConditionFor(subject)] };
}

// ---------------------------------------------------------------------------------------------
// What the builder shows vs what is stored

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function isDurationLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as Duration).amount === 'number' && typeof (value as Duration).unit === 'string';
}

function hasValueFor(op: FieldOp, value: unknown): boolean {
  switch (valueKindOf(op)) {
    case 'none':
      return true;
    case 'scalar':
      return isScalar(value);
    case 'list':
      return Array.isArray(value) && value.every(isScalar);
    case 'number':
      return typeof value === 'number';
    case 'date':
      return typeof value === 'string';
    case 'duration':
      return isDurationLike(value);
  }
}

/**
 * Whether a node of a tree has the shape its row needs to be shown (its `kind`, operator and
 * the types of its fields), blanks and all; its inner rules are not looked at. A form can hand
 * the builder anything (`{}` for a new object, JSON edited by hand): such a root shows as no
 * conditions, such a row as one the marketer can only remove.
 */
export function isRuleLike(value: unknown): value is Rule {
  if (typeof value !== 'object' || value === null) return false;
  const node = value as Record<string, unknown>;
  switch (node.kind) {
    case 'field':
      return typeof node.path === 'string' && (fieldOps as unknown[]).includes(node.op) && hasValueFor(node.op as FieldOp, node.value);
    case 'tags':
      return (tagsOps as unknown[]).includes(node.op) && Array.isArray(node.tags) && node.tags.every((tag) => typeof tag === 'string');
    case 'event':
      return (
        typeof node.name === 'string' &&
        (eventOps as unknown[]).includes(node.op) &&
        (node.count === undefined || typeof node.count === 'number') &&
        (node.within === undefined || isDurationLike(node.within)) &&
        (node.where === undefined || isRuleLike(node.where))
      );
    case 'all':
    case 'any':
      return Array.isArray(node.rules);
    case 'not':
      return isRuleLike(node.rule);
    default:
      return false;
  }
}

function asGroup(rule: Rule): GroupRule {
  return isGroup(rule) ? rule : { kind: 'all', rules: [rule] };
}

function viewOfInner(rule: Rule): Rule {
  if (!isRuleLike(rule)) return rule;
  switch (rule.kind) {
    case 'all':
    case 'any':
      return { ...rule, rules: rule.rules.map(viewOfInner) };
    case 'not':
      return { ...rule, rule: viewOfInner(rule.rule) };
    case 'event':
      return rule.where ? { ...rule, where: viewOfInner(asGroup(rule.where)) } : rule;
    default:
      return rule;
  }
}

/**
 * The tree the builder shows: the root, and every event rule's property filter, always a group
 * ("Match ALL of the following" with the one rule as its row), so every edit works on groups.
 */
export function ruleView(value: Rule | undefined): GroupRule {
  return viewOfInner(isRuleLike(value) ? asGroup(value) : { kind: 'all', rules: [] }) as GroupRule;
}

function storedInner(rule: Rule): Rule {
  if (!isRuleLike(rule)) return rule;
  switch (rule.kind) {
    case 'all':
    case 'any':
      return { ...rule, rules: rule.rules.map(storedInner) };
    case 'not':
      return { ...rule, rule: storedInner(rule.rule) };
    case 'event': {
      if (!rule.where) return rule;
      const where = storedInner(rule.where);
      return isGroup(where) && where.rules.length === 0 ? withoutWhere(rule) : { ...rule, where };
    }
    default:
      return rule;
  }
}

/**
 * What the builder stores for the tree it shows: no conditions is no rule (undefined), an empty
 * property filter is no filter. A root group around a single rule is unwrapped only when the
 * wrapping would break the depth limit (it changes nothing a rule means).
 */
export function storedRule(view: GroupRule): Rule | undefined {
  if (view.rules.length === 0) return undefined;
  const stored = storedInner(view);
  if (isGroup(stored) && stored.rules.length === 1 && !fitsDepth(stored)) return stored.rules[0];
  return stored;
}

export function pathKey(path: RulePath): string {
  return path.join('.');
}

/**
 * The dotted key (as in the builder's `errors`) of a path in the view, for the stored rule: the
 * groups the view adds around a stored root or property filter that is a single rule are
 * skipped ("rules.0.value" of the view is "value" of a stored field rule).
 */
export function storedKey(stored: Rule | undefined, viewPath: RulePath): string {
  if (!stored) return pathKey(viewPath);
  const out: (string | number)[] = [];
  let node: Rule | undefined = stored;
  let i = 0;
  const skipWrap = () => {
    if (node && !isGroup(node) && viewPath[i] === 'rules' && Number(viewPath[i + 1]) === 0) i += 2;
  };
  skipWrap();
  while (i < viewPath.length) {
    const segment = viewPath[i]!;
    if (segment === 'rules') {
      out.push(segment, viewPath[i + 1]!);
      node = node && isGroup(node) ? node.rules[Number(viewPath[i + 1])] : undefined;
      i += 2;
    } else if (segment === 'rule') {
      out.push(segment);
      node = node?.kind === 'not' ? node.rule : undefined;
      i++;
    } else if (segment === 'where') {
      out.push(segment);
      node = node?.kind === 'event' ? node.where : undefined;
      i++;
      skipWrap();
    } else {
      out.push(...viewPath.slice(i));
      break;
    }
  }
  return pathKey(out);
}

// ---------------------------------------------------------------------------------------------
// Errors

function under(key: string, prefix: string): boolean {
  return prefix === '' || key === prefix || key.startsWith(prefix + '.');
}

/** The messages for a field: at its key or inside it (an item of a list, a duration's amount). */
export function errorsWithin(errors: Readonly<Record<string, readonly string[]>> | undefined, key: string): string[] {
  if (!errors) return [];
  return [...new Set(Object.entries(errors).flatMap(([at, messages]) => (under(at, key) ? messages : [])))];
}

/**
 * The messages at or inside `key` that none of `claimed` (its fields and nested rows) shows,
 * so a row or group shows what would otherwise be lost.
 */
export function errorsLeftOver(errors: Readonly<Record<string, readonly string[]>> | undefined, key: string, claimed: readonly string[]): string[] {
  if (!errors) return [];
  return [
    ...new Set(Object.entries(errors).flatMap(([at, messages]) => (under(at, key) && !claimed.some((inner) => under(at, inner) && inner !== '') ? messages : []))),
  ];
}

/**
 * The messages of errors keyed by dotted path into a whole config (a compile error's `field`,
 * e.g. "branches.0.when.rules.1.value"), for the rule at `prefix` ("branches.0.when"): keyed
 * inside the rule ("rules.1.value"), as the builder's `errors` prop wants them.
 */
export function errorsForRuleAt(errors: readonly { field?: string; message: string }[], prefix: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { field, message } of errors) {
    if (field === undefined || !under(field, prefix)) continue;
    const key = field === prefix ? '' : prefix === '' ? field : field.slice(prefix.length + 1);
    (out[key] ??= []).push(message);
  }
  return out;
}

/** What is wrong with a rule, by kind, so the editor can say it in the marketer's language. */
export type RuleIssueCode = 'required' | 'addOne' | 'invalidPath' | 'invalidDate' | 'needsCount' | 'tooDeep' | 'tooLong' | 'invalid';

export interface RuleIssue {
  /** Dotted path inside the rule, as the builder's `errors` are keyed ("" for the whole rule). */
  key: string;
  code: RuleIssueCode;
  /** The model's own (English) message, for "invalid". */
  message: string;
}

interface IssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly origin?: string;
  readonly format?: string;
}

interface RuleSchemaLike {
  safeParse(value: unknown): { success: boolean; error?: { issues: readonly IssueLike[] } };
}

function issueCode(issue: IssueLike, value: unknown): RuleIssueCode {
  const last = issue.path[issue.path.length - 1];
  if (issue.code === 'too_small') return issue.origin === 'array' ? 'addOne' : issue.origin === 'string' ? 'required' : 'invalid';
  if (issue.code === 'too_big') return issue.origin === 'string' || issue.origin === 'array' ? 'tooLong' : 'invalid';
  if (issue.code === 'invalid_format' && issue.format === 'datetime') return 'invalidDate';
  if (issue.code === 'invalid_format' && last === 'path') return 'invalidPath';
  if (issue.code === 'custom' && last === 'count') return 'needsCount';
  if (issue.code === 'custom' && issue.path.length === 0 && typeof value === 'object' && value !== null && !fitsDepth(value as Rule)) return 'tooDeep';
  return 'invalid';
}

/**
 * The problems `schema` (by default `boundedRule`, as nodes and settings store rules) finds in a
 * rule, keyed for the builder. Zod picks the union member by `kind` and `op`, so issues point at
 * the one field to fix ("rules.2.name"), unlike a JSON Schema validator's `anyOf` errors.
 */
export function ruleIssues(value: unknown, schema: RuleSchemaLike = boundedRule): RuleIssue[] {
  const result = schema.safeParse(value);
  if (result.success || !result.error) return [];
  return result.error.issues.map((issue) => ({ key: issue.path.map(String).join('.'), code: issueCode(issue, value), message: issue.message }));
}

// ---------------------------------------------------------------------------------------------
// Where rules appear in a node's JSON Schema

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveRef(schema: unknown, root: unknown): unknown {
  if (!isObject(schema) || typeof schema.$ref !== 'string' || !isObject(root)) return schema;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(schema.$ref);
  if (!match) return schema;
  const defs = root[match[1]!];
  return isObject(defs) ? defs[match[2]!.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
}

function kindConst(schema: unknown): unknown {
  if (!isObject(schema) || !isObject(schema.properties)) return undefined;
  const kind = schema.properties.kind;
  return isObject(kind) ? kind.const : undefined;
}

/**
 * Whether a (sub-)schema of a node's config JSON Schema is a rule of the rules model, so the
 * inspector mounts the RuleBuilder there.
 *
 * What `z.toJSONSchema(config, { io: 'input', unrepresentable: 'any' })` makes of a rule (zod
 * 4.6): the recursive `rule` lands in `$defs` under generated names (`__schema1` the rule,
 * `__schema0` the event-history rule), so names cannot be relied on. A rule property is either
 * - `{ description?, $ref: '#/$defs/__schemaN' }` (e.g. trigger.event `where`, settings
 *   `audience`), or
 * - `{ description?, anyOf: [...], $ref }`: the union inlined *and* the ref (branch.condition
 *   `branches[].when`, wait.condition `when`), because the same lazy schema is also referenced
 *   from inside itself;
 * and the union itself is `anyOf: [ { oneOf: [16 field rules, each `kind: { const: 'field' }`] },
 * tags rule (`kind` const 'tags'), { $ref: event rule }, all, any, not ]`.
 *
 * So: a schema (its own `anyOf`, or the one its `$ref` points to in `root`, or a one-element
 * `allOf` around either) is a rule when the `kind` constants of its variants (one level of
 * `oneOf` looked into) include field, tags, all, any and not. A bare `$ref` is recognised only
 * with `root` (the node's whole configSchema, which holds the `$defs`); rjsf hands custom fields
 * schemas it has already resolved, where the `anyOf` is inline.
 */
export function isRuleSchema(schema: unknown, root?: unknown): boolean {
  if (!isObject(schema)) return false;
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) return isRuleSchema(schema.allOf[0], root);
  const union = Array.isArray(schema.anyOf) ? schema : resolveRef(schema, root);
  if (!isObject(union) || !Array.isArray(union.anyOf)) return false;
  const kinds = new Set<unknown>();
  for (const variant of union.anyOf) {
    const resolved = resolveRef(variant, root);
    if (isObject(resolved) && Array.isArray(resolved.oneOf)) resolved.oneOf.forEach((inner) => kinds.add(kindConst(inner)));
    else kinds.add(kindConst(resolved));
  }
  return ['field', 'tags', 'all', 'any', 'not'].every((kind) => kinds.has(kind));
}

/** A rule property of a config schema: its path as uiSchema nests it (property names, "items" for array items). */
export interface RuleField {
  path: string[];
  /** `where` properties filter an event's properties; the rest are about the contact. */
  subject: RuleSubject;
}

/**
 * Every rule property of a node's (or the journey settings') JSON Schema, e.g.
 * `[{ path: ['branches', 'items', 'when'], subject: 'contact' }]` for branch.condition, for
 * the inspector to put `'ui:field'` there.
 */
export function findRuleFields(root: unknown): RuleField[] {
  const found: RuleField[] = [];
  const walk = (schema: unknown, path: string[], depth: number) => {
    if (depth > 12 || !isObject(schema)) return;
    if (path.length > 0 && isRuleSchema(schema, root)) {
      found.push({ path, subject: path[path.length - 1] === 'where' ? 'event' : 'contact' });
      return;
    }
    const resolved = resolveRef(schema, root);
    if (!isObject(resolved)) return;
    if (isObject(resolved.properties)) for (const [name, inner] of Object.entries(resolved.properties)) walk(inner, [...path, name], depth + 1);
    if (isObject(resolved.items)) walk(resolved.items, [...path, 'items'], depth + 1);
  };
  walk(root, [], 0);
  return found;
}
