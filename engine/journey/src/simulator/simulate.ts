import { Command, Cursor, startCursor, step, StepInput } from '../interpreter/step';
import { Plan } from '../plan';
import { ContactSnapshot, EventSnapshot } from '../rules/evaluate';
import { applyTagChange, TagChange } from '../tags';
import { SimulationScript } from './script';
import { WakeQueue } from './wake-queue';

/** One thing that happened to a contact, on the virtual clock. */
export type TimelineEntry =
  | { at: string; type: 'enrolled'; event: string }
  | { at: string; type: 'entered'; nodeId: string }
  | { at: string; type: 'waiting'; nodeId: string; until: string; for?: string }
  | { at: string; type: 'received'; nodeId: string; event: string }
  | { at: string; type: 'action'; nodeId: string; nodeType: string; output?: Record<string, unknown> }
  | { at: string; type: 'tagsChanged'; nodeId: string; added: string[]; removed: string[] }
  | { at: string; type: 'traitsChanged'; nodeId: string; changes: Record<string, unknown> }
  | { at: string; type: 'exited'; nodeId: string; reason: string }
  | { at: string; type: 'stillWaiting'; nodeId: string };

/** What an action did to the simulated contact. Built by engine/nodes from the real nodes. */
export interface SimulatedActionOutcome {
  port?: string;
  output?: Record<string, unknown>;
  tags?: TagChange;
  traits?: Record<string, unknown>;
}

export type SimulateAction = (command: Extract<Command, { type: 'runAction' }>, contact: ContactSnapshot) => Promise<SimulatedActionOutcome>;

export interface SimulationResult {
  contacts: Record<string, TimelineEntry[]>;
  stats: { steps: number; enrolments: number };
}

export class SimulationError extends Error {
  override readonly name = 'SimulationError';
}

interface Enrolment {
  contactId: string;
  cursor: Cursor;
  input: StepInput;
  steps: number;
  /** Bumped whenever the enrolment wakes, so its older queue entries are known to be stale. */
  sleep: number;
  /** The deadline of the wait being logged, so re-issued waits are not logged twice. */
  waitingSince?: number;
}

const stepLimit = 10_000;

/**
 * Runs the plan over the script with a virtual clock, through the same `step()` the Temporal
 * workflow drives. Deterministic: the same plan and script give the same result, to the byte.
 * Actions run through `runAction` (engine/nodes runs the real nodes against the simulated contact),
 * one at a time, so their effects apply in virtual-time order.
 */
