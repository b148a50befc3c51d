import fc from 'fast-check';
import { z } from 'zod';
import { createCatalogue } from '../catalogue';
import { compile } from '../compiler/compile';
import { defineNode } from '../node-definition';
import { controlNodes } from '../nodes';
import { Plan } from '../plan';
import { chain } from '../testing/journey-builder';
import { planSegment } from './plan-segment';
import { Command, Cursor, JourneyStateError, planReadsContact, startCursor, step, StepInput } from './step';

const catalogue = createCatalogue([
  ...controlNodes,
  defineNode({ type: 'action.tag', category: 'action', title: 'Tag', description: '', icon: 'tag', config: z.object({ add: z.array(z.string()) }), ports: ['next'] }),
]);
const day = 86_400_000;

function planOf(types: string[]): Plan {
  const result = compile(chain(types, { 'action.tag': { add: ['x'] } }), catalogue);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

/** Drives a plan to its exit the way a driver would, answering each command; returns them all. */
function drive(plan: Plan, startMs = 0): Command[] {
  const commands: Command[] = [];
  let cursor: Cursor = startCursor(plan);
  let input: StepInput = { type: 'enter' };
  let now = startMs;
  for (let guard = 0; guard < 1000; guard++) {
    const result = step(plan, cursor, input, { nowMs: now });
    cursor = result.cursor;
    commands.push(result.command);
    switch (result.command.type) {
      case 'goTo':
        input = { type: 'enter' };
        break;
      case 'sleep':
        now = result.command.untilMs;
        input = { type: 'timerFired' };
        break;
      case 'runAction':
        input = { type: 'actionCompleted' };
        break;
      case 'exit':
        return commands;
    }
  }
  throw new Error('did not exit');
}

describe('step', () => {
  it('walks trigger → wait → action → exit as commands, running nothing itself', () => {
    const plan = planOf(['trigger.event', 'wait.delay', 'action.tag', 'exit']);
    expect(drive(plan, 1_000)).toEqual([
      { type: 'goTo', nodeId: 'n1', from: 'n0', port: 'next' },
      { type: 'sleep', nodeId: 'n1', untilMs: 1_000 + 3 * day },
      { type: 'goTo', nodeId: 'n2', from: 'n1', port: 'next' },
      { type: 'runAction', nodeId: 'n2', nodeType: 'action.tag', config: { add: ['x'] } },
      { type: 'goTo', nodeId: 'n3', from: 'n2', port: 'next' },
      { type: 'exit', nodeId: 'n3', reason: 'completed' },
    ]);
  });

  it('computes the wake-up time from the clock it is given', () => {
    const plan = planOf(['trigger.event', 'wait.delay', 'exit']);
    const atWait = { nodeId: 'n1' };
    expect(step(plan, atWait, { type: 'enter' }, { nowMs: 5 }).command).toEqual({ type: 'sleep', nodeId: 'n1', untilMs: 5 + 3 * day });
  });

  it('follows the port an action reports', () => {
    const plan = planOf(['trigger.event', 'action.tag', 'exit']);
    expect(step(plan, { nodeId: 'n1', awaiting: 'action' }, { type: 'actionCompleted', port: 'next' }, { nowMs: 0 }).cursor).toEqual({ nodeId: 'n2' });
    expect(() => step(plan, { nodeId: 'n1', awaiting: 'action' }, { type: 'actionCompleted', port: 'nope' }, { nowMs: 0 })).toThrow(JourneyStateError);
  });

  it('rejects inputs that do not fit the cursor, and unknown nodes', () => {
    const plan = planOf(['trigger.event', 'wait.delay', 'exit']);
    expect(() => step(plan, { nodeId: 'n1', awaiting: 'timer' }, { type: 'enter' }, { nowMs: 0 })).toThrow(/awaiting timer, got enter/);
    expect(() => step(plan, { nodeId: 'n1' }, { type: 'timerFired' }, { nowMs: 0 })).toThrow(/not entered/);
    expect(() => step(plan, { nodeId: 'ghost' }, { type: 'enter' }, { nowMs: 0 })).toThrow(/no node "ghost"/);
  });

  it('is pure: the same inputs give the same result and the plan is untouched', () => {
    const plan = planOf(['trigger.event', 'wait.delay', 'action.tag', 'exit']);
    const frozen = JSON.stringify(plan);
    expect(drive(plan)).toEqual(drive(plan));
    expect(JSON.stringify(plan)).toBe(frozen);
  });

  it('reaches the exit of any linear journey, sleeping the sum of its delays', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('wait.delay', 'action.tag'), { maxLength: 25 }), (middle) => {
        const commands = drive(planOf(['trigger.event', ...middle, 'exit']));
        const sleeps = commands.filter((command) => command.type === 'sleep');
        const actions = commands.filter((command) => command.type === 'runAction');
        expect(sleeps).toHaveLength(middle.filter((type) => type === 'wait.delay').length);
        expect(actions).toHaveLength(middle.filter((type) => type === 'action.tag').length);
        const last = sleeps.at(-1);
        expect(last?.type === 'sleep' ? last.untilMs : 0).toBe(sleeps.length * 3 * day);
        expect(commands.at(-1)).toMatchObject({ type: 'exit' });
      }),
    );
  });
});

