import { boundedRule, controlNodes, describeNode, journeySettingsJsonSchema, maxRuleDepth, queryableRule, rule as ruleSchema } from '@trellis/journey';
import type { FieldOp, FieldRule, LeafRule, Rule } from '@trellis/journey';
import fc from 'fast-check';
import { z } from 'zod';
import {
  addToList,
  appendRule,
  changeKind,
  conditionKindOf,
  conditionKindsBySubject,
  convertScalar,
  defaultCondition,
  defaultConditionFor,
  errorsForRuleAt,
  errorsLeftOver,
  errorsWithin,
  fieldOps,
  findRuleFields,
  fitsDepth,
  inferScalar,
  isRuleSchema,
  isoToLocalInput,
  isRuleLike,
  isValidPath,
  localInputToIso,
  nameOf,
  newGroup,
  opsFor,
  orderMeasures,
  parseAmount,
  parseCount,
  parseList,
  parseNumber,
  parseScalar,
  pathFromName,
  removeAt,
  ruleAt,
  ruleDepth,
  ruleIssues,
  ruleView,
  setEventWhere,
  setGroupKind,
  storedKey,
  storedRule,
  toggleNot,
  updateAt,
  valueKindOf,
  withEventOp,
  withEventWithin,
  withFieldOp,
  withOrderMeasure,
  type ConditionKind,
  type EventRule,
  type GroupRule,
  type RulePath,
  type RuleSubject,
  type ScalarType,
} from './rule-model';

const field = (path: string, op: FieldOp, value?: unknown): FieldRule => (value === undefined ? { kind: 'field', path, op } : { kind: 'field', path, op, value }) as FieldRule;

/** The blanks a marketer still has to fill in: names, paths, dates, lists. */
function fillBlanks(rule: Rule): Rule {
  switch (rule.kind) {
    case 'all':
    case 'any':
      return { ...rule, rules: rule.rules.map(fillBlanks) };
    case 'not':
      return { ...rule, rule: fillBlanks(rule.rule) };
    case 'tags':
      return rule.tags.length ? rule : { ...rule, tags: ['x'] };
    case 'event':
      return { ...rule, name: rule.name.trim() ? rule.name : 'x', ...(rule.where ? { where: fillBlanks(rule.where) } : {}) };
    case 'field': {
      const path = rule.path === '' || rule.path.endsWith('.') ? `${rule.path}x` : rule.path;
      if (!('value' in rule)) return { ...rule, path };
      const value = rule.value as unknown;
      const kind = valueKindOf(rule.op);
      if (kind === 'date' && value === '') return { ...rule, path, value: '2026-01-01T00:00:00.000Z' } as FieldRule;
      if (kind === 'list' && Array.isArray(value) && value.length === 0) return { ...rule, path, value: ['x'] } as FieldRule;
      return { ...rule, path };
    }
  }
}

describe('operators', () => {
  it('covers every field operator of the model with a value kind', () => {
    expect([...fieldOps].sort()).toEqual(
      ['eq', 'neq', 'in', 'notIn', 'contains', 'notContains', 'gt', 'gte', 'lt', 'lte', 'exists', 'notExists', 'before', 'after', 'withinLast', 'notWithinLast'].sort(),
    );
    expect(valueKindOf('in')).toBe('list');
    expect(valueKindOf('exists')).toBe('none');
    expect(valueKindOf('withinLast')).toBe('duration');
  });

  it('offers per kind only operators whose rules the schema accepts', () => {
    const kinds: ConditionKind[] = ['trait', 'lifecycle', 'customerGroup', 'orders', 'property', 'field'];
    for (const kind of kinds) {
      const base = defaultCondition(kind) as FieldRule;
      const paths = kind === 'orders' ? orderMeasures.map((measure) => measure.path) : [base.path];
      for (const path of paths) {
        for (const op of opsFor(kind, path) as FieldOp[]) {
          const rule = withFieldOp({ ...base, path } as FieldRule, op);
          expect(boundedRule.safeParse(fillBlanks(rule)).success).toBe(true);
          expect(conditionKindOf(rule, kind === 'property' ? 'event' : 'contact')).toBe(kind);
        }
      }
    }
  });

  it('offers date operators for dates of purchase and number operators for counts', () => {
    expect(opsFor('orders', 'computed.lastOrderAt')).toContain('notWithinLast');
    expect(opsFor('orders', 'computed.lastOrderAt')).not.toContain('gt');
    expect(opsFor('orders', 'computed.totalSpent')).toContain('gt');
    expect(opsFor('tags')).toEqual(['has', 'hasNot', 'anyOf', 'allOf', 'noneOf']);
    expect(opsFor('event')).toEqual(['atLeast', 'fewerThan', 'none']);
  });
});

