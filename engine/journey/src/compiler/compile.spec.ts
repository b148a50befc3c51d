import fc from 'fast-check';
import { z } from 'zod';
import { createCatalogue } from '../catalogue';
import { defineNode } from '../node-definition';
import { controlNodes } from '../nodes';
import { sendWindow } from '../time/send-window';
import { chain } from '../testing/journey-builder';
import { compile, CompileResult } from './compile';
import { compileErrorCodes } from './compile-error';

const tagNode = defineNode({
  type: 'action.tag',
  category: 'action',
  title: 'Tag',
  description: 'test action',
  icon: 'tag',
  config: z.strictObject({ add: z.array(z.string()).min(1) }),
  ports: ['next'],
});
const catalogue = createCatalogue([...controlNodes, tagNode]);
const configs = { 'action.tag': { add: ['welcomed'] } };
const welcome = chain(['trigger.event', 'wait.delay', 'action.tag', 'exit'], configs);

function errorsOf(result: CompileResult) {
  if (result.ok) throw new Error('expected compile errors');
  return result.errors;
}

describe('compile', () => {
  it('turns a valid journey into a plan with resolved ports, parsed configs and entry events', () => {
    const result = compile(welcome, catalogue);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.plan.triggerNodeId).toBe('n0');
    expect(result.plan.entryEvents).toEqual(['signed_up']);
    expect(result.plan.nodes['n1']).toEqual({ id: 'n1', type: 'wait.delay', category: 'wait', config: { amount: 3, unit: 'days' }, next: { next: 'n2' } });
    expect(result.plan.nodes['n3']?.next).toEqual({});
    expect(result.plan.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes by content: positions and node order do not change the plan hash, configs do', () => {
    const first = compile(welcome, catalogue);
    const moved = compile({ ...welcome, nodes: [...welcome.nodes].reverse().map((node) => ({ ...node, position: { x: 1, y: 2 } })) }, catalogue);
    const changed = compile(chain(['trigger.event', 'wait.delay', 'action.tag', 'exit'], { ...configs, 'wait.delay': { amount: 4, unit: 'days' } }), catalogue);
    expect(first.ok && moved.ok && changed.ok).toBe(true);
    if (first.ok && moved.ok && changed.ok) {
      expect(moved.plan.hash).toBe(first.plan.hash);
      expect(changed.plan.hash).not.toBe(first.plan.hash);
    }
  });

  it('reports a malformed definition with a path into the JSON', () => {
    expect(errorsOf(compile({ name: '', nodes: 'x', edges: [] }, catalogue))).toEqual([
      expect.objectContaining({ code: 'invalid_definition', field: 'name' }),
      expect.objectContaining({ code: 'invalid_definition', field: 'nodes' }),
    ]);
    expect(errorsOf(compile(null, catalogue))[0]?.code).toBe('invalid_definition');
  });

  it('reports bad configs per field, and still checks the rest of the graph', () => {
    const journey = chain(['trigger.event', 'wait.delay', 'exit'], { 'wait.delay': { amount: 0, unit: 'years' } });
    journey.edges = journey.edges.slice(0, 1);
    const errors = errorsOf(compile(journey, catalogue));
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'invalid_config', nodeId: 'n1', field: 'amount' }),
        expect.objectContaining({ code: 'invalid_config', nodeId: 'n1', field: 'unit' }),
        expect.objectContaining({ code: 'unconnected_port', nodeId: 'n1' }),
        expect.objectContaining({ code: 'unreachable_node', nodeId: 'n2' }),
      ]),
    );
  });

  it.each([
    ['unknown_node_type', () => chain(['trigger.event', 'action.teleport', 'exit']), 'n1'],
    ['no_trigger', () => chain(['wait.delay', 'exit']), undefined],
    ['multiple_triggers', () => ({ ...welcome, nodes: [...welcome.nodes, { id: 't2', type: 'trigger.event', config: { event: 'x' } }], edges: [...welcome.edges, { from: 't2', port: 'next', to: 'n3' }] }), 't2'],
    ['trigger_has_incoming', () => ({ ...welcome, edges: [...welcome.edges.slice(0, 2), { from: 'n2', port: 'next', to: 'n0' }] }), 'n0'],
    ['unknown_port', () => ({ ...welcome, edges: [...welcome.edges, { from: 'n1', port: 'timedOut', to: 'n3' }] }), 'n1'],
    ['dangling_edge', () => ({ ...welcome, edges: [...welcome.edges, { from: 'n3', port: 'next', to: 'ghost' }] }), 'n3'],
    ['duplicate_port_edge', () => ({ ...welcome, edges: [...welcome.edges, { from: 'n0', port: 'next', to: 'n2' }] }), 'n0'],
    ['duplicate_node_id', () => ({ ...welcome, nodes: [...welcome.nodes, { id: 'n3', type: 'exit', config: {} }] }), 'n3'],
    ['unconnected_port', () => ({ ...welcome, edges: welcome.edges.slice(0, 2) }), 'n2'],
    ['unreachable_node', () => ({ ...welcome, nodes: [...welcome.nodes, { id: 'island', type: 'exit', config: {} }] }), 'island'],
    ['cycle_without_wait', () => ({ ...welcome, nodes: [...welcome.nodes.slice(0, 3), { id: 'n3', type: 'action.tag', config: { add: ['x'] } }], edges: [...welcome.edges, { from: 'n3', port: 'next', to: 'n2' }] }), 'n2'],
  ] as const)('reports %s on the node to fix', (code, build, nodeId) => {
    const errors = errorsOf(compile(build(), catalogue));
    const error = errors.find((candidate) => candidate.code === code);
    expect(error).toBeDefined();
    expect(error?.nodeId).toBe(nodeId);
    expect(error?.message.length).toBeGreaterThan(5);
  });

  it('reports an unknown node once, without calling what follows it unreachable', () => {
    const errors = errorsOf(compile(chain(['trigger.event', 'action.teleport', 'wait.delay', 'exit']), catalogue));
    expect(errors.map((error) => error.code)).toEqual(['unknown_node_type']);
  });

  it('requires a timeout on wait.event and routes its event to the plan', () => {
    const journey = chain(['trigger.event', 'wait.event', 'exit'], { 'wait.event': { event: 'order_paid' } });
    journey.nodes.push({ id: 'late', type: 'exit', config: {} });
    journey.edges = [journey.edges[0]!, { from: 'n1', port: 'received', to: 'n2' }, { from: 'n1', port: 'timedOut', to: 'late' }];
    expect(errorsOf(compile(journey, catalogue))).toEqual([expect.objectContaining({ code: 'missing_timeout', nodeId: 'n1', field: 'timeout' })]);
    journey.nodes[1]!.config = { event: 'order_paid', timeout: { amount: 48, unit: 'hours' } };
    const result = compile(journey, catalogue);
    expect(result.ok && result.plan.listensTo.events).toEqual(['order_paid']);
  });

  it('allows a loop that passes through a wait', () => {
    const looping = { ...welcome, nodes: [...welcome.nodes.slice(0, 3)], edges: [...welcome.edges.slice(0, 2), { from: 'n2', port: 'next', to: 'n1' }] };
    expect(compile(looping, catalogue).ok).toBe(true);
  });

  it('documents every error code it can emit', () => {
    for (const description of Object.values(compileErrorCodes)) expect(description).toMatch(/\.$/);
  });
});

