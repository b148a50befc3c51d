import fc from 'fast-check';
import { ContactSnapshot, evaluateRule, EventSnapshot } from './evaluate';
import { boundedRule, Rule, rule as ruleSchema } from './rule';

const day = 86_400_000;
const now = Date.parse('2026-11-23T12:00:00Z');
const alice: ContactSnapshot = {
  traits: { city: 'Shanghai', points: 120, plan: 'trial', joinedAt: '2026-11-20T08:00:00Z', interests: ['tea', 'travel'], vip: false },
  tags: ['lead', 'wecom'],
  lifecycleStage: 'growth',
  events: [
    { name: 'order_paid', at: now - 2 * day, properties: { amount: 199, sku: 'tea-box' } },
    { name: 'order_paid', at: now - 10 * day, properties: { amount: 59, sku: 'cup' } },
    { name: 'page_viewed', at: now - 40 * day, properties: {} },
  ],
};
const check = (rule: Rule, subject: ContactSnapshot | EventSnapshot = alice) => evaluateRule(ruleSchema.parse(rule), subject, now);

describe('evaluateRule: fields', () => {
  it.each<[Rule, boolean]>([
    [{ kind: 'field', path: 'traits.city', op: 'eq', value: 'Shanghai' }, true],
    [{ kind: 'field', path: 'traits.city', op: 'eq', value: 'shanghai' }, false],
    [{ kind: 'field', path: 'traits.city', op: 'neq', value: 'Beijing' }, true],
    [{ kind: 'field', path: 'traits.plan', op: 'in', value: ['trial', 'basic'] }, true],
    [{ kind: 'field', path: 'traits.plan', op: 'notIn', value: ['trial'] }, false],
    [{ kind: 'field', path: 'traits.interests', op: 'contains', value: 'tea' }, true],
    [{ kind: 'field', path: 'traits.city', op: 'contains', value: 'hai' }, true],
    [{ kind: 'field', path: 'traits.interests', op: 'notContains', value: 'golf' }, true],
    [{ kind: 'field', path: 'traits.points', op: 'gt', value: 100 }, true],
    [{ kind: 'field', path: 'traits.points', op: 'gte', value: 120 }, true],
    [{ kind: 'field', path: 'traits.points', op: 'lt', value: 120 }, false],
    [{ kind: 'field', path: 'traits.points', op: 'lte', value: 120 }, true],
    [{ kind: 'field', path: 'traits.city', op: 'gt', value: 1 }, false],
    [{ kind: 'field', path: 'traits.vip', op: 'exists' }, true],
    [{ kind: 'field', path: 'traits.phone', op: 'notExists' }, true],
    [{ kind: 'field', path: 'lifecycleStage', op: 'eq', value: 'growth' }, true],
    [{ kind: 'field', path: 'traits.joinedAt', op: 'before', value: '2026-11-21T00:00:00Z' }, true],
    [{ kind: 'field', path: 'traits.joinedAt', op: 'after', value: '2026-11-21T00:00:00+08:00' }, false],
    [{ kind: 'field', path: 'traits.joinedAt', op: 'withinLast', value: { amount: 7, unit: 'days' } }, true],
    [{ kind: 'field', path: 'traits.joinedAt', op: 'withinLast', value: { amount: 1, unit: 'days' } }, false],
    [{ kind: 'field', path: 'traits.joinedAt', op: 'notWithinLast', value: { amount: 2, unit: 'days' } }, true],
  ])('%j → %s', (rule, expected) => {
    expect(check(rule)).toBe(expected);
  });

  it('treats a missing field as failing positive tests and passing negative ones', () => {
    const bare: ContactSnapshot = { traits: {}, tags: [] };
    expect(check({ kind: 'field', path: 'traits.city', op: 'eq', value: 'x' }, bare)).toBe(false);
    expect(check({ kind: 'field', path: 'traits.city', op: 'neq', value: 'x' }, bare)).toBe(true);
    expect(check({ kind: 'field', path: 'traits.city', op: 'notIn', value: ['x'] }, bare)).toBe(true);
    expect(check({ kind: 'field', path: 'traits.a.b.c', op: 'exists' }, bare)).toBe(false);
    expect(check({ kind: 'field', path: 'traits.joinedAt', op: 'withinLast', value: { amount: 1, unit: 'days' } }, bare)).toBe(false);
  });

  it('does not read inherited properties through a path', () => {
    expect(check({ kind: 'field', path: 'traits.constructor', op: 'exists' })).toBe(false);
  });
});