describe('conditionKindOf', () => {
  it('names rows as a marketer would', () => {
    expect(conditionKindOf(field('traits.city', 'eq', 'Shanghai'), 'contact')).toBe('trait');
    expect(conditionKindOf(field('lifecycleStage', 'in', ['growth']), 'contact')).toBe('lifecycle');
    expect(conditionKindOf(field('groups', 'eq', 'g1'), 'contact')).toBe('customerGroup');
    expect(conditionKindOf(field('computed.lastOrderAt', 'notWithinLast', { amount: 30, unit: 'days' }), 'contact')).toBe('orders');
    expect(conditionKindOf({ kind: 'tags', op: 'has', tags: ['vip'] }, 'contact')).toBe('tags');
    expect(conditionKindOf({ kind: 'event', name: 'order_paid', op: 'none' }, 'contact')).toBe('event');
    expect(conditionKindOf(field('properties.amount', 'gte', 100), 'event')).toBe('property');
  });

  it('falls back to "other field" for what a specific row cannot show', () => {
    expect(conditionKindOf(field('lifecycleStage', 'eq', 'unknown-stage'), 'contact')).toBe('field');
    expect(conditionKindOf(field('lifecycleStage', 'contains', 'gr'), 'contact')).toBe('field');
    expect(conditionKindOf(field('computed.lastOrderAt', 'gt', 3), 'contact')).toBe('field');
    expect(conditionKindOf(field('timezone', 'eq', 'Asia/Shanghai'), 'contact')).toBe('field');
    expect(conditionKindOf(field('traits.city', 'eq', 'x'), 'event')).toBe('field');
    expect(conditionKindOf(field('properties.amount', 'gt', 1), 'contact')).toBe('field');
  });
});

describe('changing a row', () => {
  it('keeps the value from "is" to "is not", wraps it for "is one of", drops it for "exists"', () => {
    const rule = field('traits.city', 'eq', 'Shanghai');
    expect(withFieldOp(rule, 'neq')).toEqual(field('traits.city', 'neq', 'Shanghai'));
    expect(withFieldOp(rule, 'in')).toEqual(field('traits.city', 'in', ['Shanghai']));
    expect(withFieldOp(rule, 'exists')).toEqual(field('traits.city', 'exists'));
    expect(withFieldOp(field('traits.city', 'in', ['Beijing', 'Shanghai']), 'eq')).toEqual(field('traits.city', 'eq', 'Beijing'));
    expect(withFieldOp(field('traits.city', 'eq', ''), 'in')).toEqual(field('traits.city', 'in', []));
  });

  it('turns values into numbers, dates and durations only when they fit', () => {
    expect(withFieldOp(field('traits.points', 'eq', 100), 'gt')).toEqual(field('traits.points', 'gt', 100));
    expect(withFieldOp(field('traits.points', 'eq', '42'), 'gte')).toEqual(field('traits.points', 'gte', 42));
    expect(withFieldOp(field('traits.points', 'eq', 'many'), 'lt')).toEqual(field('traits.points', 'lt', 0));
    expect(withFieldOp(field('traits.points', 'exists'), 'eq')).toEqual(field('traits.points', 'eq', ''));
    expect(withFieldOp(field('traits.birthday', 'before', '2026-01-01T00:00:00Z'), 'after')).toEqual(field('traits.birthday', 'after', '2026-01-01T00:00:00Z'));
    expect(withFieldOp(field('traits.birthday', 'eq', 'soon'), 'after')).toEqual(field('traits.birthday', 'after', ''));
    expect(withFieldOp(field('traits.seen', 'withinLast', { amount: 3, unit: 'hours' }), 'notWithinLast')).toEqual(field('traits.seen', 'notWithinLast', { amount: 3, unit: 'hours' }));
    expect(withFieldOp(field('traits.seen', 'eq', 3), 'withinLast')).toEqual(field('traits.seen', 'withinLast', { amount: 7, unit: 'days' }));
  });

  it('changes kind keeping the operator and value where they fit', () => {
    const city = field('traits.city', 'neq', 'growth');
    expect(changeKind(city, 'lifecycle', 'contact')).toEqual(field('lifecycleStage', 'neq', 'growth'));
    expect(changeKind(field('traits.city', 'contains', 'x'), 'lifecycle', 'contact')).toEqual(field('lifecycleStage', 'eq', ''));
    expect(changeKind(field('traits.tier', 'in', ['gold', 'mature']), 'lifecycle', 'contact')).toEqual(field('lifecycleStage', 'in', ['mature']));
    expect(changeKind(city, 'field', 'contact')).toEqual(field('', 'neq', 'growth'));
    expect(changeKind(city, 'tags', 'contact')).toEqual({ kind: 'tags', op: 'has', tags: [] });
    expect(changeKind({ kind: 'tags', op: 'has', tags: ['vip'] }, 'trait', 'contact')).toEqual(field('traits.', 'eq', ''));
    expect(changeKind(field('traits.amount', 'gt', 5), 'orders', 'contact')).toEqual(field('computed.ordersCount', 'gt', 5));
    expect(changeKind(city, 'trait', 'contact')).toBe(city);
  });

  it('always gives a row that shows as the chosen kind', () => {
    fc.assert(
      fc.property(arbLeaf, fc.constantFrom<RuleSubject>('contact', 'event'), fc.nat(), (leaf, subject, pick) => {
        const kinds = conditionKindsBySubject[subject];
        const kind = kinds[pick % kinds.length]!;
        const changed = changeKind(leaf, kind, subject);
        expect(conditionKindOf(changed, subject)).toBe(kind);
        expect(ruleSchema.safeParse(fillBlanks(changed)).success).toBe(true);
      }),
    );
  });

  it('moves a purchase row to another measure, keeping the operator when offered', () => {
    const lastOrder = field('computed.lastOrderAt', 'notWithinLast', { amount: 30, unit: 'days' });
    expect(withOrderMeasure(lastOrder, 'computed.firstOrderAt')).toEqual({ ...lastOrder, path: 'computed.firstOrderAt' });
    expect(withOrderMeasure(lastOrder, 'computed.totalSpent')).toEqual(field('computed.totalSpent', 'eq', ''));
    expect(conditionKindOf(withOrderMeasure(lastOrder, 'computed.totalSpent'), 'contact')).toBe('orders');
  });

  it('gives event-history rules a count only when the operator needs one', () => {
    const never: EventRule = { kind: 'event', name: 'order_paid', op: 'none', within: { amount: 30, unit: 'days' } };
    expect(withEventOp(never, 'atLeast')).toEqual({ ...never, op: 'atLeast', count: 1 });
    expect(withEventOp({ ...never, op: 'atLeast', count: 3 }, 'fewerThan')).toEqual({ ...never, op: 'fewerThan', count: 3 });
    expect(withEventOp({ ...never, op: 'atLeast', count: 3 }, 'none')).toEqual(never);
    expect(withEventWithin(never, undefined)).toEqual({ kind: 'event', name: 'order_paid', op: 'none' });
  });

  it('checks typed paths against the model', () => {
    expect(isValidPath('traits.address.city')).toBe(true);
    expect(isValidPath('traits.')).toBe(false);
    expect(isValidPath('traits.my city')).toBe(false);
    expect(isValidPath('traits.0')).toBe(false);
  });

  it('maps trait names to paths and back', () => {
    expect(pathFromName('city', 'trait')).toBe('traits.city');
    expect(pathFromName(' traits.city ', 'trait')).toBe('traits.city');
    expect(pathFromName('amount', 'property')).toBe('properties.amount');
    expect(pathFromName('timezone', 'field')).toBe('timezone');
    expect(nameOf('traits.address.city', 'trait')).toBe('address.city');
    expect(nameOf('properties.amount', 'property')).toBe('amount');
  });
});

