import fc from 'fast-check';
import type { JourneyDefinition } from '../definition';
import { diffJourneys, formatJourneyDiff, sameBehaviour } from './journey-diff';

const base: JourneyDefinition = {
  name: 'Welcome',
  nodes: [
    { id: 't', type: 'trigger.event', config: { event: 'signed_up' }, position: { x: 0, y: 0 } },
    { id: 'w', type: 'wait.delay', config: { amount: 1, unit: 'days' }, position: { x: 0, y: 100 } },
    { id: 'e', type: 'exit', config: {}, position: { x: 0, y: 200 } },
  ],
  edges: [
    { from: 't', port: 'next', to: 'w' },
    { from: 'w', port: 'next', to: 'e' },
  ],
};

describe('diffJourneys', () => {
  it('names added, removed and changed nodes with the config keys that changed', () => {
    const after: JourneyDefinition = {
      ...base,
      nodes: [
        base.nodes[0]!,
        { ...base.nodes[1]!, config: { amount: 3, unit: 'days' } },
        { id: 'tag', type: 'action.tag', config: { add: ['welcomed'] } },
        base.nodes[2]!,
      ].filter((node) => node.id !== 'e'),
      edges: [
        { from: 't', port: 'next', to: 'w' },
        { from: 'w', port: 'next', to: 'tag' },
      ],
    };
    const diff = diffJourneys(base, after);
    expect(diff).toMatchObject({
      added: ['tag'],
      removed: ['e'],
      changed: [{ id: 'w', fields: ['amount'] }],
      edgesAdded: [{ from: 'w', port: 'next', to: 'tag' }],
      edgesRemoved: [{ from: 'w', port: 'next', to: 'e' }],
      settingsChanged: false,
    });
    expect(formatJourneyDiff(diff)).toEqual(['+ tag', '- e', '~ w: amount', '+ w -[next]-> tag', '- w -[next]-> e']);
  });

  it('reports a moved node apart from behaviour, and a type change as a field', () => {
    const moved = { ...base, nodes: base.nodes.map((node) => (node.id === 'w' ? { ...node, position: { x: 50, y: 100 } } : node)) };
    const diff = diffJourneys(base, moved);
    expect(diff.moved).toEqual(['w']);
    expect(sameBehaviour(diff)).toBe(true);
    const retyped = { ...base, nodes: base.nodes.map((node) => (node.id === 'w' ? { ...node, type: 'wait.until' } : node)) };
    expect(diffJourneys(base, retyped).changed).toEqual([{ id: 'w', fields: ['type'] }]);
  });

  it('treats a missing key and an undefined one alike, and notices renames and settings', () => {
    const after = { ...base, name: 'Welcome v2', settings: { goal: { event: 'purchased' } }, nodes: base.nodes.map((node) => ({ ...node, config: { ...node.config, extra: undefined } })) };
    const diff = diffJourneys(base, after);
    expect(diff.changed).toEqual([]);
    expect(diff.renamed).toEqual({ from: 'Welcome', to: 'Welcome v2' });
    expect(diff.settingsChanged).toBe(true);
    expect(sameBehaviour(diff)).toBe(false);
  });

  const ids = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 6 });
  const journey = ids.chain((nodeIds) =>
    fc.record({
      name: fc.constant('j'),
      nodes: fc.tuple(...nodeIds.map((id) => fc.record({ id: fc.constant(id), type: fc.constantFrom('wait.delay', 'exit'), config: fc.dictionary(fc.constantFrom('x', 'y'), fc.integer({ min: 0, max: 2 })) }))),
      edges: nodeIds.length === 0 ? fc.constant([]) : fc.array(fc.record({ from: fc.constantFrom(...nodeIds), port: fc.constantFrom('next', 'yes'), to: fc.constantFrom(...nodeIds) }), { maxLength: 6 }),
    }),
  ) as fc.Arbitrary<JourneyDefinition>;

  it('is empty between a journey and itself, and symmetric between two', () => {
    fc.assert(
      fc.property(journey, journey, (a, b) => {
        expect(sameBehaviour(diffJourneys(a, a))).toBe(true);
        const forward = diffJourneys(a, b);
        const backward = diffJourneys(b, a);
        expect(forward.added.sort()).toEqual(backward.removed.sort());
        expect(forward.changed.map((node) => node.id).sort()).toEqual(backward.changed.map((node) => node.id).sort());
        const key = (e: { from: string; port: string; to: string }) => `${e.from}:${e.port}:${e.to}`;
        expect(new Set(forward.edgesAdded.map(key))).toEqual(new Set(backward.edgesRemoved.map(key)));
      }),
    );
  });
});
