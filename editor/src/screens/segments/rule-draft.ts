import type { DurationUnit, FieldOp, Rule, TagsRule } from '@trellis/journey';

/**
 * A rule as the segment form edits it: "all" or "any" of a flat list of conditions, each a field
 * comparison, a tags test or an event count. Rules nested deeper (groups in groups, "not",
 * event property filters) are edited as JSON instead.
 */
export type ValueType = 'text' | 'number' | 'boolean';
export type FieldCondition = { key: number; kind: 'field'; path: string; op: FieldOp; valueType: ValueType; value: string; amount: string; unit: DurationUnit };
export type TagsCondition = { key: number; kind: 'tags'; op: TagsRule['op']; tags: string };
export type EventOp = 'atLeast' | 'fewerThan' | 'none';
export type EventCondition = { key: number; kind: 'event'; name: string; op: EventOp; count: string; within: boolean; amount: string; unit: DurationUnit };
export type Condition = FieldCondition | TagsCondition | EventCondition;
export interface RuleDraft {
  match: 'all' | 'any';
  conditions: Condition[];
}

export const fieldOps: FieldOp[] = ['eq', 'neq', 'in', 'notIn', 'contains', 'notContains', 'gt', 'gte', 'lt', 'lte', 'exists', 'notExists', 'before', 'after', 'withinLast', 'notWithinLast'];
export const tagsOps: TagsRule['op'][] = ['has', 'hasNot', 'anyOf', 'allOf', 'noneOf'];
export const eventOps: EventOp[] = ['atLeast', 'fewerThan', 'none'];

/** What a field operator compares against, which decides the inputs the form shows. */
export type OperandKind = 'scalar' | 'list' | 'number' | 'none' | 'date' | 'duration';
export function operandOf(op: FieldOp): OperandKind {
  if (op === 'in' || op === 'notIn') return 'list';
  if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') return 'number';
  if (op === 'exists' || op === 'notExists') return 'none';
  if (op === 'before' || op === 'after') return 'date';
  if (op === 'withinLast' || op === 'notWithinLast') return 'duration';
  return 'scalar';
}

let nextKey = 0;

export function newCondition(kind: Condition['kind']): Condition {
  const key = nextKey++;
  if (kind === 'tags') return { key, kind, op: 'has', tags: '' };
  if (kind === 'event') return { key, kind, name: '', op: 'atLeast', count: '1', within: true, amount: '30', unit: 'days' };
  return { key, kind, path: 'traits.', op: 'eq', valueType: 'text', value: '', amount: '30', unit: 'days' };
}