describe('typed values', () => {
  it('reads numbers and true / false, and keeps codes as text', () => {
    expect(inferScalar('100')).toBe(100);
    expect(inferScalar('-2.5')).toBe(-2.5);
    expect(inferScalar('true')).toBe(true);
    expect(inferScalar('false')).toBe(false);
    expect(inferScalar('Shanghai')).toBe('Shanghai');
    expect(inferScalar('007')).toBe('007');
    expect(inferScalar('13800138000')).toBe(13800138000);
    expect(inferScalar('1234567890123456')).toBe('1234567890123456');
    expect(inferScalar(' 5')).toBe(' 5');
    expect(inferScalar('')).toBe('');
    expect(inferScalar('1e999')).toBe('1e999');
    expect(inferScalar('TRUE')).toBe('TRUE');
  });

  it('keeps text that was made text on purpose while typing on', () => {
    expect(parseScalar('1', '')).toBe(1);
    expect(parseScalar('1a', 1)).toBe('1a');
    expect(parseScalar('1', '1a')).toBe(1);
    // "100" as text (the type select said so): typing on keeps it text.
    expect(parseScalar('1000', '100')).toBe('1000');
  });

  it('converts between value types', () => {
    const cases: [Parameters<typeof convertScalar>[0], ScalarType, unknown][] = [
      [100, 'string', '100'],
      ['12', 'number', 12],
      ['many', 'number', 0],
      [true, 'number', 1],
      ['true', 'boolean', true],
      [0, 'boolean', false],
      [false, 'string', 'false'],
    ];
    for (const [value, type, expected] of cases) expect(convertScalar(value, type)).toBe(expected);
  });

  it('splits lists on commas, including Chinese ones', () => {
    expect(parseList('Beijing, Shanghai，广州、深圳; 10')).toEqual(['Beijing', 'Shanghai', '广州', '深圳', 10]);
    expect(parseList(' , ')).toEqual([]);
    expect(addToList(['a'], ['a', 'b'])).toEqual(['a', 'b']);
  });

  it('reads numbers, amounts and counts', () => {
    expect(parseNumber('2.5')).toBe(2.5);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('1.')).toBeUndefined();
    expect(parseNumber('abc')).toBeUndefined();
    expect(parseAmount('30')).toBe(30);
    expect(parseAmount('0')).toBeUndefined();
    expect(parseAmount('1.5')).toBeUndefined();
    expect(parseAmount('100001')).toBeUndefined();
    expect(parseCount('3')).toBe(3);
    expect(parseCount('0')).toBeUndefined();
  });

  it('round-trips date-time input values as ISO instants the schema accepts', () => {
    const iso = localInputToIso('2026-03-01T09:30');
    expect(ruleSchema.safeParse(field('traits.birthday', 'before', iso)).success).toBe(true);
    expect(isoToLocalInput(iso)).toBe('2026-03-01T09:30');
    expect(localInputToIso('')).toBe('');
    expect(localInputToIso('soon')).toBe('');
    expect(isoToLocalInput('')).toBe('');
  });
});

