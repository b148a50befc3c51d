import { ContactSnapshot, evaluateRule, Rule } from '@trellis/journey';
import { ruleArbitraries } from '@trellis/journey/dist/testing/rule-arbitraries';
import fc from 'fast-check';
import sift, { createEqualsOperation } from 'sift';
import { contactFilter, eventLookupsIn, fieldsRead, touches } from './rule-query';

const now = Date.parse('2026-11-23T12:00:00.000Z');

const { rule, contact } = ruleArbitraries(now);

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

  it('say which fields a rule reads', () => {
    const dormant: Rule = { kind: 'all', rules: [{ kind: 'event', name: 'order_paid', op: 'none', within: { amount: 30, unit: 'days' } }, { kind: 'tags', op: 'has', tags: ['member'] }] };
    expect(fieldsRead(dormant)).toEqual(['activity.order_paid', 'tags']);
    expect(touches('activity.order_paid', 'activity.order_paid.count')).toBe(true);
    expect(touches('traits.city', 'traits')).toBe(true);
    expect(touches('traits.city', 'traits.cityName')).toBe(false);
  });
});