describe('evaluateRule: tags, event history and logic', () => {
  it.each<[Rule, boolean]>([
    [{ kind: 'tags', op: 'has', tags: ['lead'] }, true],
    [{ kind: 'tags', op: 'hasNot', tags: ['vip'] }, true],
    [{ kind: 'tags', op: 'anyOf', tags: ['vip', 'wecom'] }, true],
    [{ kind: 'tags', op: 'allOf', tags: ['lead', 'vip'] }, false],
    [{ kind: 'tags', op: 'noneOf', tags: ['vip', 'churned'] }, true],
    [{ kind: 'event', name: 'order_paid', op: 'atLeast', count: 2 }, true],
    [{ kind: 'event', name: 'order_paid', op: 'atLeast', count: 2, within: { amount: 7, unit: 'days' } }, false],
    [{ kind: 'event', name: 'order_paid', op: 'fewerThan', count: 2, within: { amount: 7, unit: 'days' } }, true],
    [{ kind: 'event', name: 'order_paid', op: 'none', within: { amount: 30, unit: 'days' } }, false],
    [{ kind: 'event', name: 'page_viewed', op: 'none', within: { amount: 30, unit: 'days' } }, true],
    [{ kind: 'event', name: 'order_paid', op: 'atLeast', count: 1, where: { kind: 'field', path: 'properties.amount', op: 'gte', value: 100 } }, true],
    [{ kind: 'event', name: 'order_paid', op: 'atLeast', count: 2, where: { kind: 'field', path: 'properties.amount', op: 'gte', value: 100 } }, false],
    [{ kind: 'all', rules: [] }, true],
    [{ kind: 'any', rules: [] }, false],
    [{ kind: 'not', rule: { kind: 'tags', op: 'has', tags: ['lead'] } }, false],
    [
      {
        kind: 'all',
        rules: [
          { kind: 'field', path: 'traits.city', op: 'eq', value: 'Shanghai' },
          { kind: 'any', rules: [{ kind: 'tags', op: 'has', tags: ['vip'] }, { kind: 'field', path: 'traits.points', op: 'gte', value: 100 }] },
        ],
      },
      true,
    ],
  ])('%j → %s', (rule, expected) => {
    expect(check(rule)).toBe(expected);
  });

  it('ignores events from the future of the clock it is given', () => {
    const early = { ...alice, events: [{ name: 'order_paid', at: now + day, properties: {} }] };
    expect(check({ kind: 'event', name: 'order_paid', op: 'none' }, early)).toBe(true);
  });

  it('filters event properties when the subject is an event', () => {
    const event: EventSnapshot = { name: 'message_received', at: now, properties: { text: '请问多少钱' } };
    expect(check({ kind: 'field', path: 'properties.text', op: 'contains', value: '多少钱' }, event)).toBe(true);
    expect(check({ kind: 'tags', op: 'has', tags: ['lead'] }, event)).toBe(false);
  });
});

describe('rule schema', () => {
  it.each<[unknown, string]>([
    [{ kind: 'field', path: 'traits.x', op: 'gt', value: 'ten' }, 'value'],
    [{ kind: 'field', path: 'traits..x', op: 'eq', value: 1 }, 'path'],
    [{ kind: 'field', path: 'traits.x', op: 'exists', value: 1 }, ''],
    [{ kind: 'event', name: 'x', op: 'atLeast' }, 'count'],
    [{ kind: 'tags', op: 'has', tags: [] }, 'tags'],
    [{ kind: 'maybe' }, ''],
  ])('rejects %j', (input, field) => {
    const result = ruleSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (field) expect(JSON.stringify(result.error?.issues)).toContain(`"${field}"`);
  });

  it('bounds nesting depth', () => {
    let deep: Rule = { kind: 'tags', op: 'has', tags: ['x'] };
    for (let level = 0; level < 10; level++) deep = { kind: 'not', rule: deep };
    expect(ruleSchema.safeParse(deep).success).toBe(true);
    expect(boundedRule.safeParse(deep).success).toBe(false);
  });
});

describe('evaluateRule (properties)', () => {
  const leaf = fc.oneof(
    fc.record({ kind: fc.constant('tags' as const), op: fc.constantFrom('has' as const, 'hasNot' as const, 'anyOf' as const), tags: fc.array(fc.constantFrom('lead', 'vip', 'wecom'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('field' as const), path: fc.constantFrom('traits.points', 'traits.missing'), op: fc.constantFrom('gt' as const, 'lte' as const), value: fc.integer({ min: 0, max: 300 }) }),
  );
  const { tree } = fc.letrec<{ tree: Rule }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ kind: fc.constant('all' as const), rules: fc.array(tie('tree'), { maxLength: 3 }) }),
      fc.record({ kind: fc.constant('any' as const), rules: fc.array(tie('tree'), { maxLength: 3 }) }),
      fc.record({ kind: fc.constant('not' as const), rule: tie('tree') }),
    ),
  }));

  it('obeys double negation and De Morgan', () => {
    fc.assert(
      fc.property(tree, tree, (a, b) => {
        const value = (rule: Rule) => evaluateRule(rule, alice, now);
        expect(value({ kind: 'not', rule: { kind: 'not', rule: a } })).toBe(value(a));
        expect(value({ kind: 'not', rule: { kind: 'all', rules: [a, b] } })).toBe(value({ kind: 'any', rules: [{ kind: 'not', rule: a }, { kind: 'not', rule: b }] }));
      }),
    );
  });

  it('accepts every generated rule in the schema, and never throws on arbitrary JSON', () => {
    fc.assert(fc.property(tree, (rule) => expect(ruleSchema.safeParse(rule).success).toBe(true)));
    fc.assert(fc.property(fc.jsonValue(), (json) => void ruleSchema.safeParse(json)));
  });
});