describe('the tree', () => {
  const tree: GroupRule = {
    kind: 'all',
    rules: [
      field('traits.city', 'eq', 'Shanghai'),
      { kind: 'not', rule: { kind: 'any', rules: [{ kind: 'tags', op: 'has', tags: ['vip'] }] } },
      { kind: 'event', name: 'order_paid', op: 'atLeast', count: 2, where: { kind: 'all', rules: [field('properties.amount', 'gte', 100)] } },
    ],
  };

  it('reads and updates at a path, sharing what did not change', () => {
    expect(ruleAt(tree, ['rules', 1, 'rule', 'rules', 0])).toEqual({ kind: 'tags', op: 'has', tags: ['vip'] });
    expect(ruleAt(tree, ['rules', 2, 'where', 'rules', 0])).toEqual(field('properties.amount', 'gte', 100));
    expect(ruleAt(tree, ['rules', 9])).toBeUndefined();
    const next = updateAt(tree, ['rules', 2, 'where', 'rules', 0], (rule) => withFieldOp(rule as FieldRule, 'gt')) as GroupRule;
    expect(ruleAt(next, ['rules', 2, 'where', 'rules', 0])).toEqual(field('properties.amount', 'gt', 100));
    expect(next.rules[0]).toBe(tree.rules[0]);
    expect(() => updateAt(tree, ['rules', 5], (rule) => rule)).toThrow();
  });

  it('removes rows, a NOT row whole, and property filters', () => {
    expect((removeAt(tree, ['rules', 0]) as GroupRule).rules).toEqual(tree.rules.slice(1));
    expect((removeAt(tree, ['rules', 1, 'rule']) as GroupRule).rules).toHaveLength(2);
    expect(ruleAt(removeAt(tree, ['rules', 2, 'where']), ['rules', 2])).toEqual({ kind: 'event', name: 'order_paid', op: 'atLeast', count: 2 });
  });

  it('appends, negates and switches groups', () => {
    const added = appendRule(tree, ['rules', 1, 'rule'], defaultConditionFor('contact'));
    expect(ruleAt(added, ['rules', 1, 'rule', 'rules', 1])).toEqual(field('traits.', 'eq', ''));
    expect(ruleAt(toggleNot(tree, ['rules', 0]), ['rules', 0])).toEqual({ kind: 'not', rule: tree.rules[0] });
    expect(ruleAt(toggleNot(tree, ['rules', 1]), ['rules', 1])).toEqual((tree.rules[1] as { rule: Rule }).rule);
    expect(setGroupKind(tree, [], 'any').kind).toBe('any');
    expect(ruleAt(setEventWhere(tree, ['rules', 2], false), ['rules', 2, 'where'])).toBeUndefined();
    expect(ruleAt(setEventWhere(tree, ['rules', 2], true), ['rules', 2, 'where'])).toEqual(newGroup('event'));
  });

  it('counts depth as the schema does', () => {
    let deep: Rule = field('traits.a', 'exists');
    for (let i = 1; i < maxRuleDepth; i++) deep = { kind: 'all', rules: [deep] };
    expect(ruleDepth(deep)).toBe(maxRuleDepth);
    expect(fitsDepth(deep)).toBe(true);
    expect(boundedRule.safeParse(deep).success).toBe(true);
    const deeper: Rule = { kind: 'not', rule: deep };
    expect(fitsDepth(deeper)).toBe(false);
    expect(boundedRule.safeParse(deeper).success).toBe(false);
  });
});

