import { createCatalogue } from '../catalogue';
import { controlNodes } from '../nodes';
import { simulate } from '../simulator/simulate';
import { simulationScript } from '../simulator/script';
import { compileOrThrow, splitOffer } from '../testing/journey-builder';
import { journeyFunnel, journeyStats } from './journey-stats';
import { countTimelines } from './simulated-counts';
import { addCounts, countSteps, CountedStep, emptyCounts } from './stat-counts';

const plan = compileOrThrow(splitOffer, createCatalogue(controlNodes));

const treated = (armId: 'a' | 'b', convertedAfterMs?: number): CountedStep[] => [
  { nodeId: 'joined', visit: 1, kind: 'entered' },
  { nodeId: 'split', visit: 1, kind: 'entered', from: { nodeId: 'joined', port: 'next' } },
  { nodeId: 'split', visit: 1, kind: 'completed', output: { experimentId: 'welcome-offer', arm: armId, holdout: false } },
  { nodeId: `wait-${armId}`, visit: 1, kind: 'entered', from: { nodeId: 'split', port: armId } },
  ...(convertedAfterMs === undefined ? [] : [{ nodeId: `wait-${armId}`, visit: 1, kind: 'converted' as const, output: { afterMs: convertedAfterMs, arms: { split: armId } } }]),
];
const finished = (armId: 'a' | 'b'): CountedStep[] => [
  { nodeId: 'done', visit: 1, kind: 'entered', from: { nodeId: `wait-${armId}`, port: 'next' } },
  { nodeId: 'done', visit: 1, kind: 'exited', output: { reason: 'completed' } },
];

describe('journeyStats', () => {
  it('reads per-node and per-journey numbers off the counts: waiting now, ports, exits, goals and time to convert', () => {
    const counts = [treated('a', 60_000), finished('a'), treated('a'), treated('b', 120_000), treated('b', 180_000), finished('b')].reduce((sum, steps) => addCounts(sum, countSteps(steps)), emptyCounts());
    const stats = journeyStats(plan, counts, counts);
    const { timeToConvert, ...journey } = stats.journey;
    expect(journey).toEqual({ enrolled: 4, active: 2, exitedByReason: { completed: 2 }, goals: 3, conversionRate: 0.75 });
    // Nearest rank over 1, 2 and 3 minutes: the median is 2 minutes and p90 3, each within 2.5%.
    expect(timeToConvert!.conversions).toBe(3);
    expect(Math.abs(timeToConvert!.median / 120_000 - 1)).toBeLessThan(0.025);
    expect(Math.abs(timeToConvert!.p90 / 180_000 - 1)).toBeLessThan(0.025);
    expect(stats.nodes.map((node) => [node.id, node.entered, node.waiting, node.ports])).toEqual([
      ['joined', 4, 0, { next: 4 }],
      ['split', 4, 0, { a: 2, b: 2 }],
      ['wait-a', 2, 1, { next: 1 }],
      ['wait-b', 2, 1, { next: 1 }],
      ['done', 2, 0, {}],
    ]);
    expect(stats.experiments[0]!.result.arms.map((arm) => [arm.id, arm.contacts, arm.conversions, arm.control])).toEqual([
      ['a', 2, 1, false],
      ['b', 2, 2, false],
      ['holdout', 0, 0, true],
    ]);
    expect(stats.experiments[0]!.result.arms[0]!.comparison).toMatchObject({ enoughData: false });
  });

  it('answers in zeros before anyone enrolled', () => {
    const stats = journeyStats(plan, emptyCounts(), emptyCounts());
    expect(stats.journey).toEqual({ enrolled: 0, active: 0, exitedByReason: {}, goals: 0, conversionRate: null, timeToConvert: null });
    expect(stats.nodes.every((node) => node.entered === 0 && node.waiting === 0)).toBe(true);
  });

  it('gives a funnel with drop-off between steps', () => {
    const counts = [treated('a', 1), treated('a'), treated('b'), treated('b')].reduce((sum, steps) => addCounts(sum, countSteps(steps)), emptyCounts());
    expect(journeyFunnel([{ node: 'joined' }, { node: 'split', port: 'a' }, { goal: true }], counts)).toEqual([
      { step: { node: 'joined' }, count: 4, dropOff: 0, fromPrevious: 1, fromFirst: 1 },
      { step: { node: 'split', port: 'a' }, count: 2, dropOff: 2, fromPrevious: 0.5, fromFirst: 0.5 },
      { step: { goal: true }, count: 1, dropOff: 1, fromPrevious: 0.5, fromFirst: 0.25 },
    ]);
  });

  it('counts a simulation as the runtime counts its step log: every contact accounted for', async () => {
    const contacts = Array.from({ length: 200 }, (_, index) => ({ id: `c${index}` }));
    const script = simulationScript.parse({
      start: '2026-11-23T00:00:00Z',
      until: '2026-12-10T00:00:00Z',
      contacts,
      events: [
        ...contacts.map((contact) => ({ at: '2026-11-23T01:00:00Z', contactId: contact.id, name: 'signed_up' })),
        ...contacts.filter((_, index) => index % 4 === 0).map((contact) => ({ at: '2026-11-25T00:00:00Z', contactId: contact.id, name: 'order_paid' })),
      ],
    });
    const result = await simulate(plan, script, async () => ({}));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const counts = countTimelines(result.contacts);
    const stats = journeyStats(plan, counts, counts);
    expect(stats.journey).toMatchObject({ enrolled: 200, active: 0, goals: 50 });
    expect((stats.journey.exitedByReason.completed ?? 0) + (stats.journey.exitedByReason.holdout ?? 0)).toBe(200);
    const arms = stats.experiments[0]!.result.arms;
    expect(arms.reduce((sum, arm) => sum + arm.contacts, 0)).toBe(200);
    expect(arms.reduce((sum, arm) => sum + arm.conversions, 0)).toBe(50);
    expect(stats.journey.timeToConvert!.conversions).toBe(50);
    expect(Math.abs(stats.journey.timeToConvert!.median / (47 * 3_600_000) - 1)).toBeLessThan(0.025);
  });
});