describe('compile (properties)', () => {
  const middleType = fc.constantFrom('wait.delay', 'action.tag');

  it('compiles every linear trigger → … → exit chain, visiting each node once', () => {
    fc.assert(
      fc.property(fc.array(middleType, { maxLength: 30 }), (middle) => {
        const result = compile(chain(['trigger.event', ...middle, 'exit'], configs), catalogue);
        expect(result.ok).toBe(true);
        if (result.ok) expect(Object.keys(result.plan.nodes)).toHaveLength(middle.length + 2);
      }),
    );
  });

  it('never throws and always names a node or field for arbitrary edge damage', () => {
    fc.assert(
      fc.property(
        fc.array(middleType, { minLength: 1, maxLength: 10 }),
        fc.array(fc.record({ from: fc.nat(12), to: fc.nat(12), port: fc.constantFrom('next', 'other') }), { maxLength: 6 }),
        fc.nat(12),
        (middle, extraEdges, dropIndex) => {
          const journey = chain(['trigger.event', ...middle, 'exit'], configs);
          const edges = journey.edges.filter((_, index) => index !== dropIndex);
          edges.push(...extraEdges.map((edge) => ({ from: `n${edge.from}`, to: `n${edge.to}`, port: edge.port })));
          const result = compile({ ...journey, edges }, catalogue);
          if (!result.ok) {
            for (const error of result.errors) {
              expect(Object.keys(compileErrorCodes)).toContain(error.code);
              expect(error.nodeId ?? error.field ?? error.code).toBeTruthy();
            }
          }
        },
      ),
    );
  });

  it('gives the same hash for the same graph whatever the order of nodes and edges', () => {
    fc.assert(
      fc.property(fc.array(middleType, { maxLength: 12 }), fc.integer(), (middle, seed) => {
        const journey = chain(['trigger.event', ...middle, 'exit'], configs);
        const shuffle = <T>(items: T[]) => items.map((item, index) => ({ item, key: (index * 7919 + seed) % 104729 })).sort((a, b) => a.key - b.key).map(({ item }) => item);
        const a = compile(journey, catalogue);
        const b = compile({ ...journey, nodes: shuffle([...journey.nodes]), edges: shuffle([...journey.edges]) }, catalogue);
        expect(a.ok && b.ok && a.plan.hash === b.plan.hash).toBe(true);
      }),
    );
  });

  describe('branches, settings and routing', () => {
    const split = (arms: unknown[]) => ({
      name: 'split',
      nodes: [
        { id: 't', type: 'trigger.event', config: { event: 'signed_up' } },
        { id: 's', type: 'branch.split', config: { experimentId: 'offer', arms } },
        { id: 'a', type: 'exit', config: {} },
        { id: 'b', type: 'exit', config: {} },
      ],
      edges: [
        { from: 't', port: 'next', to: 's' },
        { from: 's', port: 'a', to: 'a' },
        { from: 's', port: 'b', to: 'b' },
      ],
    });

    it('derives ports from the config: one per arm, none for the holdout', () => {
      const result = compile(split([{ id: 'a', weight: 45 }, { id: 'b', weight: 45 }, { id: 'control', weight: 10, holdout: true }]), catalogue);
      expect(result.ok && result.plan.nodes['s']?.next).toEqual({ a: 'a', b: 'b' });
      const missing = errorsOf(compile(split([{ id: 'a', weight: 40 }, { id: 'b', weight: 30 }, { id: 'c', weight: 30 }]), catalogue));
      expect(missing).toEqual([expect.objectContaining({ code: 'unconnected_port', nodeId: 's', message: expect.stringContaining('"c"') })]);
    });

    it('does not count a condition wait as breaking a loop: it may pass at once', () => {
      const base = chain(['trigger.event', 'wait.condition', 'exit'], {
        'wait.condition': { when: { kind: 'tags', op: 'has', tags: ['x'] }, timeout: { amount: 1, unit: 'days' } },
      });
      const loop = { ...base, edges: [base.edges[0]!, { from: 'n1', port: 'met', to: 'n1' }, { from: 'n1', port: 'timedOut', to: 'n2' }] };
      expect(errorsOf(compile(loop, catalogue))).toEqual([expect.objectContaining({ code: 'cycle_without_wait', nodeId: 'n1' })]);
    });

    it('names split weights that do not add up to 100', () => {
      expect(errorsOf(compile(split([{ id: 'a', weight: 50 }, { id: 'b', weight: 40 }]), catalogue))).toEqual([
        { code: 'split_weights', nodeId: 's', field: 'arms', message: 'arm weights must add up to 100' },
      ]);
    });

    it('names a missing timeout on waits that could last forever', () => {
      const journey = chain(['trigger.event', 'wait.condition', 'exit'], { 'wait.condition': { when: { kind: 'tags', op: 'has', tags: ['x'] } } });
      expect(errorsOf(compile(journey, catalogue))).toContainEqual(expect.objectContaining({ code: 'missing_timeout', nodeId: 'n1', field: 'timeout' }));
    });

    it('reports bad settings by path, alongside node errors', () => {
      const journey = { ...chain(['trigger.event', 'wait.delay', 'exit'], { 'wait.delay': { amount: -1, unit: 'days' } }), settings: { reentry: { mode: 'sometimes' }, timezone: 'Mars/Base' } };
      const errors = errorsOf(compile(journey, catalogue));
      expect(errors.map((error) => [error.code, error.field])).toEqual([
        ['invalid_settings', 'settings.reentry.mode'],
        ['invalid_settings', 'settings.timezone'],
        ['invalid_config', 'amount'],
      ]);
    });

    it('refuses a goal that is the enrolling event', () => {
      const journey = { ...welcome, settings: { goal: { event: 'signed_up' } } };
      expect(errorsOf(compile(journey, catalogue))).toEqual([expect.objectContaining({ code: 'goal_is_trigger', field: 'settings.goal.event' })]);
    });

    it('lists everything the runtime must route: entry events, waits, goal, exit criteria, segments, contact changes', () => {
      const base = chain(['trigger.event', 'wait.condition', 'exit'], {
        'wait.condition': { when: { kind: 'event', name: 'completed_profile', op: 'atLeast', count: 1 }, timeout: { amount: 1, unit: 'days' } },
      });
      const journey = {
        ...base,
        edges: [base.edges[0]!, { from: 'n1', port: 'met', to: 'n2' }, { from: 'n1', port: 'timedOut', to: 'n2' }],
        settings: { goal: { event: 'order_paid' }, exitCriteria: { events: [{ event: 'unsubscribed' }] } },
      };
      const result = compile(journey, catalogue);
      expect(result.ok && { entry: result.plan.entryEvents, listensTo: result.plan.listensTo }).toEqual({
        entry: ['signed_up'],
        listensTo: { events: ['completed_profile', 'order_paid', 'unsubscribed'], segments: [], schedules: [], contactChanges: true },
      });
      const segment = compile(chain(['trigger.segment', 'exit'], { 'trigger.segment': { segment: 'no-order-30d' } }), catalogue);
      expect(segment.ok && [segment.plan.entryEvents, segment.plan.listensTo.segments]).toEqual([[], ['no-order-30d']]);
      const weekly = compile(chain(['trigger.schedule', 'exit'], { 'trigger.schedule': { schedule: { kind: 'cron', cron: '0 10 * * 1', timezone: 'Asia/Shanghai' }, segment: 'members' } }), catalogue);
      expect(weekly.ok && weekly.plan.listensTo).toMatchObject({ segments: ['members'], schedules: [{ kind: 'cron', cron: '0 10 * * 1', timezone: 'Asia/Shanghai' }] });
    });

    it('records whether stepping the plan reads the contact: nodes that declare it, send windows, exit rules', () => {
      const readsContact = (journey: unknown) => {
        const result = compile(journey, catalogue);
        return result.ok ? result.plan.readsContact : result.errors;
      };
      expect(readsContact(chain(['trigger.event', 'wait.delay', 'exit']))).toBe(false);
      expect(readsContact(chain(['trigger.event', 'wait.until', 'exit'], { 'wait.until': { mode: 'timeOfDay', time: '20:00' } }))).toBe(true);
      expect(readsContact({ ...chain(['trigger.event', 'exit']), settings: { exitCriteria: { when: { kind: 'tags', op: 'has', tags: ['vip'] } } } })).toBe(true);
      const custom = createCatalogue([
        ...controlNodes,
        defineNode({ type: 'action.ping', category: 'action', title: 'Ping', description: 'p', icon: 'p', config: z.strictObject({ sendWindow: sendWindow.optional() }), ports: ['next'] }),
        defineNode({ type: 'branch.vip', category: 'branch', title: 'VIP?', description: 'v', icon: 'v', config: z.strictObject({}), ports: ['yes', 'no'], readsContact: true }),
      ]);
      const ping = (config: Record<string, unknown>) => compile(chain(['trigger.event', 'action.ping', 'exit'], { 'action.ping': config }), custom);
      expect([ping({}), ping({ sendWindow: { start: '10:00', end: '20:00' } })].map((result) => result.ok && result.plan.readsContact)).toEqual([false, true]);
      const vip = chain(['trigger.event', 'branch.vip', 'exit']);
      const branched = compile({ ...vip, edges: [vip.edges[0]!, { from: 'n1', port: 'yes', to: 'n2' }, { from: 'n1', port: 'no', to: 'n2' }] }, custom);
      expect(branched.ok && branched.plan.readsContact).toBe(true);
    });

    it('never throws on arbitrary configs of every node type', () => {
      const types = catalogue.list().map((spec) => spec.type);
      fc.assert(
        fc.property(fc.array(fc.record({ type: fc.constantFrom(...types), config: fc.dictionary(fc.constantFrom('event', 'arms', 'branches', 'when', 'timeout', 'amount', 'unit', 'mode', 'segment', 'experimentId'), fc.anything()) }), { maxLength: 8 }), fc.anything(), (nodes, settings) => {
          const journey = { name: 'x', settings, nodes: nodes.map((node, index) => ({ id: `n${index}`, ...node })), edges: nodes.slice(1).map((_, index) => ({ from: `n${index}`, to: `n${index + 1}` })) };
          const result = compile(journey, catalogue);
          expect(typeof result.ok).toBe('boolean');
        }),
      );
    });
  });
});
