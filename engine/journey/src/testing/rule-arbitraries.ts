import fc from 'fast-check';
import { Rule } from '../rules/rule';

/**
 * Random rules and contacts for property tests of everything that must agree with the rule
 * evaluator (the query translation, in memory and against a real server). Times are whole days
 * plus 20 minutes and some seconds from `nowMs`, never near an hour boundary, so a test that
 * takes minutes sees the same answers.
 */
export function ruleArbitraries(nowMs: number) {
  const day = 86_400_000;
  const instant = fc.integer({ min: -400, max: 30 }).chain((days) => fc.integer({ min: 0, max: 59 }).map((seconds) => nowMs + days * day + 20 * 60_000 + seconds * 1000));
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
  const field = <Op extends string, V>(ops: readonly Op[], value?: fc.Arbitrary<V>) =>
    fc.record({ kind: fc.constant('field' as const), path, op: fc.constantFrom(...ops), ...(value ? { value } : {}) }) as fc.Arbitrary<Rule>;
  const fieldRule = fc.oneof(
    field(['eq', 'neq', 'contains', 'notContains'], scalar),
    field(['in', 'notIn'], fc.array(scalar, { minLength: 1, maxLength: 3 })),
    field(['gt', 'gte', 'lt', 'lte'], fc.integer({ min: -3, max: 3 })),
    field(['exists', 'notExists']),
    field(['before', 'after'], iso),
    field(['withinLast', 'notWithinLast'], duration),
  );
  const tagsRule = fc.record({ kind: fc.constant('tags' as const), op: fc.constantFrom('has' as const, 'hasNot' as const, 'anyOf' as const, 'allOf' as const, 'noneOf' as const), tags: fc.subarray(tagNames, { minLength: 1 }) });
  const eventName = fc.constantFrom(...eventNames);
  /** Event-history rules the counters answer (the others become events queries). */
  const eventRule = fc.oneof(
    fc.record({ kind: fc.constant('event' as const), name: eventName, op: fc.constantFrom('atLeast' as const, 'fewerThan' as const), count: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ kind: fc.constant('event' as const), name: eventName, op: fc.constant('none' as const) }),
    fc.record({ kind: fc.constant('event' as const), name: eventName, op: fc.constantFrom('atLeast' as const, 'fewerThan' as const), count: fc.constant(1), within: duration }),
    fc.record({ kind: fc.constant('event' as const), name: eventName, op: fc.constant('none' as const), within: duration }),
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
  return { rule, contact };
}
