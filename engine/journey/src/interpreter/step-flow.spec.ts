import { z } from 'zod';
import { createCatalogue } from '../catalogue';
import { compile } from '../compiler/compile';
import { JourneyDefinitionInput } from '../definition';
import { defineNode } from '../node-definition';
import { controlNodes } from '../nodes';
import { Plan } from '../plan';
import { ContactSnapshot } from '../rules/evaluate';
import { JourneySettingsInput } from '../settings';
import { sendWindow } from '../time/send-window';
import { startCursor, step, StepContext } from './step';

const send = defineNode({
  type: 'action.send',
  category: 'action',
  title: 'Send',
  description: '',
  icon: 'message',
  config: z.strictObject({ sendWindow: sendWindow.optional() }),
  ports: ['next'],
});
const catalogue = createCatalogue([...controlNodes, send]);
const hour = 3_600_000;
const day = 24 * hour;
const contact = (overrides: Partial<ContactSnapshot> = {}): ContactSnapshot => ({ traits: {}, tags: [], ...overrides });

/** trigger → `middle` → exit, where `middle` may branch: every port of it leads to its own exit. */
function planAround(middle: { type: string; config: Record<string, unknown> }, ports: string[], settings: JourneySettingsInput = {}): Plan {
  const definition: JourneyDefinitionInput = {
    name: 'flow',
    settings,
    nodes: [
      { id: 'start', type: 'trigger.event', config: { event: 'signed_up' } },
      { id: 'mid', ...middle },
      ...ports.map((port) => ({ id: `end-${port}`, type: 'exit', config: {} })),
    ],
    edges: [{ from: 'start', port: 'next', to: 'mid' }, ...ports.map((port) => ({ from: 'mid', port, to: `end-${port}` }))],
  };
  const result = compile(definition, catalogue);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

/** Enters the middle node of `planAround` and returns its first result. */
function enterMiddle(plan: Plan, context: StepContext) {
  const first = step(plan, startCursor(plan), { type: 'enter' }, context);
  return step(plan, first.cursor, { type: 'enter' }, context);
}

describe('step: branches', () => {
  const vip = { kind: 'tags', op: 'has', tags: ['vip'] } as const;
  const shanghai = { kind: 'field', path: 'traits.city', op: 'eq', value: 'Shanghai' } as const;
  const condition = planAround({ type: 'branch.condition', config: { branches: [{ id: 'vip', when: vip }, { id: 'local', when: shanghai }] } }, ['vip', 'local', 'else']);

  it('takes the first branch whose rule holds, else "else"', () => {
    expect(enterMiddle(condition, { nowMs: 0, contact: contact({ tags: ['vip'], traits: { city: 'Shanghai' } }) }).command).toMatchObject({ type: 'goTo', port: 'vip' });
    expect(enterMiddle(condition, { nowMs: 0, contact: contact({ traits: { city: 'Shanghai' } }) }).command).toMatchObject({ port: 'local' });
    expect(enterMiddle(condition, { nowMs: 0, contact: contact() }).command).toMatchObject({ port: 'else' });
  });

  it('refuses to guess when the driver passes no contact', () => {
    expect(() => enterMiddle(condition, { nowMs: 0 })).toThrow(/needs the contact/);
  });

  it('reads the built-in lifecycle stage', () => {
    const plan = planAround({ type: 'branch.condition', config: { branches: [{ id: 'mature', when: { kind: 'field', path: 'lifecycleStage', op: 'eq', value: 'mature' } }] } }, ['mature', 'else']);
    expect(enterMiddle(plan, { nowMs: 0, contact: contact({ lifecycleStage: 'mature' }) }).command).toMatchObject({ port: 'mature' });
  });

  const split = (settings: JourneySettingsInput = {}) =>
    planAround(
      { type: 'branch.split', config: { experimentId: 'offer', arms: [{ id: 'a', weight: 45 }, { id: 'b', weight: 45 }, { id: 'control', weight: 10, holdout: true }] } },
      ['a', 'b'],
      settings,
    );

  it('splits by a sticky hash of contact and experiment, and reports the arm', () => {
    const plan = split();
    const arms = Array.from({ length: 200 }, (_, index) => enterMiddle(plan, { nowMs: 0, contactId: `c${index}` }).arm?.arm);
    expect(new Set(arms)).toEqual(new Set(['a', 'b', 'control']));
    expect(Array.from({ length: 200 }, (_, index) => enterMiddle(plan, { nowMs: 5 * day, contactId: `c${index}` }).arm?.arm)).toEqual(arms);
  });

  it('exits a holdout contact at once without a goal window, and holds it through the window with one', () => {
    const holdoutId = Array.from({ length: 200 }, (_, index) => `c${index}`).find((id) => enterMiddle(split(), { nowMs: 0, contactId: id }).arm?.holdout)!;
    expect(enterMiddle(split(), { nowMs: 0, contactId: holdoutId }).command).toEqual({ type: 'exit', nodeId: 'mid', reason: 'holdout' });
    const measured = split({ goal: { event: 'order_paid', within: { amount: 7, unit: 'days' } } });
    const held = enterMiddle(measured, { nowMs: day, contactId: holdoutId, enrolledAtMs: day });
    expect(held.command).toEqual({ type: 'sleep', nodeId: 'mid', untilMs: 8 * day });
    const converted = step(measured, held.cursor, { type: 'eventReceived', event: { name: 'order_paid', at: 2 * day, properties: {} } }, { nowMs: 2 * day, contactId: holdoutId, enrolledAtMs: day });
    expect(converted.goal).toBe(true);
    expect(converted.command).toEqual({ type: 'sleep', nodeId: 'mid', untilMs: 8 * day });
    expect(step(measured, converted.cursor, { type: 'timerFired' }, { nowMs: 8 * day, enrolledAtMs: day }).command).toEqual({ type: 'exit', nodeId: 'mid', reason: 'holdout' });
  });
});

describe('step: wait.condition', () => {
  const plan = planAround(
    { type: 'wait.condition', config: { when: { kind: 'tags', op: 'has', tags: ['profile_done'] }, timeout: { amount: 2, unit: 'days' }, recheckEvery: { amount: 6, unit: 'hours' } } },
    ['met', 'timedOut'],
  );

  it('moves on at once when the rule already holds', () => {
    expect(enterMiddle(plan, { nowMs: 0, contact: contact({ tags: ['profile_done'] }) }).command).toMatchObject({ port: 'met' });
  });

  it('re-checks on a timer and on events until the rule holds or the timeout passes', () => {
    const waiting = enterMiddle(plan, { nowMs: 0, contact: contact() });
    expect(waiting.command).toEqual({ type: 'sleep', nodeId: 'mid', untilMs: 6 * hour });
    const recheck = step(plan, waiting.cursor, { type: 'timerFired' }, { nowMs: 6 * hour, contact: contact() });
    expect(recheck.command).toEqual({ type: 'sleep', nodeId: 'mid', untilMs: 12 * hour });
    const event = { name: 'profile_updated', at: 7 * hour, properties: {} };
    expect(step(plan, recheck.cursor, { type: 'eventReceived', event }, { nowMs: 7 * hour, contact: contact({ tags: ['profile_done'] }) }).command).toMatchObject({ port: 'met' });
    let cursor = recheck.cursor;
    for (let now = 12 * hour; now < 2 * day; now += 6 * hour) cursor = step(plan, cursor, { type: 'timerFired' }, { nowMs: now, contact: contact() }).cursor;
    expect(step(plan, cursor, { type: 'timerFired' }, { nowMs: 2 * day, contact: contact() }).command).toMatchObject({ port: 'timedOut' });
  });
});

describe('step: goal and exit criteria', () => {
  const delay = { type: 'wait.delay', config: { amount: 3, unit: 'days' } };
  const paid = (at: number, amount = 100) => ({ type: 'eventReceived' as const, event: { name: 'order_paid', at, properties: { amount } } });

  it('counts the goal wherever the contact is and keeps waiting, or exits when the goal says so', () => {
    const counting = planAround(delay, ['next'], { goal: { event: 'order_paid' } });
    const waiting = enterMiddle(counting, { nowMs: 0 });
    expect(step(counting, waiting.cursor, paid(day), { nowMs: day })).toEqual({ cursor: waiting.cursor, command: waiting.command, goal: true });
    const exiting = planAround(delay, ['next'], { goal: { event: 'order_paid', where: { kind: 'field', path: 'properties.amount', op: 'gte', value: 50 }, exitOnGoal: true } });
    const held = enterMiddle(exiting, { nowMs: 0 });
    expect(step(exiting, held.cursor, paid(day, 10), { nowMs: day }).goal).toBeUndefined();
    expect(step(exiting, held.cursor, paid(day), { nowMs: day }).command).toEqual({ type: 'exit', nodeId: 'mid', reason: 'goal' });
  });

  it('ignores conversions after the goal window', () => {
    const plan = planAround(delay, ['next'], { goal: { event: 'order_paid', within: { amount: 1, unit: 'days' } } });
    const waiting = enterMiddle(plan, { nowMs: 0, enrolledAtMs: 0 });
    expect(step(plan, waiting.cursor, paid(2 * day), { nowMs: 2 * day, enrolledAtMs: 0 }).goal).toBeUndefined();
  });

  it('exits on an exit-criteria event, and on the contact rule at the next node', () => {
    const plan = planAround(delay, ['next'], { exitCriteria: { events: [{ event: 'unsubscribed' }], when: { kind: 'tags', op: 'has', tags: ['blocked'] } } });
    const waiting = enterMiddle(plan, { nowMs: 0, contact: contact() });
    const unsubscribed = { type: 'eventReceived' as const, event: { name: 'unsubscribed', at: day, properties: {} } };
    expect(step(plan, waiting.cursor, unsubscribed, { nowMs: day, contact: contact() }).command).toEqual({ type: 'exit', nodeId: 'mid', reason: 'exitCriteria' });
    expect(enterMiddle(plan, { nowMs: 0, contact: contact({ tags: ['blocked'] }) }).command).toEqual({ type: 'exit', nodeId: 'mid', reason: 'exitCriteria' });
  });
});

describe('step: actions', () => {
  it('defers an action with a send window until it opens in the contact’s zone, then runs it', () => {
    const plan = planAround({ type: 'action.send', config: { sendWindow: { start: '10:00', end: '20:00' } } }, ['next']);
    const night = Date.parse('2026-11-23T14:00:00Z'); // 22:00 in Shanghai
    const deferred = enterMiddle(plan, { nowMs: night, contact: contact({ timezone: 'Asia/Shanghai' }) });
    expect(deferred.command).toEqual({ type: 'sleep', nodeId: 'mid', untilMs: Date.parse('2026-11-24T02:00:00Z') });
    expect(step(plan, deferred.cursor, { type: 'timerFired' }, { nowMs: Date.parse('2026-11-24T02:00:00Z') }).command).toMatchObject({ type: 'runAction', nodeId: 'mid' });
    expect(enterMiddle(plan, { nowMs: night, contact: contact({ timezone: 'Europe/Berlin' }) }).command).toMatchObject({ type: 'runAction' });
  });

  it('uses the journey’s default time zone for contacts without one', () => {
    const plan = planAround({ type: 'action.send', config: { sendWindow: { start: '10:00', end: '20:00' } } }, ['next'], { timezone: 'Asia/Shanghai' });
    expect(enterMiddle(plan, { nowMs: Date.parse('2026-11-23T14:00:00Z'), contact: contact() }).command.type).toBe('sleep');
  });

  it('holds the contact after an action that asks to wait for an event, then takes its ports', () => {
    const plan = planAround({ type: 'action.send', config: {} }, ['next']);
    const running = enterMiddle(plan, { nowMs: 0 });
    const waitFor = { event: 'task_resolved', where: { kind: 'field' as const, path: 'properties.taskId', op: 'eq' as const, value: 't1' }, timeout: { amount: 1, unit: 'days' as const }, port: 'next', timeoutPort: 'next' };
    const waiting = step(plan, running.cursor, { type: 'actionCompleted', waitFor }, { nowMs: 0 });
    expect(waiting.command).toEqual({ type: 'waitForEvent', nodeId: 'mid', event: 'task_resolved', where: waitFor.where, untilMs: day });
    const other = { type: 'eventReceived' as const, event: { name: 'task_resolved', at: hour, properties: { taskId: 't2' } } };
    expect(step(plan, waiting.cursor, other, { nowMs: hour }).command.type).toBe('waitForEvent');
    const resolved = { type: 'eventReceived' as const, event: { name: 'task_resolved', at: hour, properties: { taskId: 't1' } } };
    expect(step(plan, waiting.cursor, resolved, { nowMs: hour }).command).toMatchObject({ type: 'goTo', port: 'next' });
  });

  it('holds a deferred action on a timer and runs the same visit again when it ends, through events that do not end the journey', () => {
    const plan = planAround({ type: 'action.send', config: {} }, ['next'], { exitCriteria: { events: [{ event: 'unsubscribed' }] } });
    const running = enterMiddle(plan, { nowMs: 0 });
    const held = step(plan, running.cursor, { type: 'actionCompleted', defer: { untilMs: 11 * hour, reason: 'quiet_hours' } }, { nowMs: 0 });
    expect(held.command).toEqual({ type: 'sleep', nodeId: 'mid', untilMs: 11 * hour });
    expect(held.cursor).toMatchObject({ nodeId: 'mid', awaiting: 'deferred', heldFor: 'quiet_hours' });
    const other = { type: 'eventReceived' as const, event: { name: 'opened', at: hour, properties: {} } };
    const still = step(plan, held.cursor, other, { nowMs: hour });
    expect(still.cursor).toEqual(held.cursor);
    expect(step(plan, still.cursor, { type: 'timerFired' }, { nowMs: 11 * hour }).command).toMatchObject({ type: 'runAction', nodeId: 'mid' });
    const unsubscribed = { type: 'eventReceived' as const, event: { name: 'unsubscribed', at: hour, properties: {} } };
    expect(step(plan, held.cursor, unsubscribed, { nowMs: hour }).command).toEqual({ type: 'exit', nodeId: 'mid', reason: 'exitCriteria' });
  });

  it('runs a deferral whose time has passed (a slow activity) at once', () => {
    const plan = planAround({ type: 'action.send', config: {} }, ['next']);
    const held = step(plan, enterMiddle(plan, { nowMs: 0 }).cursor, { type: 'actionCompleted', defer: { untilMs: hour, reason: 'cap:daily' } }, { nowMs: 2 * hour });
    expect(held.command).toEqual({ type: 'sleep', nodeId: 'mid', untilMs: 2 * hour });
  });
});
