import { ActionDeferral, ActionWait, LifecycleStage, SentMessage } from '../actions/vocabulary';
import { durationMs } from '../duration-ms';
import { admit } from '../entry/admission';
import { entryFrom, matchTrigger } from '../entry/match-trigger';
import { Command, Cursor, JourneyStateError, startCursor, step, StepInput } from '../interpreter/step';
import { TriggerApiConfig } from '../nodes/trigger-api.node';
import { TriggerScheduleConfig } from '../nodes/trigger-schedule.node';
import { TriggerSegmentConfig } from '../nodes/trigger-segment.node';
import { Plan, PlanNode } from '../plan';
import { ContactSnapshot, evaluateRule, EventSnapshot } from '../rules/evaluate';
import { Rule } from '../rules/rule';
import { applyTagChange, TagChange } from '../tags';
import { fireTimesBetween, firingClock, firingWaves } from '../time/schedule';
import { SimulationScript } from './script';
import { EntryCause, TimelineEntry } from './timeline';
import { WakeQueue } from './wake-queue';

export type { EntryCause, TimelineEntry } from './timeline';

/** What an action did to the simulated contact. Built by engine/nodes from the real nodes. */
export interface SimulatedActionOutcome {
  port?: string;
  output?: Record<string, unknown>;
  tags?: TagChange;
  /** Traits after the action, for the ones it changed (`null` = removed). */
  traits?: Record<string, unknown>;
  lifecycleStage?: LifecycleStage;
  sends?: SentMessage[];
  waitFor?: ActionWait;
  defer?: ActionDeferral;
}

/** Which contact and which visit of the node an action runs for: its idempotency key is built from them. */
export interface SimulatedVisit {
  contactId: string;
  visit: number;
  /** The virtual clock when the action runs. */
  nowMs: number;
}

export type SimulateAction = (
  command: Extract<Command, { type: 'runAction' }>,
  contact: ContactSnapshot,
  visit: SimulatedVisit,
) => Promise<SimulatedActionOutcome>;

export interface SimulationRun {
  contacts: Record<string, TimelineEntry[]>;
  stats: { steps: number; enrolments: number };
}

/** Why a simulation could not finish: the script does not fit the plan, or a node failed. */
export interface SimulationIssue {
  code: 'unknown_segment' | 'runaway' | 'action_failed' | 'invalid_plan';
  message: string;
  contactId?: string;
  nodeId?: string;
}

/** A value, never an exception, for anything wrong with the plan, the script or a node. */
export type SimulationResult = ({ ok: true } & SimulationRun) | { ok: false; errors: SimulationIssue[] };

export class SimulationError extends Error {
  override readonly name = 'SimulationError';

  constructor(
    message: string,
    readonly issue: Omit<SimulationIssue, 'message'> = { code: 'action_failed' },
  ) {
    super(message);
  }
}

interface ContactState {
  id: string;
  snapshot: ContactSnapshot & { events: EventSnapshot[] };
  timeline: TimelineEntry[];
  running?: Enrolment;
  lastEnrolledAtMs?: number;
  inSegment: boolean;
}

interface Enrolment {
  contact: ContactState;
  enrolledAtMs: number;
  cursor: Cursor;
  input: StepInput;
  /** Steps since the enrolment last waited: compile() rules out loops without a wait, this catches the rest. */
  steps: number;
  visits: Map<string, number>;
  converted: boolean;
  /** Bumped whenever the enrolment wakes, so its older queue entries are known to be stale. */
  sleep: number;
}

const stepLimit = 10_000;
let lastMs = NaN;
let lastIso = '';
/** Timestamps repeat for every entry of one step, so the last one formatted is kept. */
const iso = (ms: number) => {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
};

function waitingFor(cursor: Cursor): string | undefined {
  switch (cursor.awaiting) {
    case 'event':
      return cursor.wait?.event;
    case 'window':
      return 'sendWindow';
    case 'deferred':
      return cursor.heldFor ?? cursor.awaiting;
    case 'condition':
    case 'holdout':
      return cursor.awaiting;
    default:
      return undefined;
  }
}