export async function simulate(plan: Plan, script: SimulationScript, runAction: SimulateAction): Promise<SimulationResult> {
  const start = Date.parse(script.start);
  const end = script.until ? Date.parse(script.until) : start + 400 * 86_400_000;
  const history = new Map<string, EventSnapshot[]>(script.contacts.map((contact) => [contact.id, []]));
  const contacts = new Map<string, ContactSnapshot>(
    script.contacts.map((contact) => [
      contact.id,
      {
        traits: { ...contact.traits },
        tags: [...contact.tags],
        timezone: contact.timezone,
        lifecycleStage: contact.lifecycleStage,
        events: history.get(contact.id),
      },
    ]),
  );
  const timelines: Record<string, TimelineEntry[]> = Object.fromEntries(script.contacts.map((contact) => [contact.id, []]));
  const events = script.events
    .map((event, index) => ({ ...event, atMs: Date.parse(event.at), index }))
    .sort((a, b) => a.atMs - b.atMs || a.index - b.index);
  const enrolled = new Set<string>();
  const sleeping = new WakeQueue<{ enrolment: Enrolment; sleep: number }>();
  // A contact has at most one enrolment, so its event wait is found by contact id.
  const waitingForEvent = new Map<string, Enrolment>();
  let steps = 0;
  const iso = (ms: number) => new Date(ms).toISOString();

  const advance = async (enrolment: Enrolment, nowMs: number) => {
    const contact = contacts.get(enrolment.contactId)!;
    const timeline = timelines[enrolment.contactId]!;
    for (;;) {
      if (++enrolment.steps > stepLimit) throw new SimulationError(`contact "${enrolment.contactId}" took over ${stepLimit} steps`);
      steps++;
      const { cursor, command } = step(plan, enrolment.cursor, enrolment.input, { nowMs, contact });
      enrolment.cursor = cursor;
      switch (command.type) {
        case 'goTo':
          // The input just consumed was the awaited event: log that it arrived.
          if (enrolment.input.type === 'eventReceived') {
            timeline.push({ at: iso(nowMs), type: 'received', nodeId: command.from, event: enrolment.input.event.name });
          }
          timeline.push({ at: iso(nowMs), type: 'entered', nodeId: command.nodeId });
          enrolment.waitingSince = undefined;
          enrolment.input = { type: 'enter' };
          break;
        case 'sleep':
        case 'waitForEvent':
          if (enrolment.waitingSince !== command.untilMs) {
            timeline.push({
              at: iso(nowMs),
              type: 'waiting',
              nodeId: command.nodeId,
              until: iso(command.untilMs),
              ...(command.type === 'waitForEvent' ? { for: command.event } : {}),
            });
          }
          enrolment.waitingSince = command.untilMs;
          enrolment.input = { type: 'timerFired' };
          sleeping.push(command.untilMs, { enrolment, sleep: enrolment.sleep });
          if (command.type === 'waitForEvent') waitingForEvent.set(enrolment.contactId, enrolment);
          return;
        case 'runAction': {
          const outcome = await runAction(command, contact);
          timeline.push({ at: iso(nowMs), type: 'action', nodeId: command.nodeId, nodeType: command.nodeType, ...(outcome.output ? { output: outcome.output } : {}) });
          if (outcome.tags && (outcome.tags.add.length || outcome.tags.remove.length)) {
            const before = contact.tags;
            const after = applyTagChange(before, outcome.tags);
            contact.tags = after;
            timeline.push({
              at: iso(nowMs),
              type: 'tagsChanged',
              nodeId: command.nodeId,
              added: after.filter((tag) => !before.includes(tag)),
              removed: before.filter((tag) => !after.includes(tag)),
            });
          }
          if (outcome.traits && Object.keys(outcome.traits).length) {
            contact.traits = { ...contact.traits, ...outcome.traits };
            timeline.push({ at: iso(nowMs), type: 'traitsChanged', nodeId: command.nodeId, changes: outcome.traits });
          }
          enrolment.input = { type: 'actionCompleted', port: outcome.port };
          break;
        }
        case 'exit':
          timeline.push({ at: iso(nowMs), type: 'exited', nodeId: command.nodeId, reason: command.reason });
          return;
      }
    }
  };

  const wake = async (enrolment: Enrolment, input: StepInput, nowMs: number) => {
    enrolment.sleep++;
    waitingForEvent.delete(enrolment.contactId);
    enrolment.input = input;
    await advance(enrolment, nowMs);
  };

  // Wake-ups and events interleave in time; at the same instant, wake-ups go first (a timer set
  // earlier fires before a new event), and each group keeps its own order.
  let next = 0;
  for (;;) {
    const queued = sleeping.peek();
    if (queued && queued.item.sleep !== queued.item.enrolment.sleep) {
      sleeping.pop(); // woken by an event since it went to sleep
      continue;
    }
    const nextWake = queued?.at ?? Infinity;
    const nextEvent = events[next]?.atMs ?? Infinity;
    const now = Math.min(nextWake, nextEvent);
    if (now > end || now === Infinity) break;
    if (queued && nextWake <= nextEvent) {
      sleeping.pop();
      await wake(queued.item.enrolment, queued.item.enrolment.input, now);
      continue;
    }
    const event = events[next++]!;
    const snapshot = { name: event.name, at: event.atMs, properties: event.properties };
    history.get(event.contactId)!.push(snapshot);
    const waiting = waitingForEvent.get(event.contactId);
    if (waiting && plan.listensTo.events.includes(event.name)) {
      await wake(waiting, { type: 'eventReceived', event: snapshot }, event.atMs);
    }
    if (plan.entryEvents.includes(event.name) && !enrolled.has(event.contactId)) {
      enrolled.add(event.contactId);
      const at = iso(event.atMs);
      timelines[event.contactId]!.push({ at, type: 'enrolled', event: event.name }, { at, type: 'entered', nodeId: plan.triggerNodeId });
      await advance({ contactId: event.contactId, cursor: startCursor(plan), input: { type: 'enter' }, steps: 0, sleep: 0 }, event.atMs);
    }
  }
  for (const { item } of sleeping.entries()) {
    if (item.sleep !== item.enrolment.sleep) continue;
    timelines[item.enrolment.contactId]!.push({ at: iso(end), type: 'stillWaiting', nodeId: item.enrolment.cursor.nodeId });
  }
  return { contacts: timelines, stats: { steps, enrolments: enrolled.size } };
}