describe('isRuleLike', () => {
  it('accepts every row shape the builder shows, blanks included', () => {
    fc.assert(fc.property(arbLeaf, (leaf) => expect(isRuleLike(leaf)).toBe(true)));
    expect(isRuleLike({ kind: 'all', rules: [] })).toBe(true);
    expect(isRuleLike({ kind: 'not', rule: field('traits.', 'exists') })).toBe(true);
  });

  it('rejects what a row cannot show, and the builder shows such a root as no conditions', () => {
    for (const junk of [null, {}, 'x', { kind: 'field', path: 'traits.a', op: 'in', value: 'x' }, { kind: 'field', path: 'a', op: 'like' }, { kind: 'tags', op: 'has' }, { kind: 'not' }, { kind: 'event', name: 'e', op: 'none', where: {} }]) {
      expect(isRuleLike(junk)).toBe(false);
    }
    expect(ruleView({} as Rule)).toEqual({ kind: 'all', rules: [] });
    const withJunk = { kind: 'all', rules: [null, field('traits.a', 'exists')] } as unknown as Rule;
    expect(ruleView(withJunk)).toEqual(withJunk);
    expect(ruleDepth(withJunk)).toBe(2);
    expect(storedRule(removeAt(ruleView(withJunk), ['rules', 0]) as GroupRule)).toEqual({ kind: 'all', rules: [field('traits.a', 'exists')] });
  });
});

describe('view and stored rule', () => {
  it('shows any rule as a root group and stores the group back', () => {
    const leaf = field('traits.city', 'eq', 'Shanghai');
    expect(ruleView(undefined)).toEqual({ kind: 'all', rules: [] });
    expect(ruleView(leaf)).toEqual({ kind: 'all', rules: [leaf] });
    expect(storedRule({ kind: 'all', rules: [] })).toBeUndefined();
    expect(storedRule({ kind: 'any', rules: [leaf] })).toEqual({ kind: 'any', rules: [leaf] });
  });

  it('shows property filters as groups and drops empty ones', () => {
    const event: EventRule = { kind: 'event', name: 'order_paid', op: 'atLeast', count: 1, where: field('properties.amount', 'gt', 1) };
    const view = ruleView(event);
    expect(ruleAt(view, ['rules', 0, 'where'])).toEqual({ kind: 'all', rules: [field('properties.amount', 'gt', 1)] });
    const emptied = removeAt(view, ['rules', 0, 'where', 'rules', 0]) as GroupRule;
    expect(storedRule(emptied)).toEqual({ kind: 'all', rules: [{ kind: 'event', name: 'order_paid', op: 'atLeast', count: 1 }] });
  });

  it('unwraps the root group rather than break the depth limit', () => {
    let deep: Rule = field('traits.a', 'exists');
    for (let i = 1; i < maxRuleDepth; i++) deep = { kind: 'not', rule: deep };
    const view = ruleView(deep);
    expect(ruleDepth(view)).toBe(maxRuleDepth + 1);
    expect(storedRule(view)).toEqual(deep);
  });

  it('maps view paths to the keys of the stored rule', () => {
    const leaf = field('traits.city', 'eq', 'Shanghai');
    expect(storedKey(leaf, ['rules', 0, 'value'])).toBe('value');
    expect(storedKey(leaf, [])).toBe('');
    expect(storedKey({ kind: 'all', rules: [leaf] }, ['rules', 0, 'value'])).toBe('rules.0.value');
    expect(storedKey({ kind: 'not', rule: leaf }, ['rules', 0, 'rule', 'value'])).toBe('rule.value');
    const event: EventRule = { kind: 'event', name: 'e', op: 'none', where: field('properties.a', 'eq', 1) };
    expect(storedKey({ kind: 'any', rules: [event] }, ['rules', 0, 'where', 'rules', 0, 'value'])).toBe('rules.0.where.value');
    expect(storedKey(event, ['rules', 0, 'where', 'rules', 0, 'path'])).toBe('where.path');
    expect(storedKey(undefined, ['rules', 0, 'value'])).toBe('rules.0.value');
  });
});

describe('errors', () => {
  const errors = { '': ['too deep'], 'rules.0.value': ['required'], 'rules.0.value.amount': ['too big'], 'rules.0': ['invalid'], 'rules.1.tags.2': ['empty tag'] };

  it('gives a field its own messages and those inside it', () => {
    expect(errorsWithin(errors, 'rules.0.value')).toEqual(['required', 'too big']);
    expect(errorsWithin(errors, 'rules.1.tags')).toEqual(['empty tag']);
    expect(errorsWithin(undefined, 'x')).toEqual([]);
  });

  it('gives a row or group what its fields and rows do not show', () => {
    expect(errorsLeftOver(errors, 'rules.0', ['rules.0.path', 'rules.0.op', 'rules.0.value'])).toEqual(['invalid']);
    expect(errorsLeftOver(errors, '', ['rules.0', 'rules.1'])).toEqual(['too deep']);
    expect(errorsLeftOver(errors, '', [''])).toEqual(['too deep', 'required', 'too big', 'invalid', 'empty tag']);
  });
});