/**
 * Runs the plan over the script with a virtual clock, through the same `step()` and entry rules
 * (`admit`, `matchTrigger`) the runtime uses. Deterministic: the same plan and script give the
 * same result, to the byte. Actions run through `runAction` (engine/nodes runs the real nodes
 * against the simulated contact), one at a time, so their effects apply in virtual-time order.
 */
export async function simulate(plan: Plan, script: SimulationScript, runAction: SimulateAction): Promise<SimulationResult> {
  try {
    return { ok: true, ...(await run(plan, script, runAction)) };
  } catch (error) {
    if (error instanceof SimulationError) return { ok: false, errors: [{ ...error.issue, message: error.message }] };
    // A plan that did not come from compile() can leave the interpreter nowhere to go.
    if (error instanceof JourneyStateError) return { ok: false, errors: [{ code: 'invalid_plan', message: error.message }] };
    throw error;
  }
}

async function run(plan: Plan, script: SimulationScript, runAction: SimulateAction): Promise<SimulationRun> {
  const start = Date.parse(script.start);
  const end = script.until ? Date.parse(script.until) : start + 400 * 86_400_000;
  const trigger = plan.nodes[plan.triggerNodeId]!;
  const segment = segmentRule(trigger, script);
  const contacts = new Map<string, ContactState>(
    script.contacts.map((contact) => {
      const snapshot = { traits: { ...contact.traits }, tags: [...contact.tags], timezone: contact.timezone, lifecycleStage: contact.lifecycleStage, events: [] };
      return [contact.id, { id: contact.id, snapshot, timeline: [], inSegment: segment ? evaluateRule(segment.rule, snapshot, start) : false }];
    }),
  );
  const byTime = <T extends { at: string }>(items: readonly T[]) =>
    items.map((item, index) => ({ item, atMs: Date.parse(item.at), index })).sort((a, b) => a.atMs - b.atMs || a.index - b.index);
  const events = byTime(script.events);
  const apiCalls = trigger.type === 'trigger.api' ? byTime(script.enrolments) : [];
  const { fires, audience } = scheduledEntry(trigger, script, start, end, [...contacts.values()].map((contact) => contact.snapshot.timezone));
  const sleeping = new WakeQueue<{ enrolment: Enrolment; sleep: number }>();
  let steps = 0;
  let enrolments = 0;
  let active = 0;

  /**
   * Runs the enrolment until it waits or exits. Synchronous until an action runs: only then is
   * there a promise to await (the rest of the walk continues after it), which keeps the
   * simulator's many action-free steps off the microtask queue.
   */
  const advance = (enrolment: Enrolment, nowMs: number): Promise<void> | undefined => {
    const { contact } = enrolment;
    const { timeline, snapshot } = contact;
    const context = { nowMs, contactId: contact.id, contact: snapshot, enrolledAtMs: enrolment.enrolledAtMs };
    for (;;) {
      if (++enrolment.steps > stepLimit) {
        throw new SimulationError(`contact "${contact.id}" took over ${stepLimit} steps without waiting`, { code: 'runaway', contactId: contact.id, nodeId: enrolment.cursor.nodeId });
      }
      steps++;
      const input = enrolment.input;
      const at = enrolment.cursor.nodeId;
      const result = step(plan, enrolment.cursor, input, context);
      const { cursor, command } = result;
      enrolment.cursor = cursor;
      if (result.goal && !enrolment.converted && input.type === 'eventReceived') {
        enrolment.converted = true;
        timeline.push({ at: iso(nowMs), type: 'goal', nodeId: at, event: input.event.name });
      }
      if (result.arm) timeline.push({ at: iso(nowMs), type: 'arm', nodeId: at, ...result.arm });
      switch (command.type) {
        case 'goTo':
          if (input.type === 'eventReceived') timeline.push({ at: iso(nowMs), type: 'received', nodeId: command.from, event: input.event.name });
          timeline.push({ at: iso(nowMs), type: 'entered', nodeId: command.nodeId, from: { nodeId: command.from, port: command.port } });
          enrolment.visits.set(command.nodeId, (enrolment.visits.get(command.nodeId) ?? 0) + 1);
          enrolment.input = { type: 'enter' };
          break;
        case 'sleep':
        case 'waitForEvent': {
          // Only a wait just begun is logged; re-checks and re-issued waits are not news.
          if (input.type === 'enter' || input.type === 'actionCompleted') {
            const reason = waitingFor(cursor);
            const entry: TimelineEntry = { at: iso(nowMs), type: 'waiting', nodeId: command.nodeId, until: iso(cursor.untilMs ?? command.untilMs) };
            if (reason) entry.for = reason;
            timeline.push(entry);
          }
          enrolment.input = { type: 'timerFired' };
          enrolment.steps = 0;
          sleeping.push(command.untilMs, { enrolment, sleep: enrolment.sleep });
          return undefined;
        }
        case 'runAction':
          return act(enrolment, command, nowMs);
        case 'exit':
          timeline.push({ at: iso(nowMs), type: 'exited', nodeId: command.nodeId, reason: command.reason });
          contact.running = undefined;
          active--;
          return undefined;
      }
    }
  };

  /** Runs one action through the real node, applies its effects, then walks on. */
  const act = async (enrolment: Enrolment, command: Extract<Command, { type: 'runAction' }>, nowMs: number): Promise<void> => {
    const { contact } = enrolment;
    const visit = enrolment.visits.get(command.nodeId) ?? 1;
    let outcome: SimulatedActionOutcome;
    try {
      outcome = await runAction(command, contact.snapshot, { contactId: contact.id, visit, nowMs });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SimulationError(`${command.nodeType} at node "${command.nodeId}" failed for contact "${contact.id}": ${reason}`, {
        code: 'action_failed',
        contactId: contact.id,
        nodeId: command.nodeId,
      });
    }
    // A deferred action has done nothing yet: the timeline shows the wait, then the action when it runs.
    if (!outcome.defer) {
      const entry: TimelineEntry = { at: iso(nowMs), type: 'action', nodeId: command.nodeId, nodeType: command.nodeType };
      if (outcome.output) entry.output = outcome.output;
      contact.timeline.push(entry);
    }
    applyOutcome(contact, command.nodeId, outcome, iso(nowMs));
    const completed: StepInput = { type: 'actionCompleted' };
    if (outcome.port) completed.port = outcome.port;
    if (outcome.waitFor) completed.waitFor = outcome.waitFor;
    if (outcome.defer) completed.defer = outcome.defer;
    enrolment.input = completed;
    const more = advance(enrolment, nowMs);
    if (more) await more;
  };

  const enrol = (contact: ContactState, nowMs: number, cause: EntryCause): Promise<void> | undefined => {
    const decision = admit(plan, { nowMs, contact: contact.snapshot, running: contact.running !== undefined, lastEnrolledAtMs: contact.lastEnrolledAtMs, activeCount: active });
    if (!decision.ok) {
      contact.timeline.push({ at: iso(nowMs), type: 'notEnrolled', reason: decision.reason, ...cause });
      return undefined;
    }
    const enrolment: Enrolment = { contact, enrolledAtMs: nowMs, cursor: startCursor(plan), input: { type: 'enter' }, steps: 0, visits: new Map([[plan.triggerNodeId, 1]]), converted: false, sleep: 0 };
    contact.running = enrolment;
    contact.lastEnrolledAtMs = nowMs;
    enrolments++;
    active++;
    contact.timeline.push({ at: iso(nowMs), type: 'enrolled', ...cause }, { at: iso(nowMs), type: 'entered', nodeId: plan.triggerNodeId });
    return advance(enrolment, nowMs);
  };

  /** Segment triggers enrol on the way in: a contact already inside at the start does not count. */
  const recheckSegment = (contact: ContactState, nowMs: number): Promise<void> | undefined => {
    if (!segment) return undefined;
    const inside = evaluateRule(segment.rule, contact.snapshot, nowMs);
    const entered = inside && !contact.inSegment;
    contact.inSegment = inside;
    return entered ? enrol(contact, nowMs, { trigger: trigger.type, segment: segment.key }) : undefined;
  };

  // Sources of happenings, merged by time. At the same instant wake-ups go first (a timer set
  // earlier fires before a new event), then events, API calls, schedule fires and segment
  // sweeps, each in order. A walk returns a promise only when an action ran; awaiting nothing
  // would still cost a microtask, so each call site awaits only what it gets.
  let pending: Promise<void> | undefined;
  let nextEvent = 0;
  let nextCall = 0;
  let nextFire = 0;
  const sweepMs = durationMs(script.segmentSweep);
  let nextSweep = segment ? start + sweepMs : Infinity;
  for (;;) {
    const queued = sleeping.peek();
    if (queued && queued.item.sleep !== queued.item.enrolment.sleep) {
      sleeping.pop(); // woken by an event since it went to sleep
      continue;
    }
    const wakeAt = queued?.at ?? Infinity;
    const eventAt = events[nextEvent]?.atMs ?? Infinity;
    const callAt = apiCalls[nextCall]?.atMs ?? Infinity;
    const fireAt = fires[nextFire]?.at ?? Infinity;
    const now = Math.min(wakeAt, eventAt, callAt, fireAt, nextSweep);
    if (now > end || now === Infinity) break;
    if (now === wakeAt) {
      const { enrolment } = sleeping.pop()!.item;
      enrolment.sleep++;
      if ((pending = advance(enrolment, now))) await pending;
    } else if (now === eventAt) {
      const { item } = events[nextEvent++]!;
      const contact = contacts.get(item.contactId)!;
      const event = { name: item.name, at: now, properties: item.properties };
      contact.snapshot.events.push(event);
      if (item.traits) contact.snapshot.traits = { ...contact.snapshot.traits, ...item.traits };
      const running = contact.running;
      if (running && (plan.listensTo.events.includes(event.name) || plan.listensTo.contactChanges)) {
        running.sleep++;
        running.input = { type: 'eventReceived', event };
        if ((pending = advance(running, now))) await pending;
      }
      const match = plan.entryEvents.includes(event.name) ? matchTrigger(trigger, event, now) : undefined;
      if (match && (pending = enrol(contact, now, { trigger: trigger.type, event: event.name, ...match }))) await pending;
      if ((pending = recheckSegment(contact, now))) await pending;
    } else if (now === callAt) {
      const { item } = apiCalls[nextCall++]!;
      const cause = { trigger: trigger.type, ...entryFrom(item.data, (trigger.config as TriggerApiConfig).sourceProperty) };
      if ((pending = enrol(contacts.get(item.contactId)!, now, cause))) await pending;
    } else if (now === fireAt) {
      const { zones } = fires[nextFire++]!;
      for (const contact of contacts.values()) {
        if (zones && !zones.names.includes(contact.snapshot.timezone ?? zones.unzonedAs)) continue;
        if (audience && !evaluateRule(audience.rule, contact.snapshot, now)) continue;
        if ((pending = enrol(contact, now, { trigger: trigger.type, ...(audience ? { segment: audience.key } : {}) }))) await pending;
      }
    } else {
      nextSweep += sweepMs;
      for (const contact of contacts.values()) if ((pending = recheckSegment(contact, now))) await pending;
    }
  }
  for (const { item } of sleeping.entries()) {
    if (item.sleep !== item.enrolment.sleep) continue;
    item.enrolment.contact.timeline.push({ at: iso(end), type: 'stillWaiting', nodeId: item.enrolment.cursor.nodeId });
  }
  const timelines: Record<string, TimelineEntry[]> = {};
  for (const contact of contacts.values()) timelines[contact.id] = contact.timeline;
  return { contacts: timelines, stats: { steps, enrolments } };
}

