import { Plan, portsOf, simulationScript, SimulationScriptInput } from '@trellis/journey';
import { chain, compileOrThrow, waitForPurchase } from '@trellis/journey/dist/testing/journey-builder';
import fc from 'fast-check';
import { createFullCatalogue } from './index';
import { simulateScript } from './testing/simulate-script';

const catalogue = createFullCatalogue();

const plan = (definition: unknown): Plan => compileOrThrow(definition, catalogue);

const run = simulateScript;

describe('simulate', () => {
  const welcome = plan({
    name: 'welcome',
    nodes: [
      { id: 'joined', type: 'trigger.event', config: { event: 'joined_wecom' } },
      { id: 'tag-new', type: 'action.tag', config: { add: ['new'] } },
      { id: 'wait', type: 'wait.delay', config: { amount: 1, unit: 'days' } },
      { id: 'evening', type: 'wait.until', config: { mode: 'timeOfDay', time: '20:00' } },
      { id: 'tag-welcomed', type: 'action.tag', config: { add: ['welcomed'], remove: ['new'] } },
      { id: 'done', type: 'exit', config: {} },
    ],
    edges: [
      { from: 'joined', port: 'next', to: 'tag-new' },
      { from: 'tag-new', port: 'next', to: 'wait' },
      { from: 'wait', port: 'next', to: 'evening' },
      { from: 'evening', port: 'next', to: 'tag-welcomed' },
      { from: 'tag-welcomed', port: 'next', to: 'done' },
    ],
  });

  it('gives each contact a timeline on the virtual clock, running the real action nodes', async () => {
    const result = await run(welcome, {
      start: '2026-11-23T00:00:00Z',
      contacts: [
        { id: 'li', timezone: 'Asia/Shanghai', tags: ['lead'] },
        { id: 'sam', timezone: 'America/New_York' },
        { id: 'bystander' },
      ],
      events: [
        { at: '2026-11-23T02:00:00Z', contactId: 'li', name: 'joined_wecom' },
        { at: '2026-11-23T02:00:00Z', contactId: 'sam', name: 'joined_wecom' },
        { at: '2026-11-23T03:00:00Z', contactId: 'li', name: 'joined_wecom' },
      ],
    });
    expect(result.contacts['li']).toEqual([
      { at: '2026-11-23T02:00:00.000Z', type: 'enrolled', trigger: 'trigger.event', event: 'joined_wecom' },
      { at: '2026-11-23T02:00:00.000Z', type: 'entered', nodeId: 'joined' },
      { at: '2026-11-23T02:00:00.000Z', type: 'entered', nodeId: 'tag-new', from: { nodeId: 'joined', port: 'next' } },
      { at: '2026-11-23T02:00:00.000Z', type: 'action', nodeId: 'tag-new', nodeType: 'action.tag', output: { added: ['new'], removed: [], tags: ['lead', 'new'] } },
      { at: '2026-11-23T02:00:00.000Z', type: 'tagsChanged', nodeId: 'tag-new', added: ['new'], removed: [] },
      { at: '2026-11-23T02:00:00.000Z', type: 'entered', nodeId: 'wait', from: { nodeId: 'tag-new', port: 'next' } },
      { at: '2026-11-23T02:00:00.000Z', type: 'waiting', nodeId: 'wait', until: '2026-11-24T02:00:00.000Z' },
      { at: '2026-11-23T03:00:00.000Z', type: 'notEnrolled', reason: 'alreadyEnrolled', trigger: 'trigger.event', event: 'joined_wecom' },
      { at: '2026-11-24T02:00:00.000Z', type: 'entered', nodeId: 'evening', from: { nodeId: 'wait', port: 'next' } },
      { at: '2026-11-24T02:00:00.000Z', type: 'waiting', nodeId: 'evening', until: '2026-11-24T12:00:00.000Z' },
      { at: '2026-11-24T12:00:00.000Z', type: 'entered', nodeId: 'tag-welcomed', from: { nodeId: 'evening', port: 'next' } },
      { at: '2026-11-24T12:00:00.000Z', type: 'action', nodeId: 'tag-welcomed', nodeType: 'action.tag', output: { added: ['welcomed'], removed: ['new'], tags: ['lead', 'welcomed'] } },
      { at: '2026-11-24T12:00:00.000Z', type: 'tagsChanged', nodeId: 'tag-welcomed', added: ['welcomed'], removed: ['new'] },
      { at: '2026-11-24T12:00:00.000Z', type: 'entered', nodeId: 'done', from: { nodeId: 'tag-welcomed', port: 'next' } },
      { at: '2026-11-24T12:00:00.000Z', type: 'exited', nodeId: 'done', reason: 'completed' },
    ]);
    // 20:00 in New York on 24 Nov is 01:00 UTC on the 25th.
    expect(result.contacts['sam']?.find((entry) => entry.type === 'exited')?.at).toBe('2026-11-25T01:00:00.000Z');
    expect(result.contacts['bystander']).toEqual([]);
    expect(result.stats.enrolments).toBe(2);
  });

  it('reports contacts still waiting when the clock stops', async () => {
    const result = await run(welcome, {
      start: '2026-11-23T00:00:00Z',
      until: '2026-11-23T12:00:00Z',
      contacts: [{ id: 'li' }],
      events: [{ at: '2026-11-23T02:00:00Z', contactId: 'li', name: 'joined_wecom' }],
    });
    expect(result.contacts['li']?.at(-1)).toEqual({ at: '2026-11-23T12:00:00.000Z', type: 'stillWaiting', nodeId: 'wait' });
  });

  it('rejects a script that names unknown contacts or goes back in time', () => {
    const parsed = simulationScript.safeParse({
      start: '2026-11-23T00:00:00Z',
      contacts: [{ id: 'a' }, { id: 'a' }],
      events: [{ at: '2026-11-22T00:00:00Z', contactId: 'b', name: 'x' }],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['contacts', 'events.0.at', 'events.0.contactId']);
  });

  it('is deterministic and ends every contact in an exit or a wait, for random journeys and scripts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('wait.delay', 'wait.until', 'action.tag'), { maxLength: 8 }),
        fc.array(fc.record({ contact: fc.integer({ min: 0, max: 4 }), minute: fc.integer({ min: 0, max: 60 * 24 * 30 }) }), { maxLength: 15 }),
        async (middle, events) => {
          const journey = plan(
            chain(['trigger.event', ...middle, 'exit'], {
              'action.tag': { add: ['x'] },
              'wait.until': { mode: 'timeOfDay', time: '09:30' },
            }),
          );
          const script: SimulationScriptInput = {
            start: '2026-01-01T00:00:00Z',
            contacts: [0, 1, 2, 3, 4].map((index) => ({ id: `c${index}`, timezone: ['Asia/Shanghai', 'America/New_York', 'UTC'][index % 3] })),
            events: events.map((event) => ({ at: new Date(Date.parse('2026-01-01T00:00:00Z') + event.minute * 60_000).toISOString(), contactId: `c${event.contact}`, name: 'signed_up' })),
          };
          const first = await run(journey, script);
          const second = await run(journey, script);
          expect(JSON.stringify(first)).toBe(JSON.stringify(second));
          for (const timeline of Object.values(first.contacts)) {
            const last = timeline.filter((entry) => entry.type !== 'notEnrolled').at(-1);
            if (last) expect(['exited', 'stillWaiting']).toContain(last.type);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('simulate: wait.event', () => {
  const waitForPayment = plan(waitForPurchase);

  it('lists the awaited event among what the runtime must route', () => {
    expect(waitForPayment.listensTo.events).toEqual(['order_paid']);
  });

  it('takes "received" when the contact pays at 30 h and "timedOut" at exactly 48 h otherwise', async () => {
    const result = await run(waitForPayment, {
      start: '2026-11-23T00:00:00Z',
      contacts: [{ id: 'payer' }, { id: 'browser' }, { id: 'zero' }],
      events: [
        { at: '2026-11-23T00:00:00Z', contactId: 'payer', name: 'checkout_started' },
        { at: '2026-11-23T00:00:00Z', contactId: 'browser', name: 'checkout_started' },
        { at: '2026-11-23T00:00:00Z', contactId: 'zero', name: 'checkout_started' },
        { at: '2026-11-24T06:00:00Z', contactId: 'payer', name: 'order_paid', properties: { amount: 199 } },
        { at: '2026-11-24T06:00:00Z', contactId: 'zero', name: 'order_paid', properties: { amount: 0 } },
        { at: '2026-11-24T07:00:00Z', contactId: 'browser', name: 'page_viewed' },
      ],
    });
    const payer = result.contacts['payer']!;
    expect(payer.filter((entry) => entry.type === 'received')).toEqual([{ at: '2026-11-24T06:00:00.000Z', type: 'received', nodeId: 'paid', event: 'order_paid' }]);
    expect(payer.at(-1)).toMatchObject({ type: 'exited', nodeId: 'done', at: '2026-11-24T06:00:00.000Z' });
    for (const id of ['browser', 'zero']) {
      const timeline = result.contacts[id]!;
      expect(timeline.filter((entry) => entry.type === 'waiting')).toHaveLength(1); // not re-logged per ignored event
      expect(timeline.at(-1)).toMatchObject({ type: 'exited', nodeId: 'gave-up', at: '2026-11-25T00:00:00.000Z' });
    }
  });
});

describe('simulate: random valid journeys', () => {
  const middleConfigs: Record<string, Record<string, unknown>> = {
    'wait.delay': { amount: 5, unit: 'hours' },
    'wait.until': { mode: 'timeOfDay', time: '20:00' },
    'wait.event': { event: 'order_paid', timeout: { amount: 2, unit: 'days' } },
    'wait.condition': { when: { kind: 'tags', op: 'has', tags: ['vip'] }, timeout: { amount: 1, unit: 'days' } },
    'branch.condition': { branches: [{ id: 'vip', when: { kind: 'tags', op: 'has', tags: ['vip'] } }] },
    'branch.split': { experimentId: 'random', arms: [{ id: 'a', weight: 40 }, { id: 'b', weight: 50 }, { id: 'hold', weight: 10, holdout: true }] },
    'action.tag': { add: ['vip'] },
    'action.message': { channel: 'wecom', template: 'hello', sendWindow: { start: '09:00', end: '21:00' } },
    'action.update': { increment: { visits: 1 } },
  };
  const middleType = fc.constantFrom(...Object.keys(middleConfigs));

  /**
   * trigger → middle nodes → exit. Each node's first port leads to the next node (so all are
   * reachable), its other ports to any later node, and optionally one port loops back to an
   * earlier wait that always waits — such loops are legal.
   */
  function randomJourney(types: string[], targets: number[], loopBack: boolean) {
    const nodes = [
      { id: 'n0', type: 'trigger.event', config: { event: 'signed_up' } },
      ...types.map((type, index) => ({ id: `n${index + 1}`, type, config: middleConfigs[type]! })),
      { id: `n${types.length + 1}`, type: 'exit', config: {} },
    ];
    const last = nodes.length - 1;
    const edges = nodes.slice(0, -1).flatMap((node, index) => {
      const ports = portsOf(catalogue.get(node.type)!.ports, node.config);
      return ports.map((port, portIndex) => {
        // Condition waits may pass at once, so only these break a loop (the compiler insists).
        const earlierWait = nodes.findIndex((other, otherIndex) => otherIndex < index && ['wait.delay', 'wait.until', 'wait.event'].includes(other.type));
        if (loopBack && portIndex === ports.length - 1 && portIndex > 0 && earlierWait > 0) return { from: node.id, port, to: nodes[earlierWait]!.id };
        const to = portIndex === 0 ? index + 1 : index + 1 + ((targets[(index + portIndex) % Math.max(targets.length, 1)] ?? 0) % (last - index));
        return { from: node.id, port, to: `n${to}` };
      });
    });
    return { name: 'random', settings: { goal: { event: 'order_paid', within: { amount: 3, unit: 'days' } } }, nodes, edges };
  }

  it('simulates every contact of any valid graph to an exit or a wait, deterministically', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(middleType, { maxLength: 12 }),
        fc.array(fc.nat(100), { maxLength: 12 }),
        fc.boolean(),
        fc.array(fc.record({ contact: fc.nat(5), hour: fc.nat(24 * 20), name: fc.constantFrom('signed_up', 'order_paid', 'profile_saved') }), { maxLength: 25 }),
        async (types, targets, loopBack, events) => {
          const journey = plan(randomJourney(types, targets, loopBack));
          const script: SimulationScriptInput = {
            start: '2026-03-01T00:00:00Z',
            until: '2026-04-01T00:00:00Z',
            contacts: [0, 1, 2, 3, 4, 5].map((index) => ({ id: `c${index}`, timezone: ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin'][index % 3], tags: index % 2 ? ['vip'] : [] })),
            events: events.map((event) => ({
              at: new Date(Date.parse('2026-03-01T00:00:00Z') + event.hour * 3_600_000).toISOString(),
              contactId: `c${event.contact}`,
              name: event.name,
              ...(event.name === 'profile_saved' ? { traits: { city: 'Shanghai' } } : {}),
            })),
          };
          const first = await run(journey, script);
          expect(JSON.stringify(await run(journey, script))).toBe(JSON.stringify(first));
          for (const timeline of Object.values(first.contacts)) {
            const last = timeline.filter((entry) => entry.type !== 'notEnrolled').at(-1);
            if (last) expect(['exited', 'stillWaiting']).toContain(last.type);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