describe('rule issues', () => {
  it('points at the one field to fix, by kind of problem', () => {
    const issues = ruleIssues({
      kind: 'all',
      rules: [
        field('traits.', 'eq', ''),
        { kind: 'tags', op: 'has', tags: [] },
        { kind: 'event', name: '', op: 'atLeast' },
        field('traits.birthday', 'before', ''),
      ],
    });
    expect(issues.map(({ key, code }) => [key, code])).toEqual([
      ['rules.0.path', 'invalidPath'],
      ['rules.1.tags', 'addOne'],
      ['rules.2.name', 'required'],
      ['rules.2.count', 'needsCount'],
      ['rules.3.value', 'invalidDate'],
    ]);
  });

  it('reports nesting beyond the limit on the whole rule, and takes another schema', () => {
    let deep: Rule = field('traits.a', 'exists');
    for (let i = 0; i < maxRuleDepth; i++) deep = { kind: 'not', rule: deep };
    expect(ruleIssues(deep)).toEqual([expect.objectContaining({ key: '', code: 'tooDeep' })]);
    expect(ruleIssues(field('traits.a', 'exists'))).toEqual([]);
    expect(ruleIssues(field('traits.$where', 'exists'), queryableRule)).toEqual([expect.objectContaining({ key: '', code: 'invalid' })]);
  });

  it('keys compile errors of a whole config for the rule at a field', () => {
    const errors = [
      { field: 'branches.0.when.rules.1.value', message: 'bad value' },
      { field: 'branches.0.when', message: 'bad rule' },
      { field: 'branches.0.whenever', message: 'elsewhere' },
      { field: 'branches.1.when.value', message: 'other branch' },
      { message: 'no field' },
    ];
    expect(errorsForRuleAt(errors, 'branches.0.when')).toEqual({ 'rules.1.value': ['bad value'], '': ['bad rule'] });
  });
});