function definedSegment(key: string, script: SimulationScript): { key: string; rule: Rule } {
  const rule = script.segments[key];
  if (!rule) throw new SimulationError(`the journey enrols segment "${key}", but the script's "segments" does not define it`, { code: 'unknown_segment' });
  return { key, rule };
}

/** The segment whose entrants a `trigger.segment` journey enrols. */
function segmentRule(trigger: PlanNode, script: SimulationScript): { key: string; rule: Rule } | undefined {
  return trigger.type === 'trigger.segment' ? definedSegment((trigger.config as TriggerSegmentConfig).segment, script) : undefined;
}

/**
 * When a `trigger.schedule` journey reaches contacts, and the segment it enrols at each firing, if
 * it names one. A per-contact-time schedule reaches each zone at its own wall-clock time: one wave
 * per firing and zone instant, waves of all firings in time order.
 */
function scheduledEntry(
  trigger: PlanNode,
  script: SimulationScript,
  start: number,
  end: number,
  zones: readonly (string | undefined)[],
): { fires: { at: number; zones?: { names: string[]; unzonedAs: string } }[]; audience?: { key: string; rule: Rule } } {
  if (trigger.type !== 'trigger.schedule') return { fires: [] };
  const { schedule, segment } = trigger.config as TriggerScheduleConfig;
  const audience = segment === undefined ? {} : { audience: definedSegment(segment, script) };
  if (schedule.kind !== 'cron' || !schedule.inContactTimeZone) return { fires: fireTimesBetween(schedule, start - 1, end).map((at) => ({ at })), ...audience };
  const defaultZone = schedule.timezone;
  const contactZones = zones.map((zone) => zone ?? defaultZone);
  // Firings up to 26 hours before the start still reach zones behind it.
  const waves = fireTimesBetween(firingClock(schedule), start - 1 - 26 * 3_600_000, end).flatMap((firing) => firingWaves(schedule, firing, contactZones));
  const fires = waves
    .filter((wave) => wave.at >= start && wave.at <= end)
    .sort((a, b) => a.at - b.at)
    .map((wave) => ({ at: wave.at, zones: { names: wave.zones, unzonedAs: defaultZone } }));
  return { fires, ...audience };
}