/** A datetime-local value ("2026-11-23T08:00") from an ISO time, in the browser's zone. */
function localInput(iso: string): string {
  const at = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

function scalarText(value: string | number | boolean): { valueType: ValueType; value: string } {
  return { valueType: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text', value: String(value) };
}

function conditionOf(rule: Rule): Condition | undefined {
  const key = nextKey++;
  switch (rule.kind) {
    case 'tags':
      return { key, kind: 'tags', op: rule.op, tags: rule.tags.join(', ') };
    case 'event':
      if (rule.where) return undefined;
      return { key, kind: 'event', name: rule.name, op: rule.op, count: String(rule.count ?? 1), within: Boolean(rule.within), amount: String(rule.within?.amount ?? 30), unit: rule.within?.unit ?? 'days' };
    case 'field': {
      const base = { key, kind: 'field' as const, path: rule.path, op: rule.op, valueType: 'text' as ValueType, value: '', amount: '30', unit: 'days' as DurationUnit };
      switch (rule.op) {
        case 'exists':
        case 'notExists':
          return base;
        case 'in':
        case 'notIn':
          return { ...base, ...scalarText(rule.value[0] ?? ''), value: rule.value.join(', ') };
        case 'before':
        case 'after':
          return { ...base, value: localInput(rule.value) };
        case 'withinLast':
        case 'notWithinLast':
          return { ...base, amount: String(rule.value.amount), unit: rule.value.unit };
        default:
          return { ...base, ...scalarText(rule.value) };
      }
    }
    default:
      return undefined;
  }
}

/** The rule as the form edits it, or undefined when it is shaped in a way only JSON can show. */
export function draftOf(rule: Rule): RuleDraft | undefined {
  const group = rule.kind === 'all' || rule.kind === 'any' ? rule : { kind: 'all' as const, rules: [rule] };
  const conditions = group.rules.map(conditionOf);
  return conditions.every((condition): condition is Condition => condition !== undefined) ? { match: group.kind, conditions } : undefined;
}

/** Why a condition cannot become a rule, as a translation key of the segments namespace. */
export type ConditionProblem = 'rule.needPath' | 'rule.needValue' | 'rule.notNumber' | 'rule.needDate' | 'rule.needTags' | 'rule.needEvent' | 'rule.badAmount' | 'rule.badCount';

function scalar(text: string, type: ValueType): string | number | boolean | undefined {
  const value = text.trim();
  if (type === 'boolean') return value === 'true';
  if (type === 'number') return value !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
  return value === '' ? undefined : value;
}

function positiveInt(text: string): number | undefined {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

function fieldRule(condition: FieldCondition): Rule | ConditionProblem {
  const path = condition.path.trim();
  if (!path || path.endsWith('.')) return 'rule.needPath';
  const op = condition.op;
  switch (operandOf(op)) {
    case 'none':
      return { kind: 'field', path, op: op as 'exists' };
    case 'scalar': {
      const value = scalar(condition.value, condition.valueType);
      if (value === undefined) return condition.valueType === 'number' ? 'rule.notNumber' : 'rule.needValue';
      return { kind: 'field', path, op: op as 'eq', value };
    }
    case 'list': {
      const values = condition.value.split(/[,，]/).map((item) => scalar(item, condition.valueType));
      if (!condition.value.trim()) return 'rule.needValue';
      if (values.some((value) => value === undefined)) return condition.valueType === 'number' ? 'rule.notNumber' : 'rule.needValue';
      return { kind: 'field', path, op: op as 'in', value: values as (string | number | boolean)[] };
    }
    case 'number': {
      const value = scalar(condition.value, 'number');
      return typeof value === 'number' ? { kind: 'field', path, op: op as 'gt', value } : 'rule.notNumber';
    }
    case 'date': {
      const at = Date.parse(condition.value);
      return Number.isNaN(at) ? 'rule.needDate' : { kind: 'field', path, op: op as 'before', value: new Date(at).toISOString() };
    }
    case 'duration': {
      const amount = positiveInt(condition.amount);
      return amount ? { kind: 'field', path, op: op as 'withinLast', value: { amount, unit: condition.unit } } : 'rule.badAmount';
    }
  }
}

function conditionRule(condition: Condition): Rule | ConditionProblem {
  switch (condition.kind) {
    case 'field':
      return fieldRule(condition);
    case 'tags': {
      const tags = condition.tags
        .split(/[,，]/)
        .map((tag) => tag.trim())
        .filter(Boolean);
      return tags.length ? { kind: 'tags', op: condition.op, tags } : 'rule.needTags';
    }
    case 'event': {
      const name = condition.name.trim();
      if (!name) return 'rule.needEvent';
      const count = positiveInt(condition.count);
      if (condition.op !== 'none' && !count) return 'rule.badCount';
      const amount = positiveInt(condition.amount);
      if (condition.within && !amount) return 'rule.badAmount';
      return {
        kind: 'event',
        name,
        op: condition.op,
        ...(condition.op === 'none' ? {} : { count }),
        ...(condition.within && amount ? { within: { amount, unit: condition.unit } } : {}),
      };
    }
  }
}

/** The rule the API takes, or what to fix first, per condition. */
export function ruleOf(draft: RuleDraft): { rule: Rule } | { problems: Map<number, ConditionProblem> } {
  const problems = new Map<number, ConditionProblem>();
  const rules: Rule[] = [];
  for (const condition of draft.conditions) {
    const result = conditionRule(condition);
    if (typeof result === 'string') problems.set(condition.key, result);
    else rules.push(result);
  }
  return problems.size ? { problems } : { rule: { kind: draft.match, rules } };
}