describe('step: wait.until', () => {
  const untilCatalogue = createCatalogue([...controlNodes]);
  const plan = (() => {
    const result = compile(chain(['trigger.event', 'wait.until', 'exit'], { 'wait.until': { mode: 'timeOfDay', time: '20:00' } }), untilCatalogue);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.plan;
  })();
  const enteredAt = Date.parse('2026-10-31T23:00:00Z'); // the day before the US leaves DST

  it('wakes each contact at 20:00 in their own zone, across the DST change', () => {
    const wake = (timezone?: string) => {
      const result = step(plan, { nodeId: 'n1' }, { type: 'enter' }, { nowMs: enteredAt, contact: { traits: {}, tags: [], timezone } });
      return result.command.type === 'sleep' ? new Date(result.command.untilMs).toISOString() : result.command.type;
    };
    expect(wake('Asia/Shanghai')).toBe('2026-11-01T12:00:00.000Z'); // 20:00 CST on 1 Nov
    expect(wake('America/New_York')).toBe('2026-11-01T00:00:00.000Z'); // 20:00 EDT on 31 Oct
    expect(wake(undefined)).toBe('2026-11-01T20:00:00.000Z'); // no zone: UTC
  });

  it('moves on at once past an absolute date', () => {
    const result = compile(chain(['trigger.event', 'wait.until', 'exit'], { 'wait.until': { mode: 'date', at: '2026-01-01T00:00:00Z' } }), untilCatalogue);
    if (!result.ok) throw new Error('fixture');
    expect(step(result.plan, { nodeId: 'n1' }, { type: 'enter' }, { nowMs: enteredAt }).command).toEqual({ type: 'sleep', nodeId: 'n1', untilMs: enteredAt });
  });
});

describe('planReadsContact', () => {
  it('answers from the plan, and judges plans compiled before it was recorded as they were then', () => {
    const journeys = [
      chain(['trigger.event', 'wait.delay', 'action.tag', 'exit'], { 'action.tag': { add: ['x'] } }),
      chain(['trigger.event', 'wait.until', 'exit'], { 'wait.until': { mode: 'timeOfDay', time: '20:00' } }),
      { ...chain(['trigger.event', 'exit']), settings: { exitCriteria: { when: { kind: 'tags', op: 'has', tags: ['vip'] } } } },
    ];
    for (const journey of journeys) {
      const result = compile(journey, catalogue);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      const { readsContact, ...legacy } = result.plan;
      expect(planReadsContact(result.plan)).toBe(readsContact);
      expect(planReadsContact(legacy)).toBe(readsContact);
    }
    // Every control node that reads the contact is known to the legacy judgement too.
    for (const spec of controlNodes.filter((node) => node.readsContact)) {
      const { readsContact: _recorded, ...legacy } = planOf(['trigger.event', 'wait.delay', 'exit']);
      expect(planReadsContact({ ...legacy, nodes: { n: { id: 'n', type: spec.type, category: spec.category, config: {}, next: {} } } })).toBe(true);
    }
  });
});

describe('planSegment', () => {
  const arbitraryPlan = fc
    .array(fc.constantFrom('wait.delay', 'action.tag'), { minLength: 1, maxLength: 40 })
    .map((middle) => planOf(['trigger.event', ...middle, 'exit']));

  it('holds the start and everything reachable from it up to the next waits, and nothing beyond', () => {
    fc.assert(
      fc.property(arbitraryPlan, fc.nat(), (plan, pick) => {
        const ids = Object.keys(plan.nodes);
        const from = ids[pick % ids.length]!;
        const segment = planSegment(plan, from);
        expect(segment[from]).toBe(plan.nodes[from]);
        for (const node of Object.values(segment)) {
          const stops = node.category === 'wait' && node.id !== from;
          for (const next of Object.values(node.next)) if (!stops) expect(segment).toHaveProperty([next]);
        }
        // Every other node is there because a node before it, which does not stop, leads to it.
        const leadsOn = Object.values(segment).filter((node) => !(node.category === 'wait' && node.id !== from));
        for (const id of Object.keys(segment)) if (id !== from) expect(leadsOn.some((node) => Object.values(node.next).includes(id))).toBe(true);
      }),
    );
  });

  it('drives a journey to the same commands when its plan is loaded segment by segment', () => {
    fc.assert(
      fc.property(arbitraryPlan, (plan) => {
        const partial: Plan = { ...plan, nodes: planSegment(plan, plan.triggerNodeId) };
        const lazy = new Proxy(partial, {
          get(target, key) {
            if (key !== 'nodes') return target[key as keyof Plan];
            return new Proxy(target.nodes, {
              get(nodes, id: string) {
                if (!(id in nodes)) Object.assign(nodes, planSegment(plan, id));
                return nodes[id];
              },
            });
          },
        });
        expect(drive(lazy)).toEqual(drive(plan));
        expect(Object.keys(planSegment(plan, plan.triggerNodeId)).length).toBeLessThanOrEqual(Object.keys(plan.nodes).length);
      }),
    );
  });

  it('stops at the limit, nearest nodes first', () => {
    const plan = planOf(['trigger.event', ...Array.from({ length: 30 }, () => 'action.tag'), 'exit']);
    expect(Object.keys(planSegment(plan, 'n0', 5))).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
  });
});