/** Applies what an action did to the simulated contact, and logs each change. */
function applyOutcome(contact: ContactState, nodeId: string, outcome: SimulatedActionOutcome, at: string): void {
  const { snapshot, timeline } = contact;
  for (const sent of outcome.sends ?? []) timeline.push({ at, type: 'sent', nodeId, ...sent });
  if (outcome.tags && (outcome.tags.add.length || outcome.tags.remove.length)) {
    const before = snapshot.tags;
    const after = applyTagChange(before, outcome.tags);
    snapshot.tags = after;
    timeline.push({ at, type: 'tagsChanged', nodeId, added: after.filter((tag) => !before.includes(tag)), removed: before.filter((tag) => !after.includes(tag)) });
  }
  if (outcome.traits && Object.keys(outcome.traits).length) {
    const traits = { ...snapshot.traits };
    for (const [key, value] of Object.entries(outcome.traits)) {
      if (value === null) delete traits[key];
      else traits[key] = value;
    }
    snapshot.traits = traits;
    timeline.push({ at, type: 'traitsChanged', nodeId, changes: outcome.traits });
  }
  if (outcome.lifecycleStage && outcome.lifecycleStage !== snapshot.lifecycleStage) {
    const from = snapshot.lifecycleStage as LifecycleStage | undefined;
    snapshot.lifecycleStage = outcome.lifecycleStage;
    timeline.push({ at, type: 'lifecycleChanged', nodeId, ...(from ? { from } : {}), to: outcome.lifecycleStage });
  }
}