describe('isRuleSchema', () => {
  const nodes = controlNodes.map(describeNode);
  const schemaOf = (type: string) => nodes.find((node) => node.type === type)!.configSchema;
  const dig = (schema: unknown, ...keys: (string | number)[]): unknown => keys.reduce<unknown>((at, key) => (at as Record<string | number, unknown> | undefined)?.[key], schema);

  it('recognises the inlined union with its $ref (branch.condition, wait.condition)', () => {
    const branch = schemaOf('branch.condition');
    expect(isRuleSchema(dig(branch, 'properties', 'branches', 'items', 'properties', 'when'))).toBe(true);
    expect(isRuleSchema(dig(schemaOf('wait.condition'), 'properties', 'when'))).toBe(true);
  });

  it('recognises a bare $ref given the root that holds $defs (trigger.event where, settings)', () => {
    const trigger = schemaOf('trigger.event');
    expect(isRuleSchema(dig(trigger, 'properties', 'where'))).toBe(false);
    expect(isRuleSchema(dig(trigger, 'properties', 'where'), trigger)).toBe(true);
    const settings = journeySettingsJsonSchema();
    expect(isRuleSchema(dig(settings, 'properties', 'audience'), settings)).toBe(true);
  });

  it('rejects what is not a rule', () => {
    const wait = schemaOf('wait.condition');
    expect(isRuleSchema(dig(wait, 'properties', 'timeout'), wait)).toBe(false);
    expect(isRuleSchema(dig(schemaOf('trigger.event'), 'properties', 'event'))).toBe(false);
    expect(isRuleSchema(dig(wait, 'properties', 'when', 'anyOf', 0))).toBe(false);
    expect(isRuleSchema(null)).toBe(false);
    expect(isRuleSchema(z.toJSONSchema(z.union([z.string(), z.number()])))).toBe(false);
  });

  it('recognises a rule in a schema of its own and in a one-element allOf', () => {
    const own = z.toJSONSchema(boundedRule, { io: 'input', unrepresentable: 'any' });
    expect(isRuleSchema(own, own)).toBe(true);
    expect(isRuleSchema({ allOf: [dig(schemaOf('wait.condition'), 'properties', 'when')] })).toBe(true);
  });

  it('finds every rule property of nodes and settings, with its subject', () => {
    expect(findRuleFields(schemaOf('branch.condition'))).toEqual([{ path: ['branches', 'items', 'when'], subject: 'contact' }]);
    expect(findRuleFields(schemaOf('wait.condition'))).toEqual([{ path: ['when'], subject: 'contact' }]);
    expect(findRuleFields(schemaOf('trigger.event'))).toEqual([{ path: ['where'], subject: 'event' }]);
    expect(findRuleFields(schemaOf('wait.delay'))).toEqual([]);
    expect(findRuleFields(journeySettingsJsonSchema())).toEqual([
      { path: ['audience'], subject: 'contact' },
      { path: ['goal', 'where'], subject: 'event' },
      { path: ['exitCriteria', 'events', 'items', 'where'], subject: 'event' },
      { path: ['exitCriteria', 'when'], subject: 'contact' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Random edits: whatever a marketer does, the builder stores a rule the schema accepts once
// the blanks are filled in.

const arbName = fc.oneof(fc.constantFrom('', 'city', 'points', 'address.city', 'traits.tier', 'amount'), fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/));
const arbText = fc.oneof(
  fc.constantFrom('', '100', '007', 'true', 'false', '-2.5', '1.', 'Shanghai', '上海，北京', 'a, b, 3', '2026-03-01T09:30', '30', '0'),
  fc.string({ maxLength: 12 }),
);
const arbScalar = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());
const arbDuration = fc.record({ amount: fc.integer({ min: 1, max: 1000 }), unit: fc.constantFrom('minutes', 'hours', 'days', 'weeks' as const) });

const arbField: fc.Arbitrary<FieldRule> = fc
  .tuple(fc.constantFrom('traits.city', 'traits.', 'lifecycleStage', 'groups', 'computed.lastOrderAt', 'computed.ordersCount', 'properties.amount', 'timezone', ''), fc.constantFrom(...fieldOps), arbScalar, fc.array(arbScalar, { minLength: 1, maxLength: 3 }), arbDuration)
  .map(([path, op, scalar, list, duration]) => {
    const value = { scalar, list, number: typeof scalar === 'number' ? scalar : 1, none: undefined, date: '2026-01-01T00:00:00Z', duration }[valueKindOf(op)];
    return field(path, op, value);
  });
const arbLeaf: fc.Arbitrary<LeafRule> = fc.oneof(
  arbField,
  fc.record({ kind: fc.constant('tags' as const), op: fc.constantFrom('has', 'hasNot', 'anyOf', 'allOf', 'noneOf' as const), tags: fc.array(fc.constantFrom('vip', 'new'), { maxLength: 2 }) }),
  fc.record({ kind: fc.constant('event' as const), name: fc.constantFrom('', 'order_paid'), op: fc.constant('atLeast' as const), count: fc.integer({ min: 1, max: 5 }) }),
);

type Edit = { action: string; pick: number; choice: number; text: string; name: string };
const arbEdit: fc.Arbitrary<Edit> = fc.record({
  action: fc.oneof(
    { arbitrary: fc.constantFrom('addCondition', 'addGroup'), weight: 4 },
    { arbitrary: fc.constantFrom('not', 'where'), weight: 2 },
    { arbitrary: fc.constantFrom('remove', 'groupKind', 'kind', 'op', 'value', 'path', 'type', 'within', 'count'), weight: 5 },
  ),
  pick: fc.nat(),
  choice: fc.nat(),
  text: arbText,
  name: arbName,
});

/** The groups, rows and conditions of a view, each with the subject its rows are about. */
function walk(view: GroupRule) {
  const groups: { path: RulePath; subject: RuleSubject }[] = [];
  const rows: RulePath[] = [];
  const leaves: { path: RulePath; rule: LeafRule; subject: RuleSubject }[] = [];
  const visit = (rule: Rule, path: RulePath, subject: RuleSubject) => {
    if (rule.kind === 'all' || rule.kind === 'any') {
      groups.push({ path, subject });
      rule.rules.forEach((inner, index) => {
        rows.push([...path, 'rules', index]);
        visit(inner, [...path, 'rules', index], subject);
      });
    } else if (rule.kind === 'not') visit(rule.rule, [...path, 'rule'], subject);
    else {
      leaves.push({ path, rule, subject });
      if (rule.kind === 'event' && rule.where) visit(rule.where, [...path, 'where'], 'event');
    }
  };
  visit(view, [], 'contact');
  return { groups, rows, leaves };
}

function applyEdit(view: GroupRule, edit: Edit): Rule {
  const { groups, rows, leaves } = walk(view);
  const at = <T>(list: readonly T[]) => list[edit.pick % list.length];
  const guard = (next: Rule) => (fitsDepth(next) ? next : view);
  const group = at(groups)!;
  const leaf = leaves.length ? at(leaves)! : undefined;
  const setLeaf = (next: (rule: LeafRule) => Rule) => (leaf ? updateAt(view, leaf.path, () => next(leaf.rule)) : view);
  switch (edit.action) {
    case 'addCondition': {
      const kinds = conditionKindsBySubject[group.subject];
      return guard(appendRule(view, group.path, defaultCondition(kinds[edit.choice % kinds.length]!)));
    }
    case 'addGroup': {
      // Mostly into the deepest group, so nesting reaches the limit.
      const deepest = groups.reduce((a, b) => (b.path.length > a.path.length ? b : a));
      const into = edit.choice % 4 === 0 ? group : deepest;
      return guard(appendRule(view, into.path, newGroup(into.subject)));
    }
    case 'remove':
      return rows.length ? removeAt(view, at(rows)!) : view;
    case 'not':
      return rows.length ? guard(toggleNot(view, at(rows)!)) : view;
    case 'groupKind':
      return setGroupKind(view, group.path, edit.choice % 2 ? 'any' : 'all');
    case 'kind':
      return setLeaf((rule) => {
        const kinds = conditionKindsBySubject[leaf!.subject];
        return changeKind(rule, kinds[edit.choice % kinds.length]!, leaf!.subject);
      });
    case 'op':
      return setLeaf((rule) => {
        const kind = conditionKindOf(rule, leaf!.subject);
        const ops = opsFor(kind, rule.kind === 'field' ? rule.path : undefined);
        const op = ops[edit.choice % ops.length]!;
        if (rule.kind === 'field') return withFieldOp(rule, op as FieldOp);
        if (rule.kind === 'tags') return { ...rule, op: op as typeof rule.op };
        return withEventOp(rule, op as EventRule['op']);
      });
    case 'value':
      return setLeaf((rule) => {
        if (rule.kind === 'tags') return { ...rule, tags: addToList(rule.tags, parseList(edit.text).map(String)) };
        if (rule.kind === 'event') return { ...rule, name: edit.text };
        if (!('value' in rule)) return rule;
        const value = rule.value as unknown;
        switch (valueKindOf(rule.op)) {
          case 'scalar':
            return { ...rule, value: parseScalar(edit.text, value as string) } as FieldRule;
          case 'list':
            return { ...rule, value: edit.choice % 3 === 0 ? [] : addToList(value as string[], parseList(edit.text)) } as FieldRule;
          case 'number': {
            const number = parseNumber(edit.text);
            return number === undefined ? rule : ({ ...rule, value: number } as FieldRule);
          }
          case 'date':
            return { ...rule, value: localInputToIso(edit.text) } as FieldRule;
          case 'duration': {
            const amount = parseAmount(edit.text);
            return amount === undefined ? rule : ({ ...rule, value: { ...(value as object), amount } } as FieldRule);
          }
          default:
            return rule;
        }
      });
    case 'path':
      return setLeaf((rule) => {
        if (rule.kind !== 'field') return rule;
        const kind = conditionKindOf(rule, leaf!.subject);
        if (kind === 'orders') return withOrderMeasure(rule, orderMeasures[edit.choice % orderMeasures.length]!.path);
        if (kind === 'trait' || kind === 'property') return { ...rule, path: pathFromName(edit.name, kind) };
        return rule;
      });
    case 'type':
      return setLeaf((rule) => {
        if (rule.kind !== 'field' || valueKindOf(rule.op) !== 'scalar' || !('value' in rule)) return rule;
        const types: ScalarType[] = ['string', 'number', 'boolean'];
        return { ...rule, value: convertScalar(rule.value as string, types[edit.choice % 3]!) } as FieldRule;
      });
    case 'within':
      return setLeaf((rule) => (rule.kind === 'event' ? withEventWithin(rule, rule.within ? undefined : { amount: 1 + (edit.choice % 30), unit: 'days' }) : rule));
    case 'where':
      return leaf?.rule.kind === 'event' ? guard(setEventWhere(view, leaf.path, !leaf.rule.where)) : view;
    case 'count':
      return setLeaf((rule) => {
        const count = parseCount(edit.text);
        return rule.kind === 'event' && rule.op !== 'none' && count !== undefined ? { ...rule, count } : rule;
      });
    default:
      return view;
  }
}

describe('random edit sequences', () => {
  it('store rules the schema accepts once blanks are filled, and rows keep to their subject', () => {
    const seen = { maxDepth: 0, where: 0, not: 0, any: 0 };
    fc.assert(
      fc.property(fc.option(arbLeaf, { nil: undefined }), fc.array(arbEdit, { maxLength: 40, size: 'max' }), (start, edits) => {
        let stored: Rule | undefined = start;
        for (const edit of edits) {
          // As in the editor: the builder shows the stored rule, edits the view, stores the result.
          const next = applyEdit(ruleView(stored), edit);
          stored = storedRule(next as GroupRule);
          if (stored === undefined) continue;
          const parsed = boundedRule.safeParse(fillBlanks(stored));
          if (!parsed.success) throw new Error(`${JSON.stringify(stored)}\n${parsed.error.message}`);
          for (const { rule, subject, path } of walk(ruleView(stored)).leaves) {
            if (path.includes('where')) expect(conditionKindsBySubject.event).toContain(conditionKindOf(rule, subject));
          }
          // The view of what was stored is the same tree: nothing drifts between renders.
          expect(storedRule(ruleView(stored))).toEqual(stored);
          const json = JSON.stringify(stored);
          seen.maxDepth = Math.max(seen.maxDepth, ruleDepth(stored));
          if (json.includes('"where"')) seen.where++;
          if (json.includes('"kind":"not"')) seen.not++;
          if (json.includes('"kind":"any"')) seen.any++;
        }
      }),
      { numRuns: 100 },
    );
    // The edits reach what is worth testing: deep nesting, NOT, ANY and property filters.
    expect(seen.maxDepth).toBe(maxRuleDepth);
    expect(Math.min(seen.where, seen.not, seen.any)).toBeGreaterThan(0);
  });
});
