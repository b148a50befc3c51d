import fc from 'fast-check';
import { addCounts, convertBucket, convertBucketValue, countSteps, CountedStep, emptyCounts } from './stat-counts';

const nodeIds = fc.constantFrom('in', 'split', 'wait', 'send', 'out');
const step: fc.Arbitrary<CountedStep> = fc.oneof(
  fc.record({ nodeId: nodeIds, visit: fc.integer({ min: 1, max: 3 }), kind: fc.constant('entered' as const), from: fc.option(fc.record({ nodeId: nodeIds, port: fc.constantFrom('next', 'a', 'b') }), { nil: undefined }) }),
  fc.record({ nodeId: nodeIds, visit: fc.constant(1), kind: fc.constant('completed' as const), output: fc.record({ experimentId: fc.constant('x'), arm: fc.constantFrom('a', 'b'), holdout: fc.boolean() }) }),
  fc.record({ nodeId: nodeIds, visit: fc.constant(1), kind: fc.constant('exited' as const), output: fc.record({ reason: fc.constantFrom('completed', 'goal', 'error', 'holdout') }) }),
  fc.record({ nodeId: nodeIds, visit: fc.constant(1), kind: fc.constant('converted' as const), output: fc.record({ afterMs: fc.nat(), arms: fc.record({ split: fc.constantFrom('a', 'b') }) }) }),
).map((value) => JSON.parse(JSON.stringify(value)) as CountedStep);

/** One enrolment's path through a journey: in → split (arm) → wait → send → out, as the runtime logs it. */
function path(armId: string, converted: boolean): CountedStep[] {
  return [
    { nodeId: 'in', visit: 1, kind: 'entered' },
    { nodeId: 'split', visit: 1, kind: 'entered', from: { nodeId: 'in', port: 'next' } },
    { nodeId: 'split', visit: 1, kind: 'completed', output: { experimentId: 'x', arm: armId, holdout: false } },
    { nodeId: 'wait', visit: 1, kind: 'entered', from: { nodeId: 'split', port: armId } },
    ...(converted ? [{ nodeId: 'wait', visit: 1, kind: 'converted' as const, output: { afterMs: 3_600_000, arms: { split: armId } } }] : []),
    { nodeId: 'out', visit: 1, kind: 'entered', from: { nodeId: 'wait', port: converted ? 'event' : 'timeout' } },
    { nodeId: 'out', visit: 1, kind: 'exited', output: { reason: 'completed' } },
  ];
}

describe('countSteps', () => {
  it('counts an enrolment’s path: entries, departures per port, arms, the goal and the exit', () => {
    const counts = countSteps(path('b', true));
    expect(counts).toEqual({
      enrolled: 1,
      nodes: {
        in: { entered: 1, reached: 1, left: 1, ports: { next: 1 } },
        split: { entered: 1, reached: 1, left: 1, ports: { b: 1 } },
        wait: { entered: 1, reached: 1, left: 1, ports: { event: 1 } },
        out: { entered: 1, reached: 1, exited: 1, left: 1 },
      },
      exits: { completed: 1 },
      goals: 1,
      arms: { split: { b: { contacts: 1, conversions: 1 } } },
      convertAfter: { [convertBucket(3_600_000)]: 1 },
    });
  });

  it('leaves a contact counted at the node they wait at until they move on', () => {
    const steps = path('a', false);
    const waiting = countSteps(steps.slice(0, 4));
    expect((waiting.nodes.wait!.entered ?? 0) - (waiting.nodes.wait!.left ?? 0)).toBe(1);
    const failed = countSteps([...steps.slice(0, 4), { nodeId: 'wait', visit: 1, kind: 'exited', output: { reason: 'error' } }]);
    expect(failed.nodes.wait).toMatchObject({ errors: 1, exited: 1, left: 1 });
    expect(failed.exits).toEqual({ error: 1 });
  });
});

describe('count properties', () => {
  it('counting in batches gives what counting all at once gives, however the log is cut', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.nat(), (steps, cut) => {
        const at = steps.length ? cut % (steps.length + 1) : 0;
        const batched = addCounts(countSteps(steps.slice(0, at)), countSteps(steps.slice(at)));
        expect(batched).toEqual(countSteps(steps));
      }),
    );
  });

  it('after every enrolment has exited, nobody waits anywhere and each enrolled once, exited once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.boolean()), { maxLength: 30 }), (enrolments) => {
        const total = enrolments.reduce((sum, [armId, converted]) => addCounts(sum, countSteps(path(armId, converted))), emptyCounts());
        for (const counted of Object.values(total.nodes)) expect((counted.entered ?? 0) - (counted.left ?? 0)).toBe(0);
        expect(total.enrolled).toBe(enrolments.length);
        expect(total.exits.completed ?? 0).toBe(enrolments.length);
        expect(total.goals).toBe(enrolments.filter(([, converted]) => converted).length);
      }),
    );
  });
});

describe('conversion-time buckets', () => {
  it('put every time within 2.5% of its bucket’s value, from a second to a year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1001, max: 365 * 86_400_000 }), (afterMs) => {
        expect(Math.abs(convertBucketValue(convertBucket(afterMs)) / afterMs - 1)).toBeLessThan(0.025);
      }),
    );
    expect(convertBucket(365 * 86_400_000)).toBeLessThan(360);
  });
});
