import { ContactSnapshot, evaluateRule, Rule } from '@trellis/journey';
import fc from 'fast-check';
import sift, { createEqualsOperation } from 'sift';
import { contactFilter, dependsOnTime, eventLookupsIn, fieldsRead, touches } from './rule-query';

const now = Date.parse('2026-11-23T12:00:00.000Z');
const day = 86_400_000;

const instant = fc.integer({ min: -400, max: 30 }).map((days) => now + days * day + 1234);
const timeValue = fc.oneof(instant.map((ms) => new Date(ms)), instant, instant.map((ms) => new Date(ms).toISOString()));
const scalar = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', 'ab', 'Shanghai', '上海'), fc.boolean());
const traitValue = fc.oneof(scalar, fc.array(fc.constantFrom('a', 'b', 'ab', 'yoga'), { maxLength: 3 }), timeValue, fc.constant(null));
const tagNames = ['vip', 'new', 'lapsed'];
const eventNames = ['order_paid', 'app.open'];

const contact = fc.record(
  {
    traits: fc.dictionary(fc.constantFrom('city', 'score', 'since'), traitValue),
    tags: fc.subarray(tagNames),
    lifecycleStage: fc.constantFrom('intro', 'growth'),
    activity: fc.dictionary(fc.constantFrom('order_paid', 'app%2Eopen'), fc.record({ count: fc.integer({ min: 1, max: 5 }), lastAt: instant.map((ms) => new Date(ms)) })),
  },
  { requiredKeys: ['traits', 'tags'] },
);

const path = fc.constantFrom('traits.city', 'traits.score', 'traits.since', 'lifecycleStage', 'traits.missing');
const duration = fc.record({ amount: fc.integer({ min: 1, max: 60 }), unit: fc.constantFrom('days' as const, 'hours' as const) });
const iso = instant.map((ms) => new Date(ms).toISOString());
const fieldRule: fc.Arbitrary<Rule> = fc.oneof(
  fc.record({ kind: fc.constant('field' as const), path, op: fc.constantFrom('eq' as const, 'neq' as const, 'contains' as const, 'notContains' as const), value: scalar }),
  fc.record({ kind: fc.constant('field' as const), path, op: fc.constantFrom('in' as const, 'notIn' as const), value: fc.array(scalar, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('field' as const), path, op: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const), value: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant('field' as const), path, op: fc.constantFrom('exists' as const, 'notExists' as const) }),
  fc.record({ kind: fc.constant('field' as const), path, op: fc.constantFrom('before' as const, 'after' as const), value: iso }),
  fc.record({ kind: fc.constant('field' as const), path, op: fc.constantFrom('withinLast' as const, 'notWithinLast' as const), value: duration }),
) as fc.Arbitrary<Rule>;
const tagsRule: fc.Arbitrary<Rule> = fc.record({ kind: fc.constant('tags' as const), op: fc.constantFrom('has' as const, 'hasNot' as const, 'anyOf' as const, 'allOf' as const, 'noneOf' as const), tags: fc.subarray(tagNames, { minLength: 1 }) });
/** Event-history rules the counters answer (the others become events queries, tested against the server). */
const eventRule: fc.Arbitrary<Rule> = fc.oneof(
  fc.record({ kind: fc.constant('event' as const), name: fc.constantFrom(...eventNames), op: fc.constantFrom('atLeast' as const, 'fewerThan' as const), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('event' as const), name: fc.constantFrom(...eventNames), op: fc.constant('none' as const) }),
  fc.record({ kind: fc.constant('event' as const), name: fc.constantFrom(...eventNames), op: fc.constantFrom('atLeast' as const, 'fewerThan' as const), count: fc.constant(1), within: duration }),
  fc.record({ kind: fc.constant('event' as const), name: fc.constantFrom(...eventNames), op: fc.constant('none' as const), within: duration }),
) as fc.Arbitrary<Rule>;
const { rule } = fc.letrec<{ rule: Rule }>((tie) => ({
  rule: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fieldRule,
    tagsRule,
    eventRule,
    fc.record({ kind: fc.constant('all' as const), rules: fc.array(tie('rule'), { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('any' as const), rules: fc.array(tie('rule'), { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('not' as const), rule: tie('rule') }),
  ) as fc.Arbitrary<Rule>,
}));

/** MongoDB compares only values of one type (a Date is never less than a number); sift would convert. */
const typeOf = (value: unknown) => (value instanceof Date ? 'date' : typeof value);
const ordered =
  (test: (value: never, bound: never) => boolean) =>
  (bound: unknown, owner: unknown, options: never) =>
    createEqualsOperation((value: unknown) => value != null && typeOf(value) === typeOf(bound) && test(value as never, bound as never), owner, options);
const asMongo = (filter: object) =>
  sift(filter as never, {
    operations: {
      $lt: ordered((value, bound) => value < bound),
      $lte: ordered((value, bound) => value <= bound),
      $gt: ordered((value, bound) => value > bound),
      $gte: ordered((value, bound) => value >= bound),
    } as never,
  });

describe('rules as contact queries', () => {
  it('match exactly the contacts the rule evaluator accepts', () => {
    fc.assert(
      fc.property(rule, contact, (value, subject) => {
        const matches = asMongo(contactFilter(value, now))(subject);
        expect(matches).toBe(evaluateRule(value, subject as ContactSnapshot, now));
      }),
      { numRuns: 3000 },
    );
  });

  it('turn event-history rules the counters cannot answer into events queries, and use their answer by id', () => {
    const paidTwiceThisMonth: Rule = { kind: 'event', name: 'order_paid', op: 'atLeast', count: 2, within: { amount: 30, unit: 'days' } };
    const bigOrder: Rule = { kind: 'event', name: 'order_paid', op: 'none', where: { kind: 'field', path: 'properties.amount', op: 'gte', value: 500 } };
    const lookups = eventLookupsIn({ kind: 'all', rules: [paidTwiceThisMonth, bigOrder, { kind: 'event', name: 'app.open', op: 'none' }] }, now);
    expect(lookups.map((lookup) => lookup.count)).toEqual([2, 1]);
    expect(lookups[1]!.events).toEqual({ $and: [{ name: 'order_paid' }, { timestamp: { $lte: new Date(now) } }, { 'properties.amount': { $gte: 500 } }] });
    const filter = contactFilter({ kind: 'all', rules: [paidTwiceThisMonth, bigOrder] }, now, (inner) => (inner === paidTwiceThisMonth ? ['c1', 'c2'] : ['c2']));
    const matches = asMongo(filter);
    expect([{ _id: 'c1' }, { _id: 'c2' }, { _id: 'c3' }].filter(matches).map((doc) => doc._id)).toEqual(['c1']);
  });

  it('say which fields a rule reads and whether time alone can change it', () => {
    const dormant: Rule = { kind: 'all', rules: [{ kind: 'event', name: 'order_paid', op: 'none', within: { amount: 30, unit: 'days' } }, { kind: 'tags', op: 'has', tags: ['member'] }] };
    expect(fieldsRead(dormant)).toEqual(['activity.order_paid', 'tags']);
    expect(dependsOnTime(dormant)).toBe(true);
    expect(dependsOnTime({ kind: 'field', path: 'traits.city', op: 'eq', value: 'x' })).toBe(false);
    expect(touches('activity.order_paid', 'activity.order_paid.count')).toBe(true);
    expect(touches('traits.city', 'traits')).toBe(true);
    expect(touches('traits.city', 'traits.cityName')).toBe(false);
  });
});
